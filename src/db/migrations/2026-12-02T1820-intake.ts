import { sql, type Kysely } from 'kysely';

/**
 * Issue 13 (ADR 0029): the public intake keeps what rarely changes per process (the organisation, its units, the
 * active regulation version of each unit) and checks, in the registration's own statement, that it is still
 * current. `organisations.intake_generation` is that check: every change to the organisation row, its units or its
 * regulation versions raises it, by trigger, whoever makes the change (any instance, the command line, a migration).
 * A registration that sees another number than the one it cached stores nothing, reloads and tries again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organisations').addColumn('intake_generation', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  // Any update of the organisation row raises the number, unless the statement set it itself (the triggers below).
  await sql`
    create or replace function klachtwijs_organisation_intake_generation() returns trigger language plpgsql as $$
    begin
      if new.intake_generation is not distinct from old.intake_generation then
        new.intake_generation := old.intake_generation + 1;
      end if;
      return new;
    end $$`.execute(db);
  await sql`
    create trigger organisations_intake_generation before update on organisations
    for each row execute function klachtwijs_organisation_intake_generation()`.execute(db);
  // A unit or a regulation version added, changed or removed: its organisation's number goes up.
  await sql`
    create or replace function klachtwijs_bump_intake_generation() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') then
        update organisations set intake_generation = intake_generation + 1 where id = old.organisation_id;
      end if;
      if tg_op in ('INSERT', 'UPDATE') and (tg_op = 'INSERT' or new.organisation_id is distinct from old.organisation_id) then
        update organisations set intake_generation = intake_generation + 1 where id = new.organisation_id;
      end if;
      return null;
    end $$`.execute(db);
  for (const table of ['units', 'regulation_versions']) {
    await sql`
      create trigger ${sql.id(`${table}_intake_generation`)} after insert or update or delete on ${sql.table(table)}
      for each row execute function klachtwijs_bump_intake_generation()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['units', 'regulation_versions']) await sql`drop trigger if exists ${sql.id(`${table}_intake_generation`)} on ${sql.table(table)}`.execute(db);
  await sql`drop trigger if exists organisations_intake_generation on organisations`.execute(db);
  await sql`drop function if exists klachtwijs_bump_intake_generation()`.execute(db);
  await sql`drop function if exists klachtwijs_organisation_intake_generation()`.execute(db);
  await db.schema.alterTable('organisations').dropColumn('intake_generation').execute();
}
