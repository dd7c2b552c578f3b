// The servers under test in their own processes (bench/serve.ts and the
// policy benchmark's peers), so the load generator does not share their
// event loop.
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface RunningServer {
  port: number;
  /** The server's process id, to read its CPU time. */
  pid: number;
  /** Resolves once the process has exited (killed if it has not closed within 10 s), so its database can be stopped after it. */
  stop: () => Promise<void>;
}

/**
 * Starts `<root>/bench/serve.ts`: by default this repository's, or another
 * checkout's (its own serve.ts matches its own startAppServices), to measure
 * code from before a change with the same harness.
 */
export async function startServer(
  databaseUrl: string,
  root = path.resolve(import.meta.dirname, '..'),
  env: Record<string, string> = {},
): Promise<RunningServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'governance-bench-data-'));
  return startListening(path.join(root, 'bench', 'serve.ts'), root, { ...env, DATABASE_URL: databaseUrl, DATA_DIR: dataDir });
}

/** Runs a script that prints "listening <port>" once it serves; BENCH_PROFILE=<dir> writes its CPU profile there. */
export function startListening(script: string, cwd: string, env: Record<string, string>): Promise<RunningServer> {
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE] : [];
  const child = spawn(process.execPath, [...profile, script], { cwd, env: { ...process.env, ...env } });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return new Promise((resolve, reject) => {
    child.stderr.pipe(process.stderr);
    child.stdout.on('data', (chunk: Buffer) => {
      const port = /listening (\d+)/.exec(String(chunk))?.[1];
      if (port)
        resolve({
          port: Number(port),
          pid: child.pid as number,
          stop: () => {
            child.kill('SIGTERM');
            // A server still busy with long requests (an old one verifying on its event loop) may not close in time.
            const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
            return exited.finally(() => clearTimeout(kill));
          },
        });
    });
    child.on('exit', (code) => reject(new Error(`${path.basename(script)} exited with ${code}`)));
  });
}
