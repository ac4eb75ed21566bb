import { Hono } from 'hono';
import { isMeasureSourceKind } from '../../domain/measures/measures.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { isUuid } from '../../shared/validation.ts';
import type { Actor } from '../../usecases/actor.ts';
import { complaintScope, visibleTo } from '../../usecases/complaints/access.ts';
import {
  addMeasureNote,
  addMeasureSource,
  changeMeasureStatus,
  createMeasure,
  getMeasure,
  keptUnits,
  listMeasures,
  recordEffectCheck,
  removeMeasureSource,
  updateMeasure,
  usesRegister,
  type MeasureFilters,
} from '../../usecases/measures/measures.ts';
import { activeRegulation } from '../../usecases/regulations/regulations.ts';
import { listUnits, unitDepths } from '../../usecases/units/units.ts';
import { listUsers } from '../../usecases/users/users.ts';
import { formFields, requireActor, type AppContext, type AppEnv } from '../context.ts';
import { fieldErrorsOf } from '../form-errors.ts';
import { page } from '../render.tsx';
import type { FieldErrors, Option } from '../views/forms.tsx';
import { MeasureDetailPage, MeasuresListPage, NewMeasurePage, type DetailForms, type MeasureFormValues, type PrefilledSource } from '../views/measures.tsx';

/**
 * The improvement register's pages (`/verbetermaatregelen`, ADR 0017) and its API (`/api/v1/measures`).
 * Thin: read the request, call the use case (which decides who may), render.
 */
export const measureRoutes = new Hono<AppEnv>();

const DONE: Record<string, string> = {
  opgeslagen: 'De maatregel staat in het verbeterregister.',
  gewijzigd: 'De gegevens zijn opgeslagen.',
  status: 'De status is veranderd.',
  notitie: 'De notitie is toegevoegd.',
  effect: 'De controle van het effect is vastgelegd.',
  bron: 'De bron is toegevoegd.',
  'bron-weg': 'De bron is weggehaald.',
};

async function options(c: AppContext, actor: Actor, onlyKept: boolean): Promise<{ units: Option[]; owners: Option[] }> {
  const { db } = c.get('deps');
  const [units, users, kept] = await Promise.all([listUnits(db, actor.organisationId), listUsers(db, actor.organisationId), keptUnits(db, actor)]);
  const depth = unitDepths(units);
  return {
    units: units.filter((u) => !onlyKept || kept === 'all' || kept.includes(u.id)).map((u) => ({ value: u.id, label: `${'– '.repeat(depth.get(u.id) ?? 0)}${u.name}` })),
    owners: users.filter((u) => !u.disabled).map((u) => ({ value: u.id, label: u.name })),
  };
}

// ---------------------------------------------------------------------------------------------
// The list
// ---------------------------------------------------------------------------------------------

measureRoutes.get('/verbetermaatregelen', async (c) => {
  const actor = requireActor(c);
  const { db } = c.get('deps');
  if (!(await usesRegister(db, actor))) throw notFound();
  const q = (k: string) => c.req.query(k) ?? '';
  const filters: MeasureFilters = {
    status: q('status') || undefined,
    unitId: isUuid(q('eenheid')) ? q('eenheid') : undefined,
    ownerUserId: isUuid(q('eigenaar')) ? q('eigenaar') : undefined,
    overdue: q('overdue') === 'ja' ? true : q('overdue') === 'nee' ? false : undefined,
    sourceKind: isMeasureSourceKind(q('bron')) ? q('bron') : undefined,
  };
  if (filters.status && !['open', 'planned', 'in_progress', 'done', 'dropped'].includes(filters.status)) filters.status = undefined;
  const [{ items, counts }, opts, kept, regulation] = await Promise.all([listMeasures(db, actor, filters), options(c, actor, false), keptUnits(db, actor), activeRegulation(db, actor.organisationId, null)]);
  const rules = (regulation?.regulation.reporting.measures ?? []).map((m) => ({ text: m.text, article: m.source.article }));
  return page(
    c,
    'Verbetermaatregelen',
    <MeasuresListPage
      items={items}
      counts={counts}
      filters={{ status: filters.status ?? '', eenheid: filters.unitId ?? '', eigenaar: filters.ownerUserId ?? '', overdue: q('overdue'), bron: filters.sourceKind ?? '' }}
      units={opts.units}
      owners={opts.owners}
      canCreate={kept === 'all' || kept.length > 0}
      rules={rules}
      notice={DONE[q('gedaan')]}
    />,
  );
});

// ---------------------------------------------------------------------------------------------
// New
// ---------------------------------------------------------------------------------------------

