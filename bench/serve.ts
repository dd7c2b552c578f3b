// The server under load, in its own process so the load generator does not
// share its event loop. Prints "listening <port>" when ready.
// BENCH_PUBLIC_READ_CACHE=off serves every public read through Yoga.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startAppServices } from '@governance/api/app-services';
import { createHttpServer } from '@governance/api/http/server';
import { systemClock } from '@governance/api/shared/clock';
import { createLogger } from '@governance/api/shared/logger';
import { APP_ROLE, createDb } from '@governance/db';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('bench/serve.ts needs DATABASE_URL');
const db = createDb(url, { role: APP_ROLE });
const running = await startAppServices({
  db,
  databaseUrl: url,
  clock: systemClock,
  logger: createLogger('error'),
  sessions: { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 },
  trustProxy: false,
  // A key of its own, so a benchmark never touches the deployment's key.
  auditSigningKey: { value: undefined, file: path.join(await mkdtemp(path.join(tmpdir(), 'bench-key-')), 'audit-signing-key.pem') },
  mail: { smtpUrl: undefined, from: 'Bench <bench@localhost>', directory: path.join(tmpdir(), `bench-mail-${process.pid}`) },
  publicUrl: 'http://localhost:4000',
});
const server = createHttpServer(running.services, {
  graphiql: false,
  portal: (_request, response) => response.writeHead(404).end(),
  ...(process.env.BENCH_PUBLIC_READ_CACHE === 'off' ? { publicReadCache: false as const } : {}),
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
});
process.on('SIGTERM', () => {
  server.close();
  void running
    .close()
    .then(() => db.destroy())
    .then(() => process.exit(0));
});
