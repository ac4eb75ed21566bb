import { Hono } from 'hono';
import { isLetterKind, LETTER_KINDS, type LetterChannel } from '../../domain/letters/kinds.ts';
import { DEFAULT_TEMPLATES } from '../../domain/letters/defaults.ts';
import { outcomeSentenceMisfit, type RegulationOutcomes, type TextPlace } from '../../domain/letters/outcome-fit.ts';
import { actionLabel, decisionOutcomes, isActionName, type ActionName } from '../../domain/workflow/index.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { hasRole } from '../../usecases/actor.ts';
import { markLetterPosted, previewLetterPdf, proposedLetter, sendDossierLetter } from '../../usecases/letters/dossier-letters.ts';
import { letterheadLogo, letterheadSettings, saveLetterhead } from '../../usecases/letters/letterhead.ts';
import { enclosedDocumentsOf } from '../../usecases/letters/compose.ts';
import { letterPdfOf } from '../../usecases/letters/letters-of.ts';
import { previewTemplate } from '../../usecases/letters/template-preview.ts';
import { listTemplates, mayEditTemplates, resetTemplate, saveTemplate, templateFor } from '../../usecases/letters/templates.ts';
import { regulationsInForce } from '../../usecases/regulations/regulations.ts';
import { listUnits } from '../../usecases/units/units.ts';
import { formFields, parseFormBody, requireActor, type AppContext, type AppEnv } from '../context.ts';
import { fieldErrorsOf } from '../form-errors.ts';
import { page } from '../render.tsx';
import { backToList, withBack } from '../views/complaint-parts.tsx';
import { ComposeLetter, LetterheadPage, PrintLetter, TemplateEdit, TemplateList, templateUnitOptions, type ComposeProps } from '../views/letters.tsx';
import type { FieldErrors } from '../views/forms.tsx';

/** Letters from the dossier, the letter PDFs, retrying a failed mail, the template and letterhead pages (ADR 0010). */
export const letterRoutes = new Hono<AppEnv>();

const pdfHeaders = (filename: string) => ({ 'Content-Type': 'application/pdf', 'Content-Disposition': `inline; filename="${filename.replace(/[^\w.-]/g, '_')}"`, 'Cache-Control': 'private, no-store' });

function seqOf(c: AppContext): number {
  const seq = Number(c.req.param('seq'));
  if (!Number.isInteger(seq) || seq < 1) throw notFound();
  return seq;
}

async function composePage(c: AppContext, edit?: { subject: string; body: string; errors: FieldErrors }) {
  const actor = requireActor(c);
  const id = c.req.param('id')!;
  const p = await proposedLetter(c.get('deps').db, actor, id, seqOf(c));
  const done = /^[a-z-]{1,40}$/.test(c.req.query('gedaan') ?? '') ? `?gedaan=${c.req.query('gedaan')}` : '';
  const back = backToList(c.req.query('terug'));
  if (!p) return c.redirect(withBack(`/klachten/${id}${done}`, back), 303);
  if (p.existingLetterId) return c.redirect(withBack(`/klachten/${id}${done}#brieven-kop`, back), 303);
  const props: ComposeProps = {
    complaintId: id,
    reference: p.ctx.complaint.reference,
    seq: p.seq,
    kind: p.owed.kind,
    article: p.owed.article,
    recipient: { ...p.draft.recipient },
    subject: edit?.subject ?? p.draft.subject,
    body: edit?.body ?? p.draft.body,
    csrf: c.get('csrfToken'),
    back,
    ...(edit ? { errors: edit.errors } : {}),
    ...(!edit && isActionName(c.req.query('gedaan')) ? { done: actionLabel(c.req.query('gedaan') as ActionName, p.ctx.regulation.policy) } : {}),
  };
  c.header('Cache-Control', 'no-store');
  return page(c, `${edit ? 'Fout in formulier: ' : ''}Brief bij klacht ${p.ctx.complaint.reference}`, <ComposeLetter {...props} />, { status: edit ? 422 : 200 });
}

letterRoutes.get('/klachten/:id/brief/:seq', (c) => composePage(c));

