import { Hono } from 'hono';
import { formatDutchDate } from '../../domain/deadlines/format.ts';
import { AppError } from '../../shared/errors.ts';
import { isUuid } from '../../shared/validation.ts';
import { today } from '../../usecases/complaints/dossier.ts';
import { MEASURE_STATUS_LABELS } from '../../domain/measures/measures.ts';
import { meetingsOverview, meetingView, planMeeting, recordDecidedMeasure, recordMinutes } from '../../usecases/meetings/meetings.ts';
import { formFields, requireActor, type AppContext, type AppEnv } from '../context.ts';
import { fieldErrorsOf } from '../form-errors.ts';
import { page } from '../render.tsx';
import { Alert, CheckboxField, CsrfField, ErrorSummary, TextArea, TextField, type FieldErrors } from '../views/forms.tsx';
import { Agenda, Cite } from '../views/governance.tsx';

/**
 * The yearly meeting (ADR 0018; 000 art. 8, 002 art. 8): `/jaaroverleg` lists the meetings and plans the one
 * that is due (the agenda is generated); `/jaaroverleg/:id` shows the agenda, records the minutes and links to
 * recording the measures decided. The board reads; the preparing role, coordinators and admins change.
 */
export const meetingRoutes = new Hono<AppEnv>();

const LABELS: Record<string, string> = {
  year: 'Over welk jaar gaat het overleg?',
  plannedOn: 'Datum van het overleg',
  heldAlready: 'Het overleg is al gehouden',
  attendees: 'Welke functies zijn erbij?',
  heldOn: 'Datum waarop het overleg is gehouden',
  minutes: 'Verslag',
  'measure.title': 'Maatregel',
  'measure.description': 'Toelichting bij de maatregel',
  'measure.dueOn': 'Klaar op',
  _: 'Let op',
};

async function overviewPage(c: AppContext, form: Record<string, string> = {}, errors: FieldErrors = {}, message?: string) {
  const actor = requireActor(c);
  const day = today();
  const o = await meetingsOverview(c.get('deps').db, actor, day);
  // Once the meeting about last year is held, the form offers the next one.
  const held = o.meetings.some((m) => m.year === o.dueYear && m.status === 'held');
  const dueYear = String(held ? o.dueYear + 1 : o.dueYear);
  return page(
    c,
    'Jaaroverleg',
    <>
      <h1 class="utrecht-heading-1">Jaaroverleg</h1>
      {o.rule ? (
        <p class="utrecht-paragraph">
          {o.rule.meeting.description} Het overleg wordt voorbereid door de {o.rule.preparedByLabel}.{' '}
          {/^klachtenfunctionaris$/i.test(o.rule.preparedByLabel) ? 'Een beheerder' : 'Een klachtenfunctionaris of een beheerder'} kan het ook plannen en vastleggen.
          <Cite article={o.rule.meeting.source.article} />
        </p>
      ) : (
        <Alert kind="info">De klachtenregeling schrijft geen jaaroverleg voor.</Alert>
      )}
      {message ? <Alert kind="error">{message}</Alert> : null}
      <h2 class="utrecht-heading-2">Overleggen</h2>
      {o.meetings.length ? (
        <ul class="utrecht-unordered-list">
          {o.meetings.map((m) => (
            <li class="utrecht-unordered-list__item">
              <a class="utrecht-link" href={`/jaaroverleg/${m.id}`}>
                Jaaroverleg over {m.year}
              </a>{' '}
              {m.status === 'held' && m.held_on ? `gehouden op ${formatDutchDate(m.held_on)}` : `gepland op ${formatDutchDate(m.planned_on)}`}
            </li>
          ))}
        </ul>
      ) : (
        <p class="utrecht-paragraph">Er is nog geen jaaroverleg gepland.</p>
      )}
      {o.rule && o.mayPrepare ? (
        <section aria-labelledby="plannen">
          <h2 class="utrecht-heading-2" id="plannen">
            Jaaroverleg plannen
          </h2>
          <p class="utrecht-paragraph">
            Klachtwijs maakt de agenda: de jaaranalyse met de cijfers, de aanbevelingen en de besluiten daarover, de stand van de verbetermaatregelen en de vaste
            punten uit de klachtenregeling. Plant u opnieuw, dan wordt de agenda opnieuw gemaakt.
          </p>
          <ErrorSummary errors={errors} labels={LABELS} />
          <form method="post" action="/jaaroverleg" novalidate>
            <CsrfField token={c.get('csrfToken')} />
            <TextField name="year" label={LABELS.year!} type="number" value={form['year'] ?? dueYear} required error={errors['year']} />
            <TextField name="plannedOn" label={LABELS.plannedOn!} type="date" value={form['plannedOn']} required error={errors['plannedOn']} />
            <CheckboxField
              name="heldAlready"
              label={`${LABELS.heldAlready!}: ik leg het achteraf vast`}
              checked={form['heldAlready'] === 'ja'}
              description="Alleen voor een overleg dat al heeft plaatsgevonden. De datum is dan de dag waarop het is gehouden; daarna legt u het verslag vast."
              error={errors['heldAlready']}
            />
            <TextArea name="attendees" label={LABELS.attendees!} value={form['attendees']} rows={2} description="Bijvoorbeeld: directie, klachtenfunctionaris. Geen namen nodig." error={errors['attendees']} />
            <div class="kw-actions">
              <button type="submit" class="utrecht-button utrecht-button--primary-action">
                Plannen en agenda maken
              </button>
            </div>
          </form>
        </section>
      ) : null}
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/regeling/evaluatie">
          Evaluatie van de klachtenregeling
        </a>
      </p>
    </>,
    { status: message ? 403 : Object.keys(errors).length ? 422 : 200 },
  );
}

