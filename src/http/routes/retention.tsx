import { Hono } from 'hono';
import { AppError } from '../../shared/errors.ts';
import { getComplaint } from '../../usecases/complaints/get-complaint.ts';
import { today } from '../../usecases/complaints/dossier.ts';
import { mayManageRetention, retentionRefusal } from '../../usecases/retention/access.ts';
import { destructionLog, runDestruction } from '../../usecases/retention/destroy.ts';
import { liftDossierHold, placeDossierHold, setRetentionFacts } from '../../usecases/retention/dossier-actions.ts';
import { dossierRetention, dueDossiers } from '../../usecases/retention/retention.ts';
import { retentionSettings, saveRetentionSettings } from '../../usecases/retention/settings.ts';
import { listUnits } from '../../usecases/units/units.ts';
import { formFields, readForm, requireActor, type AppContext, type AppEnv } from '../context.ts';
import { fieldErrorsOf } from '../form-errors.ts';
import { page } from '../render.tsx';
import { Alert, type FieldErrors } from '../views/forms.tsx';
import { DestructionLogTable, DossierRetentionPart, DueList, SettingsForm } from '../views/retention.tsx';

/**
 * `/bewaartermijnen` (issue 11, ADR 0019): what fell due with reasons and holds, approve selected or all, the
 * organisation's settings and the destruction log; on the dossier: the date and its basis, holds, the client-file
 * line, the legal framework and the end of the client relationship. For the organisation-wide coordinator; others
 * see the date and basis on the dossier only. Works without JavaScript; every form carries the CSRF token.
 */
export const retentionRoutes = new Hono<AppEnv>();

const DONE: Record<string, string> = {
  instellingen: 'De instellingen zijn opgeslagen.',
};

async function overview(
  c: AppContext,
  opts: { dueErrors?: FieldErrors; settingsForm?: Record<string, string> | null; settingsErrors?: FieldErrors; message?: string; status?: 200 | 403 | 422 } = {},
) {
  const actor = requireActor(c);
  const db = c.get('deps').db;
  if (!mayManageRetention(actor)) {
    return page(
      c,
      'Bewaartermijnen',
      <>
        <h1 class="utrecht-heading-1">Bewaartermijnen</h1>
        <Alert kind="error">{await retentionRefusal(db, actor.organisationId)}</Alert>
      </>,
      { status: 403 },
    );
  }
  const [items, settings, log, units] = await Promise.all([
    dueDossiers(db, actor.organisationId, today()),
    retentionSettings(db, actor.organisationId),
    destructionLog(db, actor.organisationId, { limit: 200 }),
    listUnits(db, actor.organisationId),
  ]);
  const done = c.req.query('gedaan');
  const destroyed = c.req.query('vernietigd');
  const csrf = c.get('csrfToken');
  return page(
    c,
    `${opts.dueErrors && Object.keys(opts.dueErrors).length ? 'Fout in formulier: ' : ''}Bewaartermijnen`,
    <>
      <h1 class="utrecht-heading-1">Bewaartermijnen</h1>
      <p class="utrecht-paragraph">
        Een afgesloten klachtdossier wordt vernietigd als de bewaartermijn voorbij is. De termijn komt uit de klachtenregeling, uit de wet, of uit de
        instelling van de organisatie als de regeling niets zegt. Een dossier met een blokkade wordt niet vernietigd.
      </p>
      {done && DONE[done] ? <Alert kind="ok">{DONE[done]}</Alert> : null}
      {destroyed !== undefined ? <Alert kind="ok">{`${Number(destroyed) || 0} dossier(s) vernietigd. Ze staan in het vernietigingsverslag.`}</Alert> : null}
      {opts.message ? <Alert kind="error">{opts.message}</Alert> : null}
      <DueList items={items} csrf={csrf} unitNames={new Map(units.map((u) => [u.id, u.name]))} errors={opts.dueErrors ?? {}} />
      <SettingsForm settings={settings} csrf={csrf} form={opts.settingsForm ?? null} errors={opts.settingsErrors ?? {}} />
      <DestructionLogTable rows={log} />
    </>,
    { status: opts.status ?? 200 },
  );
}

retentionRoutes.get('/bewaartermijnen', (c) => overview(c));