letterRoutes.post('/klachten/:id/brief/:seq', async (c) => {
  const actor = requireActor(c);
  const id = c.req.param('id');
  const form = await formFields(c);
  const subject = form['subject'] ?? '';
  const body = form['body'] ?? '';
  const channel = form['channel'];
  const db = c.get('deps').db;
  if (channel === 'voorbeeld') {
    const pdf = await previewLetterPdf(db, actor, id, seqOf(c), { subject, body });
    return c.body(new Uint8Array(pdf), 200, pdfHeaders('voorbeeld.pdf'));
  }
  if (channel !== 'email' && channel !== 'post' && channel !== 'both') {
    return composePage(c, { subject, body, errors: { channel: 'Kies hoe de brief gaat: per e-mail, per post of allebei.' } });
  }
  try {
    const letter = await sendDossierLetter(db, actor, id, seqOf(c), { channel: channel as LetterChannel, subject, body });
    const back = backToList(c.req.query('terug'));
    if (channel === 'email') return c.redirect(withBack(`/klachten/${id}?brief=verstuurd#brieven-kop`, back), 303);
    return c.redirect(withBack(`/klachten/${id}/brieven/${letter.id}/afdrukken`, back), 303);
  } catch (err) {
    const errors = fieldErrorsOf(err);
    if (!errors || !(err instanceof AppError) || err.code !== 'validation_failed') throw err;
    // Field names of the use case are letter.subject / letter.body / letter.channel.
    const mapped: FieldErrors = {};
    for (const [k, v] of Object.entries(errors)) mapped[k.replace(/^letter\./, '')] = v;
    return composePage(c, { subject, body, errors: mapped });
  }
});

letterRoutes.get('/klachten/:id/brieven/:letterId/afdrukken', async (c) => {
  const actor = requireActor(c);
  const id = c.req.param('id');
  const letterId = c.req.param('letterId');
  const db = c.get('deps').db;
  await letterPdfOf(db, actor, id, letterId); // need-to-know: a letter the user may not see looks missing
  const row = await db.selectFrom('letters as l').innerJoin('complaints as k', 'k.id', 'l.complaint_id').select(['l.kind', 'l.recipient_address', 'k.reference']).where('l.id', '=', letterId).executeTakeFirstOrThrow();
  if (!isLetterKind(row.kind)) throw notFound();
  return page(
    c,
    `Brief afdrukken, klacht ${row.reference}`,
    <PrintLetter
      complaintId={id}
      reference={row.reference}
      letterId={letterId}
      kind={row.kind}
      hasAddress={Boolean(row.recipient_address?.trim())}
      enclosures={await enclosedDocumentsOf(db, actor.organisationId, id, row.kind)}
      csrf={c.get('csrfToken')}
      back={backToList(c.req.query('terug'))}
    />,
  );
});

letterRoutes.get('/klachten/:id/brieven/:file', async (c) => {
  const actor = requireActor(c);
  const file = c.req.param('file');
  if (!file.endsWith('.pdf')) throw notFound();
  const { pdf, filename } = await letterPdfOf(c.get('deps').db, actor, c.req.param('id'), file.slice(0, -4));
  return c.body(new Uint8Array(pdf), 200, pdfHeaders(filename));
});

letterRoutes.post('/klachten/:id/brieven/:letterId/verstuurd', async (c) => {
  const actor = requireActor(c);
  const id = c.req.param('id');
  await markLetterPosted(c.get('deps').db, actor, id, c.req.param('letterId'));
  return c.redirect(withBack(`/klachten/${id}?brief=gepost#brieven-kop`, backToList(c.req.query('terug'))), 303);
});

// ---- Briefsjablonen (admin, coordinator) -------------------------------------------------------

function requireTemplateEditor(c: AppContext) {
  const actor = requireActor(c);
  if (!mayEditTemplates(actor)) throw new AppError('forbidden', 'Deze pagina is alleen voor beheerders en klachtenfunctionarissen.');
  return actor;
}

letterRoutes.get('/beheer/briefsjablonen', async (c) => {
  const actor = requireTemplateEditor(c);
  const db = c.get('deps').db;
  const [templates, units, regs] = await Promise.all([listTemplates(db, actor.organisationId), listUnits(db, actor.organisationId), outcomesInForce(c)]);
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const rows = LETTER_KINDS.map((kind) => ({
    kind,
    organisation: templates.some((t) => t.kind === kind && t.unit_id === null),
    units: templates.filter((t) => t.kind === kind && t.unit_id !== null).map((t) => unitName.get(t.unit_id!) ?? ''),
    misfit: templates.some((t) => t.kind === kind && outcomeSentenceMisfit(t.body, regs) !== null),
  }));
  return page(c, 'Briefsjablonen', <TemplateList rows={rows} notice={c.req.query('opgeslagen') ? 'Het briefsjabloon is opgeslagen.' : undefined} />);
});

