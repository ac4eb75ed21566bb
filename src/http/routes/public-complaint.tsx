import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { DB, Unit } from '../../db/types.ts';
import type { Regulation } from '../../domain/regulation/index.ts';
import { formatDutchDate } from '../../domain/deadlines/index.ts';
import type { IsoDate } from '../../domain/deadlines/types.ts';
import { notFound, type FieldIssue } from '../../shared/errors.ts';
import { toFieldIssues } from '../../shared/validation.ts';
import { loadRegulation, today } from '../../usecases/complaints/dossier.ts';
import { regulationOpen } from '../../usecases/complaints/correct-registration.ts';
import { intakeSchema, requiredIntakeProblems, withContactOnRefusal } from '../../usecases/complaints/intake.ts';
import { actsForClient } from '../../usecases/complaints/capacity.ts';
import { FORM_KEY, holdUploads, pendingUploads, removePendingUploads } from '../../usecases/complaints/pending-uploads.ts';
import { publicSubmission, registerComplaint, triageUnit } from '../../usecases/complaints/register-complaint.ts';
import { issueComplainantLink } from '../../usecases/complainant-page/links.ts';
import { currentIntakeContextBySlug, intakeContext } from '../../usecases/complaints/intake-context.ts';
import { regulationVersion } from '../../usecases/regulations/regulations.ts';
import { listUnits, unitDepths } from '../../usecases/units/units.ts';
import { clientAddress } from '../client-address.ts';
import { readForm, type AppContext, type AppEnv } from '../context.ts';
import { fieldErrorsOf } from '../form-errors.ts';
import { rateLimit } from '../middleware/rate-limit.ts';
import { page } from '../render.tsx';
import { PublicComplaintForm, unitWord, type FormValues } from '../views/complaint-intake.tsx';
import { organisationContact, type OrganisationContact } from '../../usecases/complainant-page/contact.ts';
import { retentionSettings } from '../../usecases/retention/settings.ts';
import { CheckStep, sendLabel, UNIT_UNKNOWN, UnitStep } from '../views/complaint-intake-steps.tsx';
import { ComplaintReceived } from '../views/complaint-received.tsx';
import type { FieldErrors } from '../views/forms.tsx';

/**
 * The public complaint form per organisation (`/:orgSlug/klacht`): no log-in, works without JavaScript,
 * multipart for attachments, CSRF and a one-time idempotency key in every form, rate-limited POST, and
 * Post/Redirect/Get to a confirmation page that shows the reference only with the form's own key.
 */

// ---------------------------------------------------------------------------------------------
// Form reading, shared with the staff registration form
// ---------------------------------------------------------------------------------------------


const last = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[v.length - 1] : v);

/** The intake input (intake schema shape) from the flat form; empty fields are left out. */
export function intakeInputFromForm(values: FormValues, door: 'public' | 'staff'): Record<string, unknown> {
  const s = (k: string): string | undefined => {
    const v = last(values[k]);
    return v === undefined || v.trim() === '' ? undefined : v;
  };
  const kind = s('kind') ?? 'complaint';
  // A complainant who acts for the client as the regulation's kind (a nabestaande …) complains for someone else (issue 12).
  const forOther = s('forWhom') === 'other' || actsForClient(s('complainant.relation'));
  return {
    kind,
    unitId: s('unitId'),
    channel: door === 'public' ? 'web_form' : s('channel'),
    receivedOn: door === 'staff' ? s('receivedOn') : undefined,
    subject: s('subject'),
    description: s('description'),
    complainant: {
      name: s('complainant.name'),
      email: s('complainant.email'),
      phone: s('complainant.phone'),
      postalAddress: s('complainant.postalAddress'),
      relation: s('complainant.relation'),
      onBehalfOf: forOther ? s('complainant.onBehalfOf') : undefined,
      representativeRelation: forOther ? s('complainant.representativeRelation') : undefined,
    },
    respondentName: s('respondentName'),
    respondentDepartment: s('respondentDepartment'),
    conductOn: s('conductOn'),
    signed: s('signed') === 'ja' ? true : door === 'public' ? false : undefined,
    documentDate: door === 'staff' ? s('documentDate') : undefined,
    establishedBy: door === 'staff' ? s('establishedBy') : undefined,
    writtenDownAndSigned: door === 'staff' ? s('writtenDownAndSigned') === 'ja' : undefined,
    receivedBy: door === 'staff' ? s('receivedBy') : undefined,
    passedTo: door === 'staff' ? s('passedTo') : undefined,
    notComplaintKey: kind === 'not_a_complaint' ? s('notComplaintKey') : undefined,
    note: door === 'staff' ? s('note') : undefined,
    idempotencyKey: s('idempotencyKey'),
  };
}

