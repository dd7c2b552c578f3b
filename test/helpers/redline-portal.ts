// The portal of test/fixtures/policies-redline: LeenOps' shipped Terms of
// Service 1.0 and an amendment 1.1 (a reworded clause, a renamed heading,
// one-word changes, an inserted sentence, an added paragraph), so a redline
// of real text with changed and unchanged sections exists. The shipped
// policies have one version each, hence no redline of their own yet.
import path from 'node:path';
import { REPOSITORY_ROOT } from './policy-files.ts';
import { sharedPortal } from './seed-portal.ts';

export const REDLINE_FIXTURE = path.join(REPOSITORY_ROOT, 'test/fixtures/policies-redline');
export const REDLINE_URL = '/leenops/terms-of-service/changes/1.0...1.1/';

/** Built once per run, by the first file that asks. */
export function redlinePortal(): Promise<string> {
  return sharedPortal('redline-portal', REDLINE_FIXTURE);
}
