import type { CompiledQuery, Kysely } from 'kysely';
import { sql, type Expression, type IdentifierNode, type RawBuilder } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/types.ts';
import { isEmbedded } from '../../db/database.ts';
import { DEADLINE_KEYS, DEADLINE_LABELS, type DeadlineKey } from '../../domain/workflow/index.ts';
import { AppError } from '../../shared/errors.ts';
import { isoDateSchema, parseInput, storableText } from '../../shared/validation.ts';
import { addressSql, personTextSql, phoneSql } from '../../db/migrations/2026-12-02T1840-list-indexes.ts';
import { CATEGORY_VALUES_SQL, GAPS_SQL } from '../../db/migrations/2026-12-02T1900-list-indexes-per-organisation.ts';
import { DUE_DESC_SQL, DUE_SQL } from '../../db/migrations/2026-12-02T1920-due-order-leakproof.ts';
import { subtreeOf, type Actor } from '../actor.ts';
import { complaintScope, visibleTo, type ComplaintScope } from './access.ts';
import { today } from './dossier.ts';

/** Columns the list can be sorted on; each also descending with a `-` in front. */
export const SORT_COLUMNS = ['received', 'due', 'reference', 'status'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];
export const SORTS = ['received', '-received', 'due', '-due', 'reference', '-reference', 'status', '-status'] as const;
export type Sort = (typeof SORTS)[number];

