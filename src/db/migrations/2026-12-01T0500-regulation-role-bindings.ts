import { sql, type Kysely } from 'kysely';

/**
 * The people the regulation names (issue 7): users bound to a regulation role (`roles[].key`) per unit or for
 * the whole organisation, recorded absences (a deputy stands in while every holder is away), and two cached
 * columns on complaints derived from the history: the role a complaint was handed over to and the roles
 * consulted (need-to-know for their holders). Runs on PostgreSQL 15 and PGlite.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('regulation_role_bindings')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('unit_id', 'uuid', (c) => c.references('units.id').onDelete('cascade'))
    .addColumn('role_key', 'text', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index regulation_role_bindings_unique on regulation_role_bindings (organisation_id, coalesce(unit_id, '00000000-0000-0000-0000-000000000000'::uuid), role_key, user_id)`.execute(db);
  await db.schema.createIndex('regulation_role_bindings_user').on('regulation_role_bindings').columns(['user_id']).execute();

  await db.schema
    .createTable('absences')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('ends_on', 'date')
    .addColumn('note', 'text')
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('absences_dates', sql`ends_on is null or ends_on >= starts_on`)
    .execute();
  await db.schema.createIndex('absences_org_user').on('absences').columns(['organisation_id', 'user_id']).execute();

  await db.schema.alterTable('complaints').addColumn('handed_to_role', 'text').execute();
  await db.schema.alterTable('complaints').addColumn('consulted_roles', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('complaints').dropColumn('consulted_roles').execute();
  await db.schema.alterTable('complaints').dropColumn('handed_to_role').execute();
  await db.schema.dropTable('absences').execute();
  await db.schema.dropTable('regulation_role_bindings').execute();
}
