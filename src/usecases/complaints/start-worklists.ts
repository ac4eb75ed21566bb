import type { CompiledQuery, Kysely } from 'kysely';
import { sql, type RawBuilder } from 'kysely';
import { isEmbedded } from '../../db/database.ts';
import { withValuesInlined } from '../../db/prepared.ts';
import type { DB } from '../../db/types.ts';
import { type Actor, HANDLING_ROLES, hasRole } from '../actor.ts';
import { complaintScope, visibleBranches, visibleTo } from './access.ts';
import { today } from './dossier.ts';
import { inIndexOrder, listItemColumns, recordListRead, toListItem, type ComplaintListItem } from './list-complaints.ts';

/**
 * The work lists of the start page (issue 13: fast at a million complaints): mine, overdue, due soon, new (triage) and
 * the registrations that are not a complaint. Need-to-know as in the complaint list (`visibleTo`). Each list shows its
 * first few complaints and counts up to COUNT_CAP: an organisation with 50,000 complaints is not counted whole on every
 * visit ("meer dan 1.000" is enough to know there is work). Which complaints the page showed is recorded as a list read (once per complaint, user and day).
 */
export const COUNT_CAP = 1000;

export interface Worklist {
  items: ComplaintListItem[];
  /** The number of complaints in the list, exact up to the cap (COUNT_CAP). */
  total: number;
  /** More than the cap: `total` is the cap. */
  capped: boolean;
}

export interface StartWorklists {
  mine: Worklist | null;
  overdue: Worklist | null;
  soon: Worklist | null;
  triage: Worklist | null;
  others: Worklist | null;
}

const OPEN = ['new', 'in_progress', 'suspended'];
/** The lists read by need-to-know's branches (below). */
const BY_BRANCHES = new Set<keyof StartWorklists>(['overdue', 'soon']);

/**
 * The complaints the actor may see in their organisation (`visibleTo`, or one of its branches). No join: what a row
 * shows beside them (the unit's and the handler's names) is looked up per row shown (listItemColumns). An inner join with
 * units made the planner start from the organisation's few units and read every complaint of each (EXPLAIN at a million
 * complaints: 130-350 ms per list); a join with users read every user of the organisation for each list.
 */
function visible(db: Kysely<DB>, organisationId: string, where: ReturnType<typeof visibleTo>) {
  return db.selectFrom('complaints').where('complaints.organisation_id', '=', organisationId).where(where);
}
type Query = ReturnType<typeof visible>;