/** Filters of the complaint list (pages and API alike). */
export const listFiltersSchema = z.object({
  unitId: z.uuid({ error: 'Kies een bestaande eenheid.' }).optional(),
  status: z.enum(['new', 'in_progress', 'suspended', 'decided', 'closed', 'inadmissible', 'withdrawn', 'open'], { error: 'Kies een bestaande status.' }).optional(),
  /** `other`: every registration that is not a complaint (onvrede, suggestie, geen klacht). */
  kind: z.enum(['complaint', 'dissatisfaction', 'suggestion', 'not_a_complaint', 'other'], { error: 'Kies een bestaande soort.' }).optional(),
  category: z.string().regex(/^[a-z][a-z0-9_]*$/, { error: 'Kies een bestaande categorie.' }).optional(),
  channel: z.enum(['web_form', 'letter', 'email', 'phone', 'in_person', 'social_media'], { error: 'Kies een bestaand kanaal.' }).optional(),
  handlerUserId: z.uuid({ error: 'Kies een bestaande behandelaar.' }).optional(),
  /** A running clock is past its due date (suspended complaints never are: their clock stands still). */
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  /** The decision was taken after its due date ("te laat afgehandeld"), also after closing. */
  decidedLate: z.enum(['true', 'false'], { error: 'Kies ja of nee.' }).transform((v) => v === 'true').optional(),
  /** Registrations that miss fields the regulation lists (003 bijlage 2). */
  incomplete: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  /** Complaints whose complainant answered "Weet ik niet" to the unit question and that wait for a unit (triage). */
  unitUnknown: z.enum(['true', 'false'], { error: 'Kies ja of nee.' }).transform((v) => v === 'true').optional(),
  dueWithinDays: z.coerce.number({ error: 'Geef een aantal dagen.' }).int().min(0).max(365).optional(),
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
  q: z.string().trim().max(200, { error: 'De zoekterm mag hoogstens 200 tekens lang zijn.' }).transform(storableText).optional(),
  /** Sort order: a column, `-` in front for descending. Default: the first running due date first. */
  sort: z.enum(SORTS, { error: 'Kies een bestaande sortering.' }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Deprecated (ADR 0028): for old API clients only, at most 10,000; page with `cursor` instead. */
  offset: z.coerce.number().int().min(0).max(10_000, { error: 'Blader met de knoppen Volgende en Vorige.' }).default(0),
  /** The keyset cursor of a page (`nextCursor`/`prevCursor` of the page before), opaque. */
  cursor: z.string().max(2000).optional(),
});
export type ListFilters = z.output<typeof listFiltersSchema>;

export interface ComplaintListItem {
  id: string;
  reference: string;
  kind: string;
  status: string;
  channel: string;
  receivedOn: string;
  subject: string | null;
  unitId: string;
  unitName: string;
  /** "Weet ik niet" on the public form: waiting at the triage unit until staff set the unit. */
  unitUnknown: boolean;
  handlerUserId: string | null;
  handlerName: string | null;
  /** The due date of the clock that is running now and comes first (null: none runs, e.g. suspended or ended). */
  nextDue: string | null;
  /** Which clock `nextDue` is (`decision`, `acknowledgement`, …) and its Dutch name ("Beslissing"). */
  nextDueKey: string | null;
  nextDueLabel: string | null;
  /** The decision was taken after its due date. */
  decidedLate: boolean;
  decisionDue: string | null;
  deadlines: Record<string, string>;
  /** Registration fields the regulation lists that were left empty (003 bijlage 2). */
  registrationGaps: string[];
}

/** The count the list says: exact up to COUNT_CAP, above it "meer dan 1.000" (ADR 0028: no exact count per view). */
export const COUNT_CAP = 1000;

export interface ListResult {
  items: ComplaintListItem[];
  /** How many complaints match, counted up to COUNT_CAP + 1: exact when `totalExact`, otherwise "more than COUNT_CAP". */
  total: number;
  totalExact: boolean;
  /** Opaque keyset cursors of the next and the previous page (null: none). */
  nextCursor: string | null;
  prevCursor: string | null;
  filters: ListFilters;
}

/**
 * The complaints the actor may see, filtered and sorted, one page by keyset (`cursor`) or, for old API clients, by a
 * small `offset`; Dutch full-text search over reference, subject and description, and the person fields by trigram.
 * The count stops at COUNT_CAP + 1. Each complaint shown is recorded once per user and day (the list read audit).
 */
export async function listComplaints(db: Kysely<DB>, actor: Actor, rawFilters: unknown, now = new Date()): Promise<ListResult> {
  const f = parseInput(listFiltersSchema, rawFilters ?? {});
  const sort = f.sort ?? 'due';
  const cursor = f.cursor ? decodeCursor(f.cursor, sort) : null;
  const day = today(now);
  // The scope, the unit filter's units and the employees a search term names do not depend on each other: read side by
  // side (on a PostgreSQL server on pooled connections of their own; issue 13: the respondents' look-up waited for the
  // scope). A werkmaatschappij includes its afdelingen and teams: the filter covers the unit and every unit below it.
  const [scope, unitIds, respondentIds] = await Promise.all([
    complaintScope(db, actor),
    f.unitId ? unitWithDescendants(db, actor.organisationId, f.unitId) : null,
    f.q ? respondentsNamed(db, actor.organisationId, f.q) : [],
  ]);
  // No join: the unit's and handler's names are looked up per row shown (listItemColumns). An inner join with units let
  // the planner start from the organisation's few units and sort every complaint (ADR 0028).
  const visible = onlyVisible(db, actor, scope);
  let q = visible;
  if (unitIds) q = q.where('complaints.unit_id', 'in', unitIds);
  if (f.status === 'open') q = q.where('complaints.status', 'in', ['new', 'in_progress', 'suspended']);
  else if (f.status) q = q.where('complaints.status', '=', f.status);
  if (f.kind === 'other') q = q.where('complaints.kind', '!=', 'complaint');
  else if (f.kind) q = q.where('complaints.kind', '=', f.kind);
  if (f.channel) q = q.where('complaints.channel', '=', f.channel);
  if (f.handlerUserId) q = q.where('complaints.handler_user_id', '=', f.handlerUserId);
  // On the indexed expression (a missing due date is 'infinity'): "not overdue" then includes "no running clock".
  if (f.overdue === true) q = q.where(DUE_ASC, '<', sql<string>`${day}::date`);
  if (f.overdue === false) q = q.where(DUE_ASC, '>=', sql<string>`${day}::date`);
  if (f.decidedLate === true) q = q.where('complaints.decided_late', '=', true);
  if (f.decidedLate === false) q = q.where('complaints.decided_late', '=', false);
  if (f.incomplete !== undefined) {
    // The predicate of the partial index complaints_list_incomplete (migration T1900), character for character.
    const gaps = sql<boolean>`${sql.raw(GAPS_SQL('complaints.'))}`;
    q = q.where(f.incomplete ? gaps : sql<boolean>`not (${gaps})`);
  }
  if (f.unitUnknown === true) q = q.where('complaints.unit_unknown', '=', true);
  if (f.unitUnknown === false) q = q.where('complaints.unit_unknown', '=', false);
  if (f.dueWithinDays !== undefined) q = q.where(DUE_ASC, '<=', sql<string>`(${day}::date + ${f.dueWithinDays}::int)`);
  if (f.from) q = q.where('complaints.received_on', '>=', f.from);
  if (f.to) q = q.where('complaints.received_on', '<=', f.to);
  // Any dimension's values hold the category: the expression of the GIN index complaints_list_category (T1900).
  // A search term and a category are looked up in their GIN indexes first (lookupIds). A complete lookup (fewer than
  // MATCH_CAP ids) replaces the condition by the ids; a dense one (MATCH_CAP ids: more match) keeps the condition, and the
  // list reads its sort's index in order, where matches are frequent; its ids still bound the count from below.
  // On both databases: on PGlite the lookup was dearer than filtering every row only while the GIN indexes carried a
  // pending list, which PGlite (no autovacuum) never emptied (migration T1950, ADR 0028 addendum 7).
  // A dense lookup proves "more than COUNT_CAP" on its own when the list has no condition but it (one lookup, no other
  // filter: `q` is still need-to-know's builder, which every `where` replaces, so a filter added later counts too) and
  // the actor is the klachtenfunctionaris (issue 13, session 13). Its ids are the organisation's (the lookup applies the
  // organisation and the policy), and need-to-know then hides only the complaints about the actor under the
  // independence rule (`visibleTo` for `coordinatorOfAll`): fewer than `cap - COUNT_CAP` of those (the respondent's
  // index, two buffers) leave more than COUNT_CAP of the `cap` matches visible, so counting them by tuple id (1,001 rows
  // read, a fifth of a common word's search) cannot change the answer. Such a lookup stops at PROVING_CAP matches, not
  // MATCH_CAP (which leaves room for filters that drop some of them): a third fewer rows read and rechecked.
  const proving = scope.coordinatorOfAll && Boolean(f.category) !== Boolean(f.q) && q === visible;
  const cap = proving ? PROVING_CAP : MATCH_CAP;
  const provesMore = proving
    ? sql<boolean>`(select count(*) from (${db
        .selectFrom('complaints')
        .where('complaints.organisation_id', '=', actor.organisationId)
        .where('complaints.respondent_user_id', '=', actor.userId)
        .where((eb) => sql<boolean>`(${visibleTo(scope)(eb)}) is not true`)
        .select(sql<number>`1`.as('one'))
        .limit(cap - COUNT_CAP)}) as h) < ${cap - COUNT_CAP}`
    : null;
  const categoryArms = f.category ? [sql`klachtwijs_match_category(${actor.organisationId}::uuid, jsonb_build_array(${f.category}::text), ${cap}::int)`] : null;
  const searchArms = f.q ? searchLookups(actor.organisationId, f.q, cap) : null;
  const respondents = respondentIds.length ? [sql<boolean>`complaints.respondent_user_id in (${sql.join(respondentIds)})`] : [];
  /** The query with the looked-up conditions (`category`, `search`: the ids; null: the condition itself, as a filter). */
  const withLookups = (base: typeof q, category: RawBuilder<boolean> | null, search: RawBuilder<boolean> | null) => {
    let out = base;
    if (category) out = out.where(category);
    else if (f.category) out = out.where(sql<boolean>`${sql.raw(CATEGORY_VALUES_SQL('complaints.'))} @> jsonb_build_array(${f.category}::text)`);
    if (f.q) {
      const term = f.q;
      out = out.where((eb) => eb.or(search ? [search, ...respondents] : searchConditions(term, respondentIds)));
    }
    return out;
  };
  const unlooked = q;
  const keys = SORT_KEYS[sort];
  const backwards = cursor?.direction === 'before';
  // The sort's keys as text, `k0`, `k1`, …: the cursors are made from them.
  const keyCols = keys.map((k, i) => sql<string>`(${sql.raw(k.expr)})::text`.as(`k${i}`));
  /** The list's rows ordered by the sort's keys, `o0`, `o1`, … (a page read from a CTE of matches, `p`, by id). */
  const pageOf = (matches: RawBuilder<{ id: string; t: string }>) =>
    db
      .selectFrom(matches.as('p'))
      .innerJoin('complaints', (j) => j.on(sql<boolean>`complaints.ctid = p.t`))
      .select([...listItemColumns, ...keyCols, ...keys.map((_, i) => sql.ref(`p.o${i}`).as(`o${i}`))])
      .where('complaints.organisation_id', '=', actor.organisationId)
      .orderBy(sql.raw(orderSql(keys, 'p.o', backwards)));
  // The lookups and the count of the list by their ids in ONE statement (issue 13: they were two or three): a complete
  // lookup's count is the list's count; a dense lookup's is a lower bound (its MATCH_CAP ids are a subset of the matches,
  // so when COUNT_CAP + 1 of them pass every filter, so many match; otherwise the count below decides). When every
  // lookup is complete, the same statement also reads the page: the matches (at most MATCH_CAP - 1, read by id once, with
  // every filter and need-to-know) are a CTE that gives the count and the page's ids in the sort's order; the page's rows
  // are those ids read again (issue 13: the page read every match by id a second time, in a statement of its own).
  const matchKeys = keys.map((k, i) => ({ ...k, expr: `m.o${i}` }));
  // Columns by name, not `*`: a statement whose result has a `*` from a table is never named (src/db/prepared.ts), so
  // the lookup and the page would be planned at every call (issue 13, lane pages12).
  const matchedColumns = sql.raw(['m.id', 'm.t', ...keys.map((_, i) => `m.o${i}`)].join(', '));
  const pageColumns = [...LIST_ITEM_NAMES, ...keys.map((_, i) => `k${i}`)];
  const looked =
    categoryArms || searchArms
      ? await lookupAndCount(db, cap, categoryArms, searchArms, respondents.length === 0, provesMore, (category, search, complete) => ({
          counted: withLookups(unlooked, category, search).select(sql<number>`1`.as('one')).limit(COUNT_CAP + 1),
          matched: withLookups(unlooked, category, search)
            .where(complete)
            .select(['complaints.id', sql<string>`complaints.ctid`.as('t'), ...keys.map((k, i) => sql`${sql.raw(k.expr)}`.as(`o${i}`))]),
          page: pageOf(
            sql<{ id: string; t: string }>`(select ${matchedColumns} from looked_matched m${cursor ? sql` where ${keysetCondition(matchKeys, cursor.values, cursor.direction)}` : sql``} order by ${sql.raw(orderSql(keys, 'm.o', backwards))} limit ${f.limit + 1}${!cursor && f.offset ? sql` offset ${f.offset}` : sql``})`,
          ),
          pageOrder: orderSql(keys, 'page.o', backwards),
          pageColumns: [...pageColumns, ...keys.map((_, i) => `o${i}`)],
        }))
      : null;
  const categoryIds = looked?.category ?? null;
  const searchIds = looked?.search ?? null;
  const anyDense = categoryIds === DENSE || searchIds === DENSE;
  q = withLookups(unlooked, Array.isArray(categoryIds) ? idIn(categoryIds) : null, Array.isArray(searchIds) ? idIn(searchIds) : null);

  let page = q.select([...listItemColumns, ...keyCols]);
  if (cursor) page = page.where(keysetCondition(keys, cursor.values, cursor.direction));
  page = page.orderBy(sql.raw(orderSql(keys, null, backwards)));
  page = page.limit(f.limit + 1);
  if (!cursor && f.offset) page = page.offset(f.offset);
  // The row-level-security predicate (ADR 0024) has no statistics: the planner guesses it keeps ~1 % of the rows and
  // then prefers collecting every visible complaint and sorting it over reading the sort's index in order until the
  // page is full. Without a search term, and for a dense one, the index order is the better plan (ADR 0028), so sorting
  // is made the last resort for this one statement (a term or category matched by few came with its lookup, above).
  // The capped count likewise reads an index range (1,001 entries) instead of a bitmap of every visible complaint.
  const compiled = page.compile();
  type PageRow = typeof compiled extends CompiledQuery<infer R> ? R : never;
  // The count stops at COUNT_CAP + 1, in no order: any index that holds the filter's rows will do (the unit's, the
  // status's, the partial index of the other kinds), so it is counted where the rows are dense. Without an order the
  // planner took a (parallel) scan of the whole table, expecting the organisation's rows spread evenly (issue 13:
  // 40-2,000 ms at a million complaints), so the count runs with sequential scans off (`count` below); ordering it by
  // the page's keys read the page's index instead, which for a filter is a long read past non-matching rows.
  const counted = q.select(sql<number>`1`.as('one'));
  const countOf = db.selectFrom(counted.limit(COUNT_CAP + 1).as('c')).select((eb) => eb.fn.countAll<number>().as('n'));
  const countQuery = countOf.compile();
  // Looked up: counted by the ids already (exact for a complete lookup; a lower bound for a dense one).
  const counting = !(looked && (!anyDense || looked.n > COUNT_CAP));
  const count = async (tx: Kysely<DB>) => {
    if (!counting) return looked!.n;
    await sql`select set_config('enable_seqscan', 'off', true)`.execute(tx);
    return Number((await tx.executeQuery(countQuery)).rows[0]?.n ?? 0);
  };
  // PGlite, a dense search term whose looked-up ids do not decide the count (at most COUNT_CAP of them pass the
  // filters): the first page's rows and its count from one read of the first COUNT_CAP + 1 matches in the sort's order
  // (a materialised CTE), not a read for the page and another for the count (ADR 0028, addenda 5 and 7).
  const collectOnce = isEmbedded(db) && Boolean(f.q) && (!searchIds || (searchIds === DENSE && looked!.n <= COUNT_CAP)) && !cursor && !f.offset;
  const collected = collectOnce
    ? sql`with m as materialized (${q
        .select(['complaints.id', ...keys.map((k, i) => sql`${sql.raw(k.expr)}`.as(`o${i}`))])
        .orderBy(sql.raw(orderSql(keys)))
        .limit(COUNT_CAP + 1)})
      ${db
        .selectFrom(sql<{ id: string }>`(select m.* from m order by ${sql.raw(orderSql(keys, 'm.o'))} limit ${f.limit + 1})`.as('p'))
        .innerJoin('complaints', 'complaints.id', 'p.id')
        .select([...listItemColumns, ...keyCols, sql<number>`(select count(*)::int from m)`.as('n')])
        .where('complaints.organisation_id', '=', actor.organisationId)
        .orderBy(sql.raw(orderSql(keys, 'p.o')))}`.compile(db)
    : null;
  // On a PostgreSQL server the page, its count and the list read audit are ONE statement (issue 13: they were three,
  // and a fourth turned sequential scans off for the count): the count is an uncorrelated subquery, evaluated once,
  // and the audit a data-modifying CTE over the page's first `limit` rows (the extra row that tells whether there is a
  // next page is not shown, so not recorded). The rows come out of the materialised CTE in the page's order (a CTE
  // scan reads its rows in the order they were stored). Sequential scans are off for the whole statement (`begin`,
  // inIndexOrder): the count needs it (above); the page reads an index in order anyway (sorting is the last resort).
  // On PGlite (no round trip to save) the statements stay apart, as for the start page.
  // Its result is `p.*` on purpose, which keeps it unnamed (src/db/prepared.ts), planned for its values at every call: named,
  // PostgreSQL chose generic plans for some filters that were 5-7 times slower at a million complaints (p95 67-81 ms
  // instead of 16-22 for decidedLate, 105-111 instead of 11-14 for unitUnknown; the same code with plan_cache_mode =
  // force_custom_plan 17 and 12 ms; bench/README.md, session 12). Planning it costs ~1.5 ms.
  const together = !isEmbedded(db) && !collected;
  const withCount = together && counting ? page.select(sql<number>`(${countOf})`.as('n')) : page;
  const pageAudited = together
    ? (actor.userId
        ? sql`with p as materialized (${withCount}), seen as (
            insert into complaint_list_reads (organisation_id, complaint_id, user_id, day)
            select ${actor.organisationId}::uuid, s.id, ${actor.userId}::uuid, ${day}::date from (select p.id from p limit ${f.limit}) as s
            on conflict do nothing)
          select * from p`
        : sql`${withCount}`
      ).compile(db)
    : null;
  const run = async (tx: Kysely<DB>) => {
    if (pageAudited) {
      const rows = (await tx.executeQuery(pageAudited)).rows as (PageRow & { n?: number })[];
      const firstFull = !cursor && !f.offset && rows.length <= f.limit;
      // An empty page after a cursor carries no count: counted on its own.
      const n = firstFull ? rows.length : counting && rows.length ? Number(rows[0]!.n) : await count(tx);
      return { rows: rows as PageRow[], n };
    }
    if (collected) {
      const rows = (await tx.executeQuery(collected)).rows as (PageRow & { n: number })[];
      return { rows: rows as PageRow[], n: Number(rows[0]?.n ?? 0) };
    }
    const rows = (await tx.executeQuery(compiled)).rows;
    const firstFull = !cursor && !f.offset && rows.length <= f.limit;
    const n = firstFull ? rows.length : await count(tx);
    return { rows, n };
  };
  // Every lookup complete: the page came with the lookup (above).
  const { rows: fetched, n: total } = looked?.page ? { rows: looked.page as PageRow[], n: looked.n } : await inIndexOrder(db, run, { seqscan: !together });
  const more = fetched.length > f.limit;
  const rows = fetched.slice(0, f.limit);
  if (backwards) rows.reverse();
  const keyOf = (r: (typeof rows)[number]) => keys.map((_, i) => (r as unknown as Record<string, string>)[`k${i}`]!);
  const first = rows[0];
  const last = rows.at(-1);
  const nextCursor = last && (backwards || more) ? encodeCursor(sort, 'after', keyOf(last)) : null;
  const prevCursor = first && (backwards ? more : cursor !== null || f.offset > 0) ? encodeCursor(sort, 'before', keyOf(first)) : null;

  // No exact count of every visible complaint on every view (ADR 0028): a first page that is not full is its own
  // count; otherwise `total` counted up to COUNT_CAP + 1 rows (above).
  if (!together || looked?.page) await recordListRead(db, actor, rows.map((r) => r.id), day);
  return {
    total: Math.min(total, COUNT_CAP + 1),
    totalExact: total <= COUNT_CAP,
    nextCursor,
    prevCursor,
    filters: f,
    items: rows.map(toListItem),
  };
}

const INDEX_ORDER_SQL = `select set_config('enable_sort', 'off', true), set_config('enable_bitmapscan', 'off', true)`;
/** The same, and sequential scans the last resort too (the complaint list's count on a PostgreSQL server, below). */
const NO_SEQSCAN_SQL = `${INDEX_ORDER_SQL}, set_config('enable_seqscan', 'off', true)`;
const indexOrderSettings = (tx: Kysely<DB>) => sql.raw(INDEX_ORDER_SQL).execute(tx);

/**
 * Runs `fn` in a transaction in which the planner reads an index in order rather than collecting rows and sorting them:
 * sorting and bitmap scans become the last resort (not forbidden), for this transaction only (`set_config(…, true)`
 * is `set local`), in one statement. The row-level-security predicate has no statistics (ADR 0024): the planner guesses
 * it keeps ~1 % of the rows and then prefers a bitmap of every visible complaint, sorted, to reading the list's index
 * until the page is full (ADR 0028). The complaint list and the start page's work lists (start-worklists.ts).
 */
export function inIndexOrder<T>(db: Kysely<DB>, fn: (tx: Kysely<DB>) => Promise<T>, opts: { seqscan?: boolean } = {}): Promise<T> {
  if (db.isTransaction) return inIndexOrderWithin(db, fn, opts.seqscan === false);
  if (!isEmbedded(db)) return inIndexOrderOnServer(db, fn, opts.seqscan === false ? NO_SEQSCAN_SQL : INDEX_ORDER_SQL);
  return db.transaction().execute(async (tx) => {
    await indexOrderSettings(tx);
    return fn(tx);
  });
}

/**
 * inIndexOrder on a PostgreSQL server: BEGIN and the settings in one round trip (issue 13: a statement fewer for the
 * start page and every list page), a query without parameters, which pg sends by the simple protocol, where one query
 * may hold several statements. `fn` gets the connection, inside that transaction: it must not begin one of its own.
 */
async function inIndexOrderOnServer<T>(db: Kysely<DB>, fn: (tx: Kysely<DB>) => Promise<T>, settings: string): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql.raw(`begin; ${settings}`).execute(conn);
    let result: T;
    try {
      result = await fn(conn);
    } catch (err) {
      await sql`rollback`.execute(conn);
      throw err;
    }
    await sql`commit`.execute(conn);
    return result;
  });
}

