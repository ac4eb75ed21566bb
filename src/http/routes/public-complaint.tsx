import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { DB, Unit } from '../../db/types.ts';
import type { Regulation } from '../../domain/regulation/index.ts';
import { notFound, type FieldIssue } from '../../shared/errors.ts';
import { toFieldIssues } from '../../shared/validation.ts';
import { attachmentProblems } from '../../usecases/complaints/attachments.ts';
import { loadRegulation, today } from '../../usecases/complaints/dossier.ts';
import { intakeSchema, requiredIntakeProblems } from '../../usecases/complaints/intake.ts';
import { publicSubmission, registerComplaint } from '../../usecases/complaints/register-complaint.ts';
import { findOrganisationBySlug } from '../../usecases/organisations/create-organisation.ts';
import { activeRegulation, regulationVersion } from '../../usecases/regulations/regulations.ts';
import { listUnits, unitDepths } from '../../usecases/units/units.ts';
import { readForm, type AppContext, type AppEnv } from '../context.ts';
import { fieldErrorsOf } from '../form-errors.ts';
import { rateLimit } from '../middleware/rate-limit.ts';
import { page } from '../render.tsx';
import { PublicComplaintForm, type FormValues } from '../views/complaint-intake.tsx';
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
  const forOther = s('forWhom') === 'other';
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
export function dryRunProblems(reg: Regulation, input: Record<string, unknown>, door: 'public' | 'staff'): FieldIssue[] {
  const first = intakeSchema.safeParse(input);
  if (first.success) return requiredIntakeProblems(reg, first.data, door);
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
  const more = requiredIntakeProblems(reg, second.data, door).filter((p) => !failing.has(p.field) && p.field !== 'channel');
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

async function findOrganisation(db: Kysely<DB>, slug: string) {
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(slug)) throw notFound();
  const org = await findOrganisationBySlug(db, slug);
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

/** The unit the form is about: the chosen one, or the only one. */
function chosenUnit(units: Unit[], unitId: string | undefined): Unit | null {
  return units.find((u) => u.id === unitId) ?? (units.length === 1 ? units[0]! : null);
}

/** The regulation the form follows: that of the chosen unit, else the organisation's, else the first unit's. */
async function formRegulation(db: Kysely<DB>, orgId: string, units: Unit[], unitId: string | undefined) {
  const chosen = unitId && units.some((u) => u.id === unitId) ? unitId : null;
  return (await activeRegulation(db, orgId, chosen)) ?? (units[0] ? await activeRegulation(db, orgId, units[0].id) : null);
}

/** Routes of the public form; each app gets its own rate limiter. */
export function publicComplaintRoutes(opts: { maxPerWindow?: number; windowMs?: number } = {}): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const limit = rateLimit({ windowMs: opts.windowMs ?? 60_000, max: opts.maxPerWindow ?? 20, name: 'public-complaint' }); // max 0 lifts the limit (KLACHTWIJS_PUBLIC_RATE_LIMIT=0)

  async function formPage(c: AppContext, slug: string, values: FormValues, errors: FieldErrors, hadFiles = false) {
    const { db } = c.get('deps');
    const org = await findOrganisation(db, slug);
    const units = await listUnits(db, org.id);
    const unitId = last(values['unitId']) ?? c.req.query('eenheid');
    const active = await formRegulation(db, org.id, units, unitId);
    if (!active || !units.length) {
      // Why the form does not work, and how else to complain. The organisation has no contact details in
      // Klachtwijs, so the page promises no phone number or address it cannot give.
      return page(
        c,
        'Klacht indienen',
        <>
          <h1 class="utrecht-heading-1">Klacht indienen bij {org.name}</h1>
          <p class="utrecht-paragraph">
            U kunt hier nog geen klacht indienen. {units.length ? `${org.name} heeft de klachtenregeling nog niet ingesteld.` : `${org.name} heeft nog niet ingesteld waar klachten binnenkomen.`}{' '}
            Zonder {units.length ? 'klachtenregeling' : 'die instelling'} weten we niet hoe uw klacht moet worden behandeld.
          </p>
          <p class="utrecht-paragraph">Wilt u nu een klacht indienen? Neem dan contact op met {org.name} zelf, bijvoorbeeld via hun website, en zeg dat u een klacht hebt.</p>
        </>,
        { orgName: org.name, orgSlug: org.slug, status: 503 },
      );
    }
    const key = last(values['idempotencyKey']);
    return page(
      c,
      Object.keys(errors).length ? 'Fout in formulier: klacht indienen' : 'Klacht indienen',
      <PublicComplaintForm
        org={org}
        reg={active.regulation}
        // The chosen unit's regulation; before a unit is chosen, the organisation's page (it lists the units' own).
        regulationHref={regulationPath(org, units, chosenUnit(units, unitId) ? active.unitId : null)}
        units={units}
        depth={unitDepths(units)}
        values={values}
        errors={errors}
        csrf={c.get('csrfToken')}
        idempotencyKey={key && /^[\w-]{8,100}$/.test(key) ? key : newFormKey()}
        today={today()}
        hadFiles={hadFiles}
      />,
      { orgName: org.name, orgSlug: org.slug, status: Object.keys(errors).length ? 422 : 200 },
    );
  }

  routes.get('/:orgSlug/klacht', (c) => formPage(c, c.req.param('orgSlug'), {}, {}));

  routes.post('/:orgSlug/klacht', limit, async (c) => {
    const { db } = c.get('deps');
    const slug = c.req.param('orgSlug');
    const org = await findOrganisation(db, slug);
    const { values, files } = await readForm(c);
    if (!last(values['idempotencyKey'])) values['idempotencyKey'] = newFormKey();
    const input = intakeInputFromForm(values, 'public');
    // Every problem in one round (schema, regulation, form, attachments) before anything is stored.
    const units = await listUnits(db, org.id);
    const active = await formRegulation(db, org.id, units, last(values['unitId']));
    const problems = [...(active ? dryRunProblems(active.regulation, input, 'public') : []), ...formProblems(values), ...attachmentProblems(files)];
    if (problems.length) return formPage(c, slug, values, toErrors(problems), files.length > 0);
    try {
      const result = await registerComplaint(db, { organisationId: org.id, actor: null, door: 'public', input, attachments: files });
      const key = String(input['idempotencyKey']);
      return c.redirect(`/${org.slug}/klacht/ontvangen/${encodeURIComponent(result.reference)}?k=${encodeURIComponent(key)}`, 303);
    } catch (err) {
      const errors = fieldErrorsOf(err);
      if (!errors) throw err;
      return formPage(c, slug, values, errors, files.length > 0);
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
    c.header('Cache-Control', 'no-store');
    return page(
      c,
      row.kind === 'suggestion' ? 'Suggestie ontvangen' : 'Klacht ontvangen',
      <ComplaintReceived org={org} reference={row.reference} kind={row.kind} receivedOn={row.received_on} deadlines={row.deadlines} reg={regulation} policy={policy} regulationHref={regulationHref} />,
      { orgName: org.name, orgSlug: org.slug },
    );
  });

  return routes;
}
