// GET /audit/export?organization=<slug>&format=ndjson|csv&action=&actorId=&targetType=&targetId=&from=&to=
// Streams an organization's sealed audit events (oldest first) as NDJSON or
// CSV, a keyset batch at a time, waiting for the client to drain each one:
// memory stays flat whatever the range. Needs `audit:read` in the
// organization, from a session cookie or a bearer token.
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { stringify } from 'csv-stringify/sync';
import { auditEventBatches, validateAuditEventFilter } from '../audit/audit.service.ts';
import { EXPORTED_EVENT_COLUMNS } from '../audit/event-columns.ts';
import type { AuditEvent, AuditEventFilter } from '../audit/models.ts';
import { recordDenial } from '../auth/auth.service.ts';
import { can, type Principal } from '../auth/principal.ts';
import { auditRequestOf, authenticateRequest, requestIdFrom } from '../auth/request-auth.ts';
import type { AppServices } from '../graphql/context.ts';
import { organizationBySlug } from '../policies/policies.service.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { ErrorCode } from '../shared/error-codes.ts';
import { requireStorableText } from '../shared/input-checks.ts';
import { proxySettingsOf } from './trusted-proxy.ts';

export const AUDIT_EXPORT_PATH = '/audit/export';

const PARAMETERS = ['organization', 'format', 'action', 'actorId', 'targetType', 'targetId', 'from', 'to'] as const;
const FORMATS = {
  ndjson: { contentType: 'application/x-ndjson; charset=utf-8', extension: 'ndjson' },
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
} as const;
type Format = keyof typeof FORMATS;

const CSV_COLUMNS = [...EXPORTED_EVENT_COLUMNS];

interface ExportRequest {
  organization: string;
  format: Format;
  filter: AuditEventFilter;
}

export async function respondWithAuditExport(services: AppServices, request: IncomingMessage, response: ServerResponse): Promise<void> {
  try {
    await exportAuditEvents(services, request, response);
  } catch (error) {
    services.logger.error({ err: error }, 'audit export failed');
    if (response.headersSent) response.destroy();
    else fail(response, 500, 'INTERNAL_SERVER_ERROR', 'Unexpected error.');
  }
}

async function exportAuditEvents(services: AppServices, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const webRequest = new Request(url, { headers: toHeaders(request) });
  const facts = {
    requestId: requestIdFrom(webRequest.headers.get('x-request-id')),
    remoteAddress: request.socket.remoteAddress ?? null,
  };
  let principal: Principal;
  try {
    principal = await authenticateRequest(services, webRequest);
  } catch (error) {
    if (error instanceof DomainError) return fail(response, 401, error.code, error.message);
    throw error;
  }
  if (principal.kind === 'anonymous')
    return fail(response, 401, 'UNAUTHENTICATED', 'Sign in, or send an API token, to export the audit trail.');

  let parsed: ExportRequest;
  try {
    parsed = parseExportRequest(url.searchParams);
  } catch (error) {
    if (error instanceof DomainError) return fail(response, 400, error.code, error.message, error.field);
    throw error;
  }

  const organizationId = (await organizationBySlug(services, parsed.organization))?.id ?? null;
  if (!organizationId || !can(principal, organizationId, 'audit:read')) {
    await recordDenial(
      services,
      principal,
      organizationId,
      'audit:read',
      auditRequestOf(webRequest, { ...facts, ...proxySettingsOf(services) }),
    );
    // The same answer whether the organization exists or not.
    return fail(response, 403, 'FORBIDDEN', 'You are not allowed to do this.');
  }

  const { contentType, extension } = FORMATS[parsed.format];
  response.writeHead(200, {
    'content-type': contentType,
    'content-disposition': `attachment; filename="audit-${parsed.organization}.${extension}"`,
    'cache-control': 'no-store',
  });
  // A failure from here on cuts the transfer (see above): a partial file never looks whole.
  let first = true;
  for await (const batch of auditEventBatches(services, principal, organizationId, parsed.filter)) {
    const chunk = parsed.format === 'csv' ? csvChunk(batch, first) : ndjsonChunk(batch);
    first = false;
    if (!(await write(response, chunk))) return; // the client went away: stop reading
  }
  if (first && parsed.format === 'csv') await write(response, stringify([], { header: true, columns: CSV_COLUMNS }));
  response.end();
}

