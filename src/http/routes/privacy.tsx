import { Hono } from 'hono';
import { formatDutchDate } from '../../domain/deadlines/format.ts';
import { RECORD_KIND_LABELS, STATUS_LABELS, type RecordKind, type Status } from '../../domain/workflow/index.ts';
import { PRIVACY_REQUEST_KINDS } from '../../db/types-privacy.ts';
import { today } from '../../usecases/complaints/dossier.ts';
import { exportPersonalData } from '../../usecases/privacy/export.ts';
import { privacyExportPdf } from '../../usecases/privacy/export-pdf.ts';
import { findPerson, MATCH_REASON_LABELS, parsePersonQuery, PERSON_ROLE_LABELS, privacyRefusal, requirePrivacyRole, searchPerson, type FoundPerson } from '../../usecases/privacy/find-person.ts';
import { processingRecord } from '../../usecases/privacy/processing-record.ts';
import { decidePrivacyRequest, extendPrivacyRequest, listPrivacyRequests, privacyRequest, recordPrivacyRequest, REQUEST_KIND_LABELS, REQUEST_STATUS_LABELS } from '../../usecases/privacy/requests.ts';
import { readForm, requireActor, type AppContext, type AppEnv, type FormValues } from '../context.ts';
import { fieldErrorsOf } from '../form-errors.ts';
import { readJson } from '../json-body.ts';
import { page } from '../render.tsx';
import { Alert, ChoiceGroup, CsrfField, ErrorSummary, SelectField, TextArea, TextField, type FieldErrors } from '../views/forms.tsx';

/**
 * The complainant's AVG rights (issue 11, ADR 0020), for a coordinator of the whole organisation:
 * - `/privacy`: find a person by e-mail, phone or name (a POST: the data stay out of URLs and logs), the dossiers
 *   found in every unit, the access export as PDF or JSON (art. 15), and recording a request; the requests register.
 * - `/privacy/verzoeken/:id`: one request, its dossiers with what weighs against erasure (art. 17(3)), the answer
 *   (recorded either way, with the letter text), extending the term (art. 12(3)).
 * - `/privacy/verwerkingsregister`: the record of processing (art. 30), printable.
 */
export const privacyRoutes = new Hono<AppEnv>();

const LABELS: Record<string, string> = {
  email: 'E-mailadres',
  phone: 'Telefoonnummer',
  name: 'Naam',
  kind: 'Soort verzoek',
  receivedOn: 'Ontvangen op',
  requesterName: 'Naam van de verzoeker',
  requesterEmail: 'E-mailadres van de verzoeker',
  requesterPhone: 'Telefoonnummer van de verzoeker',
  description: 'Wat vraagt de persoon?',
  complaintIds: 'Dossiers',
  status: 'Beslissing',
  reason: 'Toelichting',
  _: 'Let op',
};

const one = (v: FormValues[string]): string => (Array.isArray(v) ? (v[v.length - 1] ?? '') : (v ?? ''));
const many = (v: FormValues[string]): string[] => (Array.isArray(v) ? v : v ? [v] : []);

async function guard(c: AppContext) {
  const actor = requireActor(c);
  await requirePrivacyRole(c.get('deps').db, actor);
  return actor;
}