export async function startWorklists(db: Kysely<DB>, actor: Actor, opts: { soonDays: number; limit?: number; now?: Date; cap?: number }): Promise<StartWorklists> {
  const none: StartWorklists = { mine: null, overdue: null, soon: null, triage: null, others: null };
  if (!hasRole(actor, 'coordinator', 'handler', 'intake')) return none;
  const coordinator = hasRole(actor, 'coordinator');
  const handler = hasRole(actor, ...HANDLING_ROLES);
  const limit = opts.limit ?? 10;
  const cap = opts.cap ?? COUNT_CAP;
  const day = today(opts.now);
  const scope = await complaintScope(db, actor, opts.now);
  // The statement depends only on what is keyed below (the actor, their scope, the day and the options): built and
  // compiled once per key and database, then reused (issue 13: building and compiling it with Kysely was the page's
  // largest CPU cost on the server side, ~3-4 ms per request).
  const key = JSON.stringify([actor.organisationId, actor.userId, actor.roles, scope, day, opts.soonDays, limit, cap]);
  const { compiled, names, together } = compiledFor(db, key, () => {
    // Each list's order ends in the complaint's id (exact), on columns a list row carries, so the rows can be put back in
    // that order after travelling as one JSON array (below).
    const byDue = { sql: 'complaints.next_due asc nulls last, complaints.received_on desc, complaints.reference desc, complaints.id', key: 'next_due' };
    const byReceived = { sql: 'complaints.received_on desc, complaints.reference desc, complaints.id', key: 'received_on desc' };
    // Each list as a function of need-to-know: `visibleTo` as a whole, or one of its branches (below).
    const listsOf = (where: ReturnType<typeof visibleTo>): Record<keyof StartWorklists, { q: Query; order: typeof byDue; n: number } | null> => {
      const base = () => visible(db, actor.organisationId, where);
      const open = () => base().where('complaints.status', 'in', OPEN);
      return {
        mine: { q: handler ? open().where('complaints.handler_user_id', '=', actor.userId) : open(), order: byDue, n: limit },
        overdue: { q: open().where('complaints.next_due', '<', day), order: byDue, n: limit },
        soon: { q: open().where('complaints.next_due', '>=', day).where('complaints.next_due', '<=', sql<string>`(${day}::date + ${opts.soonDays}::int)`), order: byDue, n: limit },
        triage: coordinator ? { q: base().where('complaints.status', '=', 'new').where('complaints.kind', '=', 'complaint'), order: byDue, n: limit } : null,
        // Onvrede, suggesties and "geen klacht" run no procedure, but the coordinator looks at them (analysis, 004 §5).
        others: coordinator ? { q: base().where('complaints.kind', '!=', 'complaint'), order: byReceived, n: 5 } : null,
      };
    };
    const lists = listsOf(visibleTo(scope));
    // Need-to-know as the UNION of its branches (handler, registrar, the regulation's roles, respondent), each read by its
    // own index, instead of one OR tested on every open complaint of the organisation (issue 13, ADR 0028 addendum 10).
    // Each branch gives its first cap + 1 in the list's order; their union's first cap + 1 are the list's. Not for a scope
    // that reads whole units (a unit's coordinator, the role that assigns): a unit is a large part of the organisation, and
    // reading its range was dearer than the one OR (EXPLAIN at a million complaints: 18,000 rows of the unit for 0 shown).
    // Only the lists of the organisation's open complaints by due date: "mine" is already the handler's own (its index),
    // and each branch adds to the statement's planning (EXPLAIN at load 17: ~2 ms per branch and list).
    const split = visibleBranches(scope);
    const branches = split.some((b) => b.name === 'units' || b.name === 'all') ? [] : split.map((b) => listsOf(b.where));
    const names = (Object.keys(lists) as (keyof StartWorklists)[]).filter((k) => lists[k]);
    // Every list's first rows and its count in ONE statement (issue 13: ten statements were ten round trips, and on PGlite
    // ten short transactions): per list a JSON array of its rows in the list's order, and its count up to cap + 1. The
    // count reads in the order of the list's partial index's own key (T1810), so it is an index range that stops at
    // cap + 1; the complete order would make the planner prefer collecting and sorting every match.
    const inOrder = (order: typeof byDue, alias: string) => sql.raw(order.sql.replaceAll('complaints.', `${alias}.`));
    const rowsOf = (rows: RawBuilder<unknown>, order: typeof byDue) => sql<ListRow[]>`(select coalesce(json_agg(r order by ${inOrder(order, 'r')}), '[]'::json) from ${rows} as r)`;
    // The klachtenfunctionaris's counts read the list's index alone (an index-only scan, issue 13): every complaint of the
    // organisation is visible to them but one they are the person complained about under the independence rule
    // (`visibleTo` for `coordinatorOfAll`), and testing that rule on each counted row fetched it from the table (1,001
    // heap rows per count; ~1,000 buffers against ~100). So each list counts its complaints without need-to-know, up to
    // cap + 1 + the number it hides (those about the actor that `visibleTo` does not keep, found by the respondent's
    // index), and subtracts that number: fewer than read means every complaint was counted, exact; as many means more
    // than the cap are visible.
    // Only where the list's partial index holds every column the count tests ("new" by T1500's `complaints_triage_due`,
    // ADR 0028 addendum 22: it fetched each new registration from the table for its kind, 1,340 buffers of the
    // statement's ~2,000; not "mine": the handler's index has no organisation), and on a PostgreSQL server: on PGlite (no
    // autovacuum, the visibility map set only by the nightly vacuum) it measured dearer, CPU 68-84 -> 76-97 ms per
    // coordinator's page.
    const indexOnly = new Set<keyof StartWorklists>(scope.coordinatorOfAll && !isEmbedded(db) ? ['overdue', 'soon', 'triage', 'others'] : []);
    const unfiltered = indexOnly.size ? listsOf(() => sql<boolean>`true`) : null;
    const lists1 = scope.coordinatorOfAll
      ? db
          .selectNoFrom(() =>
            names.flatMap((name) => {
              const { q, order, n } = lists[name]!;
              const rows = rowsOf(sql`${q.select(listItemColumns).orderBy(sql.raw(order.sql)).limit(n)}`, order).as(`${name}_rows`);
              if (!indexOnly.has(name)) {
                const counted = q.select(sql<number>`1`.as('one')).orderBy(sql.raw(`complaints.${order.key}`)).limit(cap + 1).as('t');
                return [rows, sql<number>`(select count(*)::int from ${counted})`.as(`${name}_n`)];
              }
              const all = unfiltered![name]!.q;
              const hidden = all
                .where('complaints.respondent_user_id', '=', actor.userId)
                .where((eb) => sql<boolean>`(${visibleTo(scope)(eb)}) is not true`)
                .select(sql<number>`count(*)::int`.as('n'));
              const counted = all.select(sql<number>`1`.as('one')).orderBy(sql.raw(`complaints.${order.key}`)).limit(sql<number>`${cap + 1} + h.n`);
              return [
                rows,
                sql<number>`(select c.n - h.n from (${hidden}) as h cross join lateral (select count(*)::int as n from (${counted}) as t) as c)`.as(`${name}_n`),
              ];
            }),
          )
      : // Need-to-know is an OR (handler, registrar, the regulation's roles) that no single index serves: each list's
        // matches are collected once (a bitmap of the organisation's open or overdue complaints, rechecked row by row), up
        // to cap + 1 in the list's order, materialised; the count counts them and the rows shown are the first of them,
        // read again by id. Separate reads for the rows and the count collected every list's matches twice.
        sql`with ${sql.join(names.map((name) => sql`${sql.id(`m_${name}`)} as materialized ${firstOfAll(branches.length && BY_BRANCHES.has(name) ? branches.map((b) => b[name]!) : [lists[name]!], lists[name]!.order, cap)}`))} select ${sql.join(
          names.map((name) => {
            const { order, n } = lists[name]!;
            const m = sql.id(`m_${name}`);
            const shown = db
              .selectFrom('complaints')
              .select(listItemColumns)
              .where('complaints.organisation_id', '=', actor.organisationId)
              .where(sql<boolean>`complaints.id in (select m.id from ${m} m order by ${inOrder(order, 'm')} limit ${n})`);
            return sql`${rowsOf(sql`${shown}`, order)} as ${sql.id(`${name}_rows`)}, (select count(*)::int from ${m}) as ${sql.id(`${name}_n`)}`;
          }),
        )}`;
    // The start page shows references and subjects: who saw which complaint is recorded as for the list (ADR 0028), once per
    // complaint, user and day. On a PostgreSQL server in the lists' own statement (issue 13, session 7: the insert was a
    // round trip of its own after them): a data-modifying CTE over the rows shown; ON CONFLICT DO NOTHING also skips a
    // complaint shown in two lists (the same key twice in one insert). On PGlite (no round trip to save) the page's CPU
    // rose by a third with it (in-process, 40 requests: 52 -> 85 ms for the klachtenfunctionaris): an insert of its own.
    const together = !isEmbedded(db) && actor.userId;
    const compiled = together
      ? sql`with lists as (${lists1}), seen as (
          insert into complaint_list_reads (organisation_id, complaint_id, user_id, day)
          select ${actor.organisationId}::uuid, (shown.item->>'id')::uuid, ${actor.userId}::uuid, ${day}::date
          from lists
          cross join lateral (values ${sql.join(names.map((name) => sql`(lists.${sql.id(`${name}_rows`)})`))}) as v(rows)
          cross join lateral json_array_elements(v.rows) as shown(item)
          on conflict do nothing)
        select ${sql.join(names.flatMap((name) => [sql.id('lists', `${name}_rows`), sql.id('lists', `${name}_n`)]))} from lists`.compile(db)
      : sql`${lists1}`.compile(db);
    // On a PostgreSQL server with its values in its text, named from its second use on a connection (src/db/prepared.ts,
    // ADR 0028 addendum 19): planning it took as long as running it (~17 ms against ~13 ms at a million complaints), and
    // a generic plan for parameters, not knowing the organisation, expected a few of its complaints and sorted them all
    // (~100 ms). The statement holds only what its key holds, so its one plan serves the user's visits of the day.
    return { compiled: isEmbedded(db) ? compiled : withValuesInlined(compiled), names, together: Boolean(together) };
  });
  // Every complaint of the organisation is visible to the klachtenfunctionaris but for the row-level-security predicate,
  // which has no statistics: as in the complaint list (ADR 0028), reading the lists' indexes in order is made the plan
  // (measured at a million complaints: the counts took a bitmap of every open complaint and sorted it).
  const { rows } = scope.coordinatorOfAll ? await inIndexOrder(db, (tx) => tx.executeQuery(compiled)) : await db.executeQuery(compiled);
  const row = rows[0] as Record<string, unknown>;
  const found = LIST_NAMES.map((name): Worklist | null => {
    if (!names.includes(name)) return null;
    const n = Number(row[`${name}_n`]);
    return { items: (row[`${name}_rows`] as ListRow[]).map(toListItem), ...(n > cap ? { total: cap, capped: true } : { total: n, capped: false }) };
  });
  const [mine = null, overdue = null, soon = null, triage = null, others = null] = found;
  const result = { mine, overdue, soon, triage, others };
  if (!together) await recordListRead(db, actor, [...new Set(Object.values(result).flatMap((l) => l?.items.map((i) => i.id) ?? []))], day);
  return result;
}