/**
 * inIndexOrder inside the caller's transaction (a read-only page on PGlite, read-memo.ts): the settings for `fn` only.
 * The values before are read in the statement that sets them (the subquery, kept apart by `offset 0`, is read first)
 * and put back when `fn` succeeded: reading `pg_settings` builds every setting of the server (~1 ms on PGlite, issue 13).
 * `enable_seqscan` too, which the list's count turns off. When `fn` fails, its error is thrown as it is: the caller's
 * transaction is aborted then (no statement would run) and rolls back, settings and all.
 */
async function inIndexOrderWithin<T>(tx: Kysely<DB>, fn: (tx: Kysely<DB>) => Promise<T>, noSeqscan: boolean): Promise<T> {
  const { rows } = await sql<{ sort: string; bitmap: string; seqscan: string }>`
    select b.sort, b.bitmap, b.seqscan, set_config('enable_sort', 'off', true), set_config('enable_bitmapscan', 'off', true)${noSeqscan ? sql`, set_config('enable_seqscan', 'off', true)` : sql``}
    from (select current_setting('enable_sort') as sort, current_setting('enable_bitmapscan') as bitmap,
                 current_setting('enable_seqscan') as seqscan offset 0) as b`.execute(tx);
  const before = rows[0]!;
  const result = await fn(tx);
  await sql`select set_config('enable_sort', ${before.sort}, true), set_config('enable_bitmapscan', ${before.bitmap}, true),
    set_config('enable_seqscan', ${before.seqscan}, true)`.execute(tx);
  return result;
}

