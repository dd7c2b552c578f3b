// Logs are for whoever reads them: readable lines for a person at a
// terminal, one JSON object per line for a log collector, and LOG_FORMAT
// overrides the guess.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chooseLogFormat } from '@governance/api/shared/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const LOGGER_MODULE = path.resolve(import.meta.dirname, '../../api/src/shared/logger.ts');
const run = promisify(execFile);

describe('chooseLogFormat', () => {
  it.each([
    ['auto', true, 'pretty'],
    ['auto', false, 'json'],
    ['json', true, 'json'],
    ['pretty', false, 'pretty'],
  ] as const)('with LOG_FORMAT=%s and a terminal: %s, writes %s', (setting, terminal, expected) => {
    expect(chooseLogFormat(setting, terminal)).toBe(expected);
  });
});

describe('the server logger in a process', () => {
  let folder: string;
  let script: string;

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'log-format-'));
    script = path.join(folder, 'log.ts');
    await writeFile(
      script,
      [
        `import { createStdoutLogger } from ${JSON.stringify(LOGGER_MODULE)};`,
        `const logger = createStdoutLogger('info', process.argv[2] as 'auto');`,
        `logger.info({ user: { password: 'hunter2-secret' } }, 'server ready');`,
      ].join('\n'),
    );
  });
  afterAll(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('writes JSON lines when standard output is a pipe', async () => {
    const { stdout } = await run(process.execPath, [script, 'auto']);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ level: 30, msg: 'server ready' });
    expect(stdout).not.toContain('hunter2-secret');
  });

  it('writes readable lines, still without secrets, when standard output is a terminal', async () => {
    // util-linux `script` gives the command a pseudo-terminal.
    const command = [process.execPath, script, 'auto'].map((part) => `'${part}'`).join(' ');
    const { stdout } = await run('script', ['-qec', command, '/dev/null']);
    expect(stdout).toContain('server ready');
    expect(stdout).toMatch(/INFO/);
    expect(stdout.trim().startsWith('{')).toBe(false);
    expect(stdout).not.toContain('hunter2-secret');
  });

  it('writes readable lines to a pipe when LOG_FORMAT=pretty asks for them', async () => {
    const { stdout } = await run(process.execPath, [script, 'pretty']);
    expect(stdout).toContain('server ready');
    expect(stdout.trim().startsWith('{')).toBe(false);
  });
});
