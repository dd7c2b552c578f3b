// Every GraphQL example in README.md runs, as written, on the policies
// shipped in policies/: each ```graphql block, and each curl command that
// calls /graphql (a JSON POST, or a GET with the CSRF header). A README that
// shows a query the product answers with an error (a version that does not
// exist, an argument it refuses) fails here.
//
// Which blocks run: the README is parsed with graphql's parser. A block of
// operations (`{ … }`, `query`, `mutation`) runs; a block of type
// definitions only (a schema excerpt) is skipped; anything else fails.
//
// Who runs them: every example first runs anonymously, as a reviewer's tool
// would. Examples whose only errors are UNAUTHENTICATED are staff queries;
// they run again with an API token holding every scope, made by an ADMIN of
// the organization the examples name (leenops), and must then succeed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CSRF_HEADER } from '@governance/api/http/yoga';
import { Kind, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type GraphQLResponse, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { REPOSITORY_ROOT } from '../helpers/policy-files.ts';
import { syncShippedPolicies } from '../helpers/shipped-policies.ts';
import { createStaff, createToken, signIn } from '../helpers/staff.ts';

/** After every date the examples and the shipped versions name. */
const NOW = '2026-12-01T12:00:00.000Z';
const README = readFileSync(path.join(REPOSITORY_ROOT, 'README.md'), 'utf8');

interface Example {
  /** The line of README.md where its block starts, to find it when it fails. */
  line: number;
  text: string;
}

const lineOf = (offset: number) => README.slice(0, offset).split('\n').length;

function fencedBlocks(language: string): Example[] {
  return [...README.matchAll(new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\``, 'gm'))].map((match) => ({
    line: lineOf(match.index ?? 0),
    text: match[1] ?? '',
  }));
}

function isOperations(text: string): boolean {
  const definitions = parse(text).definitions;
  if (definitions.every((definition) => definition.kind === Kind.OPERATION_DEFINITION || definition.kind === Kind.FRAGMENT_DEFINITION))
    return true;
  if (definitions.every((definition) => definition.kind.endsWith('_DEFINITION') && definition.kind !== Kind.OPERATION_DEFINITION))
    return false;
  throw new Error(`a block mixes operations and type definitions:\n${text}`);
}

/** The words of one shell command line: plain words and '…'-quoted ones (all the README's curl commands use). */
function shellWords(command: string): string[] {
  if (/["$`]/.test(command.replaceAll(/'[^']*'/g, '')))
    throw new Error(`cannot run this command here (double quotes or expansions): ${command}`);
  return [...command.matchAll(/'([^']*)'|(\S+)/g)].map((match) => match[1] ?? match[2] ?? '');
}

/** A curl command of the README that calls /graphql: a POST with `-d`, or a GET with `-G` and `--data-urlencode`. */
interface CurlRequest {
  line: number;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body: string;
  /** The query string a `-G` command sends. */
  search: URLSearchParams;
}

function curlRequestsToGraphQL(): CurlRequest[] {
  const requests: CurlRequest[] = [];
  for (const block of fencedBlocks('sh')) {
    for (const command of block.text.replaceAll('\\\n', ' ').split('\n')) {
      if (!/^curl\b/.test(command.trim()) || !/\/graphql\b/.test(command)) continue;
      const words = shellWords(command.trim());
      const request: CurlRequest = { line: block.line, method: 'POST', headers: {}, body: '', search: new URLSearchParams() };
      for (let index = 1; index < words.length; index++) {
        const word = words[index] ?? '';
        if (word === '-H') {
          const [name = '', ...value] = (words[++index] ?? '').split(':');
          request.headers[name.trim().toLowerCase()] = value.join(':').trim();
        } else if (word === '-d' || word === '--data') {
          request.body = words[++index] ?? '';
        } else if (word === '--data-urlencode') {
          const [name = '', ...value] = (words[++index] ?? '').split('=');
          request.search.append(name, value.join('='));
        } else if (word === '-G') {
          request.method = 'GET';
        }
      }
      requests.push(request);
    }
  }
  return requests;
}

/** `InputError`s a mutation answers with as data rather than as errors. */
function inputErrorsIn(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(inputErrorsIn);
  if (value === null || typeof value !== 'object') return [];
  if ('code' in value && 'message' in value) return [value];
  return Object.values(value).flatMap(inputErrorsIn);
}

const onlyUnauthenticated = (response: GraphQLResponse) =>
  (response.errors?.length ?? 0) > 0 && response.errors?.every((error) => error.extensions?.code === 'UNAUTHENTICATED');

describe('the GraphQL examples of README.md', () => {
  let database: TestDatabase;
  let api: TestApi;
  let staffToken: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    await syncShippedPolicies(database);
    api = createTestApi(database, NOW);
    await createStaff(database, 'admin@leenops.test', { organization: 'leenops', role: 'ADMIN' });
    const cookie = await signIn(api, 'admin@leenops.test');
    staffToken = await createToken(api, cookie, 'leenops', ['POLICIES_READ', 'RETENTION_READ', 'DELETION_REQUESTS_READ', 'AUDIT_READ']);
  });
  afterAll(() => database.drop());

  const operations = fencedBlocks('graphql').filter((block) => isOperations(block.text));

  it('finds the operations to run (so that a change of fence does not skip them all)', () => {
    expect(operations.length).toBeGreaterThanOrEqual(6);
    expect(curlRequestsToGraphQL().filter((request) => request.method === 'POST').length).toBeGreaterThanOrEqual(1);
    expect(curlRequestsToGraphQL().filter((request) => request.method === 'GET').length).toBeGreaterThanOrEqual(1);
  });

  it.each(operations.map((block) => [block.line, block.text] as const))(
    'the ```graphql block at line %i runs without errors',
    async (_line, text) => {
      let response = await api.query(text);
      if (onlyUnauthenticated(response)) response = await api.query(text, undefined, { token: staffToken });
      expect(response.errors, text).toBeUndefined();
      expect(response.data, text).toBeTruthy();
      expect(inputErrorsIn(response.data), text).toEqual([]);
    },
  );

  it.each(curlRequestsToGraphQL().map((request) => [request.line, request] as const))(
    'the curl command in the block at line %i gets an answer without errors',
    async (_line, request) => {
      // Exactly the headers the command sends: the README says a JSON body needs no other, and a GET needs the CSRF header.
      if (request.method === 'POST') expect(request.headers).not.toHaveProperty(CSRF_HEADER);
      else expect(request.headers).toHaveProperty(CSRF_HEADER);
      const url = `http://localhost/graphql${request.method === 'GET' ? `?${request.search}` : ''}`;
      const response = await api.yoga.fetch(url, {
        method: request.method,
        headers: request.headers,
        ...(request.method === 'POST' ? { body: request.body } : {}),
      });
      const answer = (await response.json()) as GraphQLResponse;
      expect(response.status).toBe(200);
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toBeTruthy();
    },
  );
});
