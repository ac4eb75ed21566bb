import { Hono } from 'hono';
import { dayZero } from '../../domain/deadlines/index.ts';
import { dutchDate, renderRegulationText } from '../../domain/regulation/index.ts';
import type { Organisation, Unit } from '../../db/types.ts';
import { notFound } from '../../shared/errors.ts';
import { findOrganisationBySlug } from '../../usecases/organisations/create-organisation.ts';
import { activeRegulation, listRegulationVersions, type ActiveRegulation } from '../../usecases/regulations/regulations.ts';
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

/** Units that activated a regulation of their own, in tree order. */
async function unitsWithOwnRegulation(c: AppContext, org: Organisation): Promise<Unit[]> {
  const { db } = c.get('deps');
  const [units, versions] = await Promise.all([listUnits(db, org.id), listRegulationVersions(db, org.id)]);
  const own = new Set(versions.map((v) => v.unit_id).filter((id): id is string => id !== null));
  return units.filter((u) => own.has(u.id));
}

const RegulationPage = ({ org, active, unit, inheritedFrom, otherUnits }: { org: Organisation; active: ActiveRegulation; unit: Unit | null; inheritedFrom: string | null; otherUnits: Unit[] }) => {
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
          {documentVersion}, geldt sinds <time datetime={dayZero(active.activatedAt)}>{dutchDate(dayZero(active.activatedAt))}</time>.
          {text.effectiveDate ? ` Vastgesteld op ${dutchDate(text.effectiveDate)}.` : ''}
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

publicRegulationRoutes.get(`/:orgSlug{${SLUG}}/klachtenregeling`, async (c) => {
  const org = await organisation(c, c.req.param('orgSlug'));
  const own = await unitsWithOwnRegulation(c, org);
  const active = await activeRegulation(c.get('deps').db, org.id, null);
  if (!active) {
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
  return page(c, active.regulation.metadata.title, <RegulationPage org={org} active={active} unit={null} inheritedFrom={null} otherUnits={own} />, { orgName: org.name, orgSlug: org.slug });
});

publicRegulationRoutes.get(`/:orgSlug{${SLUG}}/klachtenregeling/:unitSlug{${SLUG}}`, async (c) => {
  const org = await organisation(c, c.req.param('orgSlug'));
  const { db } = c.get('deps');
  const unit = await findUnit(db, org.id, c.req.param('unitSlug'));
  const active = await activeRegulation(db, org.id, unit.id);
  if (!active) throw notFound('Voor dit onderdeel is nog geen klachtenregeling gepubliceerd.');
  const units = await listUnits(db, org.id);
  const inheritedFrom = active.unitId === unit.id ? null : active.unitId === null ? org.name : (units.find((u) => u.id === active.unitId)?.name ?? org.name);
  const own = (await unitsWithOwnRegulation(c, org)).filter((u) => u.id !== unit.id);
  return page(c, `${active.regulation.metadata.title} — ${unit.name}`, <RegulationPage org={org} active={active} unit={unit} inheritedFrom={inheritedFrom} otherUnits={own} />, {
    orgName: org.name,
  });
});
