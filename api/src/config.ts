// The environment, parsed once. Every setting has a safe local default, so
// `pnpm start` on a fresh machine needs none of them.
import path from 'node:path';
import { z } from 'zod';

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
});

export interface Config {
  environment: 'development' | 'production' | 'test';
  host: string;
  port: number;
  databaseUrl: string | undefined;
  embeddedPostgres: { dataDir: string; port: number | undefined };
  policiesDir: string;
  portalDir: string;
  logLevel: string;
}

export class ConfigError extends Error {}

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration in the environment:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  return {
    environment: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    databaseUrl: env.DATABASE_URL,
    embeddedPostgres: { dataDir: path.resolve(env.DATA_DIR, 'postgres'), port: env.PGPORT },
    policiesDir: path.resolve(env.POLICIES_DIR),
    portalDir: path.resolve(env.PORTAL_DIR),
    logLevel: env.LOG_LEVEL,
  };
}
