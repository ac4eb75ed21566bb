import type { MiddlewareHandler } from 'hono';
import { bodyLimit as honoBodyLimit } from 'hono/body-limit';

/**
 * Hono's body limit, without making the request's Web `Request` for every request (issue 13, lane intake13).
 *
 * Hono's `bodyLimit` starts with `if (!c.req.raw.body)`: on @hono/node-server that one property access turns the
 * lightweight request into a full undici `Request` (a web `ReadableStream` over the socket, an `AbortController`, the
 * headers converted), and the body is then read through that stream instead of node-server's direct read of the
 * `IncomingMessage` (`text()`, `json()`, `arrayBuffer()`). For a public submission that was 4–5 % of the node
 * process's busy time (bench:intake-profile).
 *
 * The decisions are Hono's, in the same order, taken from the method and the headers only:
 * - GET and HEAD carry no body for a `Request` (hono: `body` is null): no limit;
 * - a `Content-Length` without `Transfer-Encoding`: the length decides (over the limit: `onError`), the body is not
 *   read here (node's HTTP parser holds the body to that length);
 * - anything else (chunked, or no length at all): Hono's own middleware, which reads and counts the body.
 */
export function bodyLimit(options: Parameters<typeof honoBodyLimit>[0] & { onError: NonNullable<Parameters<typeof honoBodyLimit>[0]['onError']> }): MiddlewareHandler {
  const counting = honoBodyLimit(options);
  return async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (parseInt(length || '0', 10) > options.maxSize) return options.onError(c);
      return next();
    }
    return counting(c, next);
  };
}
