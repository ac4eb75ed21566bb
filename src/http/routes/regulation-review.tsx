import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { dayZero } from '../../domain/deadlines/index.ts';
import { describeRegulationChanges } from '../../domain/regulation/changes.ts';
import { theCoordinator } from '../../domain/workflow/policy.ts';
import { formatDutchDate } from '../../domain/deadlines/format.ts';
import type { DB } from '../../db/types.ts';
import { AppError } from '../../shared/errors.ts';
import { isUuid } from '../../shared/validation.ts';
import { hasRole, type Actor } from '../../usecases/actor.ts';
import { today } from '../../usecases/complaints/dossier.ts';
import {
  approveReview,
  closeReview,
  publishReview,
  reviewHistory,
  reviewScopes,
  reviewView,
  saveDraft,
  saveEvaluation,
  startReview,
} from '../../usecases/regulations/review.ts';
import { outcomesNoticeOf } from '../../usecases/regulations/regulations.ts';
import { formFields, requireActor, type AppContext, type AppEnv } from '../context.ts';
import { fieldErrorsOf } from '../form-errors.ts';
import { page } from '../render.tsx';
import { Alert, CsrfField, ErrorSummary, TextArea, TextField, type FieldErrors } from '../views/forms.tsx';
import { Cite, RegulationDiff } from '../views/governance.tsx';

/**
 * "Regeling evalueren" (ADR 0018; 003 Bekendmaking, 004 kop "Herzieningsdatum"): `/regeling/evaluatie` lists per
 * scope when the review is due and starts it; `/regeling/evaluatie/:id` holds the evaluation, the draft of the
 * adjusted regulation with its difference from the version in force, the approval (only by whom the regulation
 * names, 003: het bestuur) and the activation of the approved draft. Outside /beheer so the bestuur can read it.
 */
export const regulationReviewRoutes = new Hono<AppEnv>();

const BASE = '/regeling/evaluatie';

const STATUS_LABELS = {
  open: 'begonnen',
  evaluated: 'geëvalueerd',
  approved: 'goedgekeurd',
  published: 'bijgestelde regeling geactiveerd',
  closed: 'afgerond zonder wijziging',
} as const;

const LABELS: Record<string, string> = {
  unitId: 'Regeling',
  evaluation: 'Evaluatie',
  document: 'Geavanceerd: de regeling als tekstbestand (YAML)',
  note: 'Toelichting bij de goedkeuring',
  _: 'Let op',
};

function requireRunner(c: AppContext): Actor {
  const actor = requireActor(c);
  if (!hasRole(actor, 'admin', 'coordinator')) throw new AppError('forbidden', 'Deze pagina is voor beheerders en klachtenfunctionarissen.');
  return actor;
}

async function orgName(db: Kysely<DB>, actor: Actor): Promise<{ name: string }> {
  return db.selectFrom('organisations').select('name').where('id', '=', actor.organisationId).executeTakeFirstOrThrow();
}

