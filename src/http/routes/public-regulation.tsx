import { Hono } from 'hono';
import { dutchDate, renderRegulationText } from '../../domain/regulation/index.ts';
import type { DB, Organisation, Unit } from '../../db/types.ts';
import type { Kysely } from 'kysely';
import { notFound } from '../../shared/errors.ts';
import { findOrganisationBySlug } from '../../usecases/organisations/create-organisation.ts';
import { today } from '../../usecases/complaints/dossier.ts';
import { withReadMemo } from '../../usecases/read-memo.ts';
import { listRegulationVersions, regulationInForceOn, regulationTakingEffect, type ActiveRegulation } from '../../usecases/regulations/regulations.ts';
import { findUnit, listUnits } from '../../usecases/units/units.ts';
import type { AppContext, AppEnv } from '../context.ts';
import { page } from '../render.tsx';
import { RegulationSections } from '../views/regulation-text.tsx';

/**
 * The published klachtenregeling, without log-in: `/{org}/klachtenregeling` (the organisation-wide
 * regulation and a list of units with their own) and `/{org}/klachtenregeling/{unit}`. The text is
 * generated from the active version's configuration, so what is published is what the system runs.
 * Mounted last: the slug pattern and the fixed second segment keep it from catching other routes.
 */
export const publicRegulationRoutes = new Hono<AppEnv>();

const SLUG = '[a-z0-9][a-z0-9-]*';

async function organisation(c: AppContext, slug: string): Promise<Organisation> {
  const org = await findOrganisationBySlug(c.get('deps').db, slug);
  if (!org) throw notFound('Deze organisatie bestaat niet.');
  return org;
}

/** Units that activated a regulation of their own, in tree order (`units`: the organisation's, when already read). */
async function unitsWithOwnRegulation(db: Kysely<DB>, org: Organisation, units?: Unit[]): Promise<Unit[]> {
  const [all, versions] = await Promise.all([units ?? listUnits(db, org.id), listRegulationVersions(db, org.id)]);
  const own = new Set(versions.map((v) => v.unit_id).filter((id): id is string => id !== null));
  return all.filter((u) => own.has(u.id));
}

/**
 * What the page publishes for a scope: the version in force today (the one a complaint made today runs under), from
 * the day it took effect ("Datum van vaststelling", never before its activation), and a version activated
 * for the scope that takes effect later. When only such a later version exists, that one, with the day it begins.
 */
interface Published {
  active: ActiveRegulation;
  /** The day it took effect, or (`upcoming`) takes effect. */
  since: string;
  upcoming: boolean;
  /** `own`: the unit's own regulation, replacing the one it inherits. */
  next: { version: number; from: string; own: boolean } | null;
}

async function published(db: Kysely<DB>, organisationId: string, unitId: string | null): Promise<Published | null> {
  const day = today();
  const found = await regulationInForceOn(db, organisationId, unitId, day, day);
  if (found.ok) {
    const next = await regulationTakingEffect(db, organisationId, unitId, day, found.active);
    return { active: found.active, since: found.since, upcoming: false, next: next ? { version: next.version, from: next.from, own: next.unitId !== found.active.unitId } : null };
  }
  if (found.reason === 'none') return null;
  // Only versions that take effect later: the one that begins first (not the newest activated, which may begin later),
  // and what follows it.
  const first = await regulationInForceOn(db, organisationId, unitId, found.from, found.from);
  if (!first.ok) return null;
  const next = await regulationTakingEffect(db, organisationId, unitId, first.since, first.active);
  return { active: first.active, since: first.since, upcoming: true, next: next ? { version: next.version, from: next.from, own: next.unitId !== first.active.unitId } : null };
}

