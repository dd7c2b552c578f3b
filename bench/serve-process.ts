// The API under test in its own process (bench/serve.ts), so the load
// generator does not share its event loop.
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export async function startServer(databaseUrl: string): Promise<{ port: number; stop: () => void }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'governance-bench-data-'));
  const child = spawn(process.execPath, [path.join(import.meta.dirname, 'serve.ts')], {
    env: { ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: dataDir },
  });
  return new Promise((resolve, reject) => {
    child.stderr.pipe(process.stderr);
    child.stdout.on('data', (chunk: Buffer) => {
      const port = /listening (\d+)/.exec(String(chunk))?.[1];
      if (port) resolve({ port: Number(port), stop: () => child.kill('SIGTERM') });
    });
    child.on('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}
