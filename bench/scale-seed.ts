/**
 * The seeding half of `npm run bench:scale` (bench/scale.ts): a database with many organisations and many complaints,
 * generated in SQL (generate_series), not through the use cases one by one, so a reviewer can build a million
 * complaints on a 2-core machine in a few minutes.
 *
 * 1. Through the real use cases, once: an organisation running the stadsring51 preset (its default unit, an active
 *    regulation version, a coordinator, a handler and an intake user bound to the regulation's roles), three more
 *    units under the default unit, and one complaint registered at the public door (its row and its registration
 *    event are the model for the copies). This organisation becomes the big one.
 * 2. In SQL, as the superuser (row-level security does not apply to it): `orgs - 1` more organisations, each with
 *    the same four units, a coordinator, an intake user and handlers (each in one unit; one password hash copied
 *    from the real one), the role bindings, and a copy of the active regulation version; the big organisation gets
 *    more handlers.
 * 3. Complaints: `big` in the big organisation, the rest spread evenly over the others. Received over three years;
 *    recent ones open (new / in handling / suspended / decided), older ones mostly closed; a running clock
 *    (`next_due`) for open ones, some of them past due; kinds, channels, units, handlers, subjects from lists;
 *    descriptions built from Dutch sentences and words with a skewed spread (some words in a third of the
 *    complaints, some in one in a thousand), complainant names from Dutch first and last names. Each complaint
 *    has its registration event (a copy of the real one), so the history is there and the dossier opens.
 * 4. ANALYZE, and a marker row in `settings` so a kept database is not seeded twice.
 * 5. `seedExtras` (also on a kept database seeded before it existed): some classified, incomplete and unit-unknown
 *    complaints, so those filters measure rows.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../src/db/types.ts';
import { registerComplaint } from '../src/usecases/complaints/register-complaint.ts';
import { createUnit } from '../src/usecases/units/units.ts';
import { bindRegulationRole, makeOrganisationWithRegulation } from '../test/support/factories.ts';

export interface SeedSize {
  /** Organisations in all (the big one included). */
  orgs: number;
  /** Complaints in all. */
  complaints: number;
  /** Complaints in the big organisation. */
  big: number;
  /** Handlers per small organisation / in the big one. */
  handlers: number;
  bigHandlers: number;
}

export interface Seeded {
  bigOrgId: string;
  bigCoordinatorId: string;
  /** One handler of the big organisation (for "mijn klachten"). */
  bigHandlerId: string;
  smallOrgId: string;
  smallCoordinatorId: string;
  /** A unit of the big organisation (a sub-unit), for the unit filter. */
  bigUnitId: string;
  /** How long seeding took (ms), or 0 when a kept database was reused. */
  seedMs: number;
  reused: boolean;
}

/** Runs one SQL text (one statement) and returns its rows. */
export type Exec = (text: string) => Promise<Record<string, unknown>[]>;

const MARKER = 'bench.scale.seed';

