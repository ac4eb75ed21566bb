import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/**
 * The command line beside a running server (ADR 0008). The embedded database can be opened by one process
 * only, so `klachtwijs serve` listens on a Unix socket in its data folder; a command that finds the folder
 * held by a living server sends its argv there, and the server runs the very same command against its open
 * database. Only the folder's owner can reach the socket (folder 0700, socket 0600).
 *
 * Protocol, newline-delimited JSON, one command per connection:
 *   client → server  {"argv": [...], "cwd": "/abs/dir"}
 *   server → client  {"out": "text"} | {"err": "text"} | {"busy": true} (every BUSY_MS while queued or
 *                    running) … and last {"exit": <code>}
 */

export const SOCKET_FILE = 'klachtwijs.sock';
const BUSY_MS = 2_000;
/** A server that sends nothing (not even "busy") for this long is taken to hang. */
export const CLIENT_TIMEOUT_MS = 15_000;
/** Unix socket paths are limited to 107 bytes on Linux (104 on macOS). */
const MAX_SOCKET_PATH = 103;

export interface ForwardRequest {
  argv: string[];
  cwd: string;
}

export interface CliOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

export type CommandRunner = (request: ForwardRequest, output: CliOutput) => Promise<number>;

export interface CliSocket {
  path: string;
  close(): Promise<void>;
}

export function socketPath(dataDir: string): string {
  return path.join(dataDir, SOCKET_FILE);
}

function parseRequest(line: string): ForwardRequest | null {
  try {
    const value = JSON.parse(line) as unknown;
    if (typeof value !== 'object' || value === null) return null;
    const { argv, cwd } = value as Record<string, unknown>;
    if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string') || argv.length > 1000) return null;
    if (typeof cwd !== 'string' || !path.isAbsolute(cwd)) return null;
    return { argv: argv as string[], cwd };
  } catch {
    return null;
  }
}

/**
 * Listens on `<dataDir>/klachtwijs.sock` and runs each request with `run`, one at a time (a command runs
 * alone, so two commands never interleave; HTTP requests go on beside it, each in its own transaction).
 * Returns null when the path is too long for a Unix socket.
 */
export async function startCliSocket(dataDir: string, run: CommandRunner, onError: (err: unknown) => void = () => {}): Promise<CliSocket | null> {
  const file = socketPath(dataDir);
  if (Buffer.byteLength(file) > MAX_SOCKET_PATH) return null;
  fs.rmSync(file, { force: true }); // left by a server that did not stop cleanly; we hold the folder lock
  let queue: Promise<unknown> = Promise.resolve();
  const connections = new Set<net.Socket>();
  const server = net.createServer((conn) => {
    connections.add(conn);
    conn.on('close', () => connections.delete(conn));
    conn.on('error', () => conn.destroy());
    conn.setEncoding('utf8');
    let buffer = '';
    let started = false;
    const send = (message: object) => {
      if (!conn.destroyed && conn.writable) conn.write(`${JSON.stringify(message)}\n`);
    };
    conn.on('data', (chunk: string) => {
      if (started) return;
      buffer += chunk;
      if (buffer.length > 1_000_000) return conn.destroy();
      const nl = buffer.indexOf('\n');
      if (nl < 0) return;
      started = true;
      const request = parseRequest(buffer.slice(0, nl));
      if (!request) {
        send({ err: 'Fout: de server begrijpt dit verzoek niet.\n' });
        send({ exit: 1 });
        conn.end();
        return;
      }
      const busy = setInterval(() => send({ busy: true }), BUSY_MS);
      const job = queue.then(async () => {
        let code = 1;
        try {
          code = await run(request, { stdout: (text) => send({ out: text }), stderr: (text) => send({ err: text }) });
        } catch (err) {
          onError(err);
          send({ err: 'Fout: de opdracht is in de server mislukt. Zie het logboek van de server.\n' });
        } finally {
          clearInterval(busy);
          send({ exit: code });
          conn.end();
        }
      });
      queue = job.catch(() => {});
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(file, () => {
      server.off('error', reject);
      resolve();
    });
  });
  fs.chmodSync(file, 0o600);
  server.on('error', onError);
  return {
    path: file,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A running command ends with the process; no client, hung or not, may keep the server from stopping.
        for (const c of connections) c.destroy();
      });
      fs.rmSync(file, { force: true });
    },
  };
}

export type ForwardResult = { reached: true; code: number } | { reached: false };

/**
 * Sends a command to the server listening on `file`, writing its output to `output` as it comes.
 * `reached: false` when nobody listens (the caller then runs the command itself); a server that stops
 * answering ends with a Dutch message and exit code 1.
 */
export function forwardToServer(file: string, request: ForwardRequest, output: CliOutput, timeoutMs = CLIENT_TIMEOUT_MS): Promise<ForwardResult> {
  return new Promise((resolve) => {
    const conn = net.connect(file);
    conn.setEncoding('utf8');
    let connected = false;
    let done = false;
    let buffer = '';
    const finish = (result: ForwardResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      conn.destroy();
      resolve(result);
    };
    const hang = () => {
      if (!connected) return finish({ reached: false });
      output.stderr(
        `Fout: de draaiende Klachtwijs-server antwoordt niet (${Math.round(timeoutMs / 1000)} seconden niets gehoord). ` +
          'Kijk of de server nog werkt (klachtwijs serve), of stop hem en voer het commando opnieuw uit.\n',
      );
      finish({ reached: true, code: 1 });
    };
    let timer = setTimeout(hang, timeoutMs);
    conn.on('connect', () => {
      connected = true;
      conn.write(`${JSON.stringify(request)}\n`);
    });
    conn.on('data', (chunk: string) => {
      clearTimeout(timer);
      timer = setTimeout(hang, timeoutMs);
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        let message: { out?: unknown; err?: unknown; exit?: unknown };
        try {
          message = JSON.parse(line) as typeof message;
        } catch {
          continue;
        }
        if (typeof message.out === 'string') output.stdout(message.out);
        if (typeof message.err === 'string') output.stderr(message.err);
        if (typeof message.exit === 'number') return finish({ reached: true, code: message.exit });
      }
    });
    conn.on('error', () => {
      if (!connected) return finish({ reached: false });
      output.stderr('Fout: de verbinding met de draaiende Klachtwijs-server is verbroken. Kijk of de server nog werkt en voer het commando opnieuw uit.\n');
      finish({ reached: true, code: 1 });
    });
    conn.on('close', () => {
      if (done) return;
      if (!connected) return finish({ reached: false });
      output.stderr('Fout: de draaiende Klachtwijs-server stopte voordat het commando klaar was. Voer het commando opnieuw uit.\n');
      finish({ reached: true, code: 1 });
    });
  });
}
