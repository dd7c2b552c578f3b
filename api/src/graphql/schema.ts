// Assembles the schema: each domain registers its types on the builder when imported.
import { lexicographicSortSchema, printSchema } from 'graphql';
import { checkArgumentsOfEveryField } from './argument-checks.ts';
import { builder } from './builder.ts';
import './errors.schema.ts';
import '../auth/auth.schema.ts';
import '../auth/users.schema.ts';
import '../auth/invitations.schema.ts';
import '../auth/second-factor.schema.ts';
import '../deletion-requests/deletion-requests.schema.ts';
import '../deletion-requests/staff.schema.ts';
import '../deletion-requests/requester.schema.ts';
import '../deletion-requests/corrections.schema.ts';
import '../privacy-packages/packages.schema.ts';
import '../policies/policies.schema.ts';
import '../policies/policy-diff.schema.ts';
import '../policies/trust-pack.schema.ts';
import '../subprocessors/subprocessors.schema.ts';
import '../subprocessors/objections.schema.ts';
import '../subprocessors/evidence.schema.ts';
import '../subscriptions/subscriptions.schema.ts';
import '../audit/audit.schema.ts';
import './audit-event-labels.ts';
import '../retention/retention.schema.ts';

export const schema = checkArgumentsOfEveryField(builder.toSchema());

/** The committed `api/schema.graphql`: sorted, so diffs show real changes only. */
export function printSortedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
