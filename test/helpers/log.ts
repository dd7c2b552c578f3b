// What the product logged during a test: the real pino logger, writing its
// JSON lines into memory instead of standard output.
import { createLogger, type Logger } from '@governance/api/shared/logger';

export interface CapturedLog {
  logger: Logger;
  /** Every line logged so far, parsed. */
  lines(): Record<string, unknown>[];
  /** Every line logged so far, as written. */
  text(): string;
  clear(): void;
}

/** pino's numeric level of `error`: lines at or above it are for the unexpected. */
export const ERROR_LEVEL = 50;

export function captureLog(level = 'debug'): CapturedLog {
  let written: string[] = [];
  const logger = createLogger(level, { write: (line: string) => void written.push(line) });
  return {
    logger,
    lines: () => written.map((line) => JSON.parse(line) as Record<string, unknown>),
    text: () => written.join(''),
    clear: () => {
      written = [];
    },
  };
}
