// The environment, parsed once. Every setting has a safe local default, so
// `pnpm start` on a fresh machine needs none of them.
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_PUBLIC_READ_MAX_AGE_SECONDS } from './http/public-read-cache.ts';
import { FORM_BODY_LIMIT, GRAPHQL_BODY_LIMIT } from './http/request-body.ts';
import { DEFAULT_PACKAGE_DELIVERY, type PackageDelivery } from './privacy-packages/delivery.ts';
import { DEFAULT_AUDIT_RETENTION_FLOOR } from './retention/audit-retention-guard.ts';
import { parseDuration } from './retention/duration.ts';
import type { LogFormatSetting } from './shared/logger.ts';

/** The repository root: api/src/config.ts → ../.. */
export const REPOSITORY_ROOT = path.resolve(import.meta.dirname, '../..');

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('localhost'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /** An external PostgreSQL (15 or later). Unset: an embedded one under DATA_DIR. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional(),
  /** Port of the embedded PostgreSQL; a free one when unset. */
  PGPORT: z.coerce.number().int().min(1).max(65535).optional(),
  DATA_DIR: z.string().min(1).default(path.join(REPOSITORY_ROOT, '.data')),
  POLICIES_DIR: z.string().min(1).default(path.join(REPOSITORY_ROOT, 'policies')),
  PORTAL_DIR: z.string().min(1).default(path.join(REPOSITORY_ROOT, 'portal')),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `auto`: readable lines when standard output is a terminal, JSON lines otherwise. */
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  /** Behind a reverse proxy: take the client address from X-Forwarded-For. */
  TRUST_PROXY: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('false')
    .transform((value) => value === 'true'),
  /**
   * Origins (comma-separated, exactly as browsers send them: scheme, host and
   * any port, no path) whose pages may call the API with a token. Unset: none.
   */
  CORS_ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((list, context) => {
      const origins = list
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '');
      for (const entry of origins) {
        if (!isExactOrigin(entry)) {
          context.addIssue({ code: 'custom', message: `"${entry}" is not an origin like https://app.example.com (no path, no wildcard)` });
          return z.NEVER;
        }
      }
      return [...new Set(origins)];
    }),
  /** Caps of request bodies, in bytes: /graphql, and the no-JavaScript privacy request forms. */
  MAX_GRAPHQL_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(10 * 1024 * 1024)
    .default(GRAPHQL_BODY_LIMIT),
  MAX_FORM_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(10 * 1024 * 1024)
    .default(FORM_BODY_LIMIT),
  /** How many trusted proxies each append to X-Forwarded-For; the entry this many from the right is the client. */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
  /** A staff session ends after this long without a request… */
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** …and after this long in any case. */
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  /** Ed25519 key signing audit checkpoints: PKCS#8 PEM, or its DER in base64. Unset: DATA_DIR/audit-signing-key.pem, generated on first start. */
  AUDIT_SIGNING_KEY: z.string().min(1).optional(),
  /** Public keys of retired signing keys, still published and trusted: PEM text, or the path of a PEM file or a directory of *.pem files. Unset: DATA_DIR/audit-retired-keys/ if it exists. */
  AUDIT_RETIRED_PUBLIC_KEYS: z.string().min(1).optional(),
  /** AES-256-GCM key encrypting staff TOTP secrets: 32 random bytes in base64. Unset: DATA_DIR/second-factor-key, generated on first start. */
  MFA_ENCRYPTION_KEY: z
    .string()
    .refine((value) => Buffer.from(value.trim(), 'base64').length === 32, 'must be 32 bytes in base64, e.g. from `openssl rand -base64 32`')
    .optional(),
  /** AES-256-GCM key encrypting privacy-request packages at rest: 32 random bytes in base64. Unset: DATA_DIR/package-encryption-key, generated on first start. */
  PACKAGE_ENCRYPTION_KEY: z
    .string()
    .refine((value) => Buffer.from(value.trim(), 'base64').length === 32, 'must be 32 bytes in base64, e.g. from `openssl rand -base64 32`')
    .optional(),
  /** How long a privacy-request package's download link stays valid, in days… */
  PACKAGE_LINK_DAYS: z.coerce.number().int().min(1).max(90).default(DEFAULT_PACKAGE_DELIVERY.linkDays),
  /** …and how many downloads it allows. */
  PACKAGE_LINK_DOWNLOADS: z.coerce.number().int().min(1).max(100).default(DEFAULT_PACKAGE_DELIVERY.linkDownloads),
  /** Outgoing mail server, e.g. smtp://user:pass@mail.example:587. Unset: messages are written to DATA_DIR/mail and logged. */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  MAIL_FROM: z.string().min(1).default('Governance portal <no-reply@localhost>'),
  /** When the retention sweep runs (a crontab schedule: minute hour day month weekday, UTC). */
  RETENTION_SWEEP_CRON: z
    .string()
    .regex(/^\S+( \S+){4}$/, 'must be a crontab schedule of five fields, e.g. "0 * * * *"')
    .default('0 * * * *'),
  /** The shortest audit-events retention anyone may set, and the least the sweep keeps whatever is set (ISO-8601). */
  AUDIT_RETENTION_FLOOR: z
    .string()
    .default(DEFAULT_AUDIT_RETENTION_FLOOR)
    .superRefine((value, context) => {
      const parsed = parseDuration(value);
      if (!parsed.ok) context.addIssue({ code: 'custom', message: `must be an ISO-8601 duration such as P1Y: ${parsed.reason}` });
    }),
  /** Audit chain verifications running at once in this process (each on a worker thread). */
  AUDIT_VERIFY_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  /**
   * The API explorer (GraphiQL) at GET /graphql, for reviewers in every
   * environment: it shows nothing introspection does not, and asks for no
   * credentials. `false` turns it off.
   */
  API_EXPLORER: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('true')
    .transform((value) => value === 'true'),
  /** Memory for the answers of anonymous public reads of /graphql, in MiB (http/public-reads.ts); 0 turns the cache off. */
  PUBLIC_READ_CACHE_MB: z.coerce.number().int().min(0).max(4096).default(32),
  /** How long a browser or CDN may reuse a public GET /graphql answer without revalidating; never past the next policy instant. */
  PUBLIC_READ_MAX_AGE_SECONDS: z.coerce.number().int().min(0).max(3600).default(DEFAULT_PUBLIC_READ_MAX_AGE_SECONDS),
  /** Where people reach the portal: canonical links in the build, links in mail. Unset: http://localhost:PORT. */
  PUBLIC_SITE_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  /** Where to report a vulnerability (comma-separated mailto: or https: URIs), published in /.well-known/security.txt. Unset: no security.txt. */
  SECURITY_CONTACT: z
    .string()
    .default('')
    .transform((list, context) => {
      const contacts = list
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '');
      for (const entry of contacts) {
        if (!isSecurityContact(entry)) {
          context.addIssue({ code: 'custom', message: `"${entry}" is not a mailto:someone@example.com or https:// URI` });
          return z.NEVER;
        }
      }
      return contacts;
    }),
  /** The vulnerability disclosure policy, linked from security.txt. */
  SECURITY_POLICY_URL: z
    .url({ protocol: /^https$/, error: 'must be an https:// URL' })
    .refine((url) => !/\s/.test(url), 'must be an https:// URL')
    .optional(),
});

