// An audit event's details (its metadata) as labelled fields: what a reader
// needs, in words, rather than the JSON that was hashed (the export keeps
// that). Labels come from the action registry.
import { type OrganizationRole, ROLE_LABELS } from '@governance/policies/vocabulary/access';
import { detailLabel } from '@governance/policies/vocabulary/audit-actions';
import { describePeriod } from '@governance/policies/vocabulary/retention-period';

const RETENTION_ACTIONS: Record<string, string> = { DELETE: 'delete', ANONYMIZE: 'anonymize' };

function valueInWords(key: string, value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map((item) => valueInWords(key, item)).join(', ');
  if (typeof value === 'string' && ['role', 'from', 'to'].includes(key) && value in ROLE_LABELS) {
    return ROLE_LABELS[value as OrganizationRole];
  }
  if (typeof value === 'string' && key === 'period') return describePeriod(value);
  if (typeof value === 'string' && key === 'action' && value in RETENTION_ACTIONS) return RETENTION_ACTIONS[value] ?? value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The fields of a metadata text; a text that is not a JSON object (never written so, but stored as given) is shown as it is. */
function fieldsOf(metadata: string): [string, unknown][] | null {
  try {
    const parsed: unknown = JSON.parse(metadata);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? Object.entries(parsed) : null;
  } catch {
    return null;
  }
}

export function AuditEventDetails({ metadata }: { metadata: string }) {
  const fields = fieldsOf(metadata);
  if (!fields) return <code class="dash-metadata-raw">{metadata}</code>;
  if (fields.length === 0) return null;
  return (
    <dl class="dash-details">
      {fields.map(([key, value]) => (
        <div key={key}>
          <dt>{detailLabel(key)}</dt>
          <dd>{valueInWords(key, value)}</dd>
        </div>
      ))}
    </dl>
  );
}
