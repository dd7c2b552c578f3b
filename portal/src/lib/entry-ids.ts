// Content entry ids name where a file sits under policies/, so pages can tell
// organization, policy and version apart. Astro's default ids are slugs, which
// would turn version "1.0" into "10".

/** `leenops/organization.yaml` → `leenops` */
export function organizationIdFromPath(entry: string): string {
  return entry.split('/')[0] ?? entry;
}

/** `leenops/terms-of-service/1.0.md` → `leenops/terms-of-service/1.0` */
export function versionIdFromPath(entry: string): string {
  return entry.replace(/\.mdx?$/, '');
}

export interface VersionLocation {
  organization: string;
  policy: string;
  version: string;
}

export function parseVersionId(id: string): VersionLocation {
  const [organization, policy, version, ...rest] = id.split('/');
  if (!organization || !policy || !version || rest.length > 0) {
    throw new Error(
      `"${id}" is not <organization>/<policy>/<version>: policy files must sit at policies/<organization>/<policy>/<version>.md`,
    );
  }
  return { organization, policy, version };
}
