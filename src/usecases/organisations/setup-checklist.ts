import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { policyFromRegulation } from '../../domain/workflow/index.ts';
import { LEGAL_FRAMEWORK_LABELS } from '../../domain/regulation/schema.ts';
import { dayZero, formatDutchDate } from '../../domain/deadlines/index.ts';
import type { IsoDate } from '../../domain/deadlines/types.ts';
import { activeRegulation, intakeOfUnits } from '../regulations/regulations.ts';
import { organisationFrameworkState } from './legal-frameworks.ts';
import { listUnits } from '../units/units.ts';

/**
 * What an admin still has to set up before the organisation can work with Klachtwijs, in the order it is
 * done: the laws that apply (issue 12), a regulation for every unit, the units, the regulation's roles bound to people, the public form.
 * Read only; it states facts about this organisation's data and promises nothing the product does not do.
 */
export interface SetupStep {
  key: 'frameworks' | 'regulation' | 'units' | 'roles' | 'form';
  done: boolean;
  /** What the admin sees (B1 Dutch). */
  title: string;
  /** Why the step is not done, or what is there. */
  detail: string;
  /** Where the step is done. */
  href: string;
  linkText: string;
}

export interface SetupChecklist {
  steps: SetupStep[];
  complete: boolean;
}

/** A role the regulation binds to people (`appointment: bound`) that nobody active holds for a unit. */
interface MissingRole {
  roleLabel: string;
  unitId: string;
  unitName: string;
}

