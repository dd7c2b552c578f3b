// The order test files start in. Vitest runs several at once and starts the
// next as one ends, so the run ends soonest when the longest files start
// first. Vitest orders by each file's last duration when it has one (a
// developer's machine) and otherwise by file size (a clean clone, as on
// CI), project by project in name order. Projects are the better guide
// here: the files that build the portal with Astro take longest, then the
// two unit files that load a server hardest, then the browser walks, while
// the many short unit files fill the gaps at the end.
import type { TestSpecification } from 'vitest/node';
import { BaseSequencer } from 'vitest/node';

/** Unit files measured to take as long as the longest browser walks (see "Tests" in the README). */
const LONG_UNIT_FILES = ['test/deletion-requests/crash.test.ts', 'test/audit/tamper.test.ts'];
const ORDER = ['build', 'long unit files', 'browser', 'unit'];

function rank(file: TestSpecification): number {
  const group = LONG_UNIT_FILES.some((long) => file.moduleId.endsWith(long)) ? 'long unit files' : file.project.name;
  const index = ORDER.indexOf(group);
  return index === -1 ? ORDER.length : index;
}

export class SlowestProjectsFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    // Array sort is stable: within a rank, Vitest's own order stays.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}
