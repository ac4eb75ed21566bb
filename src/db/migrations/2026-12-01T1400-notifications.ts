import { sql, type Kysely } from 'kysely';

/**
 * Issue 9, notifications for staff (ADR 0013):
 * - `notifications`: what a user must hear about (kind, complaint), read on the start page, mailed at once or
 *   in the daily digest (`mailed_at`). `unique_key` keeps a scheduled check from saying the same thing twice.
 * - `notification_preferences`: per user, per kind: at once, in the daily digest, or off; and how many working
 *   days before a term ends the user hears about it (null: the organisation's default, kept in `settings`).
 * - `user_tokens`: invitation and "wachtwoord vergeten" links. Only the token's hash is stored; a link expires
 *   and works once.
 * Runs on PostgreSQL 15 and PGlite.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('complaint_id', 'uuid', (c) => c.references('complaints.id').onDelete('cascade'))
    .addColumn('delivery', 'text', (c) => c.notNull())
    .addColumn('unique_key', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('read_at', 'timestamptz')
    .addColumn('mailed_at', 'timestamptz')
    .addColumn('outbound_mail_id', 'uuid')
    .execute();
  await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'created_at']).execute();
  await db.schema.createIndex('notifications_unique_key').on('notifications').column('unique_key').unique().execute();
  await sql`create index notifications_digest on notifications (user_id) where mailed_at is null and delivery = 'digest'`.execute(db);

  await db.schema
    .createTable('notification_preferences')
    .addColumn('user_id', 'uuid', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('deliveries', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('term_days', 'integer')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('user_tokens')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('invitation', 'password_reset')`))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('user_tokens_user').on('user_tokens').columns(['user_id', 'purpose']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('user_tokens').execute();
  await db.schema.dropTable('notification_preferences').execute();
  await db.schema.dropTable('notifications').execute();
}
