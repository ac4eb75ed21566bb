import { Hono } from 'hono';
import { AppError } from '../../shared/errors.ts';
import { hasRole, unitsWithRole } from '../../usecases/actor.ts';
import {
  addRecommendation,
  decideRecommendation,
  editRecommendation,
  exceptionalCandidates,
  finaliseReport,
  getReport,
  listReports,
  moveRecommendation,
  removeRecommendation,
  reportDocumentOf,
  reportKinds,
  reportsDue,
  saveNarrative,
  setPeriodicLength,
  startReport,
} from '../../usecases/reports/reports.ts';
import { hasYearlyMeeting } from '../../usecases/meetings/meetings.ts';
import { listUnits, unitDepths } from '../../usecases/units/units.ts';
import { formFields, readForm, requireActor, type AppContext, type AppEnv } from '../context.ts';
import { fieldErrorsOf } from '../form-errors.ts';
import { page } from '../render.tsx';
import type { FieldErrors } from '../views/forms.tsx';
import { ReportPage, ReportsIndex } from '../views/reports.tsx';

/**
 * Rapportages (issue 10): the reports the regulation prescribes. Thin: every rule is in
 * src/usecases/reports/reports.ts. Plain forms with a CSRF token; each post redirects back with a
 * message, or shows the page again with the error at the field and what was typed.
 */
export const reportRoutes = new Hono<AppEnv>();

const DONE: Record<string, string> = {
  'hoe-vaak': 'Opgeslagen hoe vaak de periodieke rapportage komt.',
  gemaakt: 'Het concept van de rapportage is gemaakt.',
  geopend: 'Deze rapportage bestond al: u ziet het concept.',
  tekst: 'De tekst is opgeslagen.',
  aanbeveling: 'De aanbeveling is toegevoegd.',
  gewijzigd: 'De aanbeveling is gewijzigd.',
  verwijderd: 'De aanbeveling is verwijderd.',
  verplaatst: 'De volgorde is aangepast.',
  definitief: 'De rapportage is definitief. De cijfers liggen nu vast.',
  besluit: 'Het besluit over de aanbeveling is vastgelegd.',
};

/** Every signed-in user may open the pages; what they see is the use cases' need-to-know (the board: final reports only). */
const mayOpen = (c: AppContext) => requireActor(c);

async function indexPage(c: AppContext, form: Record<string, string> = {}, errors: FieldErrors = {}, status: 200 | 422 = 200) {
  const actor = mayOpen(c);
  const { db } = c.get('deps');
  // The board reads final reports only: no due list, no drafts, no form to make one.
  const staff = hasRole(actor, 'coordinator', 'admin') || !hasRole(actor, 'board');
  const [reports, due, kinds, units, meeting] = await Promise.all([
    listReports(db, actor),
    staff ? reportsDue(db, actor) : Promise.resolve(null),
    staff ? reportKinds(db, actor) : Promise.resolve([]),
    listUnits(db, actor.organisationId),
    hasYearlyMeeting(db, actor.organisationId),
  ]);
  const depth = unitDepths(units);
  // Only who makes reports gets the due list, the drafts and the form (coordinators and the author roles).
  // A coordinator of some units makes reports for those units; an organisation-wide one (or an author role) for any.
  const coordinatorUnits = unitsWithRole(actor, units, 'coordinator');
  const wholeOrganisation = actor.roles.some((g) => g.role === 'coordinator' && g.unitId === null) || !hasRole(actor, 'coordinator');
  const mine = wholeOrganisation ? new Set(units.map((u) => u.id)) : coordinatorUnits;
  const writer = staff && (hasRole(actor, 'coordinator') || (due?.due.length ?? 0) > 0 || reports.some((r) => r.write));
  return page(
    c,
    'Rapportages',
    <ReportsIndex
      staff={writer}
      due={writer ? due : null}
      reports={reports}
      kinds={kinds}
      units={units.filter((u) => mine.has(u.id)).map((u) => ({ id: u.id, name: u.name, depth: depth.get(u.id) ?? 0 }))}
      wholeOrganisation={wholeOrganisation}
      csrf={c.get('csrfToken')}
      form={form}
      errors={errors}
      done={DONE[c.req.query('gedaan') ?? '']}
      meetingLink={meeting && (writer || hasRole(actor, 'coordinator', 'admin', 'board'))}
    />,
    { status },
  );
}

reportRoutes.get('/rapportages', (c) => indexPage(c));

reportRoutes.post('/rapportages', async (c) => {
  const actor = mayOpen(c);
  const form = await formFields(c);
  try {
    const r = await startReport(c.get('deps').db, actor, { reportKey: form.reportKey ?? '', period: form.period ?? '', unitId: form.unitId || null });
    return c.redirect(`/rapportages/${r.id}?gedaan=${r.created ? 'gemaakt' : 'geopend'}`, 303);
  } catch (err) {
    const errors = fieldErrorsOf(err);
    if (!errors) throw err;
    return indexPage(c, form, errors, 422);
  }
});

