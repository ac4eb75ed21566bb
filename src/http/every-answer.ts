import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../shared/logger.ts';

/**
 * Every request gets its answer, also when the server answers before it has read the body (an unknown path
 * or method, 401/403/404, 413 on a too large Content-Length) and the client sends the whole body before it
 * reads. Closing a socket that still has unread bytes makes the kernel send a reset, and the client then
 * loses the answer that was already on its way. So, after the answer:
 *
 * - the rest of the request body is read and thrown away (up to `MAX_DISCARD_BYTES`), and the connection
 *   stays usable. @hono/node-server's own clean-up gave up after 500 ms and cut the connection (hence
 *   `autoCleanupIncoming: false` where the server is made), and Node does not resume a body that was
 *   partly read into a web stream;
 * - a request Node cannot even parse (a made-up method, a broken header) gets `400 Bad Request` with
 *   `Connection: close`, and what the client still sends is read and thrown away until it closes its side.
 *
 * Beyond the cap (a client that keeps sending far more than any route accepts) the connection is closed.
 */
export const MAX_DISCARD_BYTES = 64 * 1024 * 1024;
/** How long a client may keep sending after an unparseable request before the connection is closed. */
const CLIENT_ERROR_GRACE_MS = 30_000;

export function answerEveryRequest(server: Server, logger: Logger): void {
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    res.once('finish', () => discardRest(req, logger));
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => answerClientError(err, socket, logger));
}

function discardRest(req: IncomingMessage, logger: Logger): void {
  if (req.complete || req.readableEnded || req.destroyed) return;
  let bytes = 0;
  // Whoever was reading (a body parser, a web stream) no longer listens: the answer has gone.
  req.removeAllListeners('data');
  req.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > MAX_DISCARD_BYTES) {
      logger.debug({ bytes }, 'request body beyond the discard cap after the answer: connection closed');
      req.socket.destroy();
    }
  });
  req.on('error', () => {}); // the client went away: nothing to answer any more
  req.resume();
}

const ANSWERED = Symbol('klachtwijs.clientErrorAnswered');

function answerClientError(err: NodeJS.ErrnoException, socket: Duplex & { [ANSWERED]?: boolean }, logger: Logger): void {
  // Node calls this again for every further chunk on a connection whose parser failed: answer once.
  if (socket[ANSWERED]) return;
  socket[ANSWERED] = true;
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, text] =
    err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large']
    : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'Request Timeout']
    : [400, 'Bad Request'];
  logger.debug({ code: err.code }, 'unparseable request answered');
  // The error can come after an answer was already (being) sent, e.g. a broken chunk in a body the server
  // did not need: then that answer stands and the connection closes after it.
  const answering = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (answering?.headersSent) {
    if (answering.writableFinished) socket.end();
    else answering.once('finish', () => socket.end());
  } else {
    const body = 'Dit verzoek kon niet worden gelezen.\n';
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }
  let bytes = 0;
  const timer = setTimeout(() => socket.destroy(), CLIENT_ERROR_GRACE_MS);
  timer.unref();
  socket.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > MAX_DISCARD_BYTES) socket.destroy();
  });
  socket.on('error', () => {});
  socket.once('end', () => socket.destroy());
  socket.once('close', () => clearTimeout(timer));
  socket.resume();
}