retentionRoutes.post('/bewaartermijnen/vernietigen', async (c) => {
  const actor = requireActor(c);
  if (!mayManageRetention(actor)) return overview(c);
  const { values } = await readForm(c);
  const ids = values['ids'] === undefined ? [] : Array.isArray(values['ids']) ? values['ids'] : [values['ids']];
  const all = values['alles'] === 'ja';
  if (values['confirm'] !== 'ja') {
    return overview(c, { dueErrors: { confirm: 'Zet een vinkje om de vernietiging goed te keuren. Er is niets vernietigd.' }, status: 422 });
  }
  if (!all && ids.length === 0) {
    return overview(c, { dueErrors: { ids: 'Kies de dossiers die u wilt vernietigen, of kies "Alle dossiers zonder blokkade vernietigen".' }, status: 422 });
  }
  const result = await runDestruction(c.get('deps').db, {
    organisationId: actor.organisationId,
    approvedBy: actor.userId,
    approval: 'page',
    today: today(),
    ...(all ? {} : { complaintIds: ids }),
  });
  return c.redirect(`/bewaartermijnen?vernietigd=${result.destroyed.length}#verslag`, 303);
});

retentionRoutes.post('/bewaartermijnen/instellingen', async (c) => {
  const actor = requireActor(c);
  const f = await formFields(c);
  try {
    await c.get('deps').db.transaction().execute((tx) => saveRetentionSettings(tx, actor, f));
    return c.redirect('/bewaartermijnen?gedaan=instellingen#instellingen', 303);
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_permitted') return overview(c);
    const errors = fieldErrorsOf(err);
    if (!errors) throw err;
    return overview(c, { settingsForm: f, settingsErrors: errors, status: 422 });
  }
});

/** The dossier's retention part (shown on the dossier page; the caller has already checked the actor may see it). */
export async function dossierRetentionPart(c: AppContext, complaintId: string, opts: { errors?: FieldErrors; form?: Record<string, string> } = {}) {
  const actor = requireActor(c);
  const r = await dossierRetention(c.get('deps').db, actor.organisationId, complaintId);
  if (!r) return null;
  return <DossierRetentionPart complaintId={complaintId} r={r} csrf={c.get('csrfToken')} mayManage={mayManageRetention(actor)} errors={opts.errors ?? {}} form={opts.form ?? {}} />;
}

/** A dossier action of retention: visible dossier (404 otherwise), the use case, back to the dossier's part. */
async function dossierAction(c: AppContext, run: (id: string, form: Record<string, string>) => Promise<unknown>) {
  const actor = requireActor(c);
  const id = c.req.param('id') ?? '';
  const db = c.get('deps').db;
  // A refused dossier looks missing (404), as everywhere.
  await getComplaint(db, actor, id, { audit: false });
  const f = await formFields(c);
  try {
    await run(id, f);
    return c.redirect(`/klachten/${id}#bewaren`, 303);
  } catch (err) {
    const errors = fieldErrorsOf(err);
    if (!errors && !(err instanceof AppError && err.code === 'not_permitted')) throw err;
    const part = await dossierRetentionPart(c, id, { errors: errors ?? { _: (err as AppError).message }, form: f });
    return page(
      c,
      'Fout in formulier: bewaren en vernietigen',
      <>
        <h1 class="utrecht-heading-1">Bewaren en vernietigen</h1>
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={`/klachten/${id}`}>
            Terug naar het dossier
          </a>
        </p>
        {part}
      </>,
      { status: errors ? 422 : 403 },
    );
  }
}

retentionRoutes.post('/klachten/:id/bewaren/kader', (c) =>
  dossierAction(c, (id, f) => c.get('deps').db.transaction().execute((tx) => setRetentionFacts(tx, requireActor(c), id, { framework: f['framework'] ?? '', clientRelationEndedOn: f['clientRelationEndedOn'] ?? '' }))),
);

retentionRoutes.post('/klachten/:id/bewaren/blokkade', (c) =>
  dossierAction(c, (id, f) => c.get('deps').db.transaction().execute((tx) => placeDossierHold(tx, requireActor(c), id, { kind: f['kind'] ?? '', reason: f['reason'] ?? '' }))),
);

retentionRoutes.post('/klachten/:id/bewaren/blokkade/:holdId/opheffen', (c) =>
  dossierAction(c, (id, f) => c.get('deps').db.transaction().execute((tx) => liftDossierHold(tx, requireActor(c), id, c.req.param('holdId') ?? '', { note: f['note'] ?? '' }))),
);
