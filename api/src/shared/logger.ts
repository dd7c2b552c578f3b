import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

/** LOG_FORMAT: `auto` is readable lines in a terminal and JSON lines anywhere else. */
export type LogFormatSetting = 'auto' | 'json' | 'pretty';

const options = (level: string): LoggerOptions => ({
  level,
  // Never let a credential reach the log, whatever a caller passes; nor the values PostgreSQL
  // quotes in an error's detail ("Key (email)=(…) already exists"): personal data, often.
  redact: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token', 'err.detail'],
});

/** Logs JSON lines to standard output, or to `destination` (tests read what was logged). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return destination ? pino(options(level), destination) : pino(options(level));
}

/**
 * A person reads a terminal; a collector (journald, Docker, a log shipper)
 * reads a pipe or a file and wants one JSON object per line.
 */
export function chooseLogFormat(setting: LogFormatSetting, stdoutIsTerminal: boolean): 'json' | 'pretty' {
  if (setting !== 'auto') return setting;
  return stdoutIsTerminal ? 'pretty' : 'json';
}

/** Logs to standard output in the format LOG_FORMAT chooses for it. */
export function createStdoutLogger(level: string, setting: LogFormatSetting): Logger {
  if (chooseLogFormat(setting, process.stdout.isTTY === true) === 'json') return createLogger(level);
  // In this thread and synchronous, so the last lines before an exit are not lost. Redaction
  // happens before these lines are formatted, as for JSON.
  return createLogger(level, pretty({ sync: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' }));
}
