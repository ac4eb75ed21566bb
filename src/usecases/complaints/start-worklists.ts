import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../../db/types.ts';
import { hasRole, type Actor } from '../actor.ts';
import { complaintScope, visibleTo, type ComplaintScope } from './access.ts';
import { today } from './dossier.ts';
import { listItemColumns, recordListRead, toListItem, type ComplaintListItem } from './list-complaints.ts';

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

/**
 * The complaints the actor may see in their organisation. No join: what a row shows beside them (the unit's and the
 * handler's names) is looked up per row shown (listItemColumns). An inner join with units made the planner start from
 * the organisation's few units and read every complaint of each (EXPLAIN at a million complaints: 130-350 ms per
 * list); a join with users read every user of the organisation for each list.
 */
function visible(db: Kysely<DB>, organisationId: string, scope: ComplaintScope) {
  return db.selectFrom('complaints').where('complaints.organisation_id', '=', organisationId).where(visibleTo(scope));
}
type Query = ReturnType<typeof visible>;

export async function startWorklists(db: Kysely<DB>, actor: Actor, opts: { soonDays: number; limit?: number; now?: Date; cap?: number }): Promise<StartWorklists> {
  const none: StartWorklists = { mine: null, overdue: null, soon: null, triage: null, others: null };
  if (!hasRole(actor, 'coordinator', 'handler', 'intake')) return none;
  const coordinator = hasRole(actor, 'coordinator');
  const handler = hasRole(actor, 'handler', 'coordinator');
  const limit = opts.limit ?? 10;
  const cap = opts.cap ?? COUNT_CAP;
  const day = today(opts.now);
  const scope = await complaintScope(db, actor, opts.now);
  const byDue = sql`complaints.next_due asc nulls last, complaints.received_on desc, complaints.reference desc, complaints.id`;
  const byReceived = sql`complaints.received_on desc, complaints.reference desc, complaints.id`;
  // The counts in the order of the lists' partial indexes' own key (T1810), so a count is an index range that stops at
  // cap + 1; the complete order would make the planner prefer collecting and sorting every match.
  const dueKey = sql`complaints.next_due`;
  const receivedKey = sql`complaints.received_on desc`;
  const build = (ex: Kysely<DB>) => {
    const base = () => visible(ex, actor.organisationId, scope);
    const open = () => base().where('complaints.status', 'in', OPEN);
    return {
      mine: handler ? open().where('complaints.handler_user_id', '=', actor.userId) : open(),
      overdue: open().where('complaints.next_due', '<', day),
      soon: open().where('complaints.next_due', '>=', day).where('complaints.next_due', '<=', sql<string>`(${day}::date + ${opts.soonDays}::int)`),
      triage: coordinator ? base().where('complaints.status', '=', 'new').where('complaints.kind', '=', 'complaint') : null,
      // Onvrede, suggesties and "geen klacht" run no procedure, but the coordinator looks at them (analysis, 004 §5).
      others: coordinator ? base().where('complaints.kind', '!=', 'complaint') : null,
    } satisfies Record<keyof StartWorklists, Query | null>;
  };
  const run = async (ex: Kysely<DB>, q: Query | null, order: typeof byDue, countOrder: typeof byDue, n: number): Promise<Worklist | null> => {
    if (!q) return null;
    const rows = await itemsOf(q, order, n);
    return { items: rows, ...(await boundedCount(ex, q, countOrder, cap)) };
  };
  const all = (ex: Kysely<DB>, lists: ReturnType<typeof build>) =>
    [
      () => run(ex, lists.mine, byDue, dueKey, limit),
      () => run(ex, lists.overdue, byDue, dueKey, limit),
      () => run(ex, lists.soon, byDue, dueKey, limit),
      () => run(ex, lists.triage, byDue, dueKey, limit),
      () => run(ex, lists.others, byReceived, receivedKey, 5),
    ] as const;
  let found: (Worklist | null)[];
  if (scope.coordinatorOfAll) {
    // Every complaint of the organisation is visible but for the row-level-security predicate, which has no statistics:
    // as in the complaint list (ADR 0028), reading the lists' indexes in order is made the plan, in one transaction
    // (measured at a million complaints: the counts took a bitmap of every open complaint and sorted it).
    found = await db.transaction().execute(async (tx) => {
      await sql`set local enable_sort = off`.execute(tx);
      await sql`set local enable_bitmapscan = off`.execute(tx);
      const out: (Worklist | null)[] = [];
      for (const f of all(tx, build(tx))) out.push(await f());
      return out;
    });
  } else {
    found = await Promise.all(all(db, build(db)).map((f) => f()));
  }
  const [mine = null, overdue = null, soon = null, triage = null, others = null] = found;
  const result = { mine, overdue, soon, triage, others };
  // The start page shows references and subjects: who saw which complaint is recorded as for the list (ADR 0028), once per
  // complaint, user and day, in one statement.
  const ids = [...new Set(Object.values(result).flatMap((l) => l?.items.map((i) => i.id) ?? []))];
  await recordListRead(db, actor, ids, day);
  return result;
}

/**
 * The number of rows of `q`, counted up to cap + 1 (the database stops reading there). In the list's order, so the
 * count reads the list's index range: without an order the planner took a (parallel) scan of the whole table, expecting
 * the organisation's rows spread evenly over it (issue 13).
 */
async function boundedCount(db: Kysely<DB>, q: Query, order: ReturnType<typeof sql>, cap: number): Promise<{ total: number; capped: boolean }> {
  const row = await db
    .selectFrom(q.select(sql<number>`1`.as('one')).orderBy(order).limit(cap + 1).as('t'))
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const n = Number(row.n);
  return n > cap ? { total: cap, capped: true } : { total: n, capped: false };
}

async function itemsOf(q: Query, order: ReturnType<typeof sql>, limit: number): Promise<ComplaintListItem[]> {
  const rows = await q.select(listItemColumns).orderBy(order).limit(limit).execute();
  return rows.map(toListItem);
}