/**
 * A Contact that RFC 9116 accepts (mailto: or https:), and one line of text:
 * no whitespace or control character can add a field of its own to the file.
 */
function isSecurityContact(text: string): boolean {
  const controlOrSpace = [...text].some(
    (character) => /\s/.test(character) || character.charCodeAt(0) < 0x20 || character.charCodeAt(0) === 0x7f,
  );
  if (text.length > 500 || controlOrSpace) return false;
  try {
    const url = new URL(text);
    if (url.protocol === 'https:') return url.hostname !== '';
    return url.protocol === 'mailto:' && /^[^@]+@[^@]+$/.test(decodeURIComponent(url.pathname));
  } catch {
    return false;
  }
}

/** An http(s) origin written exactly as a browser sends it in Origin. */
function isExactOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === text && !text.includes('*');
  } catch {
    return false;
  }
}

export interface Config {
  environment: 'development' | 'production' | 'test';
  host: string;
  port: number;
  databaseUrl: string | undefined;
  embeddedPostgres: { dataDir: string; port: number | undefined };
  policiesDir: string;
  portalDir: string;
  logLevel: string;
  logFormat: LogFormatSetting;
  sessions: SessionPolicy;
  trustProxy: boolean;
  /** With trustProxy: how many proxies stand in front (http/trusted-proxy.ts). */
  trustedProxyHops: number;
  /** Origins whose pages may call /graphql and /audit/export with a token (http/cors.ts). */
  corsAllowedOrigins: string[];
  /** Request body caps in bytes. */
  bodyLimits: { graphql: number; form: number };
  /** The public read cache's size and the lifetime its GET answers announce; false when turned off. */
  publicReadCache: { maxBytes: number; maxAgeSeconds: number } | false;
  /** Where the audit checkpoint signing key comes from. */
  auditSigningKey: { value: string | undefined; file: string };
  /** Where the public keys of retired signing keys come from. */
  auditRetiredPublicKeys: { value: string | undefined; directory: string };
  /** Where the key encrypting staff TOTP secrets comes from. */
  secondFactorKey: { value: string | undefined; file: string };
  /** Where the key encrypting privacy-request packages comes from. */
  packageEncryptionKey: { value: string | undefined; file: string };
  /** How long, and for how many downloads, a package's link stays valid. */
  packageDelivery: PackageDelivery;
  mail: MailSettings;
  /** The retention sweep's crontab schedule. */
  retentionSweepCron: string;
  /** The portal's public origin, without a trailing slash. */
  publicUrl: string;
  /** The least audit-events retention (an ISO-8601 duration): settings below it are refused and the sweep never goes below it. */
  auditRetentionFloor: string;
  /** Audit chain verifications running at once in this process. */
  auditVerifyConcurrency: number;
  /** GraphiQL at GET /graphql. */
  apiExplorer: boolean;
  /** What /.well-known/security.txt publishes; no contacts: no file. */
  securityTxt: { contacts: string[]; policyUrl: string | undefined };
}

