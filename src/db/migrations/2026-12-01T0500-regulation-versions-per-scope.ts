import { sql, type Kysely } from 'kysely';

/**
 * Regulation version numbers per scope: until now one counter ran per organisation, so a werkmaatschappij's
 * first regulation could be "versie 3". Renumber the stored versions 1, 2, 3 … within each scope (the
 * organisation itself, or one unit), in the order they were numbered. The unique index already was per scope.
 * Two steps (negative first) so no row ever collides with another's old number. Runs on PostgreSQL and PGlite.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    update regulation_versions r
       set version = -n.rn
      from (select id,
                   row_number() over (partition by organisation_id, coalesce(unit_id, '00000000-0000-0000-0000-000000000000'::uuid)
                                      order by version) as rn
              from regulation_versions) n
     where n.id = r.id`.execute(db);
  await sql`update regulation_versions set version = -version where version < 0`.execute(db);
}

/** Numbers per scope are not turned back into one counter per organisation: nothing to undo. */
export async function down(_db: Kysely<any>): Promise<void> {}