/** The lists in the order of StartWorklists (the order `listsOf` gives them). */
const LIST_NAMES: (keyof StartWorklists)[] = ['mine', 'overdue', 'soon', 'triage', 'others'];

/**
 * The work lists' statements by key: a bounded cache, the oldest key dropped first. Compiling applies the Kysely's
 * plugins (the application has none; a test's or a bench's capturing Kysely has one): one cache per database (its
 * adapter) or per last plugin. A transaction carries its Kysely's adapter and plugins, so the page's transaction on
 * PGlite reuses the statement too.
 */
const statements = new WeakMap<object, Map<string, { compiled: CompiledQuery; names: (keyof StartWorklists)[]; together: boolean }>>();
const STATEMENTS_KEPT = 500;

function compiledFor(db: Kysely<DB>, key: string, build: () => { compiled: CompiledQuery; names: (keyof StartWorklists)[]; together: boolean }) {
  const executor = db.getExecutor();
  const owner = executor.plugins.at(-1) ?? executor.adapter;
  let byKey = statements.get(owner);
  if (!byKey) statements.set(owner, (byKey = new Map()));
  let done = byKey.get(key);
  if (!done) {
    done = build();
    if (byKey.size >= STATEMENTS_KEPT) byKey.delete(byKey.keys().next().value!);
    byKey.set(key, done);
  }
  return done;
}

/** The ids and order keys of a list's first cap + 1 matches, in the list's order. */
function firstOf({ q, order }: { q: Query; order: { sql: string } }, cap: number) {
  return q.select(['complaints.id', 'complaints.next_due', 'complaints.received_on', 'complaints.reference']).orderBy(sql.raw(order.sql)).limit(cap + 1);
}

/**
 * The first cap + 1 of the union of the branches' matches, in the list's order: each branch's first cap + 1, then
 * merged (UNION drops a complaint found by two branches: the same id carries the same order keys).
 */
function firstOfAll(branches: { q: Query; order: { sql: string } }[], order: { sql: string }, cap: number) {
  if (branches.length === 1) return firstOf(branches[0]!, cap);
  const union = sql.join(branches.map((b) => sql`${firstOf(b, cap)}`), sql` union `);
  return sql`(select u.* from (${union}) as u order by ${sql.raw(order.sql.replaceAll('complaints.', 'u.'))} limit ${cap + 1})`;
}

/** A list row as the JSON array of the one statement carries it (the columns of listItemColumns). */
type ListRow = Parameters<typeof toListItem>[0];
