// The limit of the policy benchmark: a bare node:http server that answers
// every request with the same bytes and headers as the product's cached
// answer (BENCH_BARE_ANSWER: a JSON file of { headers, body }), in its own
// process. Prints "listening <port>" when ready.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const file = process.env.BENCH_BARE_ANSWER;
if (!file) throw new Error('bench/bare-serve.ts needs BENCH_BARE_ANSWER');
const answer = JSON.parse(readFileSync(file, 'utf8')) as { headers: Record<string, string>; body: string };
const body = Buffer.from(answer.body, 'utf8');
const headers = { ...answer.headers, 'content-length': String(body.length) };
const server = createServer((request, response) => {
  // Drain any request body, as a real server reads it.
  request.resume();
  request.on('end', () => {
    response.writeHead(200, headers);
    response.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
