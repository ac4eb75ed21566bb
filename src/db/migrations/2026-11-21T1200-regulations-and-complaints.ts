import { sql, type Kysely } from 'kysely';

/**
 * Regulation versions (an organisation's or unit's klachtenregeling as data, each activation a new version)
 * and the complaint dossier: the complaint row (current state as a cache), its append-only history,
 * attachments, and per-organisation reference counters. Runs on PostgreSQL 15 and PGlite.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('regulation_versions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('unit_id', 'uuid', (c) => c.references('units.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('preset', 'text')
    .addColumn('document', 'jsonb', (c) => c.notNull())
    .addColumn('fills', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('frameworks', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('activated_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('activated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index regulation_versions_scope_version on regulation_versions (organisation_id, coalesce(unit_id, '00000000-0000-0000-0000-000000000000'::uuid), version)`.execute(db);

  await db.schema
    .createTable('reference_counters')
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('reference_counters_pk', ['organisation_id', 'year'])
    .execute();

  await db.schema
    .createTable('complaints')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('unit_id', 'uuid', (c) => c.notNull().references('units.id').onDelete('restrict'))
    .addColumn('regulation_version_id', 'uuid', (c) => c.notNull().references('regulation_versions.id').onDelete('restrict'))
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('received_on', 'date', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('complainant', 'jsonb', (c) => c.notNull())
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('respondent_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('handler_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('registered_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('classification', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('deadlines', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('decision_due', 'date')
    .addColumn('next_due', 'date')
    .addColumn('idempotency_key', 'text')
    .addColumn('last_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('closed_at', 'timestamptz')
    .addColumn('search', sql`tsvector`, (c) =>
      c.generatedAlwaysAs(sql`to_tsvector('dutch'::regconfig, coalesce(reference, '') || ' ' || coalesce(subject, '') || ' ' || description)`).stored(),
    )
    .addUniqueConstraint('complaints_org_reference', ['organisation_id', 'reference'])
    .addUniqueConstraint('complaints_org_idempotency', ['organisation_id', 'idempotency_key'])
    .addCheckConstraint('complaints_kind', sql`kind in ('complaint', 'dissatisfaction', 'suggestion', 'not_a_complaint')`)
    .execute();
  await db.schema.createIndex('complaints_org_status').on('complaints').columns(['organisation_id', 'status', 'next_due']).execute();
  await db.schema.createIndex('complaints_org_unit').on('complaints').columns(['organisation_id', 'unit_id']).execute();
  await db.schema.createIndex('complaints_handler').on('complaints').columns(['handler_user_id']).execute();
  await sql`create index complaints_search on complaints using gin (search)`.execute(db);

  await db.schema
    .createTable('complaint_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('complaint_id', 'uuid', (c) => c.notNull().references('complaints.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('actor_roles', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addUniqueConstraint('complaint_events_seq', ['complaint_id', 'seq'])
    .execute();
  // History is appended, never rewritten: refuse updates at the database itself.
  await sql`
    create function complaint_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'complaint history is append-only';
    end $$`.execute(db);
  await sql`create trigger complaint_events_no_update before update on complaint_events for each row execute function complaint_events_append_only()`.execute(db);

  await db.schema
    .createTable('complaint_attachments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('complaint_id', 'uuid', (c) => c.notNull().references('complaints.id').onDelete('cascade'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('data', 'bytea', (c) => c.notNull())
    .addColumn('uploaded_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('complaint_attachments_complaint').on('complaint_attachments').column('complaint_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['complaint_attachments', 'complaint_events', 'complaints', 'reference_counters', 'regulation_versions']) {
    await db.schema.dropTable(t).execute();
  }
  await sql`drop function if exists complaint_events_append_only()`.execute(db);
}
