import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

export interface OrganizationTable {
  id: Generated<string>;
  slug: string;
  name: string;
  website: string | null;
  /** `[{ purpose, email }]` as published in organization.yaml. */
  contacts: ColumnType<ContactJson[], string, string>;
  notice_period_days: number;
  /** Days between announcing a new or changed subprocessor and it taking effect. */
  subprocessor_notice_days: ColumnType<number, number | undefined, number>;
  /** Salt of the email hashes of this organization's deletion requests. */
  email_hash_salt: ColumnType<string, string | undefined, never>;
  /** Days to answer a deletion request under no named regime (default 30). */
  deletion_request_days: ColumnType<number, number | undefined, number>;
  /** Whether members must use two-step sign-in to reach this organization's data. */
  second_factor_required: ColumnType<boolean, boolean | undefined, boolean>;
  /** Whether staff must record proof of the requester's identity before a data package is released. */
  package_identity_proof_required: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}
export interface ContactJson {
  purpose: string;
  email: string;
}

export interface PolicyTable {
  id: Generated<string>;
  organization_id: string;
  slug: string;
  /** Title of the newest version; kept by the sync. */
  title: string;
  created_at: ColumnType<Date, never, never>;
}

/** A published version. Rows never change: a trigger refuses UPDATE and DELETE. */
export interface PolicyVersionTable {
  id: Generated<string>;
  policy_id: string;
  version: string;
  title: string;
  effective_at: Date;
  published_at: Date;
  summary: string;
  material: boolean;
  /** Canonical Markdown (policies/src/canonical.ts). */
  body: string;
  html: string;
  sha256: string;
  sections: ColumnType<SectionJson[], string, never>;
  source_path: string;
  created_at: ColumnType<Date, never, never>;
}
export interface SectionJson {
  id: string;
  title: string;
  level: number;
}

/** A published version of an organization's subprocessor list. Rows never change: a trigger refuses UPDATE and DELETE. */
export interface SubprocessorListVersionTable {
  id: Generated<string>;
  organization_id: string;
  version: string;
  announced_at: Date;
  effective_at: Date;
  summary: string;
  /** The version as RFC 8785 canonical JSON (policies/src/subprocessors/register-files.ts); `sha256` is its hash. */
  content: string;
  sha256: string;
  source_path: string;
  created_at: ColumnType<Date, never, never>;
}

export type OrganizationRow = Selectable<OrganizationTable>;
export type SubprocessorListVersionRow = Selectable<SubprocessorListVersionTable>;
export type NewOrganizationRow = Insertable<OrganizationTable>;
export type PolicyRow = Selectable<PolicyTable>;
export type NewPolicyRow = Insertable<PolicyTable>;
export type PolicyVersionRow = Selectable<PolicyVersionTable>;
export type NewPolicyVersionRow = Insertable<PolicyVersionTable>;