/**
 * What a list row shows, selected from `complaints`: the complaint list and the start page's work lists
 * (start-worklists.ts) alike. The unit's and the handler's names by a subquery per row shown, not a join (issue 13):
 * a join made the planner read every user of the organisation (thousands: the complainants' accounts too) for each
 * list, and sorting or limiting happens before the names are looked up.
 */
export const listItemColumns = [
  'complaints.id',
  'complaints.reference',
  'complaints.kind',
  'complaints.status',
  'complaints.channel',
  'complaints.received_on',
  'complaints.subject',
  'complaints.unit_id',
  sql<string | null>`(select u.name from units u where u.id = complaints.unit_id)`.as('unit_name'),
  'complaints.unit_unknown',
  'complaints.handler_user_id',
  sql<string | null>`(select h.name from users h where h.id = complaints.handler_user_id)`.as('handler_name'),
  'complaints.next_due',
  'complaints.next_due_key',
  'complaints.next_due_label',
  'complaints.decided_late',
  'complaints.decision_due',
  'complaints.deadlines',
  // Of the registration details only the gaps a row shows (issue 13: the whole JSON was sent and parsed per row).
  sql<unknown>`complaints.details->'registrationGaps'`.as('registration_gaps'),
] as const;

/** The names of listItemColumns' result columns, in order (a statement that selects them again names them, not `*`). */
export const LIST_ITEM_NAMES: readonly string[] = listItemColumns.map((c) => (typeof c === 'string' ? c.slice(c.lastIndexOf('.') + 1) : (c.toOperationNode().alias as IdentifierNode).name));

