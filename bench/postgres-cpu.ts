import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux
const fields = (pid: number | string) => readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');

/** CPU ms of a PostgreSQL server: the postmaster (with its reaped children) and its live children, from /proc (Linux). */
export function postgresCpuMs(postmasterPid: number): number {
  let ms = 0;
  for (const v of postgresCpuByProcess(postmasterPid).values()) ms += v;
  return ms;
}

/**
 * CPU ms of a PostgreSQL server by kind of process: `backend` (client connections), `walwriter`, `checkpointer`,
 * `background writer`, `autovacuum`, other auxiliary processes by their title, and `postmaster + exited` (the
 * postmaster and the children it has reaped: backends that closed, autovacuum workers that finished). Diff two reads.
 */
export function postgresCpuByProcess(postmasterPid: number): Map<string, number> {
  const own = fields(postmasterPid);
  const out = new Map<string, number>([['postmaster + exited', (Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14])) * TICK_MS]]);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const f = fields(entry);
      if (Number(f[1]) !== postmasterPid) continue;
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').replace(/^postgres:\s*/, '').trim();
      const kind = /^(walwriter|checkpointer|background writer|autovacuum launcher|logical replication launcher|archiver|stats collector)/.exec(title)?.[1] ?? (/^autovacuum worker/.test(title) ? 'autovacuum' : 'backend');
      out.set(kind, (out.get(kind) ?? 0) + (Number(f[11]) + Number(f[12])) * TICK_MS);
    } catch {
      // gone
    }
  }
  return out;
}
