// Links into a policy point at section ids. When a new version drops an id
// its previous version had, those links land at the top of the page; that is
// sometimes intended (a section was deleted), so it is a warning, not an error.
import { compareVersions } from '../schema.ts';
import type { Problem } from './problems.ts';
import type { VersionSource } from './repository.ts';
import { PREAMBLE_ID, splitSections } from './sections.ts';

export function disappearedSectionWarnings(versions: readonly VersionSource[]): Problem[] {
  const warnings: Problem[] = [];
  for (const ofPolicy of Map.groupBy(versions, (version) => `${version.organization}/${version.policy}`).values()) {
    const ordered = [...ofPolicy].sort((a, b) => compareVersions(a.frontmatter.version, b.frontmatter.version));
    ordered.forEach((version, index) => {
      const previous = ordered[index - 1];
      if (!previous) return;
      const kept = new Set(splitSections(version.body).map((section) => section.id));
      for (const section of splitSections(previous.body)) {
        if (section.id === PREAMBLE_ID || kept.has(section.id)) continue;
        warnings.push({
          file: version.file,
          message:
            `section #${section.id} ("${section.title}") of version ${previous.frontmatter.version} is gone in ${version.frontmatter.version}, ` +
            `so links to it stop working; if its heading was only reworded, pin the id: ## New heading {#${section.id}}`,
        });
      }
    });
  }
  return warnings;
}
