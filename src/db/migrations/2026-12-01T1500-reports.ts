import { sql, type Kysely } from 'kysely';

/**
 * Issue 10, analysis and improvement (ADR 0015):
 * - `complaint_statistics`: one anonymous statistical record per registration (kind, unit, channel, relation,
 *   classification, outcome, terms met or late, escalations, external procedures, satisfaction), kept up to date
 *   in the same transaction as the complaint's cached columns. It holds no name, address, text or description,
 *   so reports read only this table, and it outlives a destroyed dossier (`complaint_id` is set null).
 * - `reports` and `report_recommendations`: a report for a period and scope (organisation or unit) as the
 *   regulation's `reporting` section prescribes it; a draft computes its figures live, a final report keeps a
 *   frozen snapshot (`figures`). The directie records per recommendation whether it is adopted (003).
 * - `improvement_measures`, `measure_sources`, `measure_notes`: the register of improvement measures (000 art. 9,
 *   003, 004 §3), where each measure came from, and its follow-up.
 * Runs on PostgreSQL 15 and PGlite.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('complaint_statistics')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('complaint_id', 'uuid', (c) => c.unique().references('complaints.id').onDelete('set null'))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('unit_id', 'uuid', (c) => c.references('units.id').onDelete('set null'))
    .addColumn('regulation_version_id', 'uuid')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('relation', 'text')
    .addColumn('received_on', 'date', (c) => c.notNull())
    .addColumn('ended_on', 'date')
    .addColumn('decided_on', 'date')
    .addColumn('classification', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('severity', 'text')
    .addColumn('sensitive', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('inadmissible_ground', 'text')
    .addColumn('outcome', 'text')
    .addColumn('terms', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('escalations', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('external', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('satisfied', 'boolean')
    .addColumn('reopen_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('complaint_statistics_received').on('complaint_statistics').columns(['organisation_id', 'received_on']).execute();
  await db.schema.createIndex('complaint_statistics_unit').on('complaint_statistics').columns(['unit_id', 'received_on']).execute();
  await sql`create index complaint_statistics_open on complaint_statistics (organisation_id, ended_on)`.execute(db);

  await db.schema
    .createTable('reports')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('unit_id', 'uuid', (c) => c.references('units.id').onDelete('cascade'))
    .addColumn('report_key', 'text', (c) => c.notNull())
    .addColumn('regulation_version_id', 'uuid')
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('period_from', 'date', (c) => c.notNull())
    .addColumn('period_to', 'date', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft').check(sql`status in ('draft', 'final')`))
    .addColumn('narrative', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('figures', 'jsonb')
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finalised_at', 'timestamptz')
    .addColumn('finalised_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await sql`create unique index reports_one_per_period on reports (organisation_id, report_key, period, unit_id) nulls not distinct`.execute(db);

  await db.schema
    .createTable('report_recommendations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('report_id', 'uuid', (c) => c.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.check(sql`decision in ('adopted', 'not_adopted')`))
    .addColumn('decision_note', 'text')
    .addColumn('decided_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('decided_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('report_recommendations_report').on('report_recommendations').columns(['report_id', 'position']).execute();

  await db.schema
    .createTable('improvement_measures')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('unit_id', 'uuid', (c) => c.references('units.id').onDelete('set null'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('owner_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('due_on', 'date')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('planned').check(sql`status in ('planned', 'in_progress', 'done', 'dropped')`))
    .addColumn('effect_check', 'text')
    .addColumn('effect_checked_on', 'date')
    .addColumn('effect_result', 'text')
    .addColumn('completed_on', 'date')
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('improvement_measures_org').on('improvement_measures').columns(['organisation_id', 'status', 'due_on']).execute();
  await db.schema.createIndex('improvement_measures_owner').on('improvement_measures').columns(['owner_user_id', 'status']).execute();

  await db.schema
    .createTable('measure_sources')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('measure_id', 'uuid', (c) => c.notNull().references('improvement_measures.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('complaint', 'decision', 'report', 'recommendation', 'external_ruling', 'external_reaction', 'meeting', 'other')`),
    )
    .addColumn('complaint_id', 'uuid', (c) => c.references('complaints.id').onDelete('set null'))
    .addColumn('report_id', 'uuid', (c) => c.references('reports.id').onDelete('set null'))
    .addColumn('recommendation_id', 'uuid', (c) => c.references('report_recommendations.id').onDelete('set null'))
    /** The complaint's reference, kept so the source stays readable after the dossier is destroyed (issue 11). */
    .addColumn('reference', 'text')
    .addColumn('note', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('measure_sources_measure').on('measure_sources').column('measure_id').execute();
  await db.schema.createIndex('measure_sources_complaint').on('measure_sources').column('complaint_id').execute();

  await db.schema
    .createTable('measure_notes')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('measure_id', 'uuid', (c) => c.notNull().references('improvement_measures.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('status_from', 'text')
    .addColumn('status_to', 'text')
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('measure_notes_measure').on('measure_notes').columns(['measure_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['measure_notes', 'measure_sources', 'improvement_measures', 'report_recommendations', 'reports', 'complaint_statistics']) {
    await db.schema.dropTable(t).execute();
  }
}
