import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { addComplainantInformation, requestJudgementByComplainant, textProblems, withdrawByComplainant } from '../../usecases/complainant-page/actions.ts';
import { resolveComplainantLink, type ResolvedLink } from '../../usecases/complainant-page/links.ts';
import { complainantLetterPdf, complainantPage } from '../../usecases/complainant-page/page.ts';
import { organisationContact } from '../../usecases/complainant-page/contact.ts';
import { resendComplainantLinks } from '../../usecases/complainant-page/resend.ts';
import { deleteExpiredUploads, FORM_KEY, holdUploads, pendingUploads, removePendingUploads } from '../../usecases/complaints/pending-uploads.ts';
import { findOrganisationBySlug } from '../../usecases/organisations/create-organisation.ts';
import { clientAddress } from '../client-address.ts';
import { readForm, type AppContext, type AppEnv } from '../context.ts';
import { fieldErrorsOf } from '../form-errors.ts';
import { page } from '../render.tsx';
import type { FieldErrors } from '../views/forms.tsx';
import { ComplainantPage, LinkNotFound, RequestLinkForm, WithdrawConfirm, type FormState } from '../views/complainant-page.tsx';
import { newFormKey, toErrors } from './public-complaint.tsx';

/**
 * The complainant's own page (Mijn klacht, ADR 0012), no account: `/:org/mijn-klacht/:token` with a private link.
 * Every answer: `Referrer-Policy: no-referrer` (the token is in the address), `X-Robots-Tag: noindex`, never
 * cached. An unknown or revoked token answers a friendly 404 that explains how to get a new link. Forms carry a
 * CSRF token; an expired one brings the form back filled in (nothing stored), as on the public complaint form.
 */

const last = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[v.length - 1] ?? '') : (v ?? ''));

/** What the forms say when their token had expired: nothing was stored yet. */
export const EXPIRED_NOTICE = 'Uw formulier was verlopen. Er is nog niets opgeslagen. Controleer wat u schreef en verstuur het opnieuw.';

/**
 * The page's headers. Registered in app.tsx OUTSIDE the security headers (which set `same-origin`), so that
 * `no-referrer` wins: the token in the address never leaves in a Referer header.
 */
export const complainantPageHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Robots-Tag', 'noindex, nofollow');
  c.header('Cache-Control', 'no-store');
});

async function findOrganisation(db: Kysely<DB>, slug: string) {
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(slug)) throw notFound();
  const org = await findOrganisationBySlug(db, slug);
  if (!org) throw notFound();
  return { id: org.id, name: org.name, slug: org.slug };
}
type Org = Awaited<ReturnType<typeof findOrganisation>>;