async function overviewPage(c: AppContext, message?: string) {
  const actor = requireRunner(c);
  const { db } = c.get('deps');
  const day = today();
  const [scopes, history] = await Promise.all([reviewScopes(db, actor, day), reviewHistory(db, actor)]);
  return page(
    c,
    'Evaluatie van de klachtenregeling',
    <>
      <h1 class="utrecht-heading-1">Evaluatie van de klachtenregeling</h1>
      <p class="utrecht-paragraph">
        De klachtenregeling schrijft voor hoe vaak zij zelf wordt geëvalueerd. Een bijgestelde regeling wordt pas geactiveerd als de goedkeuring is vastgelegd die de
        regeling vraagt.
      </p>
      {message ? <Alert kind="error">{message}</Alert> : null}
      {scopes.length ? (
        scopes.map((s) => (
          <section class="kw-card" aria-labelledby={`scope-${s.unitId ?? 'organisatie'}`}>
            <h2 class="utrecht-heading-2" id={`scope-${s.unitId ?? 'organisatie'}`}>
              {s.unitName ?? 'Hele organisatie'}: {s.active.regulation.metadata.title}, versie {s.active.version}
            </h2>
            <p class="utrecht-paragraph">
              Evaluatie {s.due.rule}.<Cite article={s.due.source.article} />
              {s.overdue ? <strong> De evaluatie is te laat.</strong> : null}
            </p>
            <p class="utrecht-paragraph">
              {s.due.approvedByRole
                ? `Goedkeuring van een bijgestelde regeling: ${s.active.regulation.roles.find((r) => r.key === s.due.approvedByRole)?.label ?? s.due.approvedByRole}.`
                : s.due.approvalRequired
                  ? `Goedkeuring van een bijgestelde regeling: ${s.active.regulation.metadata.review?.approvedBy ?? ''}. De regeling noemt daarvoor geen rol; een beheerder of ${theCoordinator(s.active.regulation)} legt de goedkeuring vast.`
                  : `De regeling noemt niemand die een bijgestelde regeling goedkeurt; een beheerder of ${theCoordinator(s.active.regulation)} legt de evaluatie vast.`}
            </p>
            {s.open ? (
              <p class="utrecht-paragraph">
                <a class="utrecht-link" href={`${BASE}/${s.open.id}`}>
                  Evaluatie verder invullen<span class="kw-visually-hidden"> ({s.unitName ?? 'hele organisatie'})</span>
                </a>{' '}
                <span class="kw-muted">({STATUS_LABELS[s.open.status]})</span>
              </p>
            ) : (
              <form method="post" action={BASE} class="kw-inline-form">
                <CsrfField token={c.get('csrfToken')} />
                <input type="hidden" name="unitId" value={s.unitId ?? ''} />
                <button type="submit" class="utrecht-button utrecht-button--primary-action">
                  Evaluatie beginnen<span class="kw-visually-hidden"> ({s.unitName ?? 'hele organisatie'})</span>
                </button>
              </form>
            )}
          </section>
        ))
      ) : (
        <p class="utrecht-paragraph">De klachtenregeling schrijft geen evaluatie van de regeling zelf voor.</p>
      )}
      <h2 class="utrecht-heading-2">Afgeronde evaluaties</h2>
      {history.length ? (
        <ul class="utrecht-unordered-list">
          {history.map((h) => (
            <li class="utrecht-unordered-list__item">
              <a class="utrecht-link" href={`${BASE}/${h.id}`}>
                {h.unit_name ?? 'Hele organisatie'}, afgerond op {h.completed_at ? formatDutchDate(dayZero(h.completed_at)) : ''}
              </a>{' '}
              <span class="kw-muted">
                ({STATUS_LABELS[h.status]}
                {h.published_version ? `: versie ${h.published_version}` : ''})
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p class="utrecht-paragraph">Er zijn nog geen afgeronde evaluaties.</p>
      )}
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/beheer/klachtenregeling">
          Naar de klachtenregeling
        </a>
      </p>
    </>,
    { status: message ? 422 : 200 },
  );
}

regulationReviewRoutes.get(BASE, (c) => overviewPage(c));

regulationReviewRoutes.post(BASE, async (c) => {
  const actor = requireRunner(c);
  const f = await formFields(c);
  try {
    const { id } = await c.get('deps').db.transaction().execute((tx) => startReview(tx, actor, { unitId: f['unitId'] || null }, today()));
    return c.redirect(`${BASE}/${id}`, 303);
  } catch (err) {
    const errors = fieldErrorsOf(err);
    if (!errors) throw err;
    return overviewPage(c, Object.values(errors).join(' '));
  }
});

async function reviewPage(c: AppContext, opts: { form?: Record<string, string>; errors?: FieldErrors; message?: string } = {}) {
  const actor = requireActor(c);
  const { db } = c.get('deps');
  const v = await reviewView(db, actor, c.req.param('id') ?? '', await orgName(db, actor));
  const r = v.review;
  const errors = opts.errors ?? {};
  const form = opts.form ?? {};
  const done = c.req.query('gedaan');
  const open = r.completed_at === null;
  const rule = v.reviewed.regulation.metadata.review;
  const csrf = c.get('csrfToken');
  const scope = v.unitName ?? 'Hele organisatie';
  const outcomesNotice = open ? outcomesNoticeOf(v.reviewed) : null;
  return page(
    c,
    'Evaluatie van de klachtenregeling',
    <>
      <h1 class="utrecht-heading-1">Evaluatie van de klachtenregeling</h1>
      {done ? (
        <Alert kind="ok">
          {{ evaluatie: 'De evaluatie is opgeslagen.', concept: 'Het concept is opgeslagen.', goedgekeurd: 'De goedkeuring is vastgelegd.', geactiveerd: 'De bijgestelde regeling is geactiveerd.', afgerond: 'De evaluatie is afgerond.' }[done] ?? 'Opgeslagen.'}
        </Alert>
      ) : null}
      {opts.message ? <Alert kind="error">{opts.message}</Alert> : null}
      {outcomesNotice ? <Alert kind="warning">{outcomesNotice}</Alert> : null}
      <ErrorSummary errors={errors} labels={LABELS} />
      <dl class="kw-dl">
        <dt>Regeling</dt>
        <dd>
          {scope}: {v.reviewed.regulation.metadata.title}, versie {v.reviewed.version}
        </dd>
        <dt>Uiterlijk klaar</dt>
        <dd>
          {formatDutchDate(r.due_on)}
          <Cite article={rule?.source.article} />
        </dd>
        <dt>Stand</dt>
        <dd>{STATUS_LABELS[r.status]}</dd>
        <dt>Goedkeuring door</dt>
        <dd>
          {v.approverRoleLabel
            ? `${rule?.approvedBy ?? v.approverRoleLabel} (rol ${v.approverRoleLabel})`
            : rule?.approvedBy
              ? `${rule.approvedBy}; de regeling noemt daarvoor geen rol: een beheerder of ${theCoordinator(v.reviewed.regulation)} legt de goedkeuring vast`
              : `De regeling noemt niemand die de bijgestelde regeling goedkeurt; een beheerder of ${theCoordinator(v.reviewed.regulation)} legt de goedkeuring vast.`}
        </dd>
        {r.approved_at ? (
          <>
            <dt>Goedgekeurd</dt>
            <dd>
              op {formatDutchDate(dayZero(r.approved_at))} door {v.approvedByName ?? 'onbekend'}
              {r.approval_note ? `: ${r.approval_note}` : ''}
            </dd>
          </>
        ) : null}
      </dl>

      <h2 class="utrecht-heading-2" id="evaluatie">
        Evaluatie
      </h2>
      {v.canRun && open ? (
        <form method="post" action={`${BASE}/${r.id}/evaluatie`} novalidate>
          <CsrfField token={csrf} />
          <TextArea
            name="evaluation"
            label={LABELS.evaluation!}
            value={form['evaluation'] ?? r.evaluation}
            rows={8}
            required
            description="Wat ging goed met deze regeling, wat liep vast, wat moet anders? Geen gegevens van klagers."
            error={errors['evaluation']}
          />
          <div class="kw-actions">
            <button type="submit" class="utrecht-button utrecht-button--primary-action">
              Evaluatie opslaan
            </button>
            {r.draft_document === null ? (
              <button type="submit" formaction={`${BASE}/${r.id}/afronden`} class="utrecht-button utrecht-button--secondary-action">
                Afronden zonder wijziging
              </button>
            ) : null}
          </div>
        </form>
      ) : r.evaluation ? (
        <div class="kw-text">{r.evaluation}</div>
      ) : (
        <p class="utrecht-paragraph">Er is nog geen evaluatie vastgelegd.</p>
      )}

      <h2 class="utrecht-heading-2" id="verschil">
        Wat verandert er?
      </h2>
      {v.draft ? (
        <>
          <p class="utrecht-paragraph">Wat verandert er ten opzichte van de regeling die nu geldt (versie {v.reviewed.version})?</p>
          {(() => {
            const changes = v.draft ? describeRegulationChanges(v.reviewed.regulation, v.draft) : [];
            return changes.length ? (
              <ul class="utrecht-unordered-list kw-changes">
                {changes.map((line) => (
                  <li class="utrecht-unordered-list__item">{line}</li>
                ))}
              </ul>
            ) : null;
          })()}
          <p class="utrecht-paragraph">Het verschil per onderdeel van de openbare tekst:</p>
          <RegulationDiff diff={v.diff} />
        </>
      ) : (
        <p class="utrecht-paragraph">Er is nog geen concept van een bijgestelde regeling.</p>
      )}

      {open && hasRole(actor, 'admin') ? (
        <section aria-labelledby="concept">
          <h2 class="utrecht-heading-2" id="concept">
            Concept maken
          </h2>
          <form method="post" action={`${BASE}/${r.id}/concept`} novalidate>
            <CsrfField token={csrf} />
            <TextArea
              name="document"
              label={LABELS.document!}
              value={form['document'] ?? v.draftYaml}
              rows={14}
              required
              description="Hier staat het concept, of anders de regeling die nu geldt. Pas haar aan en sla haar op. Een gewijzigd concept moet opnieuw worden goedgekeurd."
              error={errors['document']}
            />
            <div class="kw-actions">
              <button type="submit" class="utrecht-button utrecht-button--secondary-action">
                Concept opslaan
              </button>
            </div>
          </form>
        </section>
      ) : null}

      {open && v.draft ? (
        <section aria-labelledby="goedkeuren">
          <h2 class="utrecht-heading-2" id="goedkeuren">
            Goedkeuren
          </h2>
          {r.status === 'approved' ? (
            <p class="utrecht-paragraph">Het concept is goedgekeurd.</p>
          ) : v.canApprove ? (
            <form method="post" action={`${BASE}/${r.id}/goedkeuren`} novalidate>
              <CsrfField token={csrf} />
              <TextField name="note" label={LABELS.note!} value={form['note']} error={errors['note']} description="Bijvoorbeeld: besloten in de bestuursvergadering van 12 maart." />
              <div class="kw-actions">
                <button type="submit" class="utrecht-button utrecht-button--primary-action">
                  Concept goedkeuren
                </button>
              </div>
            </form>
          ) : (
            <p class="utrecht-paragraph">{v.approveRefusal}</p>
          )}
          {hasRole(actor, 'admin') ? (
            r.status === 'approved' || !(rule?.approvedBy || rule?.approvedByRole) ? (
              <form method="post" action={`${BASE}/${r.id}/activeren`} class="kw-inline-form">
                <CsrfField token={csrf} />
                <button type="submit" class="utrecht-button utrecht-button--primary-action">
                  Bijgestelde regeling activeren
                </button>
              </form>
            ) : (
              <p class="utrecht-paragraph kw-muted">
                Activeren kan pas na de goedkeuring
                <Cite article={rule?.source.article} />.
              </p>
            )
          ) : null}
        </section>
      ) : null}
      <p class="utrecht-paragraph">
        {v.canRun ? (
          <a class="utrecht-link" href={BASE}>
            Terug naar de evaluaties
          </a>
        ) : (
          <a class="utrecht-link" href="/start">
            Terug naar de startpagina
          </a>
        )}
      </p>
    </>,
    { status: opts.message ? 403 : Object.keys(errors).length ? 422 : 200 },
  );
}

regulationReviewRoutes.get(`${BASE}/:id`, (c) => reviewPage(c));

type Step = 'evaluatie' | 'concept' | 'goedkeuren' | 'activeren' | 'afronden';
const DONE: Record<Step, string> = { evaluatie: 'evaluatie', concept: 'concept', goedkeuren: 'goedgekeurd', activeren: 'geactiveerd', afronden: 'afgerond' };

for (const step of Object.keys(DONE) as Step[]) {
  regulationReviewRoutes.post(`${BASE}/:id/${step}`, async (c) => {
    const actor = requireActor(c);
    const id = c.req.param('id');
    const f = await formFields(c);
    const { db } = c.get('deps');
    try {
      await db.transaction().execute(async (tx) => {
        if (step === 'evaluatie') await saveEvaluation(tx, actor, id, { evaluation: f['evaluation'] ?? '' });
        else if (step === 'concept') await saveDraft(tx, actor, id, { document: f['document'] ?? '' });
        else if (step === 'goedkeuren') await approveReview(tx, actor, id, { note: f['note'] ?? '' });
        else if (step === 'activeren') await publishReview(tx, actor, id);
        else {
          // "Afronden zonder wijziging" posts the evaluation form: keep what was typed.
          if ((f['evaluation'] ?? '').trim() !== '') await saveEvaluation(tx, actor, id, { evaluation: f['evaluation'] ?? '' });
          await closeReview(tx, actor, id);
        }
      });
      return c.redirect(`${BASE}/${isUuid(id) ? id : ''}?gedaan=${DONE[step]}`, 303);
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_permitted') return reviewPage(c, { form: f, message: err.message });
      const errors = fieldErrorsOf(err);
      if (!errors) throw err;
      return reviewPage(c, { form: f, errors });
    }
  });
}