/** Problems the form itself can see (before the use case runs). */
export function formProblems(values: FormValues): FieldIssue[] {
  const problems: FieldIssue[] = [];
  if (last(values['forWhom']) === 'other' && !last(values['complainant.onBehalfOf'])?.trim()) {
    problems.push({ field: 'complainant.onBehalfOf', message: 'Vul de naam in van degene namens wie de klacht wordt ingediend.' });
  }
  return problems;
}

/**
 * Everything wrong with a submission, without storing anything: the schema's problems and the
 * regulation's required data in ONE round. Fields that fail the schema are set aside (or replaced by a
 * harmless stand-in when the schema requires them) so the regulation's checks can still run on the rest.
 */
export function dryRunProblems(reg: Regulation, input: Record<string, unknown>, door: 'public' | 'staff', day: string, contact?: OrganisationContact): FieldIssue[] {
  const first = intakeSchema.safeParse(input);
  if (first.success) return requiredIntakeProblems(reg, first.data, door, day, contact);
  const issues = toFieldIssues(first.error);
  const failing = new Set(issues.map((i) => i.field));
  const cleaned: Record<string, unknown> = { ...input, complainant: { ...(input['complainant'] as Record<string, unknown>) } };
  for (const field of failing) {
    const [head, sub] = field.split('.');
    if (head === 'complainant' && sub) delete (cleaned['complainant'] as Record<string, unknown>)[sub];
    else if (head) delete cleaned[head];
  }
  if (failing.has('description')) cleaned['description'] = 'x'.repeat(10);
  if (failing.has('channel')) cleaned['channel'] = 'web_form';
  const second = intakeSchema.safeParse(cleaned);
  if (!second.success) return issues;
  const more = requiredIntakeProblems(reg, second.data, door, day, contact).filter((p) => !failing.has(p.field) && p.field !== 'channel');
  return [...issues, ...more];
}

export function newFormKey(): string {
  return randomBytes(18).toString('base64url');
}

export function toErrors(issues: FieldIssue[]): FieldErrors {
  const out: FieldErrors = {};
  for (const i of issues) out[i.field] ??= i.message;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------

async function findOrganisation(db: Kysely<DB>, slug: string, opts: { sweepExpiredUploads?: boolean } = {}) {
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(slug)) throw notFound();
  // The per-process intake context (issue 13, ADR 0029), checked to be current in one statement.
  const org = (await currentIntakeContextBySlug(db, slug, opts))?.organisation;
  if (!org) throw notFound();
  return { id: org.id, name: org.name, slug: org.slug };
}

/**
 * Where a regulation version is published: the page of the unit it was activated for (e.g. a werkmaatschappij),
 * or the organisation's page for an organisation-wide version.
 */
export function regulationPath(org: { slug: string }, units: readonly Unit[], scopeUnitId: string | null): string {
  const unit = scopeUnitId ? units.find((u) => u.id === scopeUnitId) : undefined;
  return unit ? `/${org.slug}/klachtenregeling/${unit.slug}` : `/${org.slug}/klachtenregeling`;
}

/** What the public form says when its token had expired (or its cookie was missing): nothing was sent yet. */
export function expiredNotice(button: string): string {
  return `Uw formulier was verlopen. Er is nog niets verstuurd. Controleer uw gegevens en klik op ${button}.`;
}

/** Where the form stands on the unit question: the chosen unit, "Weet ik niet" (several units), or nothing yet. */
function unitAnswer(units: Unit[], answer: string | undefined): { unit: Unit | null; unknown: boolean; answered: boolean } {
  if (units.length === 1) return { unit: units[0]!, unknown: false, answered: true };
  const unit = units.find((u) => u.id === answer) ?? null;
  const unknown = !unit && answer === UNIT_UNKNOWN && units.length > 1;
  return { unit, unknown, answered: unit !== null || unknown };
}