export function complainantPageRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  /** The organisation and the complaint the token opens, or the friendly 404 page. */
  async function open(c: AppContext): Promise<{ org: Org; link: ResolvedLink; base: string } | Response> {
    const { db } = c.get('deps');
    const org = await findOrganisation(db, c.req.param('orgSlug')!);
    const token = c.req.param('token') ?? '';
    const link = await resolveComplainantLink(db, org.id, token);
    if (!link) return page(c, 'Deze link werkt niet', <LinkNotFound org={org} contact={await organisationContact(db, org.id)} />, { orgName: org.name, orgSlug: org.slug, status: 404 });
    return { org, link, base: `/${org.slug}/mijn-klacht/${token}` };
  }

  async function showPage(c: AppContext, o: { org: Org; link: ResolvedLink; base: string }, form: Partial<FormState> = {}, opts: { done?: 'informatie' | 'ingetrokken' | 'oordeel'; status?: 200 | 409 | 422; message?: string } = {}) {
    const { db } = c.get('deps');
    const data = await complainantPage(db, o.link);
    const key = form.key ?? newFormKey();
    const state: FormState = { values: form.values ?? {}, errors: form.errors ?? {}, key, pending: await pendingUploads(db, o.org.id, key), csrf: c.get('csrfToken'), notice: form.notice, judgementErrors: form.judgementErrors };
    const failed = Object.keys(state.errors).length > 0 || Object.keys(state.judgementErrors ?? {}).length > 0;
    return page(c, failed ? 'Fout in formulier: uw klacht' : `Uw klacht ${data.reference}`, <ComplainantPage org={o.org} base={o.base} data={data} form={state} done={opts.done} message={opts.message} />, {
      orgName: o.org.name,
      orgSlug: o.org.slug,
      status: opts.status ?? (failed ? 422 : 200),
    });
  }

  // --- Re-sending the link -----------------------------------------------------------------------------------
  routes.get('/:orgSlug/mijn-klacht', async (c) => {
    const org = await findOrganisation(c.get('deps').db, c.req.param('orgSlug'));
    return page(c, 'Link naar uw klacht aanvragen', <RequestLinkForm org={org} contact={await organisationContact(c.get('deps').db, org.id)} csrf={c.get('csrfToken')} values={{}} errors={{}} />, { orgName: org.name, orgSlug: org.slug });
  });

  routes.post('/:orgSlug/mijn-klacht', async (c) => {
    const { db, config } = c.get('deps');
    const org = await findOrganisation(db, c.req.param('orgSlug'));
    const { values } = await readForm(c);
    const shown = { email: last(values['email']), reference: last(values['reference']) };
    const contact = await organisationContact(db, org.id);
    const again = (status: 200 | 422 | 429, extra: { errors?: FieldErrors; notice?: string; sent?: boolean }) =>
      page(c, extra.errors && Object.keys(extra.errors).length ? 'Fout in formulier: link aanvragen' : 'Link naar uw klacht aanvragen', <RequestLinkForm org={org} contact={contact} csrf={c.get('csrfToken')} values={shown} errors={extra.errors ?? {}} sent={extra.sent} notice={extra.notice} />, {
        orgName: org.name,
        orgSlug: org.slug,
        status,
      });
    if (c.get('csrfValid') !== true) return again(200, { notice: 'Uw formulier was verlopen. Er is nog niets verstuurd. Klik nog een keer op de knop.' });
    try {
      await resendComplainantLinks(db, { organisationId: org.id, email: shown.email, reference: shown.reference, clientAddress: clientAddress(c), baseUrl: config.baseUrl });
    } catch (err) {
      if (err instanceof AppError && err.code === 'rate_limited') return again(429, { notice: err.message });
      const errors = fieldErrorsOf(err);
      if (!errors) throw err;
      return again(422, { errors });
    }
    // The same answer whether or not an address matched: nothing is disclosed.
    return again(200, { sent: true });
  });

  // --- The page -----------------------------------------------------------------------------------------------
  routes.get('/:orgSlug/mijn-klacht/:token', async (c) => {
    const o = await open(c);
    if (o instanceof Response) return o;
    const done = c.req.query('klaar');
    return showPage(c, o, {}, { done: done === 'informatie' || done === 'ingetrokken' || done === 'oordeel' ? done : undefined });
  });

  routes.get('/:orgSlug/mijn-klacht/:token/brieven/:file', async (c) => {
    const o = await open(c);
    if (o instanceof Response) return o;
    const id = c.req.param('file').replace(/\.pdf$/, '');
    const letter = await complainantLetterPdf(c.get('deps').db, o.link, id);
    if (!letter) throw notFound();
    return c.body(Buffer.from(letter.pdf), 200, { 'Content-Type': 'application/pdf', 'Content-Disposition': `inline; filename="brief-${id.slice(0, 8)}.pdf"` });
  });

  routes.post('/:orgSlug/mijn-klacht/:token/informatie', async (c) => {
    const o = await open(c);
    if (o instanceof Response) return o;
    const { db } = c.get('deps');
    const { values, files } = await readForm(c);
    const sentKey = last(values['formKey']);
    const key = FORM_KEY.test(sentKey) ? sentKey : newFormKey();
    const text = last(values['text']);
    const removals = ([] as string[]).concat(values['verwijderBijlage'] ?? []);
    await deleteExpiredUploads(db);
    // Chosen files are held against the form at once: after a mistake or an expired token they are not lost (ADR 0009).
    const fileProblems = await holdUploads(db, o.org.id, key, files, { clientAddress: clientAddress(c) });
    const form = { values: { text }, key };
    if (c.get('csrfValid') !== true) return showPage(c, o, { ...form, notice: EXPIRED_NOTICE });
    if (removals.length) {
      await removePendingUploads(db, o.org.id, key, removals);
      // Removing files is a change of the form, not a send: show it again.
      return showPage(c, o, form);
    }
    const held = await pendingUploads(db, o.org.id, key);
    const problems = [...fileProblems, ...textProblems(text, held.length > 0)];
    if (problems.length) return showPage(c, o, { ...form, errors: toErrors(problems) });
    try {
      await addComplainantInformation(db, o.link, { text, pendingFormKey: key });
    } catch (err) {
      if (err instanceof AppError && err.code === 'invalid_transition') return showPage(c, o, {}, { message: err.message, status: 409 });
      const errors = fieldErrorsOf(err);
      if (!errors) throw err;
      return showPage(c, o, { ...form, errors });
    }
    return c.redirect(`${o.base}?klaar=informatie`, 303);
  });

  // The complainant asks for a judgement where the regulation lets them (Wkkgz model art. 5.2; usecase requestJudgementByComplainant).
  routes.post('/:orgSlug/mijn-klacht/:token/oordeel', async (c) => {
    const o = await open(c);
    if (o instanceof Response) return o;
    const { values } = await readForm(c);
    const note = last(values['note']);
    if (c.get('csrfValid') !== true) return showPage(c, o, { values: { note } }, { message: 'Uw formulier was verlopen. U heeft nog niet om een oordeel gevraagd. Klik nog een keer op de knop.' });
    try {
      await requestJudgementByComplainant(c.get('deps').db, o.link, { note });
    } catch (err) {
      if (err instanceof AppError && err.code === 'invalid_transition') return showPage(c, o, {}, { message: err.message, status: 409 });
      const errors = fieldErrorsOf(err);
      if (!errors) throw err;
      return showPage(c, o, { values: { note }, judgementErrors: errors });
    }
    return c.redirect(`${o.base}?klaar=oordeel`, 303);
  });

  async function confirmPage(c: AppContext, o: { org: Org; link: ResolvedLink; base: string }, reason: string, extra: { errors?: FieldErrors; notice?: string; status?: 200 | 409 | 422 } = {}) {
    const data = await complainantPage(c.get('deps').db, o.link, { audit: false });
    if (!data.canWithdraw && !extra.errors) return showPage(c, o);
    return page(c, 'Klacht intrekken', <WithdrawConfirm org={o.org} base={o.base} data={data} csrf={c.get('csrfToken')} reason={reason} errors={extra.errors ?? {}} notice={extra.notice} />, {
      orgName: o.org.name,
      orgSlug: o.org.slug,
      status: extra.status ?? 200,
    });
  }

  routes.get('/:orgSlug/mijn-klacht/:token/intrekken', async (c) => {
    const o = await open(c);
    if (o instanceof Response) return o;
    return confirmPage(c, o, '');
  });

  routes.post('/:orgSlug/mijn-klacht/:token/intrekken', async (c) => {
    const o = await open(c);
    if (o instanceof Response) return o;
    const { values } = await readForm(c);
    const reason = last(values['reason']);
    if (c.get('csrfValid') !== true) return confirmPage(c, o, reason, { notice: 'Uw formulier was verlopen. Uw klacht is nog niet ingetrokken. Wilt u hem intrekken? Klik dan nog een keer op de knop.' });
    if (last(values['bevestig']) !== 'ja') return confirmPage(c, o, reason);
    try {
      await withdrawByComplainant(c.get('deps').db, o.link, { reason });
    } catch (err) {
      if (err instanceof AppError && err.code === 'invalid_transition') return showPage(c, o, {}, { message: err.message });
      const errors = fieldErrorsOf(err);
      if (!errors) throw err;
      return confirmPage(c, o, reason, { errors, status: 422 });
    }
    return c.redirect(`${o.base}?klaar=ingetrokken`, 303);
  });

  return routes;
}

