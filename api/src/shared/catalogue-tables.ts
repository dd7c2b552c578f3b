// The README's tables of error codes and audit actions, written from their
// catalogues (error-codes.ts, audit/actions.ts) so the documentation cannot
// drift from the code: `pnpm readme:tables` rewrites them, a test checks them.
import { AUDIT_ACTIONS, type AuditAction } from '../audit/actions.ts';
import { ERROR_CODES, type ErrorCode, type ErrorCodeEntry } from './error-codes.ts';

/** Markdown table cells hold no raw `|` or line break. */
const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

export function errorCodesTable(): string {
  const rows = (Object.entries(ERROR_CODES) as [ErrorCode, ErrorCodeEntry][]).map(
    ([code, entry]) => `| \`${code}\`${entry.operator ? ' (commands)' : ''} | ${cell(entry.meaning)} | ${cell(entry.whatToDo)} |`,
  );
  return ['| code | meaning | what to do |', '| --- | --- | --- |', ...rows].join('\n');
}

export function auditActionsTable(): string {
  const rows = (Object.entries(AUDIT_ACTIONS) as [AuditAction, (typeof AUDIT_ACTIONS)[AuditAction]][]).map(
    ([name, entry]) =>
      `| \`${name}\` | ${cell(entry.description)} | ${(entry.formerNames ?? []).map((former) => `\`${former}\``).join(', ')} |`,
  );
  return ['| action | what happened | recorded before as |', '| --- | --- | --- |', ...rows].join('\n');
}

const SECTIONS: Record<string, () => string> = { 'error-codes': errorCodesTable, 'audit-actions': auditActionsTable };

/** The README with each generated section (between `<!-- <name>:start -->` and `<!-- <name>:end -->`) written anew. */
export function withCatalogueTables(readme: string): string {
  let result = readme;
  for (const [name, render] of Object.entries(SECTIONS)) {
    const start = `<!-- ${name}:start (pnpm readme:tables) -->`;
    const end = `<!-- ${name}:end -->`;
    const from = result.indexOf(start);
    const to = result.indexOf(end);
    if (from === -1 || to < from) throw new Error(`README.md has no ${start} … ${end} section`);
    result = `${result.slice(0, from + start.length)}\n${render()}\n${result.slice(to)}`;
  }
  return result;
}