/** Routes of the public form; each app gets its own rate limiter. */
export function publicComplaintRoutes(opts: { maxPerWindow?: number; windowMs?: number } = {}): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const limit = rateLimit({ windowMs: opts.windowMs ?? 60_000, max: opts.maxPerWindow ?? 20, name: 'form' }); // max 0 lifts the limit (KLACHTWIJS_PUBLIC_RATE_LIMIT=0)

  type Org = Awaited<ReturnType<typeof findOrganisation>>;

  /** Everything a step needs: the units, the answer to the unit question and the regulation that follows from it. */
  async function formContext(db: Kysely<DB>, org: Org, unitValue: string | undefined) {
    // The cached intake context (ADR 0029): the registration itself checks it against the database.
    const ctx = await intakeContext(db, org.id);
    const units = [...(ctx?.units ?? [])];
    const answer = unitAnswer(units, unitValue);
    // "Weet ik niet": the triage unit's regulation, the one the complaint will be registered under.
    const chosen = answer.unknown ? triageUnit(units).id : (answer.unit?.id ?? undefined);
    const day = today();
    // Only versions that take effect later: the first day one does (the page says from when).
    let startsOn: IsoDate | null = null;
    const inForce = async (unitId: string | null) => {
      const found = ctx ? await ctx.regulationFor(unitId, day) : null;
      if (found && !found.ok && found.reason === 'pending') startsOn ??= found.from;
      return found?.ok ? found.active : null;
    };
    const active = ctx ? ((await inForce(chosen && units.some((u) => u.id === chosen) ? chosen : null)) ?? (units[0] ? await inForce(units[0].id) : null)) : null;
    const unitShown = units.length > 1 && answer.answered ? { name: answer.unit?.name ?? null } : undefined;
    return { units, answer, active, unitShown, startsOn: active ? null : (startsOn as IsoDate | null) };
  }

  function unavailable(c: AppContext, org: Org, hasUnits: boolean, startsOn: IsoDate | null = null) {
    if (hasUnits && startsOn) {
      return page(
        c,
        'Klacht indienen',
        <>
          <h1 class="utrecht-heading-1">Klacht indienen bij {org.name}</h1>
          <p class="utrecht-paragraph">
            U kunt hier nog geen klacht indienen. De klachtenregeling van {org.name} gaat in op <time datetime={startsOn}>{formatDutchDate(startsOn)}</time>. Vanaf die dag kunt u hier een klacht indienen.
          </p>
          <p class="utrecht-paragraph">Wilt u nu een klacht indienen? Neem dan contact op met {org.name} zelf, bijvoorbeeld via hun website, en zeg dat u een klacht hebt.</p>
        </>,
        { orgName: org.name, orgSlug: org.slug, status: 503 },
      );
    }
    return page(
      c,
      'Klacht indienen',
      <>
        <h1 class="utrecht-heading-1">Klacht indienen bij {org.name}</h1>
        <p class="utrecht-paragraph">
          U kunt hier nog geen klacht indienen. {hasUnits ? `${org.name} heeft de klachtenregeling nog niet ingesteld.` : `${org.name} heeft nog niet ingesteld waar klachten binnenkomen.`}{' '}
          Zonder {hasUnits ? 'klachtenregeling' : 'die instelling'} weten we niet hoe uw klacht moet worden behandeld.
        </p>
        <p class="utrecht-paragraph">Wilt u nu een klacht indienen? Neem dan contact op met {org.name} zelf, bijvoorbeeld via hun website, en zeg dat u een klacht hebt.</p>
      </>,
      { orgName: org.name, orgSlug: org.slug, status: 503 },
    );
  }

  interface StepState {
    values: FormValues;
    key: string;
    errors?: FieldErrors;
    /** The post came without a valid token (expired form or missing cookie): say so, nothing was sent. */
    expired?: boolean;
  }

  async function formPage(c: AppContext, org: Org, st: StepState) {
    const { db } = c.get('deps');
    const { units, answer, active, unitShown, startsOn } = await formContext(db, org, last(st.values['unitId']));
    if (!active || !units.length) return unavailable(c, org, units.length > 0, startsOn);
    const errors = st.errors ?? {};
    const failed = Object.keys(errors).length > 0;
    return page(
      c,
      failed ? 'Fout in formulier: klacht indienen' : 'Klacht indienen',
      <PublicComplaintForm
        org={org}
        reg={active.regulation}
        // The chosen unit's regulation; for "Weet ik niet", the organisation's page (it lists the units' own).
        regulationHref={regulationPath(org, units, answer.unit ? active.unitId : null)}
        unit={unitShown}
        values={st.values}
        errors={errors}
        csrf={c.get('csrfToken')}
        idempotencyKey={st.key}
        today={today()}
        pending={await pendingUploads(db, org.id, st.key)}
        notice={st.expired ? expiredNotice('Verder') : undefined}
        privacy={{ orgName: org.name, contact: await organisationContact(db, org.id, active.regulation), retention: await retentionSettings(db, org.id) }}
      />,
      { orgName: org.name, orgSlug: org.slug, status: failed ? 422 : 200 },
    );
  }

  /** The unit question; `invalid`: it was answered with nothing (or with a unit that does not exist). */
  async function unitPage(c: AppContext, org: Org, opts: { chosen?: string | undefined; invalid?: boolean; carry?: StepState }) {
    const { db } = c.get('deps');
    const { units, active, startsOn } = await formContext(db, org, undefined);
    if (!active || !units.length) return unavailable(c, org, units.length > 0, startsOn);
    const error = opts.invalid ? `Kies een ${unitWord(active.regulation)}, of kies "Weet ik niet".` : undefined;
    return page(
      c,
      error ? 'Fout in formulier: klacht indienen' : 'Klacht indienen',
      <UnitStep
        org={org}
        unitWord={unitWord(active.regulation)}
        regulationHref={regulationPath(org, units, null)}
        units={units}
        depth={unitDepths(units)}
        chosen={opts.chosen}
        error={error}
        carry={opts.carry ? { values: opts.carry.values, csrf: c.get('csrfToken'), idempotencyKey: opts.carry.key, notice: opts.carry.expired ? expiredNotice('Verder') : undefined } : undefined}
      />,
      { orgName: org.name, orgSlug: org.slug, status: error ? 422 : 200 },
    );
  }

  async function checkPage(c: AppContext, org: Org, st: StepState) {
    const { db } = c.get('deps');
    const { units, active, unitShown, startsOn } = await formContext(db, org, last(st.values['unitId']));
    if (!active) return unavailable(c, org, units.length > 0, startsOn);
    return page(
      c,
      'Controleer uw klacht',
      <CheckStep
        org={org}
        reg={active.regulation}
        unit={unitShown}
        unitWord={unitWord(active.regulation)}
        values={st.values}
        pending={await pendingUploads(db, org.id, st.key)}
        csrf={c.get('csrfToken')}
        idempotencyKey={st.key}
        notice={st.expired ? expiredNotice(sendLabel(st.values)) : undefined}
      />,
      { orgName: org.name, orgSlug: org.slug },
    );
  }

  routes.get('/:orgSlug/klacht', async (c) => {
    const { db } = c.get('deps');
    const org = await findOrganisation(db, c.req.param('orgSlug'));
    const units = await listUnits(db, org.id);
    const asked = c.req.query('eenheid');
    const answer = unitAnswer(units, asked);
    // Several units: first the unit, so the form asks what that unit's regulation requires.
    if (units.length > 1 && !answer.answered) {
      return unitPage(c, org, { invalid: asked !== undefined || c.req.query('stap') === 'eenheid' });
    }
    return formPage(c, org, { values: units.length > 1 ? { unitId: answer.unit?.id ?? UNIT_UNKNOWN } : {}, key: newFormKey() });
  });

  routes.post('/:orgSlug/klacht', limit, async (c) => {
    const { db } = c.get('deps');
    // Checking the cached context also deletes every expired held upload (what deleteExpiredUploads did here).
    const org = await findOrganisation(db, c.req.param('orgSlug'), { sweepExpiredUploads: true });
    // Every answer to this post shows what the complainant typed: never stored by a browser or proxy.
    c.header('Cache-Control', 'no-store');
    const { values, files } = await readForm(c);
    // Only a post with a valid token can send the complaint; an expired one comes back filled in (never stored).
    const tokenValid = c.get('csrfValid') === true;
    const sentKey = last(values['idempotencyKey']);
    const key = sentKey && FORM_KEY.test(sentKey) ? sentKey : newFormKey();
    values['idempotencyKey'] = key;
    const step = last(values['stap']);
    const change = last(values['wijzig']);
    const removals = ([] as string[]).concat(values['verwijderBijlage'] ?? []);
    for (const control of ['_csrf', 'stap', 'wijzig', 'verwijderBijlage']) delete values[control];
    const st: StepState = { values, key, expired: !tokenValid };

    // Chosen files are held against the form at once, so no later step needs them again (ADR 0009).
    const fileProblems = await holdUploads(db, org.id, key, files, { clientAddress: clientAddress(c) });
    if (tokenValid && removals.length) await removePendingUploads(db, org.id, key, removals);

    const { units, answer, active, startsOn } = await formContext(db, org, last(values['unitId']));
    if (!active || !units.length) return unavailable(c, org, units.length > 0, startsOn);
    // The unit question, again: asked for ("Andere keuze"), or not (well) answered yet.
    if (change === 'eenheid' || !answer.answered) {
      return unitPage(c, org, { chosen: last(values['unitId']), invalid: change !== 'eenheid' && (step === 'eenheid' || last(values['unitId']) !== undefined), carry: st });
    }
    // Back to the form to change an answer (or after choosing the unit): no errors shown yet.
    if (change || step === 'eenheid') return formPage(c, org, { ...st, errors: fileProblems.length ? toErrors(fileProblems) : {} });

    const formValues = answer.unknown ? { ...values, unitId: undefined } : values;
    const input = intakeInputFromForm(formValues, 'public');
    // Every problem in one round (schema, regulation, form, attachments) before anything is stored.
    const ruleProblems = await withContactOnRefusal(db, org.id, active.regulation, (contact) => dryRunProblems(active.regulation, input, 'public', today(), contact));
    const problems = [...ruleProblems, ...formProblems(values), ...fileProblems];
    if (problems.length) return formPage(c, org, { ...st, errors: toErrors(problems) });
    // A post without a valid token, or from the form itself: check your answers first.
    if (!tokenValid || step === 'controleren') return checkPage(c, org, st);
    // "Klacht versturen" on the check step (or a post without steps): send. The key keeps a double submit single.
    try {
      const result = await registerComplaint(db, { organisationId: org.id, actor: null, door: 'public', input, pendingFormKey: key, unitUnknown: answer.unknown, expectSlug: org.slug, logger: c.get('deps').logger });
      return c.redirect(`/${org.slug}/klacht/ontvangen/${encodeURIComponent(result.reference)}?k=${encodeURIComponent(key)}`, 303);
    } catch (err) {
      const errors = fieldErrorsOf(err);
      if (!errors) throw err;
      return formPage(c, org, { ...st, errors });
    }
  });

  routes.get('/:orgSlug/klacht/ontvangen/:reference', async (c) => {
    const { db } = c.get('deps');
    const org = await findOrganisation(db, c.req.param('orgSlug'));
    const key = c.req.query('k') ?? '';
    const reference = c.req.param('reference');
    // Only the browser that submitted the form knows its key: without it, nothing about any complaint is shown.
    if (!/^[\w-]{8,100}$/.test(key) || !/^\d{4}-\d{1,6}$/.test(reference)) throw notFound();
    const row = await publicSubmission(db, org.id, reference, key);
    if (!row) throw notFound();
    const { regulation, policy } = await loadRegulation(db, org.id, row.regulation_version_id);
    // The regulation the complaint was received under, where it is published.
    const scope = (await regulationVersion(db, org.id, row.regulation_version_id)).unitId;
    const regulationHref = regulationPath(org, scope ? await listUnits(db, org.id) : [], scope);
    // "Weet ik niet": moved to its unit while nothing happened under this version, it may run under another
    // (versionAfterMove): then the triage version's dates are not the complaint's, and the receipt names none.
    const open = await regulationOpen(db, org.id, row, today());
    c.header('Cache-Control', 'no-store');
    // The complainant's own page (Mijn klacht, ADR 0012): a new private link each time this page is shown.
    const link = await issueComplainantLink(db, { organisationId: org.id, complaintId: row.id, baseUrl: c.get('deps').config.baseUrl });
    return page(
      c,
      row.kind === 'suggestion' ? 'Suggestie ontvangen' : 'Klacht ontvangen',
      <ComplaintReceived org={org} reference={row.reference} kind={row.kind} receivedOn={row.received_on} deadlines={row.deadlines} reg={regulation} policy={policy} regulationHref={regulationHref} complainantPageUrl={link.url} regulationOpen={open} />,
      { orgName: org.name, orgSlug: org.slug },
    );
  });

  return routes;
}
