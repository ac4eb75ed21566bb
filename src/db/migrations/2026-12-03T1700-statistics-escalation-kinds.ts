import { sql, type Kysely } from 'kysely';

/**
 * Session 15, lane code15: the anonymous statistical record keeps the kind of each escalation as it was when the step
 * happened (`escalation_kinds`: role key → 'handover' | 'consult'). Reports read it instead of asking the regulation
 * in force today, so a later regulation version that changes a step (e.g. the board's de-escalatie from overleg to a
 * handover) does not change what past reports count (ADR 0015: reports from anonymous statistics and frozen snapshots).
 *
 * Backfill, per role of a record's `escalations`, in this order:
 * 1. the kind the escalate event itself stored (the literal history; events before session 14 have none);
 * 2. the step of the regulation version the complaint ran under (`routing.escalation[].kind` for that role);
 * 3. a classification trigger of that version that escalates to the role: a handover (as `escalationKind` decides);
 * 4. otherwise a consultation (as `escalationKind` decides for a role that is no step and no escalating trigger).
 * A destroyed dossier (complaint_id null) has no events left: its version decides.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table complaint_statistics add column escalation_kinds jsonb not null default '{}'::jsonb`.execute(db);
  await backfillEscalationKinds(db);
}

/** Fills `escalation_kinds` for every record with escalations (also run by the tests on a record emptied on purpose). */
export async function backfillEscalationKinds(db: Kysely<any>): Promise<void> {
  await sql`
    update complaint_statistics s set escalation_kinds = coalesce((
      select jsonb_object_agg(e.role, coalesce(
        (select ev.data->>'kind' from complaint_events ev
          where ev.complaint_id = s.complaint_id and ev.type = 'escalate' and ev.data->>'to' = e.role and ev.data->>'kind' in ('handover', 'consult')
          order by ev.seq desc limit 1),
        (select jsonb_path_query_first(v.document, '$.routing.escalation[*] ? (@.to == $r).kind', jsonb_build_object('r', e.role)) #>> '{}'
          from regulation_versions v where v.id = s.regulation_version_id),
        (select 'handover' from regulation_versions v where v.id = s.regulation_version_id and (
          jsonb_path_exists(v.document, '$.classification.severity.levels[*].triggers[*] ? (@.role == $r && @.action == "escalate")', jsonb_build_object('r', e.role))
          or jsonb_path_exists(v.document, '$.classification.sensitive.triggers[*] ? (@.role == $r && @.action == "escalate")', jsonb_build_object('r', e.role)))),
        'consult'))
      from (select distinct r as role from jsonb_array_elements_text(s.escalations) r) e
    ), '{}'::jsonb)
    where jsonb_typeof(s.escalations) = 'array' and jsonb_array_length(s.escalations) > 0
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table complaint_statistics drop column escalation_kinds`.execute(db);
}
