import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from './pg-server.ts';

export interface ReceivedMail extends ParsedMail {
  /** The bytes as the server received them. */
  raw: Buffer;
  envelopeTo: string[];
  /** When the server had the whole message (Date.now()). */
  receivedAt: number;
}

export interface SmtpSink {
  /** smtp://127.0.0.1:<port>: give it as SMTP_URL. */
  readonly url: string;
  readonly port: number;
  readonly messages: ReceivedMail[];
  /** Resolves when at least `n` messages have arrived; fails with the count so far after `ms`. */
  waitFor(n: number, ms?: number): Promise<ReceivedMail[]>;
  /** Stops listening (connections are refused, as when a mail server is down); `start()` listens again on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Refuse every recipient with this SMTP code (e.g. 550) until set to null. */
  rejectWith(code: number | null): void;
}

/** A real SMTP server (smtp-server) in the test process: it accepts everything on loopback and keeps what it got, parsed. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const port = await freePort();
  const messages: ReceivedMail[] = [];
  let reject: number | null = null;
  let server: SMTPServer | null = null;
  const listen = async () => {
    const s = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      // Stopping means down at once: open (pooled) client connections are cut, not waited for.
      closeTimeout: 100,
      onRcptTo(address, _session, cb) {
        if (reject) return cb(Object.assign(new Error('Recipient refused by the test server'), { responseCode: reject }));
        cb();
      },
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          const receivedAt = Date.now();
          simpleParser(raw)
            .then((parsed) => {
              messages.push(Object.assign(parsed, { raw, envelopeTo: session.envelope.rcptTo.map((r) => r.address), receivedAt }));
              cb();
            })
            .catch(cb);
        });
      },
    });
    s.on('error', () => undefined);
    await new Promise<void>((resolve, rej) => {
      s.server.once('error', rej);
      s.listen(port, '127.0.0.1', () => resolve());
    });
    server = s;
  };
  await listen();
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    async waitFor(n, ms = 10_000) {
      const until = Date.now() + ms;
      while (messages.length < n) {
        if (Date.now() > until) throw new Error(`expected ${n} mail(s) at the SMTP server within ${ms} ms, got ${messages.length}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return messages;
    },
    async stop() {
      const s = server;
      server = null;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    async start() {
      if (!server) await listen();
    },
    rejectWith(code) {
      reject = code;
    },
  };
}