reportRoutes.post('/rapportages/hoe-vaak', async (c) => {
  const actor = mayOpen(c);
  const form = await formFields(c);
  try {
    await setPeriodicLength(c.get('deps').db, actor, form.periodicLength ?? '');
    return c.redirect('/rapportages?gedaan=hoe-vaak', 303);
  } catch (err) {
    const errors = fieldErrorsOf(err);
    if (!errors) throw err;
    return indexPage(c, form, errors, 422);
  }
});

async function reportPage(c: AppContext, id: string, form: Record<string, string | string[]> = {}, errors: FieldErrors = {}, errorAt?: string, status: 200 | 409 | 422 = 200) {
  const actor = mayOpen(c);
  const { db } = c.get('deps');
  const detail = await getReport(db, actor, id);
  const [doc, candidates] = await Promise.all([reportDocumentOf(db, actor, id), exceptionalCandidates(db, actor, id)]);
  return page(
    c,
    detail.title,
    <ReportPage detail={detail} doc={doc} csrf={c.get('csrfToken')} form={form} errors={errors} errorAt={errorAt} candidates={candidates} done={DONE[c.req.query('gedaan') ?? '']} />,
    { status },
  );
}

reportRoutes.get('/rapportages/:id', (c) => reportPage(c, c.req.param('id')));

/** Runs a change; on a field error shows the report again with the message and what was typed. */
async function change(c: AppContext, id: string, run: (form: Record<string, string | string[]>) => Promise<unknown>, done: string, errorAt?: string) {
  const { values } = await readForm(c);
  const form: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined) form[k] = v;
  try {
    await run(form);
    return c.redirect(`/rapportages/${id}?gedaan=${done}`, 303);
  } catch (err) {
    const found = fieldErrorsOf(err);
    if (!found) throw err;
    // A recommendation's own form: its fields carry the recommendation's id, so the summary links to them.
    const errors: FieldErrors = {};
    for (const [field, message] of Object.entries(found)) errors[errorAt && errorAt !== 'new' && field !== '_' ? `${field}-${errorAt}` : field] = message;
    return reportPage(c, id, form, errors, errorAt, err instanceof AppError && (err.code === 'conflict' || err.code === 'period_not_ended') ? 409 : 422);
  }
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[v.length - 1] : v);
const many = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

reportRoutes.post('/rapportages/:id/tekst', (c) => {
  const id = c.req.param('id');
  return change(
    c,
    id,
    async (f) => {
      const exceptional = many(f.exceptional).filter((s) => s.trim()).map((summary) => ({ summary }));
      try {
        await saveNarrative(c.get('deps').db, requireActor(c), id, { analysis: one(f.analysis) ?? '', conclusions: one(f.conclusions) ?? '', exceptional });
      } catch (err) {
        // "exceptional.3.summary" → the one fieldset's error.
        if (err instanceof AppError && err.code === 'validation_failed') {
          throw new AppError(err.code, err.message, err.fields.map((x) => ({ ...x, field: x.field.startsWith('exceptional') ? 'exceptional' : x.field })));
        }
        throw err;
      }
    },
    'tekst',
  );
});

reportRoutes.post('/rapportages/:id/aanbevelingen', (c) => {
  const id = c.req.param('id');
  return change(c, id, (f) => addRecommendation(c.get('deps').db, requireActor(c), id, { text: one(f.text) ?? '' }), 'aanbeveling', 'new');
});

reportRoutes.post('/rapportages/:id/aanbevelingen/:rec', (c) => {
  const { id, rec } = c.req.param();
  return change(c, id, (f) => editRecommendation(c.get('deps').db, requireActor(c), rec, { text: one(f.text) ?? '' }), 'gewijzigd', rec);
});

reportRoutes.post('/rapportages/:id/aanbevelingen/:rec/verwijderen', (c) => {
  const { id, rec } = c.req.param();
  return change(c, id, () => removeRecommendation(c.get('deps').db, requireActor(c), rec), 'verwijderd');
});

for (const [path, direction] of [['omhoog', 'up'], ['omlaag', 'down']] as const) {
  reportRoutes.post(`/rapportages/:id/aanbevelingen/:rec/${path}`, (c) => {
    const { id, rec } = c.req.param();
    return change(c, id, () => moveRecommendation(c.get('deps').db, requireActor(c), rec, direction), 'verplaatst');
  });
}

reportRoutes.post('/rapportages/:id/aanbevelingen/:rec/besluit', (c) => {
  const { id, rec } = c.req.param();
  return change(
    c,
    id,
    (f) => {
      const note = one(f.note);
      return decideRecommendation(c.get('deps').db, requireActor(c), rec, { decision: (one(f.decision) ?? '') as 'adopted', ...(note ? { note } : {}) });
    },
    'besluit',
    rec,
  );
});

reportRoutes.post('/rapportages/:id/definitief', (c) => {
  const id = c.req.param('id');
  return change(
    c,
    id,
    async (f) => {
      if (one(f.confirm) !== 'ja') throw new AppError('validation_failed', 'Niet alle gegevens zijn goed ingevuld.', [{ field: 'confirm', message: 'Vink aan dat u de rapportage hebt nagelezen.' }]);
      await finaliseReport(c.get('deps').db, requireActor(c), id);
    },
    'definitief',
  );
});
