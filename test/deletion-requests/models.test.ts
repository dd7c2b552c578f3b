// Rows stop at the repositories: services, schema files and mail builders
// work with the models of `models.ts`, and the JSON columns are parsed and
// checked once, where the row is read.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { findStaffRequest } from '@governance/api/deletion-requests/queue.repository';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { submitForTest } from '../helpers/deletion-requests.ts';
import { REPOSITORY_ROOT } from '../helpers/policy-files.ts';
import { createOrganization } from '../helpers/staff.ts';

const DOMAIN_DIR = path.join(REPOSITORY_ROOT, 'api/src/deletion-requests');
/** The files that may see rows: the SQL and the row-to-model mapping. */
const SEES_ROWS = (file: string) => file.endsWith('.repository.ts') || file === 'mappers.ts';

describe('deletion-request models', () => {
  it('keep row types and snake_case columns inside the repositories and their mappers', async () => {
    const files = (await readdir(DOMAIN_DIR)).filter((file) => file.endsWith('.ts') && !SEES_ROWS(file));
    expect(files).toContain('staff-actions.service.ts');
    const leaks: string[] = [];
    for (const file of files) {
      const source = await readFile(path.join(DOMAIN_DIR, file), 'utf8');
      for (const match of source.matchAll(/import type \{([^}]*)\} from '@governance\/db'/g)) {
        const rowTypes = (match[1] ?? '').split(',').filter((name) => /(Row|Table|Json)\s*$/.test(name.trim()));
        if (rowTypes.length > 0) leaks.push(`${file} imports ${rowTypes.map((name) => name.trim()).join(', ')}`);
      }
      // A property read such as `request.organization_id` (dotted audit action names are strings, not reads).
      for (const match of source.matchAll(/\b(?!deletion_request\b)[a-z]\w*\??\.([a-z]+_[a-z_]+)\b/g)) {
        leaks.push(`${file} reads .${match[1]}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  describe('read from the database', () => {
    let database: TestDatabase;
    let api: TestApi;

    beforeAll(async () => {
      database = await createTestDatabase();
      await createOrganization(database.db, 'acme');
      api = createTestApi(database, '2026-02-02T10:00:00.000Z');
    });
    afterAll(() => database.drop());

    it('carry holds as dates, parsed where the row is read', async () => {
      const submitted = await submitForTest(api, { organization: 'acme' });
      await sql`update deletion_request set holds = ${JSON.stringify([
        { from: '2026-02-02T10:00:00.000Z', until: null, reason: 'IDENTITY_PROOF' },
      ])}::jsonb where id = ${submitted.id}`.execute(database.db);
      const request = await findStaffRequest(database.db, submitted.id);
      expect(request?.holds).toEqual([{ from: new Date('2026-02-02T10:00:00.000Z'), until: null, reason: 'IDENTITY_PROOF' }]);
    });

    it('refuse a JSON column that does not hold what the code writes, naming the column', async () => {
      const submitted = await submitForTest(api, { organization: 'acme' });
      await sql`update deletion_request set holds = ${JSON.stringify([{ from: 'last Tuesday', until: null, reason: 'IDENTITY_PROOF' }])}::jsonb
        where id = ${submitted.id}`.execute(database.db);
      await expect(findStaffRequest(database.db, submitted.id)).rejects.toThrow(/the holds column does not hold what the code writes/);
    });
  });
});