/** How each regulation in force decides, for the notice on a saved text whose outcome sentence no longer fits. */
async function outcomesInForce(c: AppContext): Promise<RegulationOutcomes[]> {
  const regs = await regulationsInForce(c.get('deps').db, requireActor(c).organisationId);
  return regs.map((r) => ({ title: r.regulation.metadata.title, outcomes: decisionOutcomes(r.regulation.handling.decision) }));
}

async function templatePage(c: AppContext, opts: { unitId?: string; subject?: string; body?: string; reference?: string; errors?: FieldErrors; preview?: { subject: string; body: string }; notice?: string; status?: 200 | 422 } = {}) {
  const actor = requireTemplateEditor(c);
  const kind = c.req.param('kind');
  if (!isLetterKind(kind)) throw notFound('Deze soort brief bestaat niet.');
  const db = c.get('deps').db;
  const units = await listUnits(db, actor.organisationId);
  const unitId = opts.unitId ?? c.req.query('eenheid') ?? '';
  const unit = units.find((u) => u.id === unitId);
  const templates = (await listTemplates(db, actor.organisationId)).filter((t) => t.kind === kind);
  const own = templates.find((t) => t.unit_id === (unit ? unit.id : null));
  const resolved = await templateFor(db, actor.organisationId, unit?.id ?? null, kind);
  // What the outcome-sentence notice offers depends on whose text this is (lane walk15): a unit without its own text
  // shows the organisation's (or a unit's above it), changed there; a unit's own text gives way to the one above it.
  const owner = !own && unit && resolved.scope !== 'default' ? (resolved.unitId ? units.find((u) => u.id === resolved.unitId) : null) : undefined;
  const inherited = owner === undefined || !unit ? undefined : { owner: owner ? owner.name : 'de organisatie', href: `/beheer/briefsjablonen/${kind}${owner ? `?eenheid=${owner.id}` : ''}` };
  const typed = opts.body !== undefined && opts.body !== resolved.body;
  const place: TextPlace = typed
    ? (own ? (unit ? { kind: 'unit', unit: unit.name } : { kind: 'organisation' }) : { kind: 'unsaved' })
    : inherited && unit
      ? { kind: 'inherited', unit: unit.name, owner: inherited.owner }
      : unit && own
        ? { kind: 'unit', unit: unit.name }
        : { kind: 'organisation' };
  const misfit = outcomeSentenceMisfit(opts.body ?? resolved.body, await outcomesInForce(c), place);
  const scopeText = own
    ? `U past de eigen tekst aan van ${unit ? unit.name : 'de organisatie'}.`
    : `${unit ? unit.name : 'De organisatie'} heeft nog geen eigen tekst. Hieronder staat de tekst die nu geldt (${resolved.scope === 'default' ? 'de standaardtekst' : resolved.scope === 'organisation' ? 'de tekst van de organisatie' : 'de tekst van een eenheid erboven'}).`;
  return page(
    c,
    `${opts.errors && Object.keys(opts.errors).length ? 'Fout in formulier: ' : ''}Briefsjabloon`,
    <TemplateEdit
      kind={kind}
      unitId={unit?.id ?? ''}
      units={templateUnitOptions(units, new Set([...templates.flatMap((t) => (t.unit_id ? [t.unit_id] : [])), ...(unit ? [unit.id] : [])]))}
      subject={opts.subject ?? resolved.subject}
      body={opts.body ?? resolved.body}
      scopeText={scopeText}
      reference={opts.reference ?? ''}
      csrf={c.get('csrfToken')}
      errors={opts.errors ?? {}}
      preview={opts.preview}
      notice={opts.notice}
      misfit={misfit ?? undefined}
      misfitLink={misfit && inherited && place.kind === 'inherited' ? { href: inherited.href, text: `De tekst van ${inherited.owner} openen` } : undefined}
      hasOwn={Boolean(own)}
    />,
    { status: opts.status ?? 200 },
  );
}

