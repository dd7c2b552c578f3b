// Every page URL ends in a slash, matching `trailingSlash: 'always'`.

export function organizationUrl(organization: string): string {
  return `/${organization}/`;
}

export function policyUrl(organization: string, policy: string): string {
  return `/${organization}/${policy}/`;
}

export function versionUrl(organization: string, policy: string, version: string): string {
  return `/${organization}/${policy}/v/${version}/`;
}