const FIRST_NAMES = ['Jan', 'Piet', 'Kees', 'Anna', 'Maria', 'Sanne', 'Fatima', 'Mohammed', 'Daan', 'Lotte', 'Emma', 'Noah', 'Sem', 'Julia', 'Lucas', 'Tess', 'Bram', 'Iris', 'Ahmed', 'Yara', 'Willem', 'Gerda', 'Henk', 'Ingrid', 'Kevin', 'Priya', 'Sophie', 'Thijs', 'Femke', 'Ruud'];
const LAST_NAMES = ['de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Janssen', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters', 'Hendriks', 'van Leeuwen', 'Dekker', 'Brouwer', 'El Amrani', 'Yilmaz', 'Wijaya', 'Kramer', 'Postma', 'Hoekstra', 'Zwart', 'Verhoeven', 'Schouten', 'Oosterhuis'];
const SUBJECTS = ['Bejegening door medewerker', 'Afspraak niet nagekomen', 'Lange wachttijd', 'Factuur klopt niet', 'Slechte communicatie', 'Medicatie niet op tijd', 'Schoonmaak van de kamer', 'Maaltijden', 'Vervoer kwam niet', 'Privacy geschonden', 'Geen terugbelverzoek', 'Overlast van buren', 'Onderhoud woning', 'Telefonisch slecht bereikbaar', 'Verkeerde informatie gekregen', 'Dossier kwijt', 'Wijziging zonder overleg', 'Parkeren bij de locatie', 'Bezoekregeling', 'Toegang tot het gebouw'];
const SENTENCES = [
  'De medewerker kwam niet opdagen bij de afspraak en belde ook niet af.',
  'Ik heb drie keer gebeld maar niemand heeft mij teruggebeld.',
  'Mijn moeder kreeg haar medicijnen te laat en niemand legde uit waarom.',
  'De rekening die ik kreeg klopt niet met wat er is afgesproken.',
  'Ik voelde mij niet serieus genomen tijdens het gesprek.',
  'De wachttijd was veel langer dan op de website staat.',
  'Er is zonder overleg iets veranderd in de zorg voor mijn vader.',
  'De kamer werd al twee weken niet schoongemaakt.',
  'Ik kreeg verkeerde informatie over de kosten.',
  'Het vervoer naar de dagbesteding kwam niet of veel te laat.',
  'Mijn gegevens zijn met iemand anders gedeeld zonder dat ik dat wist.',
  'De toon van de brief vond ik onbeleefd en kortaf.',
];
/** Topic words; picked with a skewed spread: the first are in many complaints, the last in very few. */
const WORDS = ['afspraak', 'telefoon', 'wachttijd', 'rekening', 'medicijnen', 'planning', 'nachtdienst', 'thuiszorg', 'wijkverpleging', 'huisarts', 'fysiotherapie', 'douche', 'rolstoel', 'tillift', 'maaltijd', 'dieet', 'incontinentie', 'valpartij', 'bezoek', 'parkeerplaats', 'lift', 'verwarming', 'lekkage', 'schimmel', 'sleutel', 'alarmknop', 'nachtrust', 'geluidsoverlast', 'huisdier', 'tuin', 'wasserij', 'kapper', 'pedicure', 'tandarts', 'dagbesteding', 'logeeropvang', 'indicatie', 'zorgplan', 'evaluatie', 'mantelzorger', 'vrijwilliger', 'taxibus', 'scootmobiel', 'hoortoestel', 'bril', 'gebit', 'wondzorg', 'insuline', 'katheter', 'zuurstof', 'trombosedienst', 'apotheek', 'ambulance', 'brandalarm', 'camera', 'privacyverklaring', 'klachtenfolder', 'ombudsman', 'notaris', 'curator'];

const pgArray = (xs: readonly string[]) => `array[${xs.map((x) => `'${x.replaceAll("'", "''")}'`).join(',')}]::text[]`;

/** The seeded organisation's ids, when a database holds this seed (same size) already. */
export async function findSeed(exec: Exec, size: SeedSize): Promise<Seeded | null> {
  const found = await exec(`select value from settings where key = '${MARKER}'`).catch(() => []);
  const value = found[0]?.['value'];
  if (typeof value !== 'string') return null;
  const seed = JSON.parse(value) as Seeded & { size: SeedSize };
  if (JSON.stringify(seed.size) !== JSON.stringify(size)) throw new Error(`The kept database holds another seed (${JSON.stringify(seed.size)}); remove it or use the same size.`);
  return { ...seed, seedMs: 0, reused: true };
}

const EXTRAS_MARKER = 'bench.scale.extras';

/**
 * What the generated complaints lacked, so the filters for them measure rows (2026-12-02): a cheap, idempotent step that
 * runs after seeding and also on a kept database seeded before it (a marker row says it ran; nothing is re-seeded). By
 * the reference's last digits (the seed numbers them 1…n): 5 % classified (one of three values in the dimension
 * `onderwerp`, so `category=bejegening` finds ~1.7 %), 2 % incomplete (registration gaps, as a staff registration that
 * left the phone number empty), and a tenth of the new complaints "Weet ik niet" at the unit question (unit unknown).
 * Runs as the owner (`exec`), then ANALYZE, as the seed does.
 */
export async function seedExtras(exec: Exec, log: (line: string) => void): Promise<void> {
  const done = await exec(`select 1 from settings where key = '${EXTRAS_MARKER}'`);
  if (done.length) return;
  const t = performance.now();
  await exec(`update complaints set classification = jsonb_build_object('values', jsonb_build_object('onderwerp',
                jsonb_build_array((array['bejegening','communicatie','wachttijd'])[1 + abs(hashtext(reference)) % 3])), 'severity', null, 'sensitive', false)
              where right(reference, 2) in ('00', '07', '13', '29', '51') and classification = '{}'::jsonb`);
  await exec(`update complaints set details = details || '{"registrationGaps": ["phone"]}'::jsonb
              where right(reference, 2) in ('03', '41') and not details ? 'registrationGaps'`);
  await exec(`update complaints set unit_unknown = true where status = 'new' and right(reference, 1) = '4' and not unit_unknown`);
  await exec('analyze complaints');
  await exec(`insert into settings (key, value) values ('${EXTRAS_MARKER}', '"1"')`);
  log(`  classified, incomplete and unit-unknown complaints added: ${Math.round(performance.now() - t)} ms`);
}

/** Seeds the database (see the file comment). `db` is the application's database (migrated), `exec` runs SQL as the owner. */
export async function seed(db: Kysely<DB>, exec: Exec, size: SeedSize, log: (line: string) => void): Promise<Seeded> {
  const started = performance.now();
  const step = async (what: string, text: string) => {
    const t = performance.now();
    const rows = await exec(text);
    log(`  ${what}: ${Math.round(performance.now() - t)} ms`);
    return rows;
  };

  // 1. The model organisation through the real use cases.
  const big = await makeOrganisationWithRegulation(db, 'stadsring51');
  const subUnits = [];
  // Named so that their alphabetical order is their order of creation (the SQL below numbers them by name).
  for (const name of ['Afdeling Noord', 'Afdeling Oost', 'Afdeling Zuid']) {
    subUnits.push(await db.transaction().execute((tx) => createUnit(tx, big.org.id, { name, parentId: big.unit.id }, null)));
  }
  // The handler works in one sub-unit (need-to-know per unit), as in a real organisation: handler k works in
  // sub-unit 1 + (k % 3) below, and this handler is k = 2.
  await db.updateTable('role_assignments').set({ unit_id: subUnits[2]!.id }).where('user_id', '=', big.handler.user.id).execute();
  await db.deleteFrom('regulation_role_bindings').where('user_id', '=', big.handler.user.id).execute();
  await bindRegulationRole(db, big.org.id, 'complaints_officer', big.handler.user.id, subUnits[2]!.id);
  const model = await registerComplaint(db, {
    organisationId: big.org.id,
    actor: null,
    door: 'public',
    input: {
      channel: 'web_form',
      subject: 'Afspraak niet nagekomen',
      description: 'De medewerker kwam niet opdagen bij de afspraak en belde ook niet af.',
      complainant: { relation: 'client', name: 'Anna de Vries', postalAddress: 'Dorpsstraat 1, 1234 AB Ergens', email: 'anna@example.nl' },
      respondentName: 'J. Bakker',
      unitId: subUnits[1]!.id,
      signed: true,
    },
  });
  log(`  model organisation through the use cases: ${Math.round(performance.now() - started)} ms`);

  const T = `'${big.org.id}'::uuid`;
  await exec(`update organisations set name = 'Zorggroep Groot (bench)' where id = ${T}`);
  await exec('drop table if exists bench_orgs, bench_units, bench_users, bench_info');
  // 2. Organisations (n = 0 is the big one), units, users, bindings, regulation versions.
  await step(
    'organisations',
    `create table bench_orgs as
       select 0 as n, ${T} as id
       union all select g, gen_random_uuid() from generate_series(1, ${size.orgs - 1}) g`,
  );
  await exec(`insert into organisations (id, slug, name, legal_frameworks, two_factor_required)
                select b.id, 'bench-' || b.n, 'Organisatie ' || b.n, o.legal_frameworks, o.two_factor_required
                from bench_orgs b, organisations o where o.id = ${T} and b.n > 0`);
  await step(
    'units',
    `create table bench_units as
       select b.n, b.id as org_id, u.id as old_id, case when b.n = 0 then u.id else gen_random_uuid() end as id,
              (row_number() over (partition by b.n order by u.parent_id nulls first, u.name))::int - 1 as k
       from bench_orgs b cross join units u where u.organisation_id = ${T}`,
  );
  await exec(`insert into units (id, organisation_id, parent_id, slug, name, kind)
                select m.id, m.org_id, pm.id, u.slug, case when u.parent_id is null then 'Organisatie ' || m.n else u.name end, u.kind
                from bench_units m join units u on u.id = m.old_id
                left join bench_units pm on pm.old_id = u.parent_id and pm.n = m.n
                where m.n > 0 order by u.parent_id nulls first`);
  const hash = (await exec(`select password_hash from users where id = '${big.coordinator.user.id}'`))[0]!['password_hash'] as string;
  // Users: k = 0 coordinator, k = 1 intake, k >= 2 handlers (each in sub-unit 1 + (k % 3)); the big organisation keeps its three.
  await step(
    'users',
    `create table bench_users as
       select b.n, b.id as org_id, k,
              case when k = 0 then 'coordinator' when k = 1 then 'intake' else 'handler' end as role,
              case when b.n = 0 and k = 0 then '${big.coordinator.user.id}'::uuid
                   when b.n = 0 and k = 1 then '${big.intake.user.id}'::uuid
                   when b.n = 0 and k = 2 then '${big.handler.user.id}'::uuid
                   else gen_random_uuid() end as id
       from bench_orgs b cross join lateral generate_series(0, 1 + case when b.n = 0 then ${size.bigHandlers} else ${size.handlers} end) k`,
  );
  await exec(`insert into users (id, organisation_id, email, name, password_hash)
                select u.id, u.org_id, u.role || '-' || u.n || '-' || u.k || '@bench.klachtwijs.nl',
                       (${pgArray(FIRST_NAMES)})[1 + (u.n * 7 + u.k * 3) % ${FIRST_NAMES.length}] || ' ' || (${pgArray(LAST_NAMES)})[1 + (u.n * 11 + u.k * 5) % ${LAST_NAMES.length}],
                       '${hash.replaceAll("'", "''")}'
                from bench_users u where not (u.n = 0 and u.k <= 2)`);
  await exec(`insert into role_assignments (organisation_id, user_id, role, unit_id)
                select u.org_id, u.id, u.role, case when u.role = 'handler' then (select x.id from bench_units x where x.n = u.n and x.k = 1 + (u.k % 3)) else null end
                from bench_users u where not (u.n = 0 and u.k <= 2)`);
  await exec(`insert into regulation_role_bindings (organisation_id, unit_id, role_key, user_id)
                select u.org_id, case when u.role = 'handler' then (select x.id from bench_units x where x.n = u.n and x.k = 1 + (u.k % 3)) else null end, 'complaints_officer', u.id
                from bench_users u where u.role in ('coordinator', 'handler') and not (u.n = 0 and u.k <= 2)`);
  await step(
    'regulation versions',
    `insert into regulation_versions (organisation_id, unit_id, version, preset, document, fills, frameworks, activated_by, activated_at)
       select b.id, null, r.version, r.preset, r.document, r.fills, r.frameworks, null, r.activated_at
       from bench_orgs b, regulation_versions r where r.organisation_id = ${T} and b.n > 0`,
  );
  await step(
    'per-organisation facts',
    `create table bench_info as
       select b.n, b.id as org_id,
              (select array_agg(x.id order by x.k) from bench_units x where x.n = b.n) as units,
              (select array_agg(u.id order by u.k) from bench_users u where u.n = b.n and u.role = 'handler') as handlers,
              (select u.id from bench_users u where u.n = b.n and u.k = 0) as coordinator,
              (select r.id from regulation_versions r where r.organisation_id = b.id order by r.version desc limit 1) as version
       from bench_orgs b`,
  );
  await exec('create unique index on bench_info (n)');

  // 3. Complaints: g <= big in the big organisation, the rest spread over the others.
  const small = size.orgs - 1;
  const rest = size.complaints - size.big;
  await step(
    `complaints (${size.complaints.toLocaleString('en')})`,
    `insert into complaints (organisation_id, unit_id, regulation_version_id, reference, kind, status, channel, received_on, subject, description,
                             complainant, details, handler_user_id, registered_by, classification, deadlines, decision_due, next_due, next_due_key,
                             decided_late, last_seq, created_at, updated_at, closed_at)
     select i.org_id,
            case when s.handler_ix is null then i.units[1 + s.h % 4] else i.units[2 + (s.handler_ix + 2) % 3] end,
            i.version,
            extract(year from s.received)::int || '-B' || lpad(s.g::text, 7, '0'),
            s.kind, s.status,
            (array['web_form','web_form','web_form','web_form','email','email','email','letter','phone','phone','in_person','social_media'])[1 + s.h % 12],
            s.received,
            (${pgArray(SUBJECTS)})[1 + (s.h / 7) % ${SUBJECTS.length}],
            (${pgArray(SENTENCES)})[1 + (s.h / 13) % ${SENTENCES.length}] || ' Het ging om de ' || (${pgArray(WORDS)})[1 + floor(${WORDS.length} * power(s.r1, 3))::int]
              || ' en de ' || (${pgArray(WORDS)})[1 + floor(${WORDS.length} * power(s.r2, 2))::int] || '. '
              || (${pgArray(SENTENCES)})[1 + (s.h / 17) % ${SENTENCES.length}],
            jsonb_build_object('name', s.first || ' ' || s.last, 'email', lower(s.first) || '.' || s.g || '@example.nl', 'relation', 'client',
                               'postalAddress', 'Dorpsstraat ' || (1 + s.h % 200) || ', ' || (1000 + s.h % 9000) || ' AB Ergens', 'phone', '06' || lpad((s.h % 100000000)::text, 8, '0')),
            case when s.h % 3 = 0 then jsonb_build_object('respondentName', 'J. ' || (${pgArray(LAST_NAMES)})[1 + (s.h / 5) % ${LAST_NAMES.length}]) else '{}'::jsonb end,
            case when s.handler_ix is null then null else i.handlers[1 + s.handler_ix] end,
            case when s.h % 12 < 4 then null else i.coordinator end,
            '{}'::jsonb,
            case when s.kind = 'complaint' then jsonb_build_object('acknowledgement', (s.received + 7)::text, 'decision', (s.received + 42)::text) else '{}'::jsonb end,
            case when s.kind = 'complaint' then s.received + 42 end,
            s.next_due, case when s.next_due is null then null when s.status = 'new' then 'acknowledgement' else 'decision' end,
            s.status in ('decided','closed') and s.h % 13 = 0,
            1, s.received + interval '9 hours', s.received + interval '9 hours',
            case when s.status in ('closed','withdrawn','inadmissible') then s.received + 40 + interval '12 hours' end
     from (
       select t.*,
              case when t.status in ('new','inadmissible') then null else t.h % t.nh end as handler_ix,
              case when t.status = 'new' then t.received + 7 when t.status = 'in_progress' then t.received + 42 end as next_due
       from (
         select g, n, h, r1, r2, received, kind, nh,
                (${pgArray(FIRST_NAMES)})[1 + h % ${FIRST_NAMES.length}] as first,
                (${pgArray(LAST_NAMES)})[1 + (h / 31) % ${LAST_NAMES.length}] as last,
                case when kind <> 'complaint' then (case when age < 30 then 'new' else 'closed' end)
                     when age < 14 then (array['new','new','in_progress','in_progress','in_progress'])[1 + h % 5]
                     when age < 75 then (array['new','in_progress','in_progress','in_progress','in_progress','in_progress','in_progress','suspended','decided','decided'])[1 + h % 10]
                     when age < 200 then (array['in_progress','decided','closed','closed','closed','closed','closed','closed','withdrawn','inadmissible'])[1 + h % 10]
                     else (array['closed','closed','closed','closed','closed','closed','closed','closed','closed','closed','closed','closed','closed','closed','closed','closed','withdrawn','inadmissible','decided','in_progress'])[1 + h % 20] end as status
         from (
           select g, n, h, r1, r2, age, current_date - age as received, nh,
                  case when h % 100 < 88 then 'complaint' when h % 100 < 93 then 'dissatisfaction' when h % 100 < 97 then 'suggestion' else 'not_a_complaint' end as kind
           from (
             select g, case when g <= ${size.big} then 0 else 1 + (g - ${size.big}) % ${small} end as n,
                    abs(hashint4(g)) as h, random() as r1, random() as r2,
                    floor(1095 * power(random(), 1.6))::int as age,
                    case when g <= ${size.big} then ${size.bigHandlers} else ${size.handlers} end as nh
             from generate_series(1, ${size.big + rest}) g
           ) a
         ) b
       ) t
     ) s
     join bench_info i on i.n = s.n`,
  );
  await step(
    'registration events',
    `insert into complaint_events (organisation_id, complaint_id, seq, type, at, actor_user_id, actor_roles, data)
       select c.organisation_id, c.id, 1, e.type, c.created_at, null, e.actor_roles, e.data
       from complaints c, complaint_events e
       where e.complaint_id = '${model.id}' and e.seq = 1 and c.id <> '${model.id}'`,
  );
  await exec('drop table bench_orgs, bench_units');
  await step('analyze', 'analyze');

  const pick = async (text: string) => (await exec(text))[0]!['id'] as string;
  const seeded: Seeded = {
    bigOrgId: big.org.id,
    bigCoordinatorId: big.coordinator.user.id,
    bigHandlerId: big.handler.user.id,
    smallOrgId: await pick(`select org_id as id from bench_info where n = 1`),
    smallCoordinatorId: await pick(`select coordinator as id from bench_info where n = 1`),
    bigUnitId: subUnits[2]!.id,
    seedMs: Math.round(performance.now() - started),
    reused: false,
  };
  await exec('drop table bench_users, bench_info');
  await exec(`insert into settings (key, value) values ('${MARKER}', '${JSON.stringify({ ...seeded, size }).replaceAll("'", "''")}')`);
  void sql;
  return seeded;
}
