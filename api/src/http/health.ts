import type { ServerResponse } from 'node:http';
import type { Db } from '@governance/db';
import { sql } from 'kysely';

const DATABASE_TIMEOUT_MS = 2000;

/** `GET /health`: 200 when the database answers, 503 when it does not. */
export async function respondWithHealth(db: Db, response: ServerResponse): Promise<void> {
  const database = await databaseAnswers(db);
  response.writeHead(database ? 200 : 503, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify({ status: database ? 'ok' : 'unavailable', database: database ? 'up' : 'down' }));
}

async function databaseAnswers(db: Db): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), DATABASE_TIMEOUT_MS);
  });
  const query = sql`select 1`.execute(db).then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
