// A form post the API server refused before the page read it
// (LivePageLocals.formRefusal): the status and title the page answers with.
import type { FormRefusal } from '@governance/policies/vocabulary/form-refusal';

export const REFUSALS: Record<FormRefusal['kind'], { status: number; title: string }> = {
  'cross-site': { status: 403, title: 'Form sent from another site' },
  'too-large': { status: 413, title: 'Form too large' },
  encoding: { status: 415, title: 'Unsupported form encoding' },
};

export const ORGANIZATION_NOT_FOUND = { status: 404, title: 'Organization not found' };
