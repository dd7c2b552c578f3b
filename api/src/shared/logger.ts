import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Logs JSON lines to standard output, or to `destination` (tests read what was logged). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    // Never let a credential reach the log, whatever a caller passes; nor the values PostgreSQL
    // quotes in an error's detail ("Key (email)=(…) already exists"): personal data, often.
    redact: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token', 'err.detail'],
  };
  return destination ? pino(options, destination) : pino(options);
}
