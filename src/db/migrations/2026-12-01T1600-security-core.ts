import { sql, type Kysely } from 'kysely';

/**
 * Issue 11, the shared core of privacy and security:
 * - `security_events`: what a security review needs to see afterwards: failed and throttled log-ins, log-outs,
 *   refused reads and actions, rate limits hit, second-factor failures, sessions and tokens revoked. No passwords,
 *   no personal data beyond the user id and the client address (kept for the security log's own period).
 * - `rate_limit_counters`: fixed-window counters kept in the database, so a limit holds across several instances
 *   (public intake per address, log-in per address and per account).
 * - `retention_holds`: a hold stops the destruction of a dossier until it is lifted (a running external procedure,
 *   a dispute, an AVG request, a hold set by the coordinator with a reason).
 * Runs on PostgreSQL 15 and PGlite.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('security_events')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('organisation_id', 'uuid', (c) => c.references('organisations.id').onDelete('cascade'))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('client_address', 'text')
    .addColumn('detail', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.createIndex('security_events_org_at').on('security_events').columns(['organisation_id', 'at']).execute();
  await db.schema.createIndex('security_events_kind_at').on('security_events').columns(['kind', 'at']).execute();

  await db.schema
    .createTable('rate_limit_counters')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'timestamptz', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limit_counters_window').on('rate_limit_counters').column('window_start').execute();

  await db.schema
    .createTable('retention_holds')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('complaint_id', 'uuid', (c) => c.notNull().references('complaints.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('external_procedure', 'dispute', 'avg_request', 'coordinator')`),
    )
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('placed_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('placed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('lifted_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('lifted_at', 'timestamptz')
    .addColumn('lift_note', 'text')
    .execute();
  await sql`create index retention_holds_active on retention_holds (complaint_id) where lifted_at is null`.execute(db);
  await db.schema.createIndex('retention_holds_org').on('retention_holds').columns(['organisation_id', 'placed_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('retention_holds').execute();
  await db.schema.dropTable('rate_limit_counters').execute();
  await db.schema.dropTable('security_events').execute();
}