/** Writes with backpressure; false when the client has gone. */
async function write(response: ServerResponse, chunk: string): Promise<boolean> {
  if (response.destroyed) return false;
  if (!response.write(chunk)) {
    await Promise.race([once(response, 'drain'), once(response, 'close')]);
  }
  return !response.destroyed;
}

function ndjsonChunk(batch: AuditEvent[]): string {
  return batch
    .map(
      (event) =>
        // metadata stays the exact canonical text that was hashed, so a line can be re-hashed.
        `${JSON.stringify({
          seq: event.seq,
          chain: event.chain,
          organizationId: event.organizationId,
          occurredAt: event.occurredAt,
          actor: event.actor,
          action: event.action,
          target: event.target,
          requestId: event.requestId,
          ip: event.ip,
          userAgent: event.userAgent,
          metadata: event.metadata,
          prevHash: event.prevHash,
          hash: event.hash,
        })}\n`,
    )
    .join('');
}

function csvChunk(batch: AuditEvent[], header: boolean): string {
  return stringify(
    batch.map((event) => [
      event.seq,
      event.occurredAt,
      event.actor.type,
      event.actor.id,
      event.actor.label,
      event.action,
      event.target.type,
      event.target.id,
      event.requestId,
      event.ip,
      event.userAgent,
      event.metadata,
      event.prevHash,
      event.hash,
    ]),
    { header, columns: CSV_COLUMNS },
  );
}

export function parseExportRequest(params: URLSearchParams): ExportRequest {
  for (const name of params.keys()) {
    if (!(PARAMETERS as readonly string[]).includes(name)) {
      throw new DomainError('BAD_USER_INPUT', `Unknown parameter "${name}"; expected ${PARAMETERS.join(', ')}.`, { field: name });
    }
  }
  const value = (name: (typeof PARAMETERS)[number]) => {
    const values = params.getAll(name);
    if (values.length > 1) throw new DomainError('BAD_USER_INPUT', `Parameter "${name}" is given more than once.`, { field: name });
    if (values[0]) requireStorableText(values[0], name);
    return values[0] || null;
  };
  const organization = value('organization');
  if (!organization)
    throw new DomainError('BAD_USER_INPUT', 'Parameter "organization" (the organization slug) is required.', { field: 'organization' });
  const format = value('format') ?? 'ndjson';
  if (!(format in FORMATS))
    throw new DomainError('BAD_USER_INPUT', `Parameter "format" must be ndjson or csv, not "${format}".`, { field: 'format' });
  const action = value('action');
  if (action !== null && !/^[a-z][a-z_]*(\.[a-z][a-z_]*)*$/.test(action)) {
    throw new DomainError('BAD_USER_INPUT', `Parameter "action" must be a dotted lower-case action or a prefix of one, not "${action}".`, {
      field: 'action',
    });
  }
  const filter: AuditEventFilter = {
    action,
    actorId: value('actorId'),
    targetType: value('targetType'),
    targetId: value('targetId'),
    from: dateParameter('from', value('from')),
    to: dateParameter('to', value('to')),
  };
  // Before the response starts: a refusal later could only cut the transfer.
  validateAuditEventFilter(filter, '');
  return { organization, format: format as Format, filter };
}

function dateParameter(name: string, text: string | null): Date | null {
  if (text === null) return null;
  const date = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(text) ? new Date(text) : null;
  if (!date || Number.isNaN(date.getTime())) {
    throw new DomainError(
      'BAD_USER_INPUT',
      `Parameter "${name}" must be an ISO 8601 date or date-time (e.g. 2026-11-22T00:00:00Z), not "${text}".`,
      {
        field: name,
      },
    );
  }
  return date;
}

function fail(response: ServerResponse, status: number, code: ErrorCode, message: string, field?: string): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify({ error: code, message, ...(field ? { field } : {}) }));
}

function toHeaders(request: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
  }
  return headers;
}