/** A row of `listItemColumns` as the list item the pages and the API show. */
export function toListItem(r: {
  id: string;
  reference: string;
  kind: string;
  status: string;
  channel: string;
  received_on: string;
  subject: string | null;
  unit_id: string;
  unit_name: string | null;
  unit_unknown: boolean;
  handler_user_id: string | null;
  handler_name: string | null;
  next_due: string | null;
  next_due_key: string | null;
  next_due_label: string | null;
  decided_late: boolean;
  decision_due: string | null;
  deadlines: Record<string, string>;
  registration_gaps: unknown;
}): ComplaintListItem {
  return {
    id: r.id,
    reference: r.reference,
    kind: r.kind,
    status: r.status,
    channel: r.channel,
    receivedOn: r.received_on,
    subject: r.subject,
    unitId: r.unit_id,
    unitName: r.unit_name ?? '',
    unitUnknown: r.unit_unknown,
    handlerUserId: r.handler_user_id,
    handlerName: r.handler_name,
    nextDue: r.next_due,
    nextDueKey: r.next_due_key,
    nextDueLabel: r.next_due_label ?? (r.next_due_key && isDeadlineKey(r.next_due_key) ? DEADLINE_LABELS[r.next_due_key] : null),
    decidedLate: r.decided_late,
    decisionDue: r.decision_due,
    deadlines: r.deadlines,
    registrationGaps: gapsOf(r.registration_gaps),
  };
}

/**
 * A list shows references and subjects, and a search looks into descriptions: who saw which complaint is recorded
 * (AVG), once per complaint, user and day, in one statement; a second view that day writes nothing (ADR 0028).
 */
export async function recordListRead(db: Kysely<DB>, actor: Actor, ids: string[], day: string): Promise<void> {
  if (!ids.length || !actor.userId) return;
  await sql`
    insert into complaint_list_reads (organisation_id, complaint_id, user_id, day)
    select ${actor.organisationId}::uuid, ids.id::uuid, ${actor.userId}::uuid, ${day}::date
    from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb) as ids(id)
    on conflict do nothing`.execute(db);
}

/**
 * The next due date with "none" last (ascending): the expression the due-ordered indexes hold (migration T1920). LEAST,
 * not COALESCE: under row-level security a COALESCE is never an index condition (it counts as leaky), so "overdue",
 * "due within" and every later page's cursor read the organisation's range from its start.
 */
const DUE_ASC_SQL = DUE_SQL('complaints.');
const DUE_ASC = sql<string>`${sql.raw(DUE_ASC_SQL)}`;
/** The order of the procedure (new → in handling → … → withdrawn), not the alphabet. */
const STATUS_RANK_SQL = `(case complaints.status when 'new' then 0 when 'in_progress' then 1 when 'suspended' then 2 when 'decided' then 3 when 'closed' then 4 when 'inadmissible' then 5 when 'withdrawn' then 6 else 7 end)`;

