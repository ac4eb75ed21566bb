import { convertInboundMessage, prefillFromMail, triageItem } from '../../usecases/mailbox/triage.ts';
import { Hono } from 'hono';
import { LETTER_ACTIONS } from '../../domain/letters/kinds.ts';
import { lettersOf } from '../../usecases/letters/letters-of.ts';
import { LettersSection } from '../views/letters.tsx';
import { DossierMeasures } from '../views/measures.tsx';
import type { Kysely } from 'kysely';
import type { DB, Unit } from '../../db/types.ts';
import { actionLabel, handlerIndependence, isActionName, theCoordinator, type ActionName, type WorkflowPolicy } from '../../domain/workflow/index.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { hasRole, type Actor } from '../../usecases/actor.ts';
import { canSee, registrationUnits } from '../../usecases/complaints/access.ts';
import { listFilterOptions } from '../../usecases/complaints/filter-options.ts';
import { addAttachments } from '../../usecases/complaints/add-attachments.ts';
import { assignMany } from '../../usecases/complaints/bulk-assign.ts';
import { attachmentProblems } from '../../usecases/complaints/attachments.ts';
import { today } from '../../usecases/complaints/dossier.ts';
import { regulationFixed, regulationOnMoveNote } from '../../usecases/complaints/correct-registration.ts';
import { intakeRefusal } from '../../usecases/complaints/registration.ts';
import { getAttachment, getComplaint } from '../../usecases/complaints/get-complaint.ts';
import { listComplaints } from '../../usecases/complaints/list-complaints.ts';
import { performAction } from '../../usecases/complaints/perform-action.ts';
import { registerComplaint } from '../../usecases/complaints/register-complaint.ts';
import { formatDutchDate, isRecordDate } from '../../domain/deadlines/index.ts';
import { intakeOfUnits, regulationInForceOn, regulationsInForce, versionScopeName } from '../../usecases/regulations/regulations.ts';
import { listUnits, unitDepths } from '../../usecases/units/units.ts';
import { listUsers } from '../../usecases/users/users.ts';
import { readForm, readOnlyPage, requireActor, type AppContext, type AppEnv } from '../context.ts';
import { fieldErrorsOf } from '../form-errors.ts';
import { page } from '../render.tsx';
import { dossierRetentionPart } from './retention.tsx';
import { actionInputFromForm, type ActionContext } from '../views/complaint-actions.tsx';
import { Dossier } from '../views/complaint-dossier.tsx';
import { backToList, kindLabel, withBack } from '../views/complaint-parts.tsx';
import { StaffRegistrationForm, type FormValues } from '../views/complaint-intake.tsx';
import { ComplaintList } from '../views/complaint-list.tsx';
import { Alert, type FieldErrors } from '../views/forms.tsx';
import { dryRunProblems, formProblems, intakeInputFromForm, newFormKey, toErrors } from './public-complaint.tsx';

/**
 * Staff pages for complaints (log-in required; need-to-know is enforced by the use cases, a refused
 * dossier is a 404): the list with filters and search, the registration form, the dossier with the
 * action forms the workflow table allows, and attachment downloads.
 */
export const complaintRoutes = new Hono<AppEnv>();

const REGISTER_ROLES = ['intake', 'coordinator', 'handler'] as const;

function mayRegister(actor: Actor): boolean {
  return hasRole(actor, ...REGISTER_ROLES);
}

/** Users of the organisation who may handle a complaint (handler or coordinator role), active only. */
async function staffOf(db: Kysely<DB>, organisationId: string) {
  const users = await listUsers(db, organisationId);
  const active = users.filter((u) => !u.disabled);
  return {
    users,
    staff: active.map((u) => ({ id: u.id, name: u.name })),
    handlers: active.filter((u) => u.roles.some((r) => r.role === 'handler' || r.role === 'coordinator')).map((u) => ({ id: u.id, name: u.name })),
  };
}

// ---------------------------------------------------------------------------------------------
// List
// ---------------------------------------------------------------------------------------------

const LIST_KEYS = ['q', 'unitId', 'status', 'kind', 'category', 'channel', 'handlerUserId', 'overdue', 'decidedLate', 'incomplete', 'unitUnknown', 'from', 'to', 'sort', 'offset', 'cursor'] as const;

// A read-only page apart from its read audit: its reads share one read of the units and the regulations, and on the
// embedded database its statements share one transaction (read-memo.ts, as the start page; issue 13).
complaintRoutes.get('/klachten', (c) => readOnlyPage(c, (db) => listPage(c, db)));