export interface MailSettings {
  /** Unset: each message is written as a .eml file to `directory` instead of sent. */
  smtpUrl: string | undefined;
  from: string;
  directory: string;
}

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

export class ConfigError extends Error {}

/**
 * Without AUDIT_SIGNING_KEY each process generates a key into its own
 * DATA_DIR, so replicas would publish as many keys as there are processes and
 * a checkpoint signed by one would name a key the others do not publish.
 */
export const MISSING_PRODUCTION_SIGNING_KEY = [
  'AUDIT_SIGNING_KEY is required in production: every API process must sign audit checkpoints with the same key.',
  'Generate one with `openssl genpkey -algorithm ed25519 | openssl pkey -outform DER | base64 -w0`,',
  'keep it secret, and set AUDIT_SIGNING_KEY to the same value on every process.',
].join('\n');

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration in the environment:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  if (env.NODE_ENV === 'production' && !env.AUDIT_SIGNING_KEY) throw new ConfigError(MISSING_PRODUCTION_SIGNING_KEY);
  return {
    environment: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    databaseUrl: env.DATABASE_URL,
    embeddedPostgres: { dataDir: path.resolve(env.DATA_DIR, 'postgres'), port: env.PGPORT },
    policiesDir: path.resolve(env.POLICIES_DIR),
    portalDir: path.resolve(env.PORTAL_DIR),
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT,
    trustProxy: env.TRUST_PROXY,
    trustedProxyHops: env.TRUST_PROXY_HOPS,
    corsAllowedOrigins: env.CORS_ALLOWED_ORIGINS,
    bodyLimits: { graphql: env.MAX_GRAPHQL_BODY_BYTES, form: env.MAX_FORM_BODY_BYTES },
    publicReadCache:
      env.PUBLIC_READ_CACHE_MB === 0
        ? false
        : { maxBytes: env.PUBLIC_READ_CACHE_MB * 1024 * 1024, maxAgeSeconds: env.PUBLIC_READ_MAX_AGE_SECONDS },
    auditSigningKey: { value: env.AUDIT_SIGNING_KEY, file: path.resolve(env.DATA_DIR, 'audit-signing-key.pem') },
    auditRetiredPublicKeys: { value: env.AUDIT_RETIRED_PUBLIC_KEYS, directory: path.resolve(env.DATA_DIR, 'audit-retired-keys') },
    secondFactorKey: { value: env.MFA_ENCRYPTION_KEY, file: path.resolve(env.DATA_DIR, 'second-factor-key') },
    packageEncryptionKey: { value: env.PACKAGE_ENCRYPTION_KEY, file: path.resolve(env.DATA_DIR, 'package-encryption-key') },
    packageDelivery: { linkDays: env.PACKAGE_LINK_DAYS, linkDownloads: env.PACKAGE_LINK_DOWNLOADS },
    mail: { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM, directory: path.resolve(env.DATA_DIR, 'mail') },
    retentionSweepCron: env.RETENTION_SWEEP_CRON,
    sessions: { idleMs: env.SESSION_IDLE_MINUTES * 60_000, absoluteMs: env.SESSION_ABSOLUTE_HOURS * 3_600_000 },
    publicUrl: (env.PUBLIC_SITE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
    auditRetentionFloor: env.AUDIT_RETENTION_FLOOR,
    auditVerifyConcurrency: env.AUDIT_VERIFY_CONCURRENCY,
    apiExplorer: env.API_EXPLORER,
    securityTxt: { contacts: env.SECURITY_CONTACT, policyUrl: env.SECURITY_POLICY_URL },
  };
}
