export interface Contact {
  purpose: string;
  email: string;
}

export interface Organization {
  id: string;
  slug: string;
  name: string;
  website: string | null;
  contacts: Contact[];
  noticePeriodDays: number;
}

export interface Policy {
  id: string;
  organizationId: string;
  slug: string;
  title: string;
}

export interface Section {
  id: string;
  title: string;
  level: number;
}

/** What identifies and dates a version; its text is `PolicyVersionContent`. */
export interface PolicyVersion {
  id: string;
  policyId: string;
  version: string;
  title: string;
  effectiveAt: Date;
  publishedAt: Date;
  summary: string;
  material: boolean;
  sha256: string;
}

/** The text of a version: immutable once published, so it may be cached forever. */
export interface PolicyVersionContent {
  body: string;
  html: string;
  sections: Section[];
}