async function listPage(c: AppContext, db: Kysely<DB>) {
  const actor = requireActor(c);
  const query: Record<string, string> = {};
  for (const k of LIST_KEYS) {
    const v = c.req.query(k)?.trim();
    if (v) query[k] = v;
  }
  const filters: Record<string, string> = { ...query };
  if (filters['overdue']) filters['overdue'] = filters['overdue'] === 'ja' ? 'true' : 'false';
  if (filters['decidedLate']) filters['decidedLate'] = filters['decidedLate'] === 'ja' ? 'true' : 'false';
  if (filters['incomplete']) filters['incomplete'] = filters['incomplete'] === 'ja' ? 'true' : 'false';
  if (filters['unitUnknown']) filters['unitUnknown'] = filters['unitUnknown'] === 'ja' ? 'true' : 'false';
  let errors: FieldErrors = {};
  let result: Awaited<ReturnType<typeof listComplaints>> = { items: [], total: 0, totalExact: true, nextCursor: null, prevCursor: null, filters: { limit: 50, offset: 0 } };
  let cursorGone = false;
  // What the filter form offers is read while the list is (on a PostgreSQL server on other pooled connections: issue 13,
  // the page added these reads after the list's); a failure surfaces when it is awaited below, never unobserved.
  const options = Promise.all([listUnits(db, actor.organisationId), listFilterOptions(db, actor), categoryOptions(db, actor.organisationId)]);
  options.catch(() => undefined);
  try {
    result = await listComplaints(db, actor, filters).catch((err: unknown) => {
      // An old or broken "Volgende" link: the first page with the same filters, and a note (ADR 0028).
      if (!(err instanceof AppError && err.code === 'invalid_cursor')) throw err;
      cursorGone = true;
      delete filters['cursor'];
      delete query['cursor'];
      return listComplaints(db, actor, filters);
    });
  } catch (err) {
    const fe = fieldErrorsOf(err);
    if (!fe) throw err;
    errors = fe;
  }
  const [allUnits, { unitIds, handlers }, categories] = await options;
  // The units the actor can filter to (listFilterOptions), indented within what is shown; and a unit the query chose that
  // is not among them (a link from a colleague), so the select shows the filter the list applies instead of "Alle
  // eenheden". A unit's name is no secret within the organisation (the public form lists them).
  const units = unitIds ? allUnits.filter((u) => unitIds.has(u.id) || u.id === query['unitId']) : allUnits;
  const depth = unitDepths(units);
  const seesNone = !hasRole(actor, 'coordinator', 'handler', 'intake');
  return page(
    c,
    Object.keys(errors).length ? 'Fout in zoekopdracht: klachten' : 'Klachten',
    <>
      <ComplaintList
        seesNothing={seesNone && result.total === 0 && !Object.values(query).some(Boolean) ? 'Met uw rol ziet u geen klachtdossiers, behalve een klacht die aan u is overgedragen of voor overleg aan u is voorgelegd.' : undefined}
        query={query}
        errors={errors}
        items={result.items}
        total={result.total}
        totalExact={result.totalExact}
        nextCursor={result.nextCursor}
        prevCursor={result.prevCursor}
        cursorGone={cursorGone}
        limit={result.filters.limit}
        today={today()}
        units={units.map((u) => ({ value: u.id, label: `${'– '.repeat(depth.get(u.id) ?? 0)}${u.name}` }))}
        handlers={[
          ...handlers.map((h) => ({ value: h.id, label: h.name })),
          // A handler the query chose who is not among the options: the select says a filter is on, without the name
          // (the options leave out colleagues the actor has no complaint of, filter-options.ts).
          ...(query['handlerUserId'] && !handlers.some((h) => h.id === query['handlerUserId']) ? [{ value: query['handlerUserId'], label: 'Een andere behandelaar (gekozen in de link)' }] : []),
        ]}
        categories={categories}
        canRegister={mayRegister(actor)}
        bulk={hasRole(actor, 'coordinator') ? { csrf: c.get('csrfToken') } : undefined}
        notice={movedNotice(c.req.query('verplaatst'))}
      />
    </>,
    { status: Object.keys(errors).length ? 422 : 200 },
  );
}