meetingRoutes.get('/jaaroverleg', (c) => overviewPage(c));

meetingRoutes.post('/jaaroverleg', async (c) => {
  const actor = requireActor(c);
  const f = await formFields(c);
  try {
    const { id } = await c.get('deps').db.transaction().execute((tx) =>
      planMeeting(tx, actor, { year: f['year'] ?? '', plannedOn: f['plannedOn'] ?? '', attendees: f['attendees'] ?? '', heldAlready: f['heldAlready'] ?? '' }, today()),
    );
    return c.redirect(f['heldAlready'] === 'ja' ? `/jaaroverleg/${id}?gedaan=achteraf#verslag-vastleggen` : `/jaaroverleg/${id}?gedaan=gepland`, 303);
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_permitted') return overviewPage(c, f, {}, err.message);
    const errors = fieldErrorsOf(err);
    if (!errors) throw err;
    return overviewPage(c, f, errors);
  }
});

async function meetingPage(c: AppContext, form: Record<string, string> | null = null, errors: FieldErrors = {}, message?: string) {
  const actor = requireActor(c);
  const { meeting, rule, mayPrepare, audience, measures } = await meetingView(c.get('deps').db, actor, c.req.param('id') ?? '');
  const done = c.req.query('gedaan');
  const values: Record<string, string> = { heldOn: meeting.held_on ?? '', minutes: meeting.minutes, attendees: meeting.attendees, ...form };
  return page(
    c,
    `Jaaroverleg over ${meeting.year}`,
    <>
      <h1 class="utrecht-heading-1">Jaaroverleg over {meeting.year}</h1>
      {done === 'gepland' ? <Alert kind="ok">Het jaaroverleg is gepland en de agenda is gemaakt.</Alert> : null}
      {done === 'achteraf' ? <Alert kind="ok">Het jaaroverleg en de agenda zijn vastgelegd. Leg nu het verslag vast.</Alert> : null}
      {done === 'verslag' ? <Alert kind="ok">Het verslag is vastgelegd.</Alert> : null}
      {done === 'maatregel' ? <Alert kind="ok">De maatregel staat in het verbeterregister.</Alert> : null}
      {message ? <Alert kind="error">{message}</Alert> : null}
      <p class="utrecht-paragraph">
        {meeting.status === 'held' && meeting.held_on ? `Gehouden op ${formatDutchDate(meeting.held_on)}.` : `Gepland op ${formatDutchDate(meeting.planned_on)}.`}
        {meeting.attendees ? ` Aanwezig: ${meeting.attendees}.` : ''}
        {rule ? <Cite article={rule.meeting.source.article} /> : null}
      </p>
      <h2 class="utrecht-heading-2">Agenda</h2>
      <Agenda agenda={meeting.agenda} audience={audience} />
      {meeting.status === 'held' ? (
        <>
          <h2 class="utrecht-heading-2">Verslag</h2>
          <div class="kw-text">{meeting.minutes}</div>
        </>
      ) : null}
      <h2 class="utrecht-heading-2" id="maatregelen">
        Besloten maatregelen
      </h2>
      {measures.length ? (
        <ul class="utrecht-unordered-list">
          {measures.map((m) => (
            <li class="utrecht-unordered-list__item">
              {mayPrepare ? (
                <a class="utrecht-link" href={`/verbetermaatregelen/${m.id}`}>
                  {m.title}
                </a>
              ) : (
                m.title
              )}{' '}
              <span class="kw-muted">
                ({MEASURE_STATUS_LABELS[m.status].toLowerCase()}
                {m.due_on ? `, klaar op ${formatDutchDate(m.due_on)}` : ''})
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p class="utrecht-paragraph">Er zijn nog geen maatregelen vastgelegd die in dit overleg zijn besloten.</p>
      )}
      {mayPrepare ? (
        <>
          <section aria-labelledby="maatregel-vastleggen">
            <h3 class="utrecht-heading-3" id="maatregel-vastleggen">
              Besloten maatregel vastleggen
            </h3>
            <p class="utrecht-paragraph">
              De maatregel komt in het verbeterregister, met dit overleg als bron. Een eigenaar en eenheid kiest u daar, of gebruik{' '}
              <a class="utrecht-link" href={`/verbetermaatregelen/nieuw?meeting=${meeting.id}`}>
                het volledige formulier van het register
              </a>
              .
            </p>
            <form method="post" action={`/jaaroverleg/${meeting.id}/maatregel`} novalidate>
              <CsrfField token={c.get('csrfToken')} />
              <TextField name="measure.title" label={LABELS['measure.title']!} value={values['measure.title']} required error={errors['measure.title']} />
              <TextArea name="measure.description" label={LABELS['measure.description']!} value={values['measure.description']} rows={3} error={errors['measure.description']} />
              <TextField name="measure.dueOn" label={LABELS['measure.dueOn']!} type="date" value={values['measure.dueOn']} error={errors['measure.dueOn']} />
              <div class="kw-actions">
                <button type="submit" class="utrecht-button utrecht-button--secondary-action">
                  Maatregel vastleggen
                </button>
              </div>
            </form>
          </section>
          <section aria-labelledby="verslag-vastleggen">
            <h2 class="utrecht-heading-2" id="verslag-vastleggen">
              {meeting.status === 'held' ? 'Verslag aanpassen' : 'Verslag vastleggen'}
            </h2>
            <ErrorSummary errors={errors} labels={LABELS} />
            <form method="post" action={`/jaaroverleg/${meeting.id}/verslag`} novalidate>
              <CsrfField token={c.get('csrfToken')} />
              <TextField name="heldOn" label={LABELS.heldOn!} type="date" value={values['heldOn']} required error={errors['heldOn']} />
              <TextArea name="attendees" label={LABELS.attendees!} value={values['attendees']} rows={2} error={errors['attendees']} />
              <TextArea
                name="minutes"
                label={LABELS.minutes!}
                value={values['minutes']}
                rows={10}
                required
                description="Wat is besproken en wat is besloten. Schrijf geen namen of gegevens van klagers op: het bestuur leest dit verslag."
                error={errors['minutes']}
              />
              <div class="kw-actions">
                <button type="submit" class="utrecht-button utrecht-button--primary-action">
                  Verslag opslaan
                </button>
              </div>
            </form>
          </section>
          {meeting.status === 'planned' ? (
            <form method="post" action="/jaaroverleg" class="kw-inline-form">
              <CsrfField token={c.get('csrfToken')} />
              <input type="hidden" name="year" value={String(meeting.year)} />
              <input type="hidden" name="plannedOn" value={meeting.planned_on} />
              {meeting.planned_on < today() ? <input type="hidden" name="heldAlready" value="ja" /> : null}
              <button type="submit" class="utrecht-button utrecht-button--secondary-action">
                Agenda opnieuw maken met de cijfers van vandaag
              </button>
            </form>
          ) : null}
        </>
      ) : null}
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/jaaroverleg">
          Terug naar het jaaroverleg
        </a>
      </p>
    </>,
    { status: message ? 403 : Object.keys(errors).length ? 422 : 200 },
  );
}

meetingRoutes.get('/jaaroverleg/:id', (c) => meetingPage(c));

meetingRoutes.post('/jaaroverleg/:id/verslag', async (c) => {
  const actor = requireActor(c);
  const id = c.req.param('id');
  const f = await formFields(c);
  try {
    await c.get('deps').db.transaction().execute((tx) =>
      recordMinutes(tx, actor, id, { heldOn: f['heldOn'] ?? '', minutes: f['minutes'] ?? '', attendees: f['attendees'] ?? '' }, today()),
    );
    return c.redirect(`/jaaroverleg/${isUuid(id) ? id : ''}?gedaan=verslag`, 303);
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_permitted') return meetingPage(c, f, {}, err.message);
    const errors = fieldErrorsOf(err);
    if (!errors) throw err;
    return meetingPage(c, f, errors);
  }
});

meetingRoutes.post('/jaaroverleg/:id/maatregel', async (c) => {
  const actor = requireActor(c);
  const id = c.req.param('id');
  const f = await formFields(c);
  try {
    await c.get('deps').db.transaction().execute((tx) =>
      recordDecidedMeasure(tx, actor, id, { title: f['measure.title'] ?? '', description: f['measure.description'] ?? '', dueOn: f['measure.dueOn'] ?? '' }),
    );
    return c.redirect(`/jaaroverleg/${isUuid(id) ? id : ''}?gedaan=maatregel#maatregelen`, 303);
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_permitted') return meetingPage(c, f, {}, err.message);
    const errors = fieldErrorsOf(err);
    if (!errors) throw err;
    // The register names its fields title, description, dueOn: here they sit in the measure form.
    return meetingPage(c, f, Object.fromEntries(Object.entries(errors).map(([k, v]) => [k === '_' ? k : `measure.${k}`, v])));
  }
});
