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

export interface PolicyVersion {
  id: string;
  policyId: string;
  version: string;
  title: string;
  effectiveAt: Date;
  publishedAt: Date;
  summary: string;
  material: boolean;
  body: string;
  html: string;
  sha256: string;
  sections: Section[];
}
