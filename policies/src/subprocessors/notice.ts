// Prior notice of a new subprocessor (GDPR Art. 28(2) and (4); the EU
// standard contractual clauses): a register version that adds or changes an
// entry must be announced at least the organization's `subprocessorNoticeDays`
// (organization.yaml, default 30) before it takes effect, so customers have
// time to object. A version that only removes entries may take effect at
// once. The first version of a register is the list as the organization's
// policies already disclose it, so it announces nothing new.
import path from 'node:path';
import { daysBetween } from '../notice-period.ts';
import type { Problem } from '../problems.ts';
import type { OrganizationSource } from '../repository.ts';
import { needsNotice, registerChanges } from './changes.ts';
import type { RegisterVersionSource } from './register-files.ts';

const DAY_MS = 86_400_000;

/** @param versions each organization's register versions, in version order (as `readRegisterFiles` returns them). */
export function subprocessorNoticeProblems(
  organizations: readonly OrganizationSource[],
  versions: readonly RegisterVersionSource[],
): Problem[] {
  const noticeOf = new Map(organizations.map((organization) => [organization.slug, organization.data.subprocessorNoticeDays]));
  const problems: Problem[] = [];
  versions.forEach((version, index) => {
    const previous = versions[index - 1];
    const required = noticeOf.get(version.organization);
    if (previous?.organization !== version.organization || required === undefined) return;
    const announced = registerChanges(previous.data.entries, version.data.entries).filter(needsNotice);
    if (announced.length === 0) return;
    const { announced: announcedOn, effective } = version.data;
    const given = daysBetween(announcedOn, effective);
    if (given >= required) return;
    const earliest = new Date(Date.parse(`${announcedOn}T00:00:00Z`) + required * DAY_MS).toISOString().slice(0, 10);
    problems.push({
      file: version.file,
      field: 'effective',
      message:
        `${announced.map((change) => `${change.kind === 'added' ? 'adding' : 'changing'} ${change.key}`).join(', ')} ` +
        `announced ${announcedOn} cannot take effect ${effective}: that is ${given} days' notice, and ` +
        `${path.join(version.organization, 'organization.yaml')} requires ${required} (subprocessorNoticeDays); ` +
        `take effect on ${earliest} or later, or announce earlier`,
    });
  });
  return problems;
}
