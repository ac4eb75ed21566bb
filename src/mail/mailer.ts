import { createRequire } from 'node:module';
import type Nodemailer from 'nodemailer';

const require = createRequire(import.meta.url);

/** One message as built once by the outbox: the envelope and the exact bytes to send (ADR 0014). */
export interface RawMail {
  readonly from: string;
  readonly to: string;
  readonly raw: Buffer;
}

export interface Mailer {
  /** Hands the message to the SMTP server; resolves when the server accepted it. */
  send(mail: RawMail): Promise<void>;
  close(): void;
}

/** A permanent failure: trying again will not help (no mail server set, a recipient the server refuses). */
export class PermanentMailError extends Error {
  override name = 'PermanentMailError';
}

/** SMTP through nodemailer (a pooled connection); without SMTP_URL every send fails permanently with a clear reason. */
export function createMailer(smtpUrl: string | undefined): Mailer {
  if (!smtpUrl) {
    return {
      send: () => Promise.reject(new PermanentMailError('Er is geen mailserver ingesteld (SMTP_URL).')),
      close: () => undefined,
    };
  }
  // Loaded only when SMTP is set, not at every start (issue 13).
  const nodemailer = require('nodemailer') as typeof Nodemailer;
  const transport = nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections: 2, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as never);
  return {
    async send(mail) {
      try {
        await transport.sendMail({ envelope: { from: mail.from, to: [mail.to] }, raw: mail.raw });
      } catch (err) {
        const e = err as { responseCode?: number; message?: string };
        // 5xx on the recipient or the message: the server refuses it for good.
        if (typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600) {
          throw new PermanentMailError(`De mailserver weigert dit bericht (${e.responseCode}).`, { cause: err });
        }
        throw new Error(`De mailserver is niet bereikbaar of gaf een fout: ${e.message ?? String(err)}`, { cause: err });
      }
    },
    close: () => transport.close(),
  };
}
