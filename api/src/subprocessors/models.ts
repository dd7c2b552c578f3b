import type { SubprocessorEntry } from '@governance/policies/subprocessors/schema';

export type { SubprocessorEntry };

/** A published version of an organization's subprocessor list. */
export interface SubprocessorListVersion {
  id: string;
  organizationId: string;
  version: string;
  /** When the list was made public, starting the notice period for what it adds or changes. */
  announcedAt: Date;
  effectiveAt: Date;
  summary: string;
  entries: SubprocessorEntry[];
  /** The version as RFC 8785 canonical JSON: `sha256` is the SHA-256 of exactly these bytes. */
  canonicalJson: string;
  sha256: string;
}
