import { Hono } from 'hono';
import { AppError } from '../../shared/errors.ts';
import { hasRole } from '../../usecases/actor.ts';
import { simpleParser } from '../../shared/mailparser.ts';
import { getAttachment, getComplaint } from '../../usecases/complaints/get-complaint.ts';
import { fetchMailbox } from '../../usecases/mailbox/fetch.ts';
import { listMailboxes, saveMailbox, testMailbox } from '../../usecases/mailbox/mailboxes.ts';
import { replyFromDossier } from '../../usecases/mailbox/reply.ts';
import { convertInboundMessage, fileAsNoComplaint, listTriage } from '../../usecases/mailbox/triage.ts';
import { theCoordinatorFor } from '../../usecases/regulations/regulations.ts';
import { listUnits, unitDepths } from '../../usecases/units/units.ts';
import { formFields, requireActor, type AppContext, type AppEnv } from '../context.ts';
import { fieldErrorsOf } from '../form-errors.ts';
import { readJson } from '../json-body.ts';
import { isUuid } from '../../shared/validation.ts';
import { page } from '../render.tsx';
import { Row } from '../views/complaint-parts.tsx';
import { Alert, CheckboxField, CsrfField, ErrorSummary, SelectField, SubmitButton, TextArea, TextField, type FieldErrors } from '../views/forms.tsx';

/**
 * The complaints mailbox (004 §3): the admin's page "Klachtenmailbox" (connect, test), the coordinators' list
 * "Nieuw via e-mail" (turn a message into a complaint, or file it as no complaint) and "E-mail sturen" from a
 * dossier (a new mail to the complainant or an answer to a received one).
 */
export const mailboxRoutes = new Hono<AppEnv>();

const MAILBOX_LABELS = { address: 'E-mailadres van de mailbox', host: 'Server (IMAP)', port: 'Poort', username: 'Gebruikersnaam', password: 'Wachtwoord', folder: 'Map', unitId: 'Voor eenheid' };
const dateTime = (d: Date) => d.toLocaleString('nl-NL', { timeZone: 'Europe/Amsterdam', dateStyle: 'long', timeStyle: 'short' });

