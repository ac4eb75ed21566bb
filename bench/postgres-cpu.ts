import { readdirSync, readFileSync } from 'node:fs';

/** CPU ms of a PostgreSQL server: the postmaster (with its reaped children) and its live children, from /proc (Linux). */
export function postgresCpuMs(postmasterPid: number): number {
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  const fields = (pid: number | string) => readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  const own = fields(postmasterPid);
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const f = fields(entry);
      if (Number(f[1]) === postmasterPid) ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // gone
    }
  }
  return ticks * tick;
}