letterRoutes.get('/beheer/briefsjablonen/:kind', (c) => templatePage(c));

letterRoutes.post('/beheer/briefsjablonen/:kind', async (c) => {
  const actor = requireTemplateEditor(c);
  const kind = c.req.param('kind');
  if (!isLetterKind(kind)) throw notFound('Deze soort brief bestaat niet.');
  const form = await formFields(c);
  const unitId = form['unitId'] || null;
  const subject = form['subject'] ?? '';
  const body = form['body'] ?? '';
  const reference = form['reference'] ?? '';
  const db = c.get('deps').db;
  const keep = { unitId: unitId ?? '', subject, body, reference };
  try {
    if (form['do'] === 'standaard') {
      await resetTemplate(db, actor, kind, unitId);
      return c.redirect(`/beheer/briefsjablonen/${kind}${unitId ? `?eenheid=${unitId}` : ''}`, 303);
    }
    if (form['do'] === 'voorbeeld') {
      const preview = await previewTemplate(db, actor, { kind, subject, body, reference });
      return templatePage(c, { ...keep, preview: { subject: preview.subject, body: preview.body } });
    }
    await saveTemplate(db, actor, { kind, unitId, subject, body });
    return c.redirect('/beheer/briefsjablonen?opgeslagen=1', 303);
  } catch (err) {
    const errors = fieldErrorsOf(err);
    if (!errors || !(err instanceof AppError) || err.code !== 'validation_failed') throw err;
    return templatePage(c, { ...keep, errors, status: 422 });
  }
});

/** The default texts as data, for people who write their own (and for tests). */
letterRoutes.get('/beheer/briefsjablonen.json', (c) => {
  requireTemplateEditor(c);
  return c.json(DEFAULT_TEMPLATES);
});

// ---- Briefpapier (admin) ---------------------------------------------------------------------------

function requireAdminActor(c: AppContext) {
  const actor = requireActor(c);
  if (!hasRole(actor, 'admin')) throw new AppError('forbidden', 'Deze pagina is alleen voor beheerders.');
  return actor;
}

letterRoutes.get('/beheer/briefpapier', async (c) => {
  const actor = requireAdminActor(c);
  const settings = await letterheadSettings(c.get('deps').db, actor.organisationId);
  return page(c, 'Briefpapier', <LetterheadPage settings={settings} csrf={c.get('csrfToken')} notice={c.req.query('opgeslagen') ? 'Het briefpapier is opgeslagen.' : undefined} />);
});

letterRoutes.get('/beheer/briefpapier/logo', async (c) => {
  const actor = requireAdminActor(c);
  const logo = await letterheadLogo(c.get('deps').db, actor.organisationId);
  if (!logo) throw notFound();
  return c.body(new Uint8Array(logo.data), 200, { 'Content-Type': logo.type, 'Cache-Control': 'private, no-store' });
});

letterRoutes.post('/beheer/briefpapier', async (c) => {
  const actor = requireAdminActor(c);
  const body = await parseFormBody(c);
  const text = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
  const file = body['logo'];
  const logo = file && typeof file === 'object' && !Array.isArray(file) && 'arrayBuffer' in file && (file as File).size > 0 ? { data: new Uint8Array(await (file as File).arrayBuffer()), type: (file as File).type } : undefined;
  const values = { addressLines: text('addressLines'), phone: text('phone'), email: text('email'), website: text('website'), autoAcknowledge: text('autoAcknowledge') };
  const db = c.get('deps').db;
  try {
    await saveLetterhead(db, actor, { ...values, autoAcknowledge: values.autoAcknowledge === 'ja', logo, removeLogo: text('removeLogo') === 'ja' });
    return c.redirect('/beheer/briefpapier?opgeslagen=1', 303);
  } catch (err) {
    const errors = fieldErrorsOf(err);
    if (!errors || !(err instanceof AppError) || err.code !== 'validation_failed') throw err;
    const settings = await letterheadSettings(db, actor.organisationId);
    return page(c, 'Fout in formulier: Briefpapier', <LetterheadPage settings={settings} values={values} csrf={c.get('csrfToken')} errors={errors} />, { status: 422 });
  }
});