function movedNotice(reference: string | undefined): string | undefined {
  return reference && /^\d{4}-\d{1,8}$/.test(reference) ? `De registratie is gecorrigeerd. Klacht ${reference} hoort nu bij een eenheid waarvan u de klachten niet ziet.` : undefined;
}

// ---------------------------------------------------------------------------------------------
// Bulk assign: each selected complaint gets the normal `assign` action, reported per complaint
// ---------------------------------------------------------------------------------------------

complaintRoutes.post('/klachten/toewijzen', async (c) => {
  const actor = requireActor(c);
  if (!hasRole(actor, 'coordinator')) throw notFound();
  const { db } = c.get('deps');
  const { values } = await readForm(c);
  const back = backToList(values['terug']) ?? '/klachten';
  let results: Awaited<ReturnType<typeof assignMany>> = [];
  let errors: FieldErrors = {};
  try {
    results = await assignMany(db, actor, values['ids'], typeof values['handlerUserId'] === 'string' ? values['handlerUserId'] : undefined);
  } catch (err) {
    const fe = fieldErrorsOf(err);
    if (!fe) throw err;
    errors = fe;
  }
  const done = results.filter((r) => r.ok);
  const refused = results.filter((r) => !r.ok);
  const failed = Object.keys(errors).length > 0;
  return page(
    c,
    failed ? 'Fout: klachten toewijzen' : 'Klachten toewijzen: resultaat',
    <>
      <h1 class="utrecht-heading-1">Klachten toewijzen</h1>
      {failed ? (
        <Alert kind="error">{Object.values(errors).filter(Boolean).join(' ')}</Alert>
      ) : (
        <>
          <p class="utrecht-paragraph" role="status">
            {done.length} van de {results.length} {results.length === 1 ? 'klacht is' : 'klachten zijn'} toegewezen{refused.length ? `; ${refused.length} niet` : ''}.
          </p>
          {done.length ? (
            <section aria-labelledby="gelukt-kop">
              <h2 class="utrecht-heading-2" id="gelukt-kop">Toegewezen</h2>
              <ul class="utrecht-unordered-list">
                {done.map((r) => (
                  <li class="utrecht-unordered-list__item">
                    <a class="utrecht-link" href={`/klachten/${r.id}`}>{r.reference}</a>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {refused.length ? (
            <section aria-labelledby="geweigerd-kop">
              <h2 class="utrecht-heading-2" id="geweigerd-kop">Niet toegewezen</h2>
              <ul class="utrecht-unordered-list">
                {refused.map((r) => (
                  <li class="utrecht-unordered-list__item">
                    {r.reference ? <a class="utrecht-link" href={`/klachten/${r.id}`}>{r.reference}</a> : 'Onbekende klacht'}: {r.message}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </>
      )}
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={back}>Terug naar de lijst</a>
      </p>
    </>,
    { status: failed ? 422 : 200 },
  );
});

/** The classification options of the organisation's regulations (organisation level and units). */
async function categoryOptions(db: Kysely<DB>, organisationId: string) {
  // Every scope with a regulation of its own (the organisation's, a unit's): the newest version of each is that scope's
  // active regulation. A unit without one of its own inherits, and adds no options.
  const out = new Map<string, string>();
  for (const active of await regulationsInForce(db, organisationId)) {
    for (const d of active.regulation.classification.dimensions) for (const o of d.options) if (!out.has(o.key)) out.set(o.key, `${d.label}: ${o.label}`);
  }
  return [...out].map(([value, label]) => ({ value, label }));
}

// ---------------------------------------------------------------------------------------------
// Registration (klachtenregistratieformulier)
// ---------------------------------------------------------------------------------------------

function defaultUnit(actor: Actor, units: Unit[]): string | undefined {
  const own = actor.roles.find((r) => r.unitId && units.some((u) => u.id === r.unitId))?.unitId;
  return own ?? units[0]?.id;
}

/** The units this staff member registers for (their own units; all for an organisation-wide role). */
async function ownUnits(db: Kysely<DB>, actor: Actor): Promise<Unit[]> {
  const units = await listUnits(db, actor.organisationId);
  const own = registrationUnits(actor, units);
  return units.filter((u) => own.has(u.id));
}

type NotInForce = { ok: false; reason: 'pending'; from: string } | { ok: false; reason: 'none' };

/** Why staff cannot register for a unit yet, in a few words: from when its regulation applies, or that none does. */
function notYetWhy(found: NotInForce): string {
  return found.reason === 'pending' ? `de klachtenregeling gaat in op ${formatDutchDate(found.from)}` : 'nog geen klachtenregeling actief';
}

/**
 * The registration form. It only reads (also when shown again after a refused registration), so it is a read-only page
 * (read-memo.ts): the organisation's units and regulation versions, which `ownUnits`, `intakeOfUnits` and
 * `regulationInForceOn` each ask for, are read once.
 */
function registrationPage(c: AppContext, values: FormValues, errors: FieldErrors, hadFiles: boolean | 'unit' = false, status?: 409) {
  return readOnlyPage(c, (db) => registrationPageIn(c, db, values, errors, hadFiles, status));
}

async function registrationPageIn(c: AppContext, db: Kysely<DB>, values: FormValues, errors: FieldErrors, hadFiles: boolean | 'unit', status: 409 | undefined) {
  const actor = requireActor(c);
  if (!mayRegister(actor)) throw notFound();
  const allUnits = await listUnits(db, actor.organisationId);
  const own = await ownUnits(db, actor);
  const registered = c.req.query('geregistreerd');
  // The units that take complaints today: a version in force for each (a version that takes effect later does not
  // apply yet; ADR 0003 addendum). 004 §2 gives each werkmaatschappij its own regulation, with its own day: a unit
  // whose regulation begins later does not keep staff from registering for the others; it is named, with its day.
  const day = today();
  const intake = await intakeOfUnits(db, actor.organisationId, own.map((u) => u.id), day, day);
  const units = own.filter((u) => intake.get(u.id)?.ok);
  const notYet = own.flatMap((u) => {
    const found = intake.get(u.id);
    return found && !found.ok ? [{ unit: u, found }] : [];
  });
  const asked = (typeof values['unitId'] === 'string' && values['unitId']) || c.req.query('eenheid');
  const chosen = asked && units.some((u) => u.id === asked) ? asked : defaultUnit(actor, units);
  const found = chosen ? await regulationInForceOn(db, actor.organisationId, chosen, day, day) : null;
  const active = found?.ok ? found.active : null;
  const org = await db.selectFrom('organisations').select(['name']).where('id', '=', actor.organisationId).executeTakeFirstOrThrow();
  if (!active) {
    const pending = notYet.find((n) => n.found.reason === 'pending');
    return page(
      c,
      'Klacht registreren',
      <>
        <h1 class="utrecht-heading-1">Klacht registreren</h1>
        {pending && notYet.length > 1 ? (
          <Alert kind="warning">
            <p class="utrecht-paragraph">U kunt nog voor geen van uw eenheden een klacht registreren.</p>
            <ul class="utrecht-unordered-list">
              {notYet.map((n) => (
                <li class="utrecht-unordered-list__item">
                  {n.unit.name}: {notYetWhy(n.found)}.
                </li>
              ))}
            </ul>
          </Alert>
        ) : (
          <Alert kind="warning">
            {pending && pending.found.reason === 'pending'
              ? `De klachtenregeling voor ${pending.unit.name} gaat in op ${formatDutchDate(pending.found.from)}. Tot die dag kunt u hier nog geen klacht registreren.`
              : `Er is nog geen klachtenregeling actief${own.length ? '' : ' en er zijn nog geen eenheden'}. Vraag de beheerder dat eerst te regelen.`}
          </Alert>
        )}
      </>,
      { status: 409 },
    );
  }
  // The units staff cannot choose yet, with the day each can (said at the unit field).
  const unitNote = notYet.length ? `Voor ${notYet.length === 1 ? 'deze eenheid' : 'deze eenheden'} kunt u nog geen klacht registreren: ${notYet.map((n) => `${n.unit.name} (${notYetWhy(n.found)})`).join(', ')}.` : undefined;
  const shown: FormValues = { unitId: chosen, receivedBy: actor.name, ...values };
  const key = typeof values['idempotencyKey'] === 'string' && /^[\w-]{8,100}$/.test(values['idempotencyKey']) ? values['idempotencyKey'] : newFormKey();
  return page(
    c,
    Object.keys(errors).length ? 'Fout in formulier: klacht registreren' : 'Klacht registreren',
    <>
      <h1 class="utrecht-heading-1">Klacht registreren</h1>
      {registered && /^\d{4}-\d{1,8}$/.test(registered) ? (
        <Alert kind="ok">
          {registered} is geregistreerd en meteen afgesloten: er loopt geen klachtprocedure. U kunt het daarom niet meer openen; {theCoordinator(active.regulation)} ziet het wel.
        </Alert>
      ) : null}
      <p class="utrecht-paragraph">
        Het {active.regulation.intake.form.formName ?? 'klachtenregistratieformulier'} voor een klacht die per telefoon, aan de balie, per brief, per e-mail of via sociale media binnenkwam. De klacht valt onder: {active.regulation.metadata.title}.
      </p>
      <StaffRegistrationForm
        reg={active.regulation}
        orgName={org.name}
        units={units}
        unitNote={unitNote}
        depth={unitDepths(allUnits)}
        values={shown}
        errors={errors}
        csrf={c.get('csrfToken')}
        idempotencyKey={key}
        today={today()}
        hadFiles={hadFiles}
      />
    </>,
    { status: status ?? (Object.keys(errors).length ? 422 : 200) },
  );
}

complaintRoutes.get('/klachten/nieuw', async (c) => {
  // "Klacht van maken" from "Nieuw via e-mail": the form starts filled from the message (mailbox lane).
  const fromMail = c.req.query('uitMail');
  if (!fromMail) return registrationPage(c, {}, {});
  const item = await triageItem(c.get('deps').db, requireActor(c), fromMail);
  return registrationPage(c, { ...prefillFromMail(item), inboundMessageId: item.id }, {});
});

complaintRoutes.post('/klachten/nieuw', async (c) => {
  const actor = requireActor(c);
  if (!mayRegister(actor)) throw notFound();
  const { db } = c.get('deps');
  const { values, files } = await readForm(c);
  if (!values['idempotencyKey']) values['idempotencyKey'] = newFormKey();
  // "Vragen voor deze eenheid": the form again for the chosen unit's regulation (004 §2), with what was typed; nothing
  // is registered or judged yet.
  if (values['kies'] === 'eenheid') {
    delete values['kies'];
    // Chosen files are not kept by the browser: say so, and why (no error: the form came back for the unit's questions).
    return registrationPage(c, values, {}, files.length > 0 ? 'unit' : false);
  }
  const input = intakeInputFromForm(values, 'staff');
  // One own unit: that is the unit (the form shows no choice).
  if (input['unitId'] === undefined || input['unitId'] === '') {
    const own = await ownUnits(db, actor);
    if (own.length === 1) input['unitId'] = own[0]!.id;
  }
  // Every problem in one round (schema, regulation, form, attachments) before anything is stored.
  const unitId = typeof input['unitId'] === 'string' ? input['unitId'] : null;
  // Judged by the version the registration will use: the one in force on the day of receipt.
  const receivedOn = typeof input['receivedOn'] === 'string' && isRecordDate(input['receivedOn']) ? input['receivedOn'] : today();
  const found = await regulationInForceOn(db, actor.organisationId, unitId, receivedOn, today());
  const active = found.ok ? found.active : null;
  // A unit whose regulation is not in force on the day of receipt takes no complaint (the use case refuses it,
  // intake_unavailable): said at the unit field, with the rest of the form kept.
  const unitName = unitId && !found.ok ? (await listUnits(db, actor.organisationId)).find((u) => u.id === unitId)?.name : undefined;
  const refused = unitName && !found.ok ? [{ field: 'unitId', message: intakeRefusal(found, unitName) }] : [];
  const problems = [...refused, ...(active ? dryRunProblems(active.regulation, input, 'staff', today()) : []), ...formProblems(values), ...attachmentProblems(files)];
  if (problems.length) return registrationPage(c, values, toErrors(problems), files.length > 0, refused.length ? 409 : undefined);
  try {
    const fromMail = typeof values['inboundMessageId'] === 'string' && values['inboundMessageId'] ? values['inboundMessageId'] : null;
    const result = fromMail
      ? await convertInboundMessage(db, actor, fromMail, input, { attachments: files })
      : await registerComplaint(db, { organisationId: actor.organisationId, actor, door: 'staff', input, attachments: files });
    // A registration that is closed from the start (onvrede, suggestie) is no longer the registrar's to read.
    if (!(await canSee(db, actor, result.id))) return c.redirect(`/klachten/nieuw?geregistreerd=${encodeURIComponent(result.reference)}`, 303);
    return c.redirect(`/klachten/${result.id}?geregistreerd=1`, 303);
  } catch (err) {
    // The unit's regulation not in force (a version replaced while the form was open): at the unit field.
    if (err instanceof AppError && err.code === 'intake_unavailable') return registrationPage(c, values, { unitId: err.message }, files.length > 0, 409);
    const errors = fieldErrorsOf(err);
    if (!errors) throw err;
    return registrationPage(c, values, errors, files.length > 0);
  }
});

// ---------------------------------------------------------------------------------------------
// Dossier and actions
// ---------------------------------------------------------------------------------------------

async function dossierPage(
  c: AppContext,
  id: string,
  opts: { notice?: string | ((policy: WorkflowPolicy) => string) | undefined; failed?: { action: ActionName; values: FormValues; errors: FieldErrors }; attachmentError?: string | undefined; status?: 200 | 403 | 409 | 422 } = {},
) {
  const actor = requireActor(c);
  const { db } = c.get('deps');
  const dossier = await getComplaint(db, actor, id);
  const { users, staff, handlers } = await staffOf(db, actor.organisationId);
  const day = today();
  const ctx: ActionContext = {
    complaintId: dossier.complaint.id,
    csrf: c.get('csrfToken'),
    policy: dossier.regulation.policy,
    facts: dossier.facts,
    handlers: handlers.filter((h) => h.id !== dossier.facts.respondentUserId || !handlerIndependence(dossier.regulation.policy)),
    staff,
    handoverCandidates: handoverOptions(dossier.handoverCandidates, users),
    actorName: actor.name,
    today: day,
    regulationRoles: dossier.regulationRoles,
    correction: await correctionContext(db, actor, dossier),
    back: backToList(c.req.query('terug')),
  };
  c.header('Cache-Control', 'no-store');
  // The record's own kind: an onvrede or a suggestion is not titled "Klacht".
  const title = `${opts.failed || opts.attachmentError ? 'Fout in formulier: ' : ''}${kindLabel(dossier.complaint.kind)} ${dossier.complaint.reference}`;
  const letters = <LettersSection complaintId={dossier.complaint.id} letters={await lettersOf(db, dossier.complaint.id)} csrf={c.get('csrfToken')} />;
  const external = dossier.facts.externalProcedures;
  const measures = <DossierMeasures db={db} actor={actor} complaintId={dossier.complaint.id} ruling={external.some((p) => p.ruling)} reaction={external.some((p) => p.reactions.length > 0)} />;
  const regulationOf = await versionScopeName(db, actor.organisationId, dossier.regulation.versionId);
  return page(c, title, <Dossier dossier={dossier} regulationOf={regulationOf} today={day} ctx={ctx} names={new Map(users.map((u) => [u.id, u.name]))} notice={typeof opts.notice === 'function' ? opts.notice(dossier.regulation.policy) : opts.notice} failed={opts.failed} attachmentError={opts.attachmentError} letters={letters} measures={<>{measures}{await dossierRetentionPart(c, dossier.complaint.id)}</>} back={backToList(c.req.query('terug'))} />, { status: opts.status ?? 200 });
}

/** The escalation form's "Nieuwe behandelaar": each user who may take the complaint over, with the roles, by name. */
function handoverOptions(candidates: { role: string; userIds: string[] }[], users: { id: string; name: string; disabled?: unknown }[]): NonNullable<ActionContext['handoverCandidates']> {
  const out = new Map<string, { id: string; name: string; roles: string[] }>();
  const byId = new Map(users.map((u) => [u.id, u]));
  for (const c of candidates) {
    for (const id of c.userIds) {
      const user = byId.get(id);
      if (!user || user.disabled) continue;
      const entry = out.get(id) ?? { id, name: user.name, roles: [] };
      entry.roles.push(c.role);
      out.set(id, entry);
    }
  }
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name, 'nl'));
}

/** What the correction form starts from: the registration as it is now, and the units to choose from. */
async function correctionContext(db: Kysely<DB>, actor: Actor, dossier: Awaited<ReturnType<typeof getComplaint>>): Promise<ActionContext['correction']> {
  if (!dossier.actions.some((a) => a.action === 'correct-registration')) return undefined;
  const units = await listUnits(db, actor.organisationId);
  const depth = unitDepths(units);
  return {
    units: units.map((u) => ({ value: u.id, label: `${'– '.repeat(depth.get(u.id) ?? 0)}${u.name}` })),
    unitId: dossier.complaint.unit.id,
    kind: dossier.complaint.kind,
    complainant: dossier.complaint.complainant,
    linkedReference: dossier.linkedComplaint?.reference ?? '',
    sameComplainant: dossier.sameComplainant.map((x) => x.reference),
    regulationNote: regulationOnMoveNote(await regulationFixed(db, dossier.complaint.id, dossier.history)),
  };
}

const LETTER_NOTICES: Record<string, string> = {
  verstuurd: 'De brief staat klaar om per e-mail te versturen. Hieronder ziet u of hij is verstuurd.',
  gepost: 'Vastgelegd: de brief is per post verstuurd.',
  opnieuw: 'De e-mail wordt opnieuw verstuurd.',
};

complaintRoutes.get('/klachten/:id', (c) => {
  const done = c.req.query('gedaan');
  const notice = c.req.query('geregistreerd')
    ? 'De klacht is geregistreerd.'
    : c.req.query('bijlagen')
      ? 'De stukken zijn aan het dossier toegevoegd.'
      : done && isActionName(done)
        ? (policy: WorkflowPolicy) => `Gelukt: ${actionLabel(done, policy)}.`
        : LETTER_NOTICES[c.req.query('opnieuw') ? 'opnieuw' : (c.req.query('brief') ?? '')];
  return dossierPage(c, c.req.param('id'), { notice });
});

complaintRoutes.post('/klachten/:id/acties/:action', async (c) => {
  const actor = requireActor(c);
  const id = c.req.param('id');
  const action = c.req.param('action');
  if (!isActionName(action)) throw notFound();
  const { values } = await readForm(c);
  delete values['_csrf'];
  try {
    // "Zet deze maatregelen in het verbeterregister" (ADR 0017): in the decision's own transaction.
    const registerMeasures = (action === 'decide' || action === 'record-response') && values['registerMeasures'] === 'ja';
    const done = await performAction(c.get('deps').db, actor, id, action, actionInputFromForm(action, values), registerMeasures ? { registerMeasures } : {});
    // Moved to a unit outside the user's need-to-know (a correction): the dossier is no longer theirs to read.
    if (action === 'correct-registration' && !(await canSee(c.get('deps').db, actor, id))) return c.redirect(`/klachten?verplaatst=${encodeURIComponent(done.reference)}`, 303);
    // An action that may owe a letter goes on to the proposed letter (it sends back to the dossier when none is owed).
    // Both keep the list the dossier was opened from (the form's `terug`, checked again).
    const back = backToList(c.req.query('terug'));
    if ((LETTER_ACTIONS as readonly string[]).includes(action)) return c.redirect(withBack(`/klachten/${id}/brief/${done.seq}?gedaan=${action}`, back), 303);
    return c.redirect(withBack(`/klachten/${id}?gedaan=${action}`, back), 303);
  } catch (err) {
    const errors = fieldErrorsOf(err);
    if (!errors || !(err instanceof AppError)) throw err;
    return dossierPage(c, id, { failed: { action, values, errors }, status: err.code === 'validation_failed' ? 422 : 409 });
  }
});

complaintRoutes.post('/klachten/:id/bijlagen', async (c) => {
  const actor = requireActor(c);
  const id = c.req.param('id');
  const { values, files } = await readForm(c);
  const note = typeof values['note'] === 'string' && values['note'].trim() ? values['note'].trim().slice(0, 1000) : undefined;
  try {
    await addAttachments(c.get('deps').db, actor, id, files, note);
    return c.redirect(`/klachten/${id}?bijlagen=1#bijlagen-kop`, 303);
  } catch (err) {
    const errors = fieldErrorsOf(err);
    if (!errors || !(err instanceof AppError)) throw err;
    return dossierPage(c, id, { attachmentError: errors['attachments'] ?? errors['_'] ?? err.message, status: err.code === 'validation_failed' ? 422 : 403 });
  }
});

complaintRoutes.get('/klachten/:id/bijlagen/:attachmentId', async (c) => {
  const actor = requireActor(c);
  const file = await getAttachment(c.get('deps').db, actor, c.req.param('id'), c.req.param('attachmentId'));
  const ascii = file.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return c.body(new Uint8Array(file.data), 200, {
    'Content-Type': file.content_type,
    'Content-Length': String(file.size),
    'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    'Cache-Control': 'private, no-store',
    // Never rendered as a page of this site, whatever the file claims to be.
    'Content-Security-Policy': "sandbox; default-src 'none'",
    'X-Content-Type-Options': 'nosniff',
  });
});
