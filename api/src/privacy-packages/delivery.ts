// How a package reaches its requester: a link on the status page, valid for
// a number of days and downloads (PACKAGE_LINK_DAYS, PACKAGE_LINK_DOWNLOADS).
// Pure: the service asks it when a link is issued and what a link's state is.

export interface PackageDelivery {
  linkDays: number;
  linkDownloads: number;
}

export const DEFAULT_PACKAGE_DELIVERY: PackageDelivery = { linkDays: 7, linkDownloads: 3 };

export interface LinkFacts {
  expiresAt: Date;
  maxDownloads: number;
  downloads: number;
  revokedAt: Date | null;
}

export type LinkState = 'LIVE' | 'EXPIRED' | 'EXHAUSTED' | 'REVOKED';

export function linkExpiry(delivery: PackageDelivery, issuedAt: Date): Date {
  return new Date(issuedAt.getTime() + delivery.linkDays * 86_400_000);
}

export function linkState(link: LinkFacts, now: Date): LinkState {
  if (link.revokedAt) return 'REVOKED';
  if (link.downloads >= link.maxDownloads) return 'EXHAUSTED';
  if (now.getTime() >= link.expiresAt.getTime()) return 'EXPIRED';
  return 'LIVE';
}
