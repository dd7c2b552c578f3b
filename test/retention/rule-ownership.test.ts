// Each domain owns its data's retention: the auth, mail, audit and
// deletion-request domains supply their rules from their own
// retention-rules.ts, with the SQL in their own repositories, and retention
// only lists them and runs them. Retention's SQL touches only its own tables,
// and the audit trail's purge record is named in one module of the audit
// domain. These read the source, since what they protect is where code lives.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as auditRules from '@governance/api/audit/retention-rules';
import * as authRules from '@governance/api/auth/retention-rules';
import * as deletionRequestRules from '@governance/api/deletion-requests/retention-rules';
import * as mailRules from '@governance/api/mail/retention-rules';
import * as privacyPackageRules from '@governance/api/privacy-packages/retention-rules';
import { BUILT_IN_RULES, type RetentionRule } from '@governance/api/retention/rules/index';
import * as subprocessorRules from '@governance/api/subprocessors/retention-rules';
import * as subscriptionRules from '@governance/api/subscriptions/retention-rules';
import { describe, expect, it } from 'vitest';

const API_SRC = fileURLToPath(new URL('../../api/src/', import.meta.url));

/** The rules a domain's retention-rules.ts exports. */
function rulesOf(entry: Record<string, unknown>): RetentionRule[] {
  return Object.values(entry).filter(
    (value): value is RetentionRule => typeof value === 'object' && value !== null && 'category' in value && 'runBatch' in value,
  );
}

/** Every .ts file under a folder of api/src, with its path relative to api/src. */
async function sourcesUnder(folder: string): Promise<{ file: string; text: string }[]> {
  const entries = await readdir(path.join(API_SRC, folder), { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.relative(API_SRC, path.join(entry.parentPath, entry.name)));
  return Promise.all(files.sort().map(async (file) => ({ file, text: await readFile(path.join(API_SRC, file), 'utf8') })));
}

describe('each domain owns its data’s retention', () => {
  it('the registry lists exactly the rules the domains supply, each from the domain that owns the data, in running order', () => {
    const supplied = {
      'deletion-requests': rulesOf(deletionRequestRules),
      'privacy-packages': rulesOf(privacyPackageRules),
      auth: rulesOf(authRules),
      mail: rulesOf(mailRules),
      subscriptions: rulesOf(subscriptionRules),
      subprocessors: rulesOf(subprocessorRules),
      audit: rulesOf(auditRules),
    };
    const ownerOf = new Map(Object.entries(supplied).flatMap(([domain, rules]) => rules.map((rule) => [rule, domain] as const)));
    expect(BUILT_IN_RULES.map((rule) => [rule.category, ownerOf.get(rule)])).toEqual([
      ['unverified-deletion-requests', 'deletion-requests'],
      ['deletion-request-personal-data', 'deletion-requests'],
      ['unverified-subprocessor-objections', 'subprocessors'],
      ['subprocessor-objector-contacts', 'subprocessors'],
      ['privacy-request-packages', 'privacy-packages'],
      ['staff-sessions', 'auth'],
      ['mail-outbox', 'mail'],
      ['change-subscribers', 'subscriptions'],
      ['api-tokens', 'auth'],
      ['audit-events', 'audit'],
    ]);
    // No rule a domain supplies is left out of the sweep.
    expect(new Set(BUILT_IN_RULES)).toEqual(new Set(ownerOf.keys()));
  });

  it('retention defines no rule itself: its rules folder holds only the interface and the registry', async () => {
    expect((await sourcesUnder('retention/rules')).map(({ file }) => file)).toEqual([
      'retention/rules/index.ts',
      'retention/rules/rule.ts',
    ]);
  });

  it('retention’s SQL touches only its own tables, never the data the rules of other domains remove', async () => {
    // organization: the lookup by slug, until organizations have their one owner; app_user: the name of who changed a setting.
    const allowed = new Set(['retention_setting_version', 'retention_run', 'organization', 'app_user']);
    const referenced = new Set<string>();
    for (const { file, text } of await sourcesUnder('retention')) {
      for (const match of text.matchAll(/\b(?:selectFrom|insertInto|updateTable|deleteFrom|innerJoin|leftJoin)\(\s*'([a-z_]+)/g)) {
        referenced.add(`${match[1]} (${file})`);
        expect(allowed, `${file} uses the table ${match[1]}`).toContain(match[1]);
      }
      for (const table of ['user_session', 'api_token', 'mail_outbox', 'audit_event', 'audit_purge_through', 'deletion_request']) {
        expect(text, `${file} names ${table}`).not.toMatch(new RegExp(`\\b${table}\\b`));
      }
    }
    // The scan found retention's own tables, so it reads what it should.
    expect([...referenced].some((entry) => entry.startsWith('retention_run '))).toBe(true);
  });

  it('retention reaches other domains through their services and rule entries, never their repositories', async () => {
    for (const { file, text } of await sourcesUnder('retention')) {
      for (const match of text.matchAll(/from '((?:\.\.\/)+)([a-z-]+)\/([\w.-]+)'/g)) {
        const [, , domain, module] = match;
        if (domain === 'retention') continue;
        expect(module, `${file} imports ${domain}/${module}`).not.toMatch(/repository/);
      }
    }
  });

  it('the audit purge record’s action is named once, in the audit module that writers and the verifier share', async () => {
    const naming: string[] = [];
    for (const { file, text } of await sourcesUnder('.')) {
      if (/['"`]retention\.purged['"`]/.test(text)) naming.push(file);
    }
    expect(naming).toEqual(['audit/purge-record.ts']);
  });
});
