import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    // Never let a credential reach the log, whatever a caller passes.
    redact: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token'],
  });
}
