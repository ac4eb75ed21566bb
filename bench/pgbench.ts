/**
 * pgbench's single-row INSERT, as the intake benches compare with it (bench/intake.ts, bench/intake-cpu.ts): a simple table
 * on the given database and a script of one INSERT. `use` gets a function that runs pgbench with its own options, the
 * script and the database added, and returns what pgbench printed. The script's folder is removed afterwards.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { findPostgresBinDir } from '../test/support/pg-server.ts';

const run = promisify(execFile);

export async function withPgbenchInsert<T>(url: string, use: (pgbench: (options: string[]) => Promise<string>) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('create table if not exists bench_insert (id bigserial primary key, v integer not null, at timestamptz not null default now())');
  await client.end();
  const dir = mkdtempSync(path.join(tmpdir(), 'kw-pgbench-'));
  try {
    const script = path.join(dir, 'insert.sql');
    writeFileSync(script, 'insert into bench_insert (v) values (1);\n');
    const bin = path.join(findPostgresBinDir(), 'pgbench');
    return await use(async (options) => (await run(bin, [...options, '-f', script, url], { maxBuffer: 1 << 20 })).stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
