// The server under load, in its own process so the load generator does not
// share its event loop. Prints "listening <port>" when ready.
import { startAppServices } from '@governance/api/app-services';
import { createHttpServer } from '@governance/api/http/server';
import { systemClock } from '@governance/api/shared/clock';
import { createLogger } from '@governance/api/shared/logger';
import { createDb } from '@governance/db';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('bench/serve.ts needs DATABASE_URL');
const db = createDb(url);
const running = await startAppServices({ db, databaseUrl: url, clock: systemClock, logger: createLogger('error') });
const server = createHttpServer(running.services, { graphiql: false, portal: (_request, response) => response.writeHead(404).end() });
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
