// The API under test in its own process (bench/serve.ts), so the load
// generator does not share its event loop.
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Starts `<root>/bench/serve.ts`: by default this repository's, or another
 * checkout's (its own serve.ts matches its own startAppServices), to measure
 * code from before a change with the same harness. `stop` resolves once the
 * server has exited (killed if it has not closed within
 * 10 s), so its database can be stopped after it.
 */
export async function startServer(
  databaseUrl: string,
  root = path.resolve(import.meta.dirname, '..'),
): Promise<{ port: number; stop: () => Promise<void> }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'governance-bench-data-'));
  const child = spawn(process.execPath, [path.join(root, 'bench', 'serve.ts')], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: dataDir },
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return new Promise((resolve, reject) => {
    child.stderr.pipe(process.stderr);
    child.stdout.on('data', (chunk: Buffer) => {
      const port = /listening (\d+)/.exec(String(chunk))?.[1];
      if (port)
        resolve({
          port: Number(port),
          stop: () => {
            child.kill('SIGTERM');
            // A server still busy with long requests (an old one verifying on its event loop) may not close in time.
            const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
            return exited.finally(() => clearTimeout(kill));
          },
        });
    });
    child.on('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}