interface SortKey {
  /** SQL (constants only, no parameters: it must match the index expression). */
  expr: string;
  dir: 'asc' | 'desc';
  /** The SQL type the cursor value is cast to. */
  type: 'date' | 'text' | 'int';
}

/**
 * Each sort's keys, ending in a key that is unique within the organisation (the reference), so a keyset cursor is
 * exact; every sort has its index (migration T1840). `-status` is the exact reverse of `status`.
 */
export const SORT_KEYS: Record<Sort, SortKey[]> = {
  due: [
    { expr: DUE_ASC_SQL, dir: 'asc', type: 'date' },
    { expr: 'complaints.received_on', dir: 'desc', type: 'date' },
    { expr: 'complaints.reference', dir: 'desc', type: 'text' },
  ],
  '-due': [
    { expr: DUE_DESC_SQL('complaints.'), dir: 'desc', type: 'date' },
    { expr: 'complaints.received_on', dir: 'desc', type: 'date' },
    { expr: 'complaints.reference', dir: 'desc', type: 'text' },
  ],
  received: [
    { expr: 'complaints.received_on', dir: 'asc', type: 'date' },
    { expr: 'complaints.reference', dir: 'asc', type: 'text' },
  ],
  '-received': [
    { expr: 'complaints.received_on', dir: 'desc', type: 'date' },
    { expr: 'complaints.reference', dir: 'desc', type: 'text' },
  ],
  reference: [{ expr: 'complaints.reference', dir: 'asc', type: 'text' }],
  '-reference': [{ expr: 'complaints.reference', dir: 'desc', type: 'text' }],
  status: [
    { expr: STATUS_RANK_SQL, dir: 'asc', type: 'int' },
    { expr: DUE_ASC_SQL, dir: 'asc', type: 'date' },
    { expr: 'complaints.reference', dir: 'desc', type: 'text' },
  ],
  '-status': [
    { expr: STATUS_RANK_SQL, dir: 'desc', type: 'int' },
    { expr: DUE_ASC_SQL, dir: 'desc', type: 'date' },
    { expr: 'complaints.reference', dir: 'asc', type: 'text' },
  ],
};

/**
 * The ORDER BY of a sort's keys: on their expressions, or (`column`) on columns named `${column}0`, `${column}1`, … that
 * carry them; `backwards` reverses every key (a page before the cursor).
 */
function orderSql(keys: SortKey[], column: string | null = null, backwards = false): string {
  return keys.map((k, i) => `${column === null ? k.expr : `${column}${i}`} ${(k.dir === 'asc') !== backwards ? 'asc' : 'desc'}`).join(', ');
}

/**
 * Rows after (or before) the cursor's keys in the sort order: (k1 > v1) or (k1 = v1 and k2 < v2) or …, with the first
 * key's bound (k1 >= v1) alone as well, so the index range starts at the cursor.
 */
function keysetCondition(keys: SortKey[], values: string[], direction: 'after' | 'before') {
  const value = (i: number) => sql`${values[i]}::${sql.raw(keys[i]!.type)}`;
  const ors = keys.map((k, i) => {
    const forward = (k.dir === 'asc') === (direction === 'after');
    const eqs = keys.slice(0, i).map((e, j) => sql`${sql.raw(e.expr)} = ${value(j)}`);
    return sql.join([...eqs, sql`${sql.raw(k.expr)} ${sql.raw(forward ? '>' : '<')} ${value(i)}`], sql` and `);
  });
  const firstForward = (keys[0]!.dir === 'asc') === (direction === 'after');
  return sql<boolean>`(${sql.raw(keys[0]!.expr)} ${sql.raw(firstForward ? '>=' : '<=')} ${value(0)} and (${sql.join(
    ors.map((o) => sql`(${o})`),
    sql` or `,
  )}))`;
}

const cursorSchema = z.object({ s: z.enum(SORTS), d: z.enum(['after', 'before']), v: z.array(z.string().max(300)).min(1).max(3) });
export const BAD_CURSOR = 'Deze vervolgpagina bestaat niet meer. Begin opnieuw bij de eerste pagina.';

function encodeCursor(sort: Sort, direction: 'after' | 'before', values: string[]): string {
  return Buffer.from(JSON.stringify({ s: sort, d: direction, v: values })).toString('base64url');
}

/** A cursor made by this list for this sort; anything else is `invalid_cursor` (the client starts again). */
function decodeCursor(raw: string, sort: Sort): { direction: 'after' | 'before'; values: string[] } {
  let parsed: z.infer<typeof cursorSchema> | null;
  try {
    const r = cursorSchema.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
    parsed = r.success ? r.data : null;
  } catch {
    parsed = null;
  }
  const keys = SORT_KEYS[sort];
  if (!parsed || parsed.s !== sort || parsed.v.length !== keys.length || !parsed.v.every((v, i) => validKeyValue(keys[i]!.type, v))) {
    throw new AppError('invalid_cursor', BAD_CURSOR, [{ field: 'cursor', message: BAD_CURSOR }]);
  }
  return { direction: parsed.d, values: parsed.v };
}

function validKeyValue(type: SortKey['type'], v: string): boolean {
  if (type === 'int') return /^-?\d{1,9}$/.test(v);
  if (type === 'date') return /^(\d{4}-\d{2}-\d{2}|-?infinity)$/.test(v);
  return true;
}

/** Users of the organisation whose name holds the term: the person complained about, found by a small query first. */
async function respondentsNamed(db: Kysely<DB>, organisationId: string, term: string): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where(sql<boolean>`lower(name) like ${containing(term.toLowerCase())}`)
    .limit(1000)
    .execute();
  return rows.map((r) => r.id);
}

/** The unit and every unit below it in the tree (a werkmaatschappij with its afdelingen and teams). */
export async function unitWithDescendants(db: Kysely<DB>, organisationId: string, unitId: string): Promise<string[]> {
  const units = await db.selectFrom('units').select(['id', 'parent_id']).where('organisation_id', '=', organisationId).execute();
  const out = [...subtreeOf(units, [unitId])];
  // An unknown unit finds nothing (never everything).
  return out.length ? out : [unitId];
}

