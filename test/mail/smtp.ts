// A real SMTP server on loopback that keeps what arrives, for the mail tests.
import { findFreePort } from '@governance/db';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  header(name: string): string | undefined;
  body: string;
}

export interface TestSmtpServer {
  url: string;
  port: number;
  received: ReceivedMail[];
  /** Stops listening (connections are refused) until `start` again, on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

function parse(raw: string, from: string, to: string[]): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  return {
    from,
    to,
    raw,
    body: raw.slice(split + 4),
    header(name) {
      const line = head.split('\r\n').find((candidate) => candidate.toLowerCase().startsWith(`${name.toLowerCase()}:`));
      return line?.slice(name.length + 1).trim();
    },
  };
}

export interface SmtpServerOptions {
  /** Keeps the n-th message (1-based) without ever answering it, as a server hanging mid-send does. */
  hold?: (n: number) => boolean;
}

export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  const port = await findFreePort();
  const received: ReceivedMail[] = [];
  let server: SMTPServer | undefined;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        onData(stream, session, callback) {
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
            received.push(
              parse(
                Buffer.concat(chunks).toString('utf8'),
                from,
                session.envelope.rcptTo.map((rcpt) => rcpt.address),
              ),
            );
            if (!options.hold?.(received.length)) callback();
          });
        },
      });
      let listening = false;
      // Once it listens, a client that vanishes mid-send (the crash test kills one) ends only its own
      // connection: the server reports every such reset, and none may end the test run.
      server.on('error', (error) => {
        if (!listening) reject(error);
      });
      server.listen(port, '127.0.0.1', () => {
        listening = true;
        resolve();
      });
    });
  await start();
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    start,
    stop: () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
  };
}
