import { sql, type Kysely } from 'kysely';

/**
 * Issue 10, governance (ADR 0018):
 * - `meetings`: the yearly meeting about the complaints and the analysis (000 art. 8, 002 art. 8): the year it
 *   discusses, when it is planned and held, the agenda generated from the analysis and the measures (jsonb), the
 *   minutes and who attended (functions, not required).
 * - `regulation_reviews`: the yearly review of the regulation itself (003 Bekendmaking, 004 kop "Herzieningsdatum"):
 *   the version reviewed, the due date, the evaluation, a draft of the adjusted regulation (a document that is not
 *   active: regulation_versions holds only activated versions), the approval (by whom, when, note) and the version
 *   it was published as.
 * Runs on PostgreSQL 15 and PGlite.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('meetings')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('unit_id', 'uuid', (c) => c.references('units.id').onDelete('cascade'))
    /** The year whose complaints and analysis the meeting discusses. */
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('planned_on', 'date', (c) => c.notNull())
    .addColumn('held_on', 'date')
    .addColumn('agenda', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('minutes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('attendees', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('planned').check(sql`status in ('planned', 'held')`))
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index meetings_one_per_year on meetings (organisation_id, unit_id, year) nulls not distinct`.execute(db);

  await db.schema
    .createTable('regulation_reviews')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('unit_id', 'uuid', (c) => c.references('units.id').onDelete('cascade'))
    .addColumn('regulation_version_id', 'uuid', (c) => c.notNull().references('regulation_versions.id').onDelete('cascade'))
    .addColumn('due_on', 'date', (c) => c.notNull())
    .addColumn('evaluation', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('draft_document', 'jsonb')
    .addColumn('draft_saved_at', 'timestamptz')
    .addColumn('approved_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('approved_at', 'timestamptz')
    .addColumn('approval_note', 'text')
    .addColumn('published_version_id', 'uuid', (c) => c.references('regulation_versions.id').onDelete('set null'))
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('open').check(sql`status in ('open', 'evaluated', 'approved', 'published', 'closed')`),
    )
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('completed_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('regulation_reviews_org').on('regulation_reviews').columns(['organisation_id', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('regulation_reviews').execute();
  await db.schema.dropTable('meetings').execute();
}
