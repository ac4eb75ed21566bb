import http from 'node:http';
import net from 'node:net';
const mode = process.argv[2];
const server = http.createServer((req, res) => {
  if (mode === 'pause') { req.once('data', () => req.pause()); }
  if (mode === 'pause-drain') { req.once('data', () => req.pause()); res.on('finish', () => { req.removeAllListeners('data'); req.resume(); }); }
  setTimeout(() => { res.writeHead(404, { 'content-length': '2' }); res.end('no'); }, 20);
});
server.listen(39519);
await new Promise((r) => setTimeout(r, 200));
function sendThenRead(head: string, bodySize: number): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(39519, '127.0.0.1');
    let data = ''; let done = false;
    const finish = (r: string) => { if (!done) { done = true; resolve(r); s.destroy(); } };
    s.on('error', (e) => finish(`ERR ${(e as NodeJS.ErrnoException).code} after ${data.length} bytes`));
    s.on('close', () => finish(data ? data.split('\r\n')[0]! : 'CLOSED empty'));
    s.pause();
    s.write(head.replace('LEN', String(bodySize)));
    const chunk = Buffer.alloc(64 * 1024, 'a'); let sent = 0;
    const pump = () => {
      while (sent < bodySize) { const n = Math.min(chunk.length, bodySize - sent); sent += n; if (!s.write(chunk.subarray(0, n))) { s.once('drain', pump); return; } }
      s.on('data', (d) => { data += d.toString('latin1'); if (data.includes('\r\n\r\n')) finish(data.split('\r\n')[0]!); });
      s.resume();
    };
    pump();
  });
}
console.log(mode, await sendThenRead(`POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: LEN\r\n\r\n`, 5e6));
server.close(); process.exit(0);
