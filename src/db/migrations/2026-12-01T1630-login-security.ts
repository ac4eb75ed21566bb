import { sql, type Kysely } from 'kysely';

/**
 * Issue 11, log-in security (ADR 0021):
 * - two-factor authentication (TOTP): per user an encrypted secret (pending while being set up, active once
 *   confirmed with a code), the last accepted time step (a code works once), and hashed one-time recovery codes;
 * - the organisation's requirement: nobody, admins and coordinators, or all staff;
 * - sessions carry their stage (a password alone gives a session that can only finish the second step), how they
 *   started, the client address and a short user-agent summary (the user's list of sessions);
 * - API tokens expire (existing tokens: 90 days from now);
 * - e-mail addresses are unique per organisation, no longer across organisations (the low finding).
 * Runs on PostgreSQL 15 and PGlite.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('organisations')
    .addColumn('two_factor_required', 'text', (c) => c.notNull().defaultTo('none').check(sql`two_factor_required in ('none', 'admin_coordinator', 'all_staff')`))
    .execute();

  await db.schema.alterTable('users').addColumn('totp_secret_enc', 'text').execute();
  await db.schema.alterTable('users').addColumn('totp_pending_enc', 'text').execute();
  await db.schema.alterTable('users').addColumn('totp_enabled_at', 'timestamptz').execute();
  await db.schema.alterTable('users').addColumn('totp_last_step', 'integer').execute();

  await db.schema
    .createTable('recovery_codes')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('used_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('recovery_codes_user').on('recovery_codes').column('user_id').execute();

  await db.schema
    .alterTable('sessions')
    .addColumn('stage', 'text', (c) => c.notNull().defaultTo('full').check(sql`stage in ('full', 'second_factor', 'second_factor_setup')`))
    .execute();
  await db.schema.alterTable('sessions').addColumn('via', 'text', (c) => c.notNull().defaultTo('password')).execute();
  await db.schema.alterTable('sessions').addColumn('client_address', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('user_agent', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('public_id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`)).execute();

  await db.schema.alterTable('api_tokens').addColumn('expires_at', 'timestamptz').execute();
  await sql`update api_tokens set expires_at = now() + interval '90 days' where expires_at is null`.execute(db);
  await sql`alter table api_tokens alter column expires_at set not null`.execute(db);

  await sql`drop index users_email_unique`.execute(db);
  await sql`create unique index users_org_email_unique on users (organisation_id, lower(email))`.execute(db);
  await sql`create index users_email_lower on users (lower(email))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index users_email_lower`.execute(db);
  await sql`drop index users_org_email_unique`.execute(db);
  await sql`create unique index users_email_unique on users (lower(email))`.execute(db);
  await db.schema.alterTable('api_tokens').dropColumn('expires_at').execute();
  for (const col of ['public_id', 'user_agent', 'client_address', 'via', 'stage']) await db.schema.alterTable('sessions').dropColumn(col).execute();
  await db.schema.dropTable('recovery_codes').execute();
  for (const col of ['totp_last_step', 'totp_enabled_at', 'totp_pending_enc', 'totp_secret_enc']) await db.schema.alterTable('users').dropColumn(col).execute();
  await db.schema.alterTable('organisations').dropColumn('two_factor_required').execute();
}