/** The source named in the query (`?complaint=`, `?report=`, `?recommendation=`, `?meeting=`), read with the actor's rights. */
async function prefilledSource(c: AppContext, actor: Actor): Promise<PrefilledSource | null> {
  const { db } = c.get('deps');
  const complaint = c.req.query('complaint');
  const report = c.req.query('report');
  const recommendation = c.req.query('recommendation');
  const meeting = c.req.query('meeting');
  if (complaint && isUuid(complaint)) {
    const scope = await complaintScope(db, actor);
    const row = await db.selectFrom('complaints').select(['id', 'reference']).where('id', '=', complaint).where('organisation_id', '=', actor.organisationId).where(visibleTo(scope)).executeTakeFirst();
    if (!row) return null;
    const source = c.req.query('source');
    const kind = source === 'external_ruling' || source === 'external_reaction' || source === 'decision' ? source : 'complaint';
    return { kind, complaintId: row.id, reference: row.reference };
  }
  if (recommendation && isUuid(recommendation)) {
    const row = await db.selectFrom('report_recommendations').select(['id', 'text']).where('id', '=', recommendation).where('organisation_id', '=', actor.organisationId).executeTakeFirst();
    return row ? { kind: 'recommendation', recommendationId: row.id, recommendationText: row.text } : null;
  }
  if (report && isUuid(report)) {
    const row = await db.selectFrom('reports').select(['id', 'title']).where('id', '=', report).where('organisation_id', '=', actor.organisationId).executeTakeFirst();
    return row ? { kind: 'report', reportId: row.id, reportTitle: row.title } : null;
  }
  // The yearly meeting (gov lane): its decided measures name the meeting in the source's note.
  if (meeting && isUuid(meeting)) return { kind: 'meeting', note: 'Besloten in het jaaroverleg' };
  return null;
}

async function newPage(c: AppContext, values: MeasureFormValues, errors: FieldErrors, source: PrefilledSource | null) {
  const actor = requireActor(c);
  const kept = await keptUnits(c.get('deps').db, actor);
  if (kept !== 'all' && !kept.length) throw notFound();
  const opts = await options(c, actor, true);
  const failed = Object.keys(errors).length > 0;
  return page(c, failed ? 'Fout in formulier: nieuwe verbetermaatregel' : 'Nieuwe verbetermaatregel', <NewMeasurePage csrf={c.get('csrfToken')} values={values} errors={errors} units={opts.units} owners={opts.owners} source={source} />, { status: failed ? 422 : 200 });
}

measureRoutes.get('/verbetermaatregelen/nieuw', async (c) => {
  const actor = requireActor(c);
  const source = await prefilledSource(c, actor);
  // A measure from a complaint belongs to that complaint's unit by default.
  let unitId: string | undefined;
  if (source?.complaintId) unitId = (await c.get('deps').db.selectFrom('complaints').select('unit_id').where('id', '=', source.complaintId).executeTakeFirst())?.unit_id;
  return newPage(c, { ...(unitId ? { unitId } : {}) }, {}, source);
});

function sourceFromForm(f: Record<string, string>): Record<string, string | undefined> | null {
  const kind = f['sources.0.kind'] ?? '';
  const get = (k: string) => (f[`sources.0.${k}`] ?? '').trim() || undefined;
  // "Anders" with nothing filled in: no source.
  if ((kind === '' || kind === 'other') && !get('note') && !get('complaintReference')) return null;
  return { kind, complaintId: get('complaintId'), complaintReference: get('complaintReference'), reportId: get('reportId'), recommendationId: get('recommendationId'), note: get('note') };
}

const measureInput = (f: Record<string, string>) => ({
  title: f['title'] ?? '',
  description: f['description'] ?? '',
  unitId: f['unitId'] ?? '',
  ownerUserId: f['ownerUserId'] ?? '',
  dueOn: f['dueOn'] ?? '',
  effectCheck: f['effectCheck'] ?? '',
});

measureRoutes.post('/verbetermaatregelen', async (c) => {
  const actor = requireActor(c);
  const f = await formFields(c);
  const source = sourceFromForm(f);
  try {
    const { id } = await c.get('deps').db.transaction().execute((tx) => createMeasure(tx, actor, { ...measureInput(f), sources: source ? [source] : [] }));
    return c.redirect(`/verbetermaatregelen/${id}?gedaan=opgeslagen`, 303);
  } catch (err) {
    const errors = fieldErrorsOf(err);
    if (!errors) throw err;
    // Keep the prefilled source (hidden fields) when the form comes back.
    const kind = f['sources.0.kind'] ?? '';
    const prefilled: PrefilledSource | null =
      f['sources.0.complaintId'] || f['sources.0.reportId'] || f['sources.0.recommendationId'] || kind === 'meeting'
        ? {
            kind,
            ...(f['sources.0.complaintId'] ? { complaintId: f['sources.0.complaintId'], reference: await referenceOf(c, actor, f['sources.0.complaintId']) } : {}),
            ...(f['sources.0.reportId'] ? { reportId: f['sources.0.reportId'] } : {}),
            ...(f['sources.0.recommendationId'] ? { recommendationId: f['sources.0.recommendationId'] } : {}),
          }
        : null;
    return newPage(c, f, errors, prefilled);
  }
});