async function overview(c: AppContext, form: FormValues = {}, errors: FieldErrors = {}, found: FoundPerson | null = null) {
  const actor = await guard(c);
  const db = c.get('deps').db;
  const requests = await listPrivacyRequests(db, actor, actor.organisationId);
  const searched = { email: one(form['email']), phone: one(form['phone']), name: one(form['name']) };
  return page(
    c,
    'Privacy: verzoeken van klagers',
    <>
      <h1 class="utrecht-heading-1">Privacy: verzoeken van klagers</h1>
      <p class="utrecht-paragraph">
        Iemand mag weten welke gegevens wij over hem of haar hebben (inzage, AVG art. 15), mag vragen die te verbeteren (art. 16) of te verwijderen (art. 17). U
        beantwoordt een verzoek binnen een maand (AVG art. 12 lid 3). Zoek eerst alle dossiers van de persoon, in alle onderdelen.
      </p>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/privacy/verwerkingsregister">
          Verwerkingsregister (AVG art. 30)
        </a>
      </p>
      <section aria-labelledby="zoeken">
        <h2 class="utrecht-heading-2" id="zoeken">
          Persoon zoeken
        </h2>
        <ErrorSummary errors={errors} labels={LABELS} />
        <form method="post" action="/privacy" novalidate>
          <CsrfField token={c.get('csrfToken')} />
          <TextField name="email" type="email" label={LABELS.email!} value={searched.email} error={errors['email']} hideOptional autocomplete="off" />
          <TextField name="phone" type="tel" label={LABELS.phone!} value={searched.phone} error={errors['phone']} hideOptional autocomplete="off" description="+31 6 en 06 tellen gelijk." />
          <TextField name="name" label={LABELS.name!} value={searched.name} error={errors['name']} hideOptional autocomplete="off" description="Hoofdletters en accenten tellen niet. Ook degene namens wie een klacht is ingediend." />
          <div class="kw-actions">
            <button type="submit" class="utrecht-button utrecht-button--primary-action">
              Zoeken
            </button>
          </div>
        </form>
      </section>
      {found ? <Results c={c} found={found} searched={searched} /> : null}
      <section aria-labelledby="verzoeken">
        <h2 class="utrecht-heading-2" id="verzoeken">
          Verzoeken
        </h2>
        {requests.length ? (
          <ul class="utrecht-unordered-list">
            {requests.map((r) => (
              <li class="utrecht-unordered-list__item">
                <a class="utrecht-link" href={`/privacy/verzoeken/${r.id}`}>
                  {REQUEST_KIND_LABELS[r.kind]}, ontvangen op {formatDutchDate(r.received_on)}
                </a>{' '}
                — {REQUEST_STATUS_LABELS[r.status]}
                {r.status === 'open' ? `; antwoord uiterlijk ${formatDutchDate(r.answerBy)}` : ''}
                {r.overdue ? <strong> (te laat)</strong> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p class="utrecht-paragraph">Er zijn nog geen verzoeken vastgelegd.</p>
        )}
      </section>
    </>,
    { status: Object.keys(errors).length ? 422 : 200 },
  );
}

function Results({ c, found, searched }: { c: AppContext; found: FoundPerson; searched: { email: string; phone: string; name: string } }) {
  const csrf = c.get('csrfToken');
  const hidden = (
    <>
      <CsrfField token={csrf} />
      <input type="hidden" name="email" value={searched.email} />
      <input type="hidden" name="phone" value={searched.phone} />
      <input type="hidden" name="name" value={searched.name} />
    </>
  );
  return (
    <section aria-labelledby="gevonden">
      <h2 class="utrecht-heading-2" id="gevonden">
        Gevonden: {found.dossiers.length} {found.dossiers.length === 1 ? 'dossier' : 'dossiers'}
      </h2>
      {found.dossiers.length ? (
        <ul class="utrecht-unordered-list">
          {found.dossiers.map((d) => (
            <li class="utrecht-unordered-list__item">
              <a class="utrecht-link" href={`/klachten/${d.id}`}>
                {d.reference}
              </a>{' '}
              ({RECORD_KIND_LABELS[d.kind as RecordKind] ?? d.kind}, {STATUS_LABELS[d.status as Status] ?? d.status}, {d.unitName}, ontvangen op {formatDutchDate(d.receivedOn)}): {d.roles.map((r) => PERSON_ROLE_LABELS[r]).join(' en ')}; gevonden op{' '}
              {d.matchedBy.map((m) => MATCH_REASON_LABELS[m]).join(', ')}
            </li>
          ))}
        </ul>
      ) : (
        <p class="utrecht-paragraph">Geen dossier gevonden met deze gegevens.</p>
      )}
      {found.unjoinedMailIds.length ? <p class="utrecht-paragraph">Ook {found.unjoinedMailIds.length} e-mail(s) van dit adres die niet bij een dossier horen; die staan in de export.</p> : null}
      {found.linkRequests.count ? <p class="utrecht-paragraph">Dit adres vroeg {found.linkRequests.count} keer om een link naar Mijn klacht.</p> : null}
      <h3 class="utrecht-heading-3">Inzage-export</h3>
      <p class="utrecht-paragraph">Alles wat wij over deze persoon hebben, als PDF om te lezen en als JSON-bestand. Het downloaden komt in het auditlog.</p>
      <div class="kw-actions">
        <form method="post" action="/privacy/export" class="kw-inline-form">
          {hidden}
          <input type="hidden" name="format" value="pdf" />
          <button type="submit" class="utrecht-button utrecht-button--secondary-action">
            Download PDF
          </button>
        </form>
        <form method="post" action="/privacy/export" class="kw-inline-form">
          {hidden}
          <input type="hidden" name="format" value="json" />
          <button type="submit" class="utrecht-button utrecht-button--secondary-action">
            Download JSON
          </button>
        </form>
      </div>
      <h3 class="utrecht-heading-3" id="verzoek-kop">
        Verzoek vastleggen
      </h3>
      <p class="utrecht-paragraph">Zolang het verzoek loopt, worden de gekozen dossiers niet vernietigd.</p>
      <RequestForm csrf={csrf} form={{ requesterEmail: searched.email, requesterPhone: searched.phone, requesterName: searched.name, complaintIds: found.dossiers.map((d) => d.id) }} errors={{}} found={found} />
    </section>
  );
}

function RequestForm({ csrf, form, errors, found }: { csrf: string; form: Record<string, string | string[]>; errors: FieldErrors; found: FoundPerson }) {
  const v = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : undefined);
  return (
    <form method="post" action="/privacy/verzoeken" novalidate>
      <CsrfField token={csrf} />
      <SelectField name="kind" label={LABELS.kind!} value={v('kind')} required error={errors['kind']} placeholder="Kies…" options={PRIVACY_REQUEST_KINDS.map((k) => ({ value: k, label: REQUEST_KIND_LABELS[k] }))} />
      <TextField name="receivedOn" type="date" label={LABELS.receivedOn!} value={v('receivedOn') ?? today()} required error={errors['receivedOn']} />
      <TextField name="requesterName" label={LABELS.requesterName!} value={v('requesterName')} error={errors['requesterName']} />
      <TextField name="requesterEmail" type="email" label={LABELS.requesterEmail!} value={v('requesterEmail')} error={errors['requesterEmail']} />
      <TextField name="requesterPhone" type="tel" label={LABELS.requesterPhone!} value={v('requesterPhone')} error={errors['requesterPhone']} />
      <TextArea name="description" label={LABELS.description!} value={v('description')} rows={3} error={errors['description']} />
      {found.dossiers.length ? (
        <ChoiceGroup
          type="checkbox"
          name="complaintIds"
          legend="Over welke dossiers gaat het verzoek?"
          options={found.dossiers.map((d) => ({ value: d.id, label: `${d.reference} (${d.unitName})` }))}
          value={Array.isArray(form['complaintIds']) ? form['complaintIds'] : v('complaintIds')}
          error={errors['complaintIds']}
        />
      ) : null}
      <div class="kw-actions">
        <button type="submit" class="utrecht-button utrecht-button--primary-action">
          Verzoek vastleggen
        </button>
      </div>
    </form>
  );
}

privacyRoutes.get('/privacy', (c) => overview(c));

privacyRoutes.post('/privacy', async (c) => {
  const actor = await guard(c);
  const { values } = await readForm(c);
  try {
    const found = await searchPerson(c.get('deps').db, actor, { email: one(values['email']), phone: one(values['phone']), name: one(values['name']) });
    return overview(c, values, {}, found);
  } catch (err) {
    const errors = fieldErrorsOf(err);
    if (!errors) throw err;
    return overview(c, values, errors);
  }
});

privacyRoutes.post('/privacy/export', async (c) => {
  const actor = await guard(c);
  const { values } = await readForm(c);
  const format = one(values['format']) === 'json' ? 'json' : 'pdf';
  const requestId = one(values['requestId']) || null;
  try {
    const data = await exportPersonalData(c.get('deps').db, {
      organisationId: actor.organisationId,
      actor,
      query: { email: one(values['email']), phone: one(values['phone']), name: one(values['name']) },
      via: 'page',
      requestId,
      smtpConfigured: Boolean(c.get('deps').config.smtpUrl),
    });
    const name = `inzage-${data.madeAt.slice(0, 10)}.${format}`;
    const headers = { 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'private, no-store' };
    if (format === 'json') return c.body(JSON.stringify(data, null, 2), 200, { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
    return c.body(new Uint8Array(await privacyExportPdf(data)), 200, { ...headers, 'Content-Type': 'application/pdf' });
  } catch (err) {
    const errors = fieldErrorsOf(err);
    if (!errors) throw err;
    return overview(c, values, errors);
  }
});

privacyRoutes.post('/privacy/verzoeken', async (c) => {
  const actor = await guard(c);
  const { values } = await readForm(c);
  const db = c.get('deps').db;
  const input = {
    kind: one(values['kind']),
    receivedOn: one(values['receivedOn']),
    requesterName: one(values['requesterName']),
    requesterEmail: one(values['requesterEmail']),
    requesterPhone: one(values['requesterPhone']),
    description: one(values['description']),
    complaintIds: many(values['complaintIds']),
  };
  try {
    const { id } = await db.transaction().execute((tx) => recordPrivacyRequest(tx, actor, actor.organisationId, input));
    return c.redirect(`/privacy/verzoeken/${id}?gedaan=vastgelegd`, 303);
  } catch (err) {
    const errors = fieldErrorsOf(err);
    if (!errors) throw err;
    // Show the search again for the requester's data, with the form as typed.
    const q = { email: input.requesterEmail || undefined, phone: input.requesterPhone || undefined, name: input.requesterName || undefined };
    let found: FoundPerson = { dossiers: [], unjoinedMailIds: [], linkRequests: { count: 0, last: null } };
    try {
      found = await findPerson(db, actor.organisationId, parsePersonQuery(q));
    } catch {
      // The requester's data are not enough to search: the form is shown without dossiers.
    }
    return page(
      c,
      'Verzoek vastleggen',
      <>
        <h1 class="utrecht-heading-1">Verzoek vastleggen</h1>
        <ErrorSummary errors={errors} labels={LABELS} />
        <RequestForm csrf={c.get('csrfToken')} form={input} errors={errors} found={found} />
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href="/privacy">
            Terug naar Privacy
          </a>
        </p>
      </>,
      { status: 422 },
    );
  }
});

async function requestPage(c: AppContext, form: FormValues = {}, errors: FieldErrors = {}) {
  const actor = await guard(c);
  const { request: r, weighing } = await privacyRequest(c.get('deps').db, actor, actor.organisationId, c.req.param('id') ?? '');
  const done = c.req.query('gedaan');
  const csrf = c.get('csrfToken');
  const open = r.status === 'open';
  return page(
    c,
    `Verzoek om ${REQUEST_KIND_LABELS[r.kind]}`,
    <>
      <h1 class="utrecht-heading-1">Verzoek om {REQUEST_KIND_LABELS[r.kind]}</h1>
      {done === 'vastgelegd' ? <Alert kind="ok">Het verzoek is vastgelegd. Zolang het loopt, worden de dossiers niet vernietigd.</Alert> : null}
      {done === 'besloten' ? <Alert kind="ok">Het antwoord is vastgelegd. De dossiers kunnen weer volgens de bewaartermijn worden vernietigd.</Alert> : null}
      {done === 'verlengd' ? <Alert kind="ok">De termijn is verlengd. Laat de verzoeker weten waarom.</Alert> : null}
      <ErrorSummary errors={errors} labels={LABELS} />
      <dl class="kw-dl">
        <dt>Status</dt>
        <dd>{REQUEST_STATUS_LABELS[r.status]}</dd>
        <dt>Ontvangen op</dt>
        <dd>{formatDutchDate(r.received_on)}</dd>
        <dt>Antwoord uiterlijk</dt>
        <dd>
          {formatDutchDate(r.answerBy)} {r.extended_to ? '(verlengd met twee maanden, AVG art. 12 lid 3)' : '(een maand na ontvangst, AVG art. 12 lid 3)'}
        </dd>
        <dt>Verzoeker</dt>
        <dd>{[r.requester_name, r.requester_email, r.requester_phone].filter(Boolean).join(', ')}</dd>
        {r.description ? (
          <>
            <dt>Wat vraagt de persoon?</dt>
            <dd>{r.description}</dd>
          </>
        ) : null}
      </dl>
      <h2 class="utrecht-heading-2">Dossiers</h2>
      {weighing.length ? (
        <ul class="utrecht-unordered-list">
          {weighing.map((w) => (
            <li class="utrecht-unordered-list__item">
              <a class="utrecht-link" href={`/klachten/${w.complaintId}`}>
                {w.reference}
              </a>{' '}
              ({STATUS_LABELS[w.status as Status] ?? w.status}, {w.unitName}){w.running ? ', wordt nog behandeld' : w.closedAt ? `, afgesloten op ${formatDutchDate(w.closedAt.toISOString().slice(0, 10))}` : ''}. Bewaren: {w.rule}
              {w.keepGround ? <div class="kw-muted">{w.keepGround}</div> : null}
              {r.kind === 'correction' ? (
                <div>
                  <a class="utrecht-link" href={`/klachten/${w.complaintId}#actie-correct-registration`}>
                    Gegevens corrigeren in dit dossier
                  </a>{' '}
                  (de correctie blijft zichtbaar in de geschiedenis)
                </div>
              ) : null}
              {r.dossier_outcomes[w.complaintId] ? <div>Besluit: {r.dossier_outcomes[w.complaintId]!.decision === 'erase' ? 'verwijderen' : `bewaren — ${r.dossier_outcomes[w.complaintId]!.ground ?? ''}`}</div> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p class="utrecht-paragraph">Bij dit verzoek horen geen dossiers.</p>
      )}
      {r.kind === 'access' || r.kind === 'erasure' ? (
        <form method="post" action="/privacy/export" class="kw-inline-form">
          <CsrfField token={csrf} />
          <input type="hidden" name="email" value={r.requester_email} />
          <input type="hidden" name="phone" value={r.requester_phone} />
          <input type="hidden" name="name" value={r.requester_email || r.requester_phone ? '' : r.requester_name} />
          <input type="hidden" name="requestId" value={r.id} />
          <input type="hidden" name="format" value="pdf" />
          <button type="submit" class="utrecht-button utrecht-button--secondary-action">
            Inzage-export (PDF) voor dit verzoek
          </button>
        </form>
      ) : null}
      {open ? (
        <>
          <section aria-labelledby="beslissen">
            <h2 class="utrecht-heading-2" id="beslissen">
              Antwoord vastleggen
            </h2>
            {r.kind === 'erasure' && weighing.length ? (
              <p class="utrecht-paragraph">
                Kies per dossier. Een dossier mag blijven als de wet of de klachtenregeling bewaren verplicht of als het nodig is voor een rechtsvordering (AVG art. 17 lid 3 onder b en e). Het
                besluit wordt vastgelegd, ook als u het verzoek afwijst.
              </p>
            ) : null}
            <form method="post" action={`/privacy/verzoeken/${r.id}/besluit`} novalidate>
              <CsrfField token={csrf} />
              {r.kind === 'erasure' && weighing.length ? (
                weighing.map((w) => (
                  <ChoiceGroup
                    type="radio"
                    name={`outcome-${w.complaintId}`}
                    legend={`Dossier ${w.reference}`}
                    required
                    value={one(form[`outcome-${w.complaintId}`]) || undefined}
                    error={errors[`outcome-${w.complaintId}`]}
                    options={[
                      { value: 'erase', label: 'Verwijderen (vernietigen)' },
                      { value: 'keep', label: 'Bewaren', description: w.keepGround ?? 'Schrijf in de toelichting waarom.' },
                    ]}
                  />
                ))
              ) : (
                <SelectField
                  name="status"
                  label={LABELS.status!}
                  required
                  value={one(form['status'])}
                  error={errors['status']}
                  placeholder="Kies…"
                  options={[
                    { value: 'granted', label: 'Toegekend' },
                    { value: 'partly_granted', label: 'Deels toegekend' },
                    { value: 'refused', label: 'Afgewezen' },
                    { value: 'answered', label: 'Beantwoord (bijvoorbeeld: inzage gegeven)' },
                  ]}
                />
              )}
              <TextArea name="reason" label={LABELS.reason!} value={one(form['reason'])} rows={3} error={errors['reason']} description="Verplicht bij (deels) afwijzen. Komt in de brief aan de verzoeker." />
              <div class="kw-actions">
                <button type="submit" class="utrecht-button utrecht-button--primary-action">
                  Antwoord vastleggen
                </button>
              </div>
            </form>
          </section>
          {!r.extended_to ? (
            <section aria-labelledby="verlengen">
              <h2 class="utrecht-heading-2" id="verlengen">
                Termijn verlengen
              </h2>
              <p class="utrecht-paragraph">Is het verzoek ingewikkeld of zijn er veel verzoeken? Dan mag u de termijn één keer met twee maanden verlengen. Laat dat de verzoeker binnen de eerste maand weten (AVG art. 12 lid 3).</p>
              <form method="post" action={`/privacy/verzoeken/${r.id}/verlengen`} novalidate>
                <CsrfField token={csrf} />
                <TextArea name="reason" id="extend-reason" label="Waarom is meer tijd nodig?" value={one(form['extendReason'])} rows={2} required error={errors['extendReason']} />
                <div class="kw-actions">
                  <button type="submit" class="utrecht-button utrecht-button--secondary-action">
                    Verlengen
                  </button>
                </div>
              </form>
            </section>
          ) : null}
        </>
      ) : (
        <section aria-labelledby="antwoord">
          <h2 class="utrecht-heading-2" id="antwoord">
            Antwoord
          </h2>
          {r.decision_reason ? <p class="utrecht-paragraph">{r.decision_reason}</p> : null}
          <h3 class="utrecht-heading-3">Brief aan de verzoeker</h3>
          <div class="kw-text">{r.letter_text ?? ''}</div>
        </section>
      )}
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/privacy">
          Terug naar Privacy
        </a>
      </p>
    </>,
    { status: Object.keys(errors).length ? 422 : 200 },
  );
}

privacyRoutes.get('/privacy/verzoeken/:id', (c) => requestPage(c));

privacyRoutes.post('/privacy/verzoeken/:id/besluit', async (c) => {
  const actor = await guard(c);
  const id = c.req.param('id');
  const { values } = await readForm(c);
  const outcomes: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) if (k.startsWith('outcome-')) outcomes[k.slice('outcome-'.length)] = one(v);
  try {
    await c.get('deps').db.transaction().execute((tx) => decidePrivacyRequest(tx, actor, actor.organisationId, id, { outcomes, status: one(values['status']), reason: one(values['reason']) }));
    return c.redirect(`/privacy/verzoeken/${id}?gedaan=besloten`, 303);
  } catch (err) {
    const errors = fieldErrorsOf(err);
    if (!errors) throw err;
    return requestPage(c, values, errors);
  }
});

privacyRoutes.post('/privacy/verzoeken/:id/verlengen', async (c) => {
  const actor = await guard(c);
  const id = c.req.param('id');
  const { values } = await readForm(c);
  try {
    await c.get('deps').db.transaction().execute((tx) => extendPrivacyRequest(tx, actor, actor.organisationId, id, { reason: one(values['reason']) }));
    return c.redirect(`/privacy/verzoeken/${id}?gedaan=verlengd`, 303);
  } catch (err) {
    const errors = fieldErrorsOf(err);
    if (!errors) throw err;
    return requestPage(c, { extendReason: one(values['reason']) }, { extendReason: errors['reason'] ?? errors['_'] });
  }
});

privacyRoutes.get('/privacy/verwerkingsregister', async (c) => {
  const actor = requireActor(c);
  // The record is the organisation's own document: admins and organisation-wide coordinators read it.
  if (!actor.roles.some((g) => g.role === 'admin' || (g.role === 'coordinator' && g.unitId === null))) throw await privacyRefusal(c.get('deps').db, actor.organisationId);
  const r = await processingRecord(c.get('deps').db, actor.organisationId, { smtpConfigured: Boolean(c.get('deps').config.smtpUrl) });
  const section = (title: string, id: string, items: string[]) => (
    <section aria-labelledby={id}>
      <h2 class="utrecht-heading-2" id={id}>
        {title}
      </h2>
      <ul class="utrecht-unordered-list">
        {items.map((i) => (
          <li class="utrecht-unordered-list__item">{i}</li>
        ))}
      </ul>
    </section>
  );
  return page(
    c,
    'Verwerkingsregister',
    <article class="kw-register">
      <h1 class="utrecht-heading-1">Verwerkingsregister: klachtenbehandeling</h1>
      <p class="utrecht-paragraph">
        Register van verwerkingsactiviteiten (AVG art. 30 lid 1), gemaakt uit de instellingen van {r.controller} in Klachtwijs op {formatDutchDate(today())}.
        <span class="kw-noprint"> Druk de pagina af of sla hem op als PDF met de printfunctie van uw browser.</span>
      </p>
      {section('Verwerkingsverantwoordelijke', 'verantwoordelijke', [r.controller])}
      {section(
        'Doel',
        'doel',
        r.regulations.length
          ? r.regulations.map((x) => `Klachten behandelen volgens ${x.title} (versie ${x.versionLabel ?? x.version}; ${x.scope})${x.purposes.length ? `: ${x.purposes.join(' ')}` : '.'}${x.article ? ` (artikel ${x.article})` : ''}`)
          : ['Klachten behandelen. Er is nog geen klachtenregeling actief.'],
      )}
      {section('Grondslag', 'grondslag', r.legalBases)}
      {section('Van wie', 'betrokkenen', r.dataSubjects)}
      {section('Welke gegevens', 'gegevens', [...r.dataCategories, ...r.specialCategories])}
      {section('Ontvangers', 'ontvangers', r.recipients.length ? r.recipients : ['Geen.'])}
      {section('Doorgifte buiten de EER', 'doorgifte', [r.transfers])}
      {section('Bewaartermijn', 'bewaren', r.retention.length ? r.retention.map((x) => `${x.scope}: ${x.text}`) : ['Nog geen klachtenregeling actief.'])}
      {section('Beveiliging', 'beveiliging', r.security)}
    </article>,
  );
});

// ---------------------------------------------------------------------------------------------
// API: the access export for an integration (a privacy portal); the same rule on who may, the same audit.
// ---------------------------------------------------------------------------------------------

privacyRoutes.post('/api/v1/privacy/export', async (c) => {
  const actor = requireActor(c);
  const body = await readJson(c);
  const data = await exportPersonalData(c.get('deps').db, {
    organisationId: actor.organisationId,
    actor,
    query: { email: body['email'], phone: body['phone'], name: body['name'] },
    via: 'api',
    requestId: typeof body['requestId'] === 'string' ? body['requestId'] : null,
    smtpConfigured: Boolean(c.get('deps').config.smtpUrl),
  });
  if (c.req.query('format') === 'pdf') {
    return c.body(new Uint8Array(await privacyExportPdf(data)), 200, { 'Content-Type': 'application/pdf', 'Content-Disposition': 'attachment; filename="inzage.pdf"', 'Cache-Control': 'private, no-store' });
  }
  c.header('Cache-Control', 'private, no-store');
  return c.json(data);
});