const RegulationPage = ({ org, shown, unit, inheritedFrom, otherUnits }: { org: Organisation; shown: Published; unit: Unit | null; inheritedFrom: string | null; otherUnits: Unit[] }) => {
  const active = shown.active;
  const text = renderRegulationText(active.regulation, org);
  const documentVersion = text.version ? `, versie ${text.version} van het document` : '';
  return (
    <>
      <article class="kw-regulation" aria-labelledby="regeling-titel">
        <h1 class="utrecht-heading-1" id="regeling-titel">
          {text.title}
        </h1>
        <p class="utrecht-paragraph kw-regulation__meta">
          {org.name}
          {unit ? ` · ${unit.name}` : ''}. Versie {active.version}
          {documentVersion}, {shown.upcoming ? 'gaat in op' : 'geldt sinds'} <time datetime={shown.since}>{dutchDate(shown.since)}</time>.
          {text.effectiveDate && text.effectiveDate !== shown.since ? ` Vastgesteld op ${dutchDate(text.effectiveDate)}.` : ''}
          {shown.next ? (
            <>
              {' '}
              Vanaf <time datetime={shown.next.from}>{dutchDate(shown.next.from)}</time> geldt {shown.next.own ? `een eigen klachtenregeling voor ${unit?.name ?? org.name}` : `versie ${shown.next.version}`}.
            </>
          ) : null}
        </p>
        {inheritedFrom ? (
          <p class="utrecht-paragraph">
            {unit?.name} heeft geen eigen klachtenregeling. Daarom geldt de regeling van {inheritedFrom}.
          </p>
        ) : null}
        <RegulationSections text={text} level={2} idPrefix="deel" />
      </article>
      {otherUnits.length ? (
        <nav class="kw-noprint kw-regulation-units" aria-labelledby="per-onderdeel">
          <h2 class="utrecht-heading-2" id="per-onderdeel">
            {unit ? 'Andere onderdelen met een eigen klachtenregeling' : 'Onderdelen met een eigen klachtenregeling'}
          </h2>
          <ul class="utrecht-unordered-list">
            {otherUnits.map((u) => (
              <li class="utrecht-unordered-list__item">
                <a class="utrecht-link" href={`/${org.slug}/klachtenregeling/${u.slug}`}>
                  {u.name}
                </a>
              </li>
            ))}
          </ul>
          {unit ? (
            <p class="utrecht-paragraph">
              <a class="utrecht-link" href={`/${org.slug}/klachtenregeling`}>
                Klachtenregeling van {org.name}
              </a>
            </p>
          ) : null}
        </nav>
      ) : null}
    </>
  );
};

// Both pages only read: the organisation's regulation versions, which `published` asks for twice (the version in force
// and the one that takes effect next), are read once (read-memo.ts).
publicRegulationRoutes.get(`/:orgSlug{${SLUG}}/klachtenregeling`, (c) => withReadMemo(() => organisationPage(c, c.req.param('orgSlug'))));
publicRegulationRoutes.get(`/:orgSlug{${SLUG}}/klachtenregeling/:unitSlug{${SLUG}}`, (c) => withReadMemo(() => unitPage(c, c.req.param('orgSlug'), c.req.param('unitSlug'))));

async function organisationPage(c: AppContext, orgSlug: string) {
  const org = await organisation(c, orgSlug);
  const own = await unitsWithOwnRegulation(c.get('deps').db, org);
  const shown = await published(c.get('deps').db, org.id, null);
  if (!shown) {
    // Only units have a regulation (e.g. one per werkmaatschappij): list them, or there is nothing to show.
    if (own.length === 0) throw notFound('Deze organisatie heeft nog geen klachtenregeling gepubliceerd.');
    return page(
      c,
      `Klachtenregeling ${org.name}`,
      <>
        <h1 class="utrecht-heading-1">Klachtenregeling {org.name}</h1>
        <p class="utrecht-paragraph">Elk onderdeel van {org.name} heeft een eigen klachtenregeling. Kies het onderdeel waarover uw klacht gaat:</p>
        <ul class="utrecht-unordered-list">
          {own.map((u) => (
            <li class="utrecht-unordered-list__item">
              <a class="utrecht-link" href={`/${org.slug}/klachtenregeling/${u.slug}`}>
                {u.name}
              </a>
            </li>
          ))}
        </ul>
      </>,
      { orgName: org.name, orgSlug: org.slug },
    );
  }
  return page(c, shown.active.regulation.metadata.title, <RegulationPage org={org} shown={shown} unit={null} inheritedFrom={null} otherUnits={own} />, { orgName: org.name, orgSlug: org.slug });
}

async function unitPage(c: AppContext, orgSlug: string, unitSlug: string) {
  const org = await organisation(c, orgSlug);
  const { db } = c.get('deps');
  const unit = await findUnit(db, org.id, unitSlug);
  const shown = await published(db, org.id, unit.id);
  if (!shown) throw notFound('Voor dit onderdeel is nog geen klachtenregeling gepubliceerd.');
  const active = shown.active;
  const units = await listUnits(db, org.id);
  const inheritedFrom = active.unitId === unit.id ? null : active.unitId === null ? org.name : (units.find((u) => u.id === active.unitId)?.name ?? org.name);
  const own = (await unitsWithOwnRegulation(db, org, units)).filter((u) => u.id !== unit.id);
  return page(c, `${active.regulation.metadata.title} — ${unit.name}`, <RegulationPage org={org} shown={shown} unit={unit} inheritedFrom={inheritedFrom} otherUnits={own} />, {
    orgName: org.name,
  });
}