export async function setupChecklist(db: Kysely<DB>, organisationId: string): Promise<SetupChecklist> {
  const org = await db.selectFrom('organisations').select(['name', 'slug']).where('id', '=', organisationId).executeTakeFirstOrThrow();
  const units = await listUnits(db, organisationId);
  const parent = new Map(units.map((u) => [u.id, u.parent_id]));
  const regulations = await Promise.all(units.map(async (u) => ({ unit: u, active: await activeRegulation(db, organisationId, u.id) })));
  const list = (names: string[]) => (names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} en ${names.length - 3} andere`);
  const withoutRegulation = regulations.filter((r) => !r.active).map((r) => r.unit);
  const organisationWide = await activeRegulation(db, organisationId, null);
  // Activated, but none of the unit's versions has taken effect yet ("Datum van vaststelling" later; ADR 0003 addendum):
  // until that day no complaint is taken for it (registrations are refused, saying from when).
  const day = dayZero(new Date());
  // One read of the organisation's versions for every unit (`intakeOfUnits`), not one (and a document) per unit.
  const intake = await intakeOfUnits(db, organisationId, regulations.filter((r) => r.active).map((r) => r.unit.id), day, day);
  const notYet: { unit: (typeof units)[number]; from: IsoDate }[] = [];
  for (const r of regulations) {
    const found = intake.get(r.unit.id);
    if (found && !found.ok && found.reason === 'pending') notYet.push({ unit: r.unit, from: found.from });
  }
  const inForceLater = () =>
    [...new Set(notYet.map((n) => n.from))]
      .sort()
      .map((from) => {
        const where = notYet.filter((n) => n.from === from).map((n) => n.unit.name);
        return `De klachtenregeling ${where.length === units.length ? '' : `voor ${list(where)} `}gaat in op ${formatDutchDate(from)}: tot die dag neemt Klachtwijs ${where.length === units.length ? 'geen' : 'daar geen'} klachten aan.`;
      })
      .join(' ');

  // Who holds which regulation role where (active accounts only).
  const bindings = await db
    .selectFrom('regulation_role_bindings as b')
    .innerJoin('users as u', 'u.id', 'b.user_id')
    .select(['b.role_key', 'b.unit_id'])
    .where('b.organisation_id', '=', organisationId)
    .where('u.disabled_at', 'is', null)
    .execute();
  const missing: MissingRole[] = [];
  for (const { unit, active } of regulations) {
    if (!active) continue;
    const chain: (string | null)[] = [null];
    for (let u: string | null | undefined = unit.id; u && !chain.includes(u); u = parent.get(u)) chain.push(u);
    for (const role of policyFromRegulation(active.regulation).roles) {
      if (role.appointment !== 'bound') continue;
      if (!bindings.some((b) => b.role_key === role.key && chain.includes(b.unit_id))) missing.push({ roleLabel: role.label, unitId: unit.id, unitName: unit.name });
    }
  }

  const steps: SetupStep[] = [];

  const laws = await organisationFrameworkState(db, organisationId);
  steps.push({
    key: 'frameworks',
    done: laws.stated,
    title: 'Wetten die voor uw organisatie gelden',
    detail: !laws.stated
      ? 'U heeft nog niet gekozen welke wetten voor uw organisatie gelden. Daarmee controleert Klachtwijs of uw klachtenregeling aan de wet voldoet.'
      : laws.frameworks.length
        ? `Gekozen: ${laws.frameworks.map((f) => LEGAL_FRAMEWORK_LABELS[f]).join(', ')}.`
        : 'Gekozen: geen van deze wetten.',
    href: '/beheer/wetten',
    linkText: laws.stated ? 'Wetten bekijken' : 'Wetten kiezen',
  });

  steps.push({
    key: 'regulation',
    done: units.length > 0 && withoutRegulation.length === 0,
    title: 'Klachtenregeling actief',
    detail:
      !organisationWide && withoutRegulation.length === units.length
        ? 'Er is nog geen klachtenregeling actief. Zonder regeling neemt Klachtwijs geen klachten aan.'
        : withoutRegulation.length
          ? `Voor ${list(withoutRegulation.map((u) => u.name))} geldt nog geen klachtenregeling. Klachten over ${withoutRegulation.length === 1 ? 'deze eenheid' : 'deze eenheden'} worden geweigerd.`
          : notYet.length
            ? `Geactiveerd: ${organisationWide?.regulation.metadata.title ?? regulations[0]?.active?.regulation.metadata.title ?? ''}. ${inForceLater()}`
            : `Actief: ${organisationWide?.regulation.metadata.title ?? regulations[0]?.active?.regulation.metadata.title ?? ''}.`,
    href: '/beheer/klachtenregeling',
    linkText: withoutRegulation.length ? 'Klachtenregeling kiezen' : 'Klachtenregeling bekijken',
  });

  steps.push({
    key: 'units',
    done: units.length > 0,
    title: 'Eenheden',
    detail: !units.length
      ? 'Er is nog geen eenheid. Een klacht hoort altijd bij een eenheid.'
      : units.length === 1
        ? `Alle klachten komen binnen bij ${units[0]!.name}. Heeft u werkmaatschappijen, afdelingen of teams met een eigen behandeling? Voeg ze dan toe.`
        : `${units.length} eenheden. Op het formulier kiest de indiener de eenheid.`,
    href: '/beheer/eenheden',
    linkText: 'Eenheden beheren',
  });

  const firstMissing = missing[0];
  const missingText = [...new Set(missing.map((m) => m.roleLabel))].map((label) => {
    const where = missing.filter((m) => m.roleLabel === label).map((m) => m.unitName);
    return where.length === units.length ? label : `${label} (${list(where)})`;
  });
  steps.push({
    key: 'roles',
    done: regulations.some((r) => r.active) && missing.length === 0,
    title: 'Rollen uit de klachtenregeling toegewezen',
    detail: !regulations.some((r) => r.active)
      ? 'Kan pas als er een klachtenregeling actief is: de regeling noemt de rollen.'
      : missing.length
        ? `Niemand heeft nog deze rol: ${missingText.join('; ')}. Handelingen waarvoor de regeling die rol noemt, worden geweigerd tot iemand de rol heeft.`
        : 'Elke rol uit de klachtenregeling heeft iemand.',
    href: firstMissing ? `/rollen?eenheid=${firstMissing.unitId}` : '/rollen',
    linkText: 'Rollen toewijzen',
  });

  const formLive = units.length > 0 && regulations.some((r) => r.active) && notYet.length < units.length;
  steps.push({
    key: 'form',
    done: formLive && withoutRegulation.length === 0 && notYet.length === 0,
    title: 'Klachtenformulier online',
    detail: !formLive
      ? units.length && notYet.length === units.length
        ? `Het openbare klachtenformulier werkt nog niet. ${inForceLater()} Bezoekers zien dat ze nog geen klacht kunnen indienen.`
        : 'Het openbare klachtenformulier werkt nog niet, omdat er nog geen klachtenregeling actief is. Bezoekers zien dat ze nog geen klacht kunnen indienen.'
      : withoutRegulation.length || notYet.length
        ? [
            `Het formulier werkt, maar niet voor ${list([...withoutRegulation, ...notYet.map((n) => n.unit)].map((u) => u.name))}.`,
            withoutRegulation.length ? `Voor ${list(withoutRegulation.map((u) => u.name))} geldt nog geen klachtenregeling.` : '',
            notYet.length ? inForceLater() : '',
          ]
            .filter(Boolean)
            .join(' ')
        : `Het formulier staat online op /${org.slug}/klacht.`,
    href: `/${org.slug}/klacht`,
    linkText: 'Klachtenformulier bekijken',
  });

  return { steps, complete: steps.every((s) => s.done) };
}
