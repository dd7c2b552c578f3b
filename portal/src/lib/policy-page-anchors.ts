// The ids of the parts a policy page adds around the policy's own text. Dots
// never occur in section slugs, so none of them can clash with a heading.

/** The changelog, which the facts line's "History" link opens. */
export const CHANGELOG_ID = 'portal.changelog';
/** The hash and how to check a saved copy, which the facts line's "Verify" link opens. */
export const VERIFY_ID = 'portal.verify';
