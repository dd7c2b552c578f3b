// How a message leaves: through SMTP when SMTP_URL is set, otherwise (a local
// or test deployment) into a .eml file under DATA_DIR/mail with one log line.
// Those files follow the outbox's retention (mail-files.ts).
// nodemailer builds the MIME either way, so the file is what SMTP would carry.
import { mkdir, writeFile } from 'node:fs/promises';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser/index.js';
import type { MailSettings } from '../config.ts';
import type { Logger } from '../shared/logger.ts';
import { mailFilePath } from './mail-files.ts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** The HTML alternative of `text`; null for text-only mail. */
  html?: string | null;
  /** Shown before MAIL_FROM's address ("LeenOps" <no-reply@…>); null keeps MAIL_FROM as configured. */
  fromName?: string | null;
  /** `<id@domain>`: the same on every resend of one outbox row. */
  messageId: string;
  /** When it was queued; also the same on every resend. */
  date: Date;
  attachments: { filename: string; content: string; contentType: string }[];
  /** Sent as List-Unsubscribe with List-Unsubscribe-Post (RFC 8058 one-click); absent or null: no such headers. */
  listUnsubscribeUrl?: string | null;
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** Bounds every SMTP step well inside the delivery lease, so a hung server cannot cause a double send. */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 60_000 };

export function createMailTransport(settings: MailSettings, logger: Logger): MailTransport {
  return settings.smtpUrl ? smtpTransport(settings.smtpUrl, settings.from) : fileTransport(settings.directory, settings.from, logger);
}

/** MAIL_FROM's address, under the message's own display name when it has one: the sending address never changes. */
function sender(mail: OutgoingMail, from: string): SendMailOptions['from'] {
  const address = addressparser(from, { flatten: true })[0]?.address;
  return mail.fromName && address ? { name: mail.fromName, address } : from;
}

function envelope(mail: OutgoingMail, from: string): SendMailOptions {
  return {
    from: sender(mail, from),
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    ...(mail.html ? { html: mail.html } : {}),
    // RFC 3834: every message here is sent by the system, not by a person; auto-responders must not answer it.
    headers: { 'Auto-Submitted': 'auto-generated' },
    messageId: mail.messageId,
    date: mail.date,
    attachments: mail.attachments.map((attachment) => ({ ...attachment })),
    // nodemailer writes `List-Unsubscribe: <url>`; the Post header tells mail programs that a POST
    // unsubscribes at once (RFC 8058), so a program that merely opens links never does.
    ...(mail.listUnsubscribeUrl
      ? { list: { unsubscribe: mail.listUnsubscribeUrl }, headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } }
      : {}),
  };
}

function smtpTransport(url: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport({ url, ...SMTP_TIMEOUTS });
  return {
    async send(mail) {
      await transporter.sendMail(envelope(mail, from));
    },
    close: () => transporter.close(),
  };
}

function fileTransport(directory: string, from: string, logger: Logger): MailTransport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail) {
      const info = await transporter.sendMail(envelope(mail, from));
      await mkdir(directory, { recursive: true, mode: 0o700 });
      // Named by the Message-ID: a resend rewrites the same file, and the outbox's retention finds it.
      const file = mailFilePath(directory, mail.messageId);
      // Only the owner may read it: the body can hold a verification link.
      await writeFile(file, info.message as Buffer, { mode: 0o600 });
      // Never the body (it may carry secrets) nor the address (personal data): the Message-ID finds the outbox row.
      logger.info({ messageId: mail.messageId, subject: mail.subject, file }, 'mail written to file (no SMTP_URL)');
    },
    close: () => transporter.close(),
  };
}