/** `%term%` for LIKE, with the wildcards in the term itself escaped. */
function containing(term: string): string {
  return `%${term.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** Phone digits as stored for comparison: only digits, an international 31 / 0031 prefix as a leading 0. */
export function phoneDigits(value: string): string {
  return value.replace(/\D/g, '').replace(/^(0031|31)(?=\d{9}$)/, '0');
}

/** A Dutch postal code in any spelling ("1234 AB", "1234ab") as "1234AB"; null when the term is not one. */
export function postalCodeOf(value: string): string | null {
  const m = /^\s*(\d{4})\s*([a-z]{2})\s*$/i.exec(value);
  return m ? `${m[1]}${m[2]!.toUpperCase()}` : null;
}

/** SQL for a stored phone number, normalised like `phoneDigits`. */
export const STORED_PHONE = sql<string>`${sql.raw(phoneSql('complaints.'))}`;
/** SQL for the postal address without spaces, upper case (a postal code "1234 ab" reads "1234AB"). */
export const STORED_ADDRESS = sql<string>`${sql.raw(addressSql('complaints.'))}`;

/** At most this many complaint ids a lookup returns; a term or category that matches more is dense (see below). */
export const MATCH_CAP = 1500;
/** The same for a lookup whose reaching it alone proves more than COUNT_CAP visible matches (`proving` in listComplaints). */
export const PROVING_CAP = 1100;
/** A lookup that reached its cap: more complaints match than it returned (its ids are not used). */
const DENSE = 'dense';
/** A lookup that found fewer than its cap, whose ids were not sent: every lookup was complete and the page came with them. */
const COMPLETE = 'complete';
/** What a lookup found: the ids of every match, DENSE, or COMPLETE. */
type Looked = string[] | typeof DENSE | typeof COMPLETE;

/** What the list reads in the lookup's statement, given each lookup's ids as a condition (null: no such lookup). */
interface LookedParts {
  /** The list up to COUNT_CAP + 1 rows: the count (a lower bound when a lookup is dense). */
  counted: Expression<unknown>;
  /** Every match with its sort keys, only while `complete` holds: the CTE `looked_matched`. */
  matched: Expression<unknown>;
  /** The page's rows, read from `looked_matched`, with its sort keys `o0`, `o1`, …, and the ORDER BY on those. */
  page: Expression<unknown>;
  pageOrder: string;
  /** The names of the page's columns (`page.*` would keep the statement from being named). */
  pageColumns: string[];
}

/**
 * The ids the lookup functions of migration T1900 return (each as the tables' owner, in the organisation and under the
 * policy's own predicate, by its GIN index), at most MATCH_CAP per lookup (the category's, the search term's arms), and
 * in the same statement the list counted by those ids (`counted`: the list up to COUNT_CAP + 1 rows, given each
 * lookup's ids as a condition). MATCH_CAP ids mean the term is dense: reading the sort's index in order with the condition as a filter
 * then finds a page sooner than sorting thousands of rows. When every lookup is complete, the same statement reads the
 * matches once (`matched`, filtered and under need-to-know) for the count and the page (`page`); the ids are then not
 * sent. Under row-level security the list's own `@@`, `LIKE` and `@>` can never be index conditions (not leakproof).
 */
async function lookupAndCount(
  db: Kysely<DB>,
  /** At most this many ids per lookup: MATCH_CAP, or PROVING_CAP where a dense lookup alone decides the count. */
  cap: number,
  category: RawBuilder<unknown>[] | null,
  search: RawBuilder<unknown>[] | null,
  searchByTid: boolean,
  /** True when a dense lookup alone proves more than COUNT_CAP visible matches (null: never; the list counts them). */
  provesMore: RawBuilder<boolean> | null,
  parts: (category: RawBuilder<boolean> | null, search: RawBuilder<boolean> | null, complete: RawBuilder<boolean>) => LookedParts,
): Promise<{ category: Looked | null; search: Looked | null; n: number; page: Record<string, unknown>[] | null }> {
  // Each arm (the search term's words, person text, …) is a CTE of its own, and an arm after the first runs only while no
  // arm before it reached MATCH_CAP (a one-time filter: the function is then never called). An arm of MATCH_CAP ids makes
  // the lookup dense whatever the others find, and a dense lookup's ids are only a lower bound of the count, which any
  // MATCH_CAP matches give (issue 13: a common word's person lookup cost a fifth of the lookup and changed nothing).
  const lookup = (name: string, arms: RawBuilder<unknown>[]) => {
    if (arms.length === 1) return sql`${sql.raw(name)} as materialized (select m.id, m.row_tid from ${arms[0]!} as m limit ${cap})`;
    const arm = (i: number) => sql.raw(`${name}_${i}`);
    const before = (i: number) => sql.join(
      Array.from({ length: i }, (_, j) => sql`(select count(*) from ${arm(j)}) < ${cap}`),
      sql` and `,
    );
    return sql.join(
      [
        ...arms.map((l, i) => sql`${arm(i)} as materialized (select m.id, m.row_tid from ${l} as m${i ? sql` where ${before(i)}` : sql``})`),
        sql`${sql.raw(name)} as materialized (select distinct u.id, u.row_tid from (${sql.join(
          arms.map((_, i) => sql`select ${arm(i)}.id, ${arm(i)}.row_tid from ${arm(i)}`),
          sql` union all `,
        )}) as u limit ${cap})`,
      ],
      sql`, `,
    );
  };
  const names = [...(category ? ['looked_category'] : []), ...(search ? ['looked_search'] : [])];
  const completeOne = (name: string) => sql<boolean>`(select count(*) from ${sql.raw(name)}) < ${cap}`;
  // Uncorrelated subqueries only: a one-time filter, evaluated once; `looked_matched` reads nothing when it is false.
  const complete = sql<boolean>`(${sql.join(names.map(completeOne), sql` and `)})`;
  // A lookup's ids are sent only when another lookup is dense (a category looked up completely beside a dense term): the
  // list then reads its page in index order with these ids as a condition. The aggregate is its own subquery behind the
  // CASE, so it runs only then (an uncorrelated subquery is evaluated when first needed): json_agg of 1,500 uuids cost
  // ~1 ms of the server's CPU on every dense search under load (issue 13).
  const ids = (name: string) =>
    names.length > 1
      ? sql`(case when ${completeOne(name)} and not ${complete} then (select coalesce(json_agg(${sql.raw(name)}.id), '[]'::json) from ${sql.raw(name)}) end)`
      : sql`null::json`;
  // Within this statement the matches are read by their tuple ids (T2200): a TID scan reads each match's row and nothing
  // else, where a look-up by id read three levels of the primary key first (issue 13: 863 buffers instead of 3,449 for a
  // category's matches). `tideq` is leakproof, so under row-level security the tuple ids are the scan's condition, and
  // the policy and every filter still test each row read. A tuple id holds in this statement only (the lookups read with
  // its snapshot); the ids sent back (`ids`, above) are complaint ids. By id where the condition is one arm of an OR
  // (`searchByTid` false: the search's respondents), which a TID scan cannot join (the primary key and the respondent's
  // index, a BitmapOr).
  const byRows = (name: string, byTid: boolean) =>
    byTid
      ? sql<boolean>`complaints.ctid = any(array(select ${sql.raw(name)}.row_tid from ${sql.raw(name)}))`
      : sql<boolean>`complaints.id = any(array(select ${sql.raw(name)}.id from ${sql.raw(name)}))`;
  const p = parts(category ? byRows('looked_category', true) : null, search ? byRows('looked_search', searchByTid) : null, complete);
  const ctes = [...(category ? [lookup('looked_category', category)] : []), ...(search ? [lookup('looked_search', search)] : [])];
  const flags = (name: string | null) => (name ? sql`not ${completeOne(name)}` : sql`null::boolean`);
  const { rows } = await sql<Record<string, unknown> & { looked_category_dense: boolean | null; looked_search_dense: boolean | null; looked_category_ids: string[] | null; looked_search_ids: string[] | null; looked_n: number | string }>`
    with ${sql.join(ctes)}, looked_matched as materialized (${p.matched})
    select s.looked_category_dense, s.looked_search_dense, s.looked_category_ids, s.looked_search_ids, s.looked_n, ${sql.raw(p.pageColumns.map((c) => `page.${c}`).join(', '))} from (
      select ${flags(category ? 'looked_category' : null)} as looked_category_dense, ${flags(search ? 'looked_search' : null)} as looked_search_dense,
        ${category ? ids('looked_category') : sql`null::json`} as looked_category_ids, ${search ? ids('looked_search') : sql`null::json`} as looked_search_ids,
        (case when ${complete} then (select count(*) from looked_matched)${provesMore ? sql` when ${provesMore} then ${COUNT_CAP + 1}` : sql``} else (select count(*) from ${p.counted} as c) end) as looked_n
    ) as s left join (${p.page}) as page on true
    order by ${sql.raw(p.pageOrder)}`.execute(db);
  const r = rows[0]!;
  const looked = (dense: boolean | null, got: string[] | null): Looked => (dense ? DENSE : (got ?? COMPLETE));
  const allComplete = !r.looked_category_dense && !r.looked_search_dense;
  return {
    category: category ? looked(r.looked_category_dense, r.looked_category_ids) : null,
    search: search ? looked(r.looked_search_dense, r.looked_search_ids) : null,
    n: Number(r.looked_n),
    page: allComplete ? rows.filter((row) => row['id'] !== null) : null,
  };
}

/** The list's query without any filter: the organisation and need-to-know (what `listComplaints` starts from). */
function onlyVisible(db: Kysely<DB>, actor: Actor, scope: ComplaintScope) {
  return db.selectFrom('complaints').where('complaints.organisation_id', '=', actor.organisationId).where(visibleTo(scope));
}

/** `complaints.id` among the looked-up ids (uuid `= ANY` is leakproof: an index condition under row-level security). */
function idIn(ids: string[]) {
  return sql<boolean>`complaints.id = any(array(select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid))`;
}

/** The lookups of a search term: the same arms as searchConditions (the respondent stays in the list's own query). */
function searchLookups(organisationId: string, term: string, cap: number): RawBuilder<unknown>[] {
  const org = sql`${organisationId}::uuid`;
  const out = [
    sql`klachtwijs_match_words(${org}, websearch_to_tsquery('dutch', ${term}), ${cap}::int)`,
    sql`klachtwijs_match_person(${org}, ${containing(term.toLowerCase())}, ${cap}::int)`,
  ];
  const digits = phoneDigits(term);
  if (/^[\d\s()+-]+$/.test(term) && digits.length >= 6) out.push(sql`klachtwijs_match_phone(${org}, ${containing(digits)}, ${cap}::int)`);
  const postal = postalCodeOf(term);
  if (postal) out.push(sql`klachtwijs_match_address(${org}, ${containing(postal)}, ${cap}::int)`);
  return out;
}

/**
 * What a search term matches, each alone (OR): the reference, also in part ("0004" finds 2026-0004); the
 * complainant's name, e-mail address and the name of whom they represent; the phone number by its digits
 * (spaces, dashes and +31 do not matter); the postal code in any spelling; the person complained about
 * (the name registered, or the employee); and the words of the subject and description (Dutch full-text).
 * Case-insensitive; LIKE wildcards in the term are plain characters. Every arm has its index (migration T1840:
 * the full-text GIN, trigram GINs on the person text, phone and address, the respondent), so the planner can
 * combine them (BitmapOr) within the organisation instead of scanning it.
 */
function searchConditions(term: string, respondentIds: string[]) {
  const like = containing(term.toLowerCase());
  const out = [
    sql<boolean>`complaints.search @@ websearch_to_tsquery('dutch', ${term})`,
    sql<boolean>`${sql.raw(personTextSql('complaints.'))} like ${like}`,
  ];
  if (respondentIds.length) out.push(sql<boolean>`complaints.respondent_user_id in (${sql.join(respondentIds)})`);
  const digits = phoneDigits(term);
  // At least 6 digits: a short number is a reference ("0004"), not a phone number.
  if (/^[\d\s()+-]+$/.test(term) && digits.length >= 6) out.push(sql<boolean>`${STORED_PHONE} like ${containing(digits)}`);
  const postal = postalCodeOf(term);
  if (postal) out.push(sql<boolean>`${STORED_ADDRESS} like ${containing(postal)}`);
  return out;
}

function isDeadlineKey(key: string): key is DeadlineKey {
  return (DEADLINE_KEYS as readonly string[]).includes(key);
}

function gapsOf(gaps: unknown): string[] {
  return Array.isArray(gaps) ? gaps.filter((g): g is string => typeof g === 'string') : [];
}
