import { sql, type Kysely } from 'kysely';

/**
 * Every organisation has at least one unit: a complaint always belongs to one. Organisations made before
 * `createOrganisation` gave each new organisation its default unit (a werkmaatschappij named after the
 * organisation) get that unit now, so their form and API can take complaints once a regulation is active.
 * Organisations that already have units are left as they are. Runs on PostgreSQL and PGlite.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    insert into units (organisation_id, parent_id, slug, name, kind)
    select o.id, null, o.slug, o.name, 'werkmaatschappij'
      from organisations o
     where not exists (select 1 from units u where u.organisation_id = o.id)`.execute(db);
}

/** A unit may hold complaints by now: nothing is removed. */
export async function down(_db: Kysely<any>): Promise<void> {}
