// The secrets of the requester's links ride in the URL fragment
// (`…/verify/#token=drv_…`), which browsers never send to a server, so they
// reach no access log and no Referer header.

/** The token in a fragment such as `#token=drs_…`, or null. */
export function tokenFromFragment(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token')?.trim();
  return token ? token : null;
}

/**
 * Takes the token out of the address bar and the history entry, so it is not
 * left in a screenshot, a shared screen or a bookmark.
 */
export function forgetFragment(location: Location, history: History): void {
  if (location.hash) history.replaceState(history.state, '', `${location.pathname}${location.search}`);
}
