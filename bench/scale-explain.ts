/**
 * `npm run bench:scale-explain`: the query plans behind `npm run bench:scale` (issue 13), on the kept, seeded PostgreSQL
 * database (BENCH_KEEP=1 npm run bench:scale makes it; start it with pg_ctl, see bench/README.md).
 *
 * For each list query in BENCH_EXPLAIN (`;`-separated query strings of /api/v1/complaints, e.g. `x=1;q=curator;channel=phone`)
 * and for the start page (`start`), it runs the real use case (listComplaints / startWorklists) as the big organisation's
 * coordinator (or `handler:` in front: its handler), captures every statement it sends, and then runs each statement that
 * reads `complaints` again under EXPLAIN (ANALYZE, BUFFERS) as the application runs it: as the role without BYPASSRLS
 * for that organisation (row-level security on, ADR 0024), after the same `set local` settings (`set_config(…, true)`), in one transaction
 * that is rolled back. Prints the plans as Markdown code blocks.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:PORT/klachtwijs_bench BENCH_EXPLAIN='x=1;q=curator;start' npm run bench:scale-explain
 */
import { CompiledQuery } from 'kysely';
import { openDatabase } from '../src/db/database.ts';
import { withOrganisation } from '../src/db/tenant.ts';
import { listComplaints } from '../src/usecases/complaints/list-complaints.ts';
import { startWorklists } from '../src/usecases/complaints/start-worklists.ts';
import { actorOf } from '../test/support/factories.ts';
import { capturing } from '../test/support/capture.ts';
import type { Seeded } from './scale-seed.ts';

class RollBack extends Error {}

const url = process.env['DATABASE_URL'];
if (!url) throw new Error('Set DATABASE_URL to the kept, seeded database (bench/README.md).');
const database = await openDatabase({ kind: 'postgres', url });
const db = database.db;
try {
  const marker = await db.selectFrom('settings').select('value').where('key', '=', 'bench.scale.seed').executeTakeFirstOrThrow();
  const seeded = (typeof marker.value === 'string' ? JSON.parse(marker.value) : marker.value) as Seeded;
  const user = (id: string) => db.selectFrom('users').select(['id', 'organisation_id', 'name', 'email']).where('id', '=', id).executeTakeFirstOrThrow();
  for (const raw of (process.env['BENCH_EXPLAIN'] ?? 'x=1;start').split(';')) {
    const asHandler = raw.startsWith('handler:');
    const what = asHandler ? raw.slice('handler:'.length) : raw;
    const actor = await actorOf(db, { user: await user(asHandler ? seeded.bigHandlerId : seeded.bigCoordinatorId) });
    const { db: spy, statements: captured, sent } = capturing(db);
    await withOrganisation(actor.organisationId, async () => {
      const once = () => (what === 'start' ? startWorklists(spy, actor, { soonDays: 7 }) : listComplaints(spy, actor, Object.fromEntries(new URLSearchParams(what))));
      await once();
      captured.length = 0;
      sent.statements.length = 0;
      // The second call (warm caches in this process), timed.
      const started = performance.now();
      await once();
      const ms = performance.now() - started;
      console.log(`\n## ${raw} (use case ${ms.toFixed(1)} ms, ${sent.statements.length} statements sent, BEGIN/COMMIT not counted)\n`);
      await db
        .transaction()
        .execute(async (tx) => {
          // The use case compiles its page and count before it sets its `set local`s (and runs its lookups before them):
          // the `set local`s are applied right before the first statement that reads `complaints` itself.
          // On PostgreSQL inIndexOrder sends BEGIN and its settings as one query (`begin; select set_config(…)`): the
          // replay is already in a transaction, so only the settings are run.
          const setting = (c: CompiledQuery) => /^(begin; )?(set local |select set_config\()/i.test(c.sql);
          const sets = sent.statements.filter(setting).map((c) => CompiledQuery.raw(c.sql.replace(/^begin; /i, ''), [...c.parameters]));
          // The lookups with their count (`with looked_…`) run before the transaction, without the `set local`s.
          const lookup = (c: CompiledQuery) => /^\s*with looked_/.test(c.sql);
          const reads = (c: CompiledQuery) => /from "complaints"/.test(c.sql) && !/^insert/i.test(c.sql) && !lookup(c);
          const explain = async (c: CompiledQuery) => {
            const plan = await tx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain (analyze, buffers, costs off) ${c.sql}`, [...c.parameters]));
            console.log(`\`\`\`\n${c.sql.slice(0, 400)}${c.sql.length > 400 ? ' …' : ''}\n\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}\n\`\`\``);
          };
          let applied = false;
          const apply = async () => {
            if (applied) return;
            applied = true;
            for (const c of sets) await tx.executeQuery(c);
          };
          // Every statement once, timed (inserts too: rolled back below). inIndexOrder's own COMMIT on PostgreSQL is not
          // replayed: it would end the replay's transaction, its settings and the roll-back with it.
          const ends = (c: CompiledQuery) => /^\s*(commit|rollback)\s*$/i.test(c.sql);
          for (const c of sent.statements) {
            if (setting(c) || ends(c)) continue;
            if (reads(c)) await apply();
            const t = performance.now();
            await tx.executeQuery(c);
            console.log(`- ${(performance.now() - t).toFixed(1)} ms: \`${c.sql.replace(/\s+/g, ' ').slice(0, 140)}\``);
            if (lookup(c) && !applied) await explain(c);
          }
          for (const c of sent.statements.filter(reads)) await explain(c);
          throw new RollBack();
        })
        .catch((err: unknown) => {
          if (!(err instanceof RollBack)) throw err;
        });
    });
  }
} finally {
  await database.close();
}