async function referenceOf(c: AppContext, actor: Actor, complaintId: string): Promise<string> {
  if (!isUuid(complaintId)) return '';
  const { db } = c.get('deps');
  const scope = await complaintScope(db, actor);
  const row = await db.selectFrom('complaints').select('reference').where('id', '=', complaintId).where('organisation_id', '=', actor.organisationId).where(visibleTo(scope)).executeTakeFirst();
  return row?.reference ?? '';
}

// ---------------------------------------------------------------------------------------------
// One measure
// ---------------------------------------------------------------------------------------------

async function detailPage(c: AppContext, id: string, opts: { notice?: string | undefined } & DetailForms = {}) {
  const actor = requireActor(c);
  const m = await getMeasure(c.get('deps').db, actor, id);
  const o = await options(c, actor, true);
  const title = `${opts.failed ? 'Fout in formulier: ' : ''}Verbetermaatregel: ${m.title}`;
  return page(c, title, <MeasureDetailPage m={m} csrf={c.get('csrfToken')} units={o.units} owners={o.owners} notice={opts.notice} failed={opts.failed} />, { status: opts.failed ? 422 : 200 });
}

measureRoutes.get('/verbetermaatregelen/:id', (c) => detailPage(c, c.req.param('id'), { notice: DONE[c.req.query('gedaan') ?? ''] }));

function change(form: NonNullable<DetailForms['failed']>['form'], done: string, run: (c: AppContext, actor: Actor, id: string, f: Record<string, string>) => Promise<unknown>) {
  return async (c: AppContext) => {
    const actor = requireActor(c);
    const id = c.req.param('id') ?? '';
    const f = await formFields(c);
    delete f['_csrf'];
    try {
      await run(c, actor, id, f);
      return c.redirect(`/verbetermaatregelen/${id}?gedaan=${done}`, 303);
    } catch (err) {
      const errors = fieldErrorsOf(err);
      if (!errors) {
        if (err instanceof AppError && err.code === 'not_permitted') return page(c, 'Niet toegestaan', <p class="utrecht-paragraph">{err.message}</p>, { status: 403 });
        throw err;
      }
      return detailPage(c, id, { failed: { form, values: f, errors } });
    }
  };
}

measureRoutes.post('/verbetermaatregelen/:id/wijzigen', change('edit', 'gewijzigd', (c, a, id, f) => updateMeasure(c.get('deps').db, a, id, measureInput(f))));
measureRoutes.post('/verbetermaatregelen/:id/status', change('status', 'status', (c, a, id, f) => changeMeasureStatus(c.get('deps').db, a, id, { status: f['status'] ?? '', note: f['note'] ?? '' })));
measureRoutes.post('/verbetermaatregelen/:id/notitie', change('note', 'notitie', (c, a, id, f) => addMeasureNote(c.get('deps').db, a, id, { text: f['text'] ?? '' })));
measureRoutes.post('/verbetermaatregelen/:id/effect', change('effect', 'effect', (c, a, id, f) => recordEffectCheck(c.get('deps').db, a, id, { checkedOn: f['checkedOn'] ?? '', result: f['result'] ?? '' })));
measureRoutes.post(
  '/verbetermaatregelen/:id/bronnen',
  change('source', 'bron', (c, a, id, f) => addMeasureSource(c.get('deps').db, a, id, { kind: f['kind'] ?? '', complaintReference: f['complaintReference'] ?? '', note: f['note'] ?? '' })),
);
measureRoutes.post('/verbetermaatregelen/:id/bronnen/:sourceId/verwijderen', change('source', 'bron-weg', (c, a, id) => removeMeasureSource(c.get('deps').db, a, id, c.req.param('sourceId') ?? '')));

// ---------------------------------------------------------------------------------------------
// API
// ---------------------------------------------------------------------------------------------

measureRoutes.get('/api/v1/measures', async (c) => {
  const actor = requireActor(c);
  const { db } = c.get('deps');
  if (!(await usesRegister(db, actor))) throw notFound('Niet gevonden.');
  const q = (k: string) => c.req.query(k);
  const overdue = q('overdue');
  if (overdue !== undefined && overdue !== 'true' && overdue !== 'false') throw new AppError('validation_failed', 'Niet alle gegevens zijn goed ingevuld.', [{ field: 'overdue', message: 'Geef true of false.' }]);
  const filters: MeasureFilters = { status: q('status'), unitId: q('unitId'), ownerUserId: q('ownerUserId'), overdue: overdue === undefined ? undefined : overdue === 'true', sourceKind: q('sourceKind') };
  const { items, counts } = await listMeasures(db, actor, filters);
  return c.json({ items, counts });
});

measureRoutes.get('/api/v1/measures/:id', async (c) => {
  const actor = requireActor(c);
  return c.json(await getMeasure(c.get('deps').db, actor, c.req.param('id')));
});
