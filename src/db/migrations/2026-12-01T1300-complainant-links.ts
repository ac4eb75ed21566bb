import { sql, type Kysely } from 'kysely';

/**
 * Issue 9, the complainant's own page (Mijn klacht, ADR 0012):
 * - `complainant_links`: private links to a complaint's page. Only the sha-256 of the token is stored; a token
 *   is shown once (receipt page, API answer, e-mail) and never again. A link lives as long as the dossier
 *   (deleted with it: cascade); `revoked_at` ends one earlier.
 * - `complainant_link_requests`: "stuur mij de link opnieuw", counted per e-mail address and per client address
 *   (both stored as hashes, never in plain) to throttle the requests.
 * Runs on PostgreSQL 15 and PGlite.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('complainant_links')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('complaint_id', 'uuid', (c) => c.notNull().references('complaints.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('last_used_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('complainant_links_complaint').on('complainant_links').column('complaint_id').execute();

  await db.schema
    .createTable('complainant_link_requests')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('email_hash', 'text', (c) => c.notNull())
    .addColumn('client_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('complainant_link_requests_email').on('complainant_link_requests').columns(['email_hash', 'created_at']).execute();
  await db.schema.createIndex('complainant_link_requests_client').on('complainant_link_requests').columns(['client_hash', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('complainant_link_requests').execute();
  await db.schema.dropTable('complainant_links').execute();
}