async function mailboxPage(c: AppContext, form: Record<string, string> = {}, errors: FieldErrors = {}, notice?: { kind: 'ok' | 'error'; text: string }) {
  const actor = requireActor(c);
  const { db } = c.get('deps');
  const mailboxes = await listMailboxes(db, actor);
  const units = await listUnits(db, actor.organisationId);
  const coordinator = await theCoordinatorFor(db, actor.organisationId, { unitId: null });
  const depth = unitDepths(units);
  const unitName = (id: string | null) => (id ? (units.find((u) => u.id === id)?.name ?? 'onbekend') : 'hele organisatie');
  const csrf = c.get('csrfToken');
  return page(
    c,
    Object.keys(errors).length ? 'Fout in formulier: klachtenmailbox' : 'Klachtenmailbox',
    <>
      <h1 class="utrecht-heading-1">Klachtenmailbox</h1>
      <p class="utrecht-paragraph">
        Klachtwijs haalt elke minuut de nieuwe e-mails op uit de klachtenmailbox. Een e-mail met het kenmerk van een klacht (bijvoorbeeld 2026-0042) komt bij die klacht in het dossier. Andere e-mails komen in de lijst "Nieuw via e-mail" voor {coordinator}.
      </p>
      {notice ? <Alert kind={notice.kind}>{notice.text}</Alert> : null}
      {mailboxes.length ? (
        <table class="utrecht-table">
          <caption class="utrecht-table__caption">Gekoppelde mailboxen</caption>
          <thead class="utrecht-table__header">
            <tr class="utrecht-table__row">
              <th class="utrecht-table__header-cell" scope="col">Adres</th>
              <th class="utrecht-table__header-cell" scope="col">Voor</th>
              <th class="utrecht-table__header-cell" scope="col">Laatst opgehaald</th>
              <th class="utrecht-table__header-cell" scope="col">Testen</th>
            </tr>
          </thead>
          <tbody class="utrecht-table__body">
            {mailboxes.map((m) => (
              <tr class="utrecht-table__row">
                <td class="utrecht-table__cell kw-break">
                  {m.address}
                  <br />
                  <span class="kw-muted">
                    {m.host}:{m.port}, {m.tls ? 'TLS' : 'zonder TLS'}, map {m.folder}
                  </span>
                </td>
                <td class="utrecht-table__cell">{unitName(m.unitId)}</td>
                <td class="utrecht-table__cell">
                  {m.lastFetchAt ? dateTime(m.lastFetchAt) : 'nog niet'}
                  {m.lastError ? <div class="kw-field-error">Mislukt: {m.lastError}</div> : null}
                </td>
                <td class="utrecht-table__cell">
                  <form method="post" action={`/beheer/klachtenmailbox/${m.id}/testen`}>
                    <CsrfField token={csrf} />
                    <button type="submit" class="utrecht-button utrecht-button--secondary-action">
                      Verbinding testen<span class="kw-visually-hidden"> voor {m.address}</span>
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="utrecht-paragraph kw-muted">Er is nog geen mailbox gekoppeld.</p>
      )}
      <h2 class="utrecht-heading-2">Mailbox koppelen</h2>
      <ErrorSummary errors={errors} labels={MAILBOX_LABELS} />
      <form method="post" action="/beheer/klachtenmailbox" novalidate>
        <CsrfField token={csrf} />
        <TextField name="address" type="email" label={MAILBOX_LABELS.address} required value={form['address']} error={errors['address']} autocomplete="off" maxLength={254} />
        <TextField name="host" label={MAILBOX_LABELS.host} required value={form['host']} error={errors['host']} description="Bijvoorbeeld imap.organisatie.nl. Vraag dit na bij uw ICT-afdeling." maxLength={255} />
        <TextField name="port" type="number" label={MAILBOX_LABELS.port} required value={form['port'] ?? '993'} error={errors['port']} min={1} max={65535} />
        <CheckboxField name="tls" label="Beveiligde verbinding (TLS)" checked={form['tls'] === undefined ? true : form['tls'] === 'on'} />
        <TextField name="username" label={MAILBOX_LABELS.username} required value={form['username']} error={errors['username']} autocomplete="off" maxLength={255} />
        <TextField name="password" type="password" label={MAILBOX_LABELS.password} required error={errors['password']} autocomplete="new-password" description="Klachtwijs bewaart het wachtwoord versleuteld en laat het nooit meer zien." maxLength={500} />
        <TextField name="folder" label={MAILBOX_LABELS.folder} value={form['folder'] ?? 'INBOX'} error={errors['folder']} maxLength={255} />
        <SelectField
          name="unitId"
          label={MAILBOX_LABELS.unitId}
          value={form['unitId']}
          error={errors['unitId']}
          placeholder="Hele organisatie"
          options={units.map((u) => ({ value: u.id, label: `${'– '.repeat(depth.get(u.id) ?? 0)}${u.name}` }))}
        />
        <SubmitButton>Mailbox koppelen</SubmitButton>
      </form>
    </>,
    { status: Object.keys(errors).length ? 422 : 200 },
  );
}

mailboxRoutes.get('/beheer/klachtenmailbox', (c) => mailboxPage(c, {}, {}, c.req.query('gekoppeld') ? { kind: 'ok', text: 'De mailbox is gekoppeld. Test hieronder de verbinding.' } : undefined));

mailboxRoutes.post('/beheer/klachtenmailbox', async (c) => {
  const actor = requireActor(c);
  const f = await formFields(c);
  try {
    await saveMailbox(c.get('deps').db, actor, f);
    return c.redirect('/beheer/klachtenmailbox?gekoppeld=1', 303);
  } catch (err) {
    const errors = fieldErrorsOf(err);
    if (!errors) throw err;
    const { password: _typed, ...kept } = f; // a password is never sent back to the browser
    return mailboxPage(c, kept, errors);
  }
});

mailboxRoutes.post('/beheer/klachtenmailbox/:id/testen', async (c) => {
  const actor = requireActor(c);
  const result = await testMailbox(c.get('deps').db, actor, c.req.param('id'));
  return mailboxPage(c, {}, {}, result.ok ? { kind: 'ok', text: `De verbinding werkt. In de map staan ${result.messages ?? 0} berichten.` } : { kind: 'error', text: `De verbinding werkt niet: ${result.problem}` });
});

// ---------------------------------------------------------------------------------------------
// Nieuw via e-mail
// ---------------------------------------------------------------------------------------------

async function triagePage(c: AppContext, failed?: { id: string; note: string; error: string }, notice?: string) {
  const actor = requireActor(c);
  if (!hasRole(actor, 'coordinator')) throw new AppError('forbidden', 'Deze pagina is voor de klachtenfunctionaris.');
  const items = await listTriage(c.get('deps').db, actor);
  const csrf = c.get('csrfToken');
  return page(
    c,
    failed ? 'Fout in formulier: nieuw via e-mail' : 'Nieuw via e-mail',
    <>
      <h1 class="utrecht-heading-1">Nieuw via e-mail</h1>
      <p class="utrecht-paragraph">E-mails uit de klachtenmailbox zonder kenmerk van een klacht. Maak er een klacht van, of leg vast dat het geen klacht is.</p>
      {notice ? <Alert kind="ok">{notice}</Alert> : null}
      {items.length ? null : <p class="utrecht-paragraph kw-muted">Er wachten geen e-mails.</p>}
      {items.map((m, i) => (
        <section class="kw-worklist" aria-labelledby={`bericht-${i}`}>
          <h2 class="utrecht-heading-2 kw-break" id={`bericht-${i}`}>
            {m.subject || '(zonder onderwerp)'}
          </h2>
          <p class="utrecht-paragraph kw-break">
            Van {m.fromName ? `${m.fromName} ` : ''}&lt;{m.fromAddress}&gt;, verstuurd op {dateTime(m.sentAt)}
          </p>
          <details>
            <summary>Tekst van de e-mail</summary>
            <div class="kw-text kw-break">{m.text.slice(0, 5000)}</div>
          </details>
          <p class="utrecht-paragraph">
            <a class="utrecht-link" href={`/klachten/nieuw?uitMail=${m.id}`}>
              Klacht van maken<span class="kw-visually-hidden">: {m.subject}</span>
            </a>
          </p>
          <form method="post" action={`/nieuw-via-e-mail/${m.id}/geen-klacht`} novalidate>
            <CsrfField token={csrf} />
            <TextArea name="note" id={`note-${m.id}`} label="Waarom is dit geen klacht?" required rows={2} value={failed?.id === m.id ? failed.note : undefined} error={failed?.id === m.id ? failed.error : undefined} />
            <SubmitButton>Geen klacht</SubmitButton>
          </form>
        </section>
      ))}
    </>,
    { status: failed ? 422 : 200 },
  );
}

mailboxRoutes.get('/nieuw-via-e-mail', (c) => triagePage(c, undefined, c.req.query('afgehandeld') ? 'Het bericht is vastgelegd als geen klacht.' : undefined));

mailboxRoutes.post('/nieuw-via-e-mail/:id/geen-klacht', async (c) => {
  const actor = requireActor(c);
  const f = await formFields(c);
  try {
    await fileAsNoComplaint(c.get('deps').db, actor, c.req.param('id'), f['note'] ?? '');
    return c.redirect('/nieuw-via-e-mail?afgehandeld=1', 303);
  } catch (err) {
    const errors = fieldErrorsOf(err);
    if (!errors) throw err;
    return triagePage(c, { id: c.req.param('id'), note: f['note'] ?? '', error: errors['note'] ?? errors['_'] ?? 'Dit lukte niet.' });
  }
});

// ---------------------------------------------------------------------------------------------
// E-mail from the dossier
// ---------------------------------------------------------------------------------------------

const REPLY_LABELS = { to: 'Aan', subject: 'Onderwerp', text: 'Bericht', inboundMessageId: 'Antwoord op' };

async function replyPage(c: AppContext, form: Record<string, string>, errors: FieldErrors = {}) {
  const actor = requireActor(c);
  const { db } = c.get('deps');
  const dossier = await getComplaint(db, actor, c.req.param('id') ?? '');
  const received = await db
    .selectFrom('inbound_messages')
    .select(['id', 'subject', 'sent_at', 'from_address'])
    .where('organisation_id', '=', actor.organisationId)
    .where('complaint_id', '=', dossier.complaint.id)
    .orderBy('sent_at', 'desc')
    .execute();
  const email = (dossier.complaint.complainant as { email?: string } | null)?.email ?? '';
  return page(
    c,
    `${Object.keys(errors).length ? 'Fout in formulier: ' : ''}E-mail sturen, klacht ${dossier.complaint.reference}`,
    <>
      <h1 class="utrecht-heading-1">E-mail sturen</h1>
      <p class="utrecht-paragraph">
        Over klacht <a class="utrecht-link" href={`/klachten/${dossier.complaint.id}`}>{dossier.complaint.reference}</a>. Het kenmerk komt in het onderwerp, zodat een antwoord weer bij deze klacht komt. De e-mail komt in het dossier.
      </p>
      <ErrorSummary errors={errors} labels={REPLY_LABELS} />
      <form method="post" action={`/klachten/${dossier.complaint.id}/e-mail`} novalidate>
        <CsrfField token={c.get('csrfToken')} />
        {received.length ? (
          <SelectField
            name="inboundMessageId"
            label={REPLY_LABELS.inboundMessageId}
            value={form['inboundMessageId']}
            error={errors['inboundMessageId']}
            placeholder="Geen: een nieuwe e-mail"
            options={received.map((r) => ({ value: r.id, label: `${r.subject || '(zonder onderwerp)'} (${dateTime(r.sent_at)})` }))}
          />
        ) : null}
        <TextField name="to" type="email" label={REPLY_LABELS.to} value={form['to'] ?? (form['inboundMessageId'] ? undefined : email)} error={errors['to']} description="Leeg bij een antwoord: dan gaat de e-mail naar de afzender van dat bericht." maxLength={254} />
        <TextField name="subject" label={REPLY_LABELS.subject} value={form['subject']} error={errors['subject']} maxLength={200} />
        <TextArea name="text" label={REPLY_LABELS.text} required rows={10} value={form['text']} error={errors['text']} />
        <SubmitButton>E-mail versturen</SubmitButton>
      </form>
    </>,
    { status: Object.keys(errors).length ? 422 : 200 },
  );
}

mailboxRoutes.get('/klachten/:id/e-mail', (c) => replyPage(c, { ...(c.req.query('bericht') ? { inboundMessageId: c.req.query('bericht')! } : {}) }));

mailboxRoutes.post('/klachten/:id/e-mail', async (c) => {
  const actor = requireActor(c);
  const f = await formFields(c);
  try {
    await replyFromDossier(c.get('deps').db, actor, c.req.param('id'), f);
    return c.redirect(`/klachten/${c.req.param('id')}?verstuurd=1`, 303);
  } catch (err) {
    const errors = fieldErrorsOf(err);
    if (!errors) throw err;
    return replyPage(c, f, errors);
  }
});

// ---------------------------------------------------------------------------------------------
// An e-mail (.eml) in the dossier, read as text
// ---------------------------------------------------------------------------------------------

mailboxRoutes.get('/klachten/:id/bijlagen/:attachmentId/lezen', async (c) => {
  const actor = requireActor(c);
  const file = await getAttachment(c.get('deps').db, actor, c.req.param('id'), c.req.param('attachmentId'));
  if (file.content_type !== 'message/rfc822') throw new AppError('not_found', 'Dit stuk is geen e-mail.');
  const mail = await simpleParser(Buffer.from(file.data));
  const addresses = (v: typeof mail.to) => (v ? (Array.isArray(v) ? v : [v]).map((a) => a.text).join(', ') : '');
  return page(
    c,
    `E-mail: ${mail.subject ?? file.filename}`,
    <>
      <h1 class="utrecht-heading-1 kw-break">{mail.subject || '(zonder onderwerp)'}</h1>
      <dl class="kw-dl">
        <Row label="Van" value={addresses(mail.from)} />
        <Row label="Aan" value={addresses(mail.to)} />
        <Row label="Verstuurd" value={mail.date ? dateTime(mail.date) : 'onbekend'} />
        <Row label="Bijlagen" value={mail.attachments.length ? mail.attachments.map((a) => a.filename || 'bijlage').join(', ') : 'geen'} />
      </dl>
      <div class="kw-text kw-break">{mail.text ?? ''}</div>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={`/klachten/${c.req.param('id')}`}>Terug naar de klacht</a>
      </p>
    </>,
  );
});

// ---------------------------------------------------------------------------------------------
// JSON API (Bearer token; errors as JSON with stable codes like every /api/v1 route)
// ---------------------------------------------------------------------------------------------

const inboundJson = (m: { id: string; sentAt: Date; fromName: string; fromAddress: string; subject: string; text: string; unitId: string | null }) => ({
  id: m.id,
  sentAt: m.sentAt.toISOString(),
  from: { name: m.fromName, address: m.fromAddress },
  subject: m.subject,
  text: m.text,
  unitId: m.unitId,
});

mailboxRoutes.get('/api/v1/mailboxes', async (c) => c.json({ items: await listMailboxes(c.get('deps').db, requireActor(c)) }));

mailboxRoutes.post('/api/v1/mailboxes', async (c) => {
  const { id } = await saveMailbox(c.get('deps').db, requireActor(c), await readJson(c));
  return c.json({ id }, 201);
});

mailboxRoutes.post('/api/v1/mailboxes/:id/test', async (c) => c.json(await testMailbox(c.get('deps').db, requireActor(c), c.req.param('id'))));

/** Fetch now (the worker does it every minute). Admin only, like the mailbox itself. */
mailboxRoutes.post('/api/v1/mailboxes/:id/fetch', async (c) => {
  const actor = requireActor(c);
  const { db } = c.get('deps');
  await testMailboxOwned(c, actor.organisationId);
  if (!hasRole(actor, 'admin')) throw new AppError('not_permitted', 'Alleen de beheerder haalt de klachtenmailbox handmatig op.');
  try {
    return c.json(await fetchMailbox(db, c.req.param('id')));
  } catch (err) {
    if (err instanceof AppError) throw err;
    const row = await db.selectFrom('mailboxes').select('last_error').where('id', '=', c.req.param('id')).executeTakeFirst();
    throw new AppError('conflict', row?.last_error ?? 'Het ophalen van de mailbox is mislukt.');
  }
});

async function testMailboxOwned(c: AppContext, organisationId: string): Promise<void> {
  const id = c.req.param('id') ?? '';
  const row = isUuid(id) ? await c.get('deps').db.selectFrom('mailboxes').select('id').where('id', '=', id).where('organisation_id', '=', organisationId).executeTakeFirst() : undefined;
  if (!row) throw new AppError('not_found', 'Deze mailbox bestaat niet.');
}

mailboxRoutes.get('/api/v1/inbound-messages', async (c) => c.json({ items: (await listTriage(c.get('deps').db, requireActor(c))).map(inboundJson) }));

/** "Klacht van maken": the body is a staff registration (as POST /api/v1/complaints); received on and channel default to the mail's. */
mailboxRoutes.post('/api/v1/inbound-messages/:id/complaint', async (c) => {
  const body = await readJson(c);
  const input = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const r = await convertInboundMessage(c.get('deps').db, requireActor(c), c.req.param('id'), input);
  return c.json({ id: r.id, reference: r.reference, status: r.status, receivedOn: r.receivedOn }, 201);
});

mailboxRoutes.post('/api/v1/inbound-messages/:id/no-complaint', async (c) => {
  const body = (await readJson(c)) as { note?: unknown } | null;
  await fileAsNoComplaint(c.get('deps').db, requireActor(c), c.req.param('id'), typeof body?.note === 'string' ? body.note : '');
  return c.body(null, 204);
});

/** "E-mail sturen": `{ text, subject?, to?, inboundMessageId? }` → queued through the outbox. */
mailboxRoutes.post('/api/v1/complaints/:id/mail', async (c) => {
  const r = await replyFromDossier(c.get('deps').db, requireActor(c), c.req.param('id'), await readJson(c));
  return c.json(r, 201);
});
