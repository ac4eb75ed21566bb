/** Letters in the dossier, the compose page, the template page and the letterhead page (ADR 0010). */
import type { FC } from 'hono/jsx';
import { TEMPLATE_VARIABLES } from '../../domain/letters/defaults.ts';
import { LETTER_KIND_LABELS, LETTER_KINDS, type LetterKind } from '../../domain/letters/kinds.ts';
import { articleRef, inParentheses } from '../../domain/regulation/index.ts';
import { MIJN_KLACHT_PLACEHOLDER } from '../../usecases/letters/dossier-letters.ts';
import type { LetterSummary } from '../../usecases/letters/letters-of.ts';
import type { LetterheadSettings } from '../../usecases/letters/letterhead.ts';
import { dutchDateTime, withBack } from './complaint-parts.tsx';
import { Alert, CheckboxField, CsrfField, ErrorSummary, FileField, SelectField, TextArea, TextField, type FieldErrors, type Option } from './forms.tsx';

const RECIPIENT_LABELS = { complainant: 'de klager', respondent: 'degene over wie de klacht gaat' } as const;
const CHANNEL_LABELS = { email: 'per e-mail', post: 'per post', both: 'per e-mail en per post' } as const;

function statusText(l: LetterSummary): string {
  switch (l.status) {
    case 'queued':
      return 'In de wachtrij';
    case 'sent':
      return `Verstuurd op ${l.sentAt ? dutchDateTime(l.sentAt) : ''}`;
    case 'failed':
      return 'Niet verstuurd';
    case 'printed':
      // The channel stands just before ("per post", "per e-mail en per post"): not said twice (walkthrough).
      if (postedInstead(l)) return `Per post verstuurd op ${l.printedAt ? dutchDateTime(l.printedAt) : ''}`;
      return `Afgedrukt en verstuurd op ${l.printedAt ? dutchDateTime(l.printedAt) : ''}${l.sentAt ? `; e-mail verstuurd op ${dutchDateTime(l.sentAt)}` : ''}`;
    case 'draft':
      return 'Nog niet per post verstuurd';
  }
}

/**
 * An e-mail letter whose mail failed and that then went by post: the complainant has it, so the failed mail is no
 * longer offered again from here (that would send the same letter a second time).
 */
const postedInstead = (l: LetterSummary): boolean => l.channel === 'email' && l.status === 'printed';

/**
 * The dossier's "Brieven": every letter with its status, the PDF as sent, retry and "Verstuurd per post" (also for an
 * e-mail letter whose mail failed: it can go by post instead).
 */
export const LettersSection: FC<{ complaintId: string; letters: LetterSummary[]; csrf: string }> = ({ complaintId, letters, csrf }) => (
  <section aria-labelledby="brieven-kop">
    <h2 class="utrecht-heading-2" id="brieven-kop">Brieven</h2>
    {letters.length ? (
      <ul class="utrecht-unordered-list kw-letters">
        {letters.map((l) => (
          <li class="utrecht-unordered-list__item">
            <a class="utrecht-link" href={`/klachten/${complaintId}/brieven/${l.id}.pdf`}>
              {LETTER_KIND_LABELS[l.kind]}
            </a>{' '}
            {postedInstead(l) ? (
              // Walkthrough: "per e-mail. Afgedrukt en verstuurd per post op …" read oddly; say what happened, in order.
              <>
                aan {l.recipient || RECIPIENT_LABELS[l.recipientRole]}. <strong>{statusText(l)}</strong>, nadat de e-mail niet lukte{l.mailError ? <span> (reden: {l.mailError.trim().replace(/\.$/, '')})</span> : null}.
              </>
            ) : (
              <>
                aan {l.recipient || RECIPIENT_LABELS[l.recipientRole]}, {CHANNEL_LABELS[l.channel]}. <strong>{statusText(l)}</strong>
              </>
            )}
            {l.mailError && !postedInstead(l) ? (
              <>
                <span>. Reden: {l.mailError}</span>
                <form method="post" action={`/mail/${l.mailId}/opnieuw`} class="kw-inline-form kw-noprint">
                  <CsrfField token={csrf} />
                  <button type="submit" class="utrecht-button utrecht-button--secondary-action">Opnieuw proberen</button>
                </form>
              </>
            ) : null}
            {l.status === 'failed' && !l.printedAt ? (
              <p class="utrecht-paragraph kw-noprint">
                Lukt de e-mail niet? Druk de <a class="utrecht-link" href={`/klachten/${complaintId}/brieven/${l.id}.pdf`}>brief (PDF)</a> af en verstuur hem per post. Klik daarna op "Verstuurd per post".
              </p>
            ) : null}
            {(l.channel !== 'email' || l.status === 'failed') && !l.printedAt ? (
              <form method="post" action={`/klachten/${complaintId}/brieven/${l.id}/verstuurd`} class="kw-inline-form kw-noprint">
                <CsrfField token={csrf} />
                <button type="submit" class="utrecht-button utrecht-button--secondary-action">Verstuurd per post</button>
              </form>
            ) : null}
          </li>
        ))}
      </ul>
    ) : (
      <p class="utrecht-paragraph">Er zijn nog geen brieven verstuurd. Na een stap die om een brief vraagt, stelt Klachtwijs de brief voor.</p>
    )}
  </section>
);

export interface ComposeProps {
  complaintId: string;
  reference: string;
  seq: number;
  kind: LetterKind;
  article: string | null;
  recipient: { name: string; email: string | null; address: string; role: 'complainant' | 'respondent' };
  subject: string;
  body: string;
  csrf: string;
  errors?: FieldErrors;
  /** The action just done (its label), confirmed at the top. */
  done?: string;
  /** The list the dossier was opened from (backToList), carried on to the dossier. */
  back?: string | null;
}

/** The proposed letter after an action: recipient, editable subject and text, preview, and how to send it. */
export const ComposeLetter: FC<ComposeProps> = (p) => {
  const errors = p.errors ?? {};
  return (
    <>
      <p class="utrecht-paragraph kw-noprint">
        <a class="utrecht-link" href={withBack(`/klachten/${p.complaintId}`, p.back)}>Terug naar klacht {p.reference}</a>
      </p>
      {p.done ? <Alert kind="ok">Gelukt: {p.done}. De brief hieronder is nog niet verstuurd.</Alert> : null}
      <h1 class="utrecht-heading-1">Brief: {LETTER_KIND_LABELS[p.kind]}</h1>
      <ErrorSummary errors={errors} labels={{ subject: 'Onderwerp', body: 'Tekst van de brief', channel: 'Versturen' }} />
      <p class="utrecht-paragraph">
        Deze stap vraagt om een brief aan {RECIPIENT_LABELS[p.recipient.role]}
        {p.article ? ` ${inParentheses(articleRef(p.article))}` : ''}. Lees de brief na en pas hem aan als dat nodig is. Wat u verstuurt, bewaart Klachtwijs in het dossier zoals het is verstuurd.
      </p>
      <dl class="kw-dl">
        <dt>Aan</dt>
        <dd>{p.recipient.name || 'Naam onbekend'}</dd>
        <dt>E-mailadres</dt>
        <dd>{p.recipient.email ?? 'Geen e-mailadres bekend'}</dd>
        <dt>Postadres</dt>
        <dd class="kw-prewrap">{p.recipient.address || 'Geen postadres bekend'}</dd>
      </dl>
      <form method="post" action={withBack(`/klachten/${p.complaintId}/brief/${p.seq}`, p.back)} novalidate>
        <CsrfField token={p.csrf} />
        <TextField name="subject" label="Onderwerp" value={p.subject} error={errors['subject']} required maxLength={300} />
        <TextArea
          name="body"
          label="Tekst van de brief"
          value={p.body}
          error={errors['body']}
          required
          rows={18}
          {...(p.body.includes(MIJN_KLACHT_PLACEHOLDER) ? { description: `Bij het versturen komt op de plaats van ${MIJN_KLACHT_PLACEHOLDER} een persoonlijke link naar de pagina Mijn klacht.` } : {})}
        />
        {p.recipient.address.trim() ? null : (
          <Alert kind="warning">Er is geen postadres bekend. Een brief voor de post krijgt dan geen adres: schrijf het zelf op de envelop, of geef de brief persoonlijk af.</Alert>
        )}
        <div id="channel" class="kw-actions">
          {errors['channel'] ? (
            <p class="utrecht-form-field-error-message kw-field-error">
              <span class="kw-visually-hidden">Fout: </span>
              {errors['channel']}
            </p>
          ) : null}
          <button type="submit" name="channel" value="voorbeeld" formtarget="_blank" class="utrecht-button utrecht-button--secondary-action">
            Voorbeeld als PDF
          </button>
          {p.recipient.email ? (
            <button type="submit" name="channel" value="email" class="utrecht-button utrecht-button--primary-action">
              Versturen per e-mail
            </button>
          ) : null}
          <button type="submit" name="channel" value="post" class={`utrecht-button utrecht-button--${p.recipient.email ? 'secondary' : 'primary'}-action`}>
            Afdrukken voor de post
          </button>
          {p.recipient.email ? (
            <button type="submit" name="channel" value="both" class="utrecht-button utrecht-button--secondary-action">
              Allebei
            </button>
          ) : null}
        </div>
      </form>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={withBack(`/klachten/${p.complaintId}`, p.back)}>Nu geen brief versturen</a>
      </p>
    </>
  );
};

/** After "Afdrukken voor de post": the PDF to print, and "Verstuurd per post". */
export const PrintLetter: FC<{ complaintId: string; reference: string; letterId: string; kind: LetterKind; hasAddress: boolean; enclosures: string[]; csrf: string; back?: string | null }> = (p) => (
  <>
    <p class="utrecht-paragraph kw-noprint">
      <a class="utrecht-link" href={withBack(`/klachten/${p.complaintId}`, p.back)}>Terug naar klacht {p.reference}</a>
    </p>
    <h1 class="utrecht-heading-1">Brief afdrukken: {LETTER_KIND_LABELS[p.kind]}</h1>
    <Alert kind="ok">De brief is bewaard in het dossier.</Alert>
    <ol class="utrecht-ordered-list">
      <li class="utrecht-ordered-list__item">
        Open de brief en druk hem af: <a class="utrecht-link" href={`/klachten/${p.complaintId}/brieven/${p.letterId}.pdf`}>brief als PDF</a>.{' '}
        {p.hasAddress ? 'Het adres past in het venster van een gewone vensterenvelop (venster links).' : 'Er staat geen postadres op de brief, want dat is niet bekend. Schrijf het adres zelf op de envelop, of geef de brief persoonlijk af.'}
      </li>
      {p.enclosures.length ? (
        <li class="utrecht-ordered-list__item">
          Doe de stukken bij de klacht in dezelfde envelop. De brief zegt dat ze erbij zitten:
          <ul class="utrecht-unordered-list">
            {p.enclosures.map((name) => (
              <li class="utrecht-unordered-list__item">{name}</li>
            ))}
          </ul>
        </li>
      ) : null}
      <li class="utrecht-ordered-list__item">Verstuur de brief. Klik daarna op "Verstuurd per post". Die datum telt voor de termijn.</li>
    </ol>
    <form method="post" action={withBack(`/klachten/${p.complaintId}/brieven/${p.letterId}/verstuurd`, p.back)}>
      <CsrfField token={p.csrf} />
      <button type="submit" class="utrecht-button utrecht-button--primary-action">Verstuurd per post</button>
    </form>
  </>
);

export interface TemplateRow {
  kind: LetterKind;
  organisation: boolean;
  units: string[];
  /** A saved text's outcome sentence does not fit how the regulation decides (domain/letters/outcome-fit.ts). */
  misfit?: boolean;
}

/** "Briefsjablonen": per kind whether the organisation or units have their own text. */
export const TemplateList: FC<{ rows: TemplateRow[]; notice?: string | undefined }> = ({ rows, notice }) => (
  <>
    <h1 class="utrecht-heading-1">Briefsjablonen</h1>
    {notice ? <Alert kind="ok">{notice}</Alert> : null}
    <p class="utrecht-paragraph">
      Klachtwijs maakt de brieven met teksten die uit uw klachtenregeling en het dossier komen. U kunt per soort brief een eigen tekst maken, voor de hele organisatie of voor één eenheid. Een tekst van een eenheid gaat voor de tekst van de organisatie.
    </p>
    <div class="kw-table-scroll" role="region" aria-label="Briefsjablonen" tabindex={0}>
      <table class="utrecht-table">
        <caption class="utrecht-table__caption kw-visually-hidden">Soorten brieven en hun tekst</caption>
        <thead class="utrecht-table__header">
          <tr class="utrecht-table__row">
            <th class="utrecht-table__header-cell" scope="col">Soort brief</th>
            <th class="utrecht-table__header-cell" scope="col">Tekst</th>
          </tr>
        </thead>
        <tbody class="utrecht-table__body">
          {rows.map((r) => (
            <tr class="utrecht-table__row">
              <td class="utrecht-table__cell">
                <a class="utrecht-link" href={`/beheer/briefsjablonen/${r.kind}`}>
                  {LETTER_KIND_LABELS[r.kind]}
                </a>
              </td>
              <td class="utrecht-table__cell">
                {r.organisation ? 'Eigen tekst van de organisatie' : 'Standaardtekst'}
                {r.units.length ? `; eigen tekst voor ${r.units.join(', ')}` : ''}
                {r.misfit ? <strong>. Past niet meer bij de klachtenregeling: open de tekst.</strong> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  </>
);

export interface TemplateEditProps {
  kind: LetterKind;
  unitId: string;
  units: Option[];
  subject: string;
  body: string;
  scopeText: string;
  reference: string;
  csrf: string;
  errors?: FieldErrors;
  preview?: { subject: string; body: string } | undefined;
  notice?: string | undefined;
  /** The outcome sentence does not fit how the regulation decides: say so, and offer the default text. */
  misfit?: string | undefined;
  /** The text is inherited (organisation, or a unit above): where the user changes it. */
  misfitLink?: { href: string; text: string } | undefined;
  /** The chosen scope has a text of its own: only then is there something for "Eigen tekst weghalen" to remove. */
  hasOwn?: boolean;
}

/** One kind's template: subject and text (liquid), the unit it is for, a preview against a real dossier, the variables. */
/**
 * The "Tekst voor" choices: the whole organisation, then its units as a tree. The organisation's single top unit (made
 * with the organisation; unitKindLabel in usecases/units) is the same place as "De hele organisatie": every complaint
 * falls under it, and the list showed both under the organisation's name (lane walk15). It is left out, its units then
 * stand under "De hele organisatie"; unless it has a text of its own or is the one chosen, then it is named as a unit
 * ("Stadsring51 (eenheid)"). Several top units (004's werkmaatschappijen) are each their own place and stay.
 */
export function templateUnitOptions(units: readonly { id: string; name: string; parent_id: string | null }[], keep: ReadonlySet<string>): Option[] {
  const tops = units.filter((u) => u.parent_id === null);
  const single = tops.length === 1 ? tops[0]! : null;
  const hidden = single && !keep.has(single.id) ? single.id : null;
  const byId = new Map(units.map((u) => [u.id, u]));
  const depth = (u: { parent_id: string | null }): number => {
    let d = 0;
    for (let p = u.parent_id ? byId.get(u.parent_id) : undefined; p && p.id !== hidden; p = p.parent_id ? byId.get(p.parent_id) : undefined) d++;
    return d + (hidden && u.parent_id !== null ? 1 : 0);
  };
  return [
    { value: '', label: 'De hele organisatie' },
    ...units.filter((u) => u.id !== hidden).map((u) => ({ value: u.id, label: `${'– '.repeat(depth(u))}${u.name}${single && u.id === single.id ? ' (eenheid)' : ''}` })),
  ];
}

export const TemplateEdit: FC<TemplateEditProps> = (p) => {
  const errors = p.errors ?? {};
  return (
    <>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/beheer/briefsjablonen">Terug naar alle briefsjablonen</a>
      </p>
      <h1 class="utrecht-heading-1">Briefsjabloon: {LETTER_KIND_LABELS[p.kind]}</h1>
      {p.notice ? <Alert kind="ok">{p.notice}</Alert> : null}
      {p.misfit ? (
        <Alert kind="warning">
          {p.misfit}
          {p.misfitLink ? (
            <>
              {' '}
              <a class="utrecht-link" href={p.misfitLink.href}>
                {p.misfitLink.text}
              </a>
            </>
          ) : null}
        </Alert>
      ) : null}
      <ErrorSummary errors={errors} labels={{ subject: 'Onderwerp', body: 'Tekst', reference: 'Kenmerk voor het voorbeeld', unitId: 'Voor' }} />
      <form method="get" action={`/beheer/briefsjablonen/${p.kind}`} class="kw-filter">
        <SelectField name="eenheid" id="eenheid-kiezen" label="Tekst voor" options={p.units} value={p.unitId} hideOptional />
        <button type="submit" class="utrecht-button utrecht-button--secondary-action">Kiezen</button>
      </form>
      <p class="utrecht-paragraph">{p.scopeText}</p>
      <form method="post" action={`/beheer/briefsjablonen/${p.kind}`} novalidate>
        <CsrfField token={p.csrf} />
        <input type="hidden" name="unitId" value={p.unitId} />
        <TextField name="subject" label="Onderwerp" value={p.subject} error={errors['subject']} required maxLength={300} />
        <TextArea name="body" label="Tekst" value={p.body} error={errors['body']} required rows={20} description="Gebruik {{ naam }} voor een gegeven uit het dossier en {% if naam %} … {% endif %} voor een zin die er alleen soms in staat." />
        <TextField name="reference" label="Kenmerk voor het voorbeeld" value={p.reference} error={errors['reference']} description="Het kenmerk van een klacht, bijvoorbeeld 2026-0001. Het voorbeeld gebruikt de gegevens van die klacht." />
        <div class="kw-actions">
          <button type="submit" name="do" value="voorbeeld" class="utrecht-button utrecht-button--secondary-action">Voorbeeld</button>
          <button type="submit" name="do" value="opslaan" class="utrecht-button utrecht-button--primary-action">Opslaan</button>
          {p.hasOwn === false ? null : (
            <button type="submit" name="do" value="standaard" class="utrecht-button utrecht-button--secondary-action">
              Eigen tekst weghalen
            </button>
          )}
        </div>
      </form>
      {p.preview ? (
        <section aria-labelledby="voorbeeld-kop" class="kw-card">
          <h2 class="utrecht-heading-2" id="voorbeeld-kop">Voorbeeld</h2>
          <p class="utrecht-paragraph">
            <strong>{p.preview.subject}</strong>
          </p>
          <div class="kw-prewrap kw-letter-preview">{p.preview.body}</div>
        </section>
      ) : null}
      <section aria-labelledby="variabelen-kop">
        <h2 class="utrecht-heading-2" id="variabelen-kop">Gegevens die u kunt gebruiken</h2>
        <dl class="kw-variables">
          {TEMPLATE_VARIABLES.map((v) => (
            <>
              <dt>
                <code>{`{{ ${v.name} }}`}</code>
              </dt>
              <dd>{v.description}</dd>
            </>
          ))}
        </dl>
      </section>
    </>
  );
};

/** The admin's letterhead and the automatic acknowledgement. */
export const LetterheadPage: FC<{ settings: LetterheadSettings; values?: Record<string, string> | undefined; csrf: string; errors?: FieldErrors; notice?: string | undefined }> = (p) => {
  const errors = p.errors ?? {};
  const v = p.values ?? { addressLines: p.settings.addressLines, phone: p.settings.phone, email: p.settings.email, website: p.settings.website };
  const auto = p.values ? p.values['autoAcknowledge'] === 'ja' : p.settings.autoAcknowledge;
  return (
    <>
      <h1 class="utrecht-heading-1">Briefpapier</h1>
      {p.notice ? <Alert kind="ok">{p.notice}</Alert> : null}
      <ErrorSummary errors={errors} labels={{ addressLines: 'Adres', phone: 'Telefoon', email: 'E-mailadres', website: 'Website', logo: 'Logo' }} />
      <p class="utrecht-paragraph">Dit staat bovenaan elke brief, naast de naam van uw organisatie.</p>
      <form method="post" action="/beheer/briefpapier" enctype="multipart/form-data" novalidate>
        <CsrfField token={p.csrf} />
        <TextArea name="addressLines" label="Adres" value={v['addressLines']} error={errors['addressLines']} rows={4} description="Eén regel per regel van het adres, hoogstens 5 regels. Bijvoorbeeld: Postbus 1, 1000 AA Amsterdam." />
        <TextField name="phone" label="Telefoon" type="tel" value={v['phone']} error={errors['phone']} maxLength={50} />
        <TextField name="email" label="E-mailadres" type="email" value={v['email']} error={errors['email']} maxLength={200} />
        <TextField name="website" label="Website" value={v['website']} error={errors['website']} maxLength={200} />
        {p.settings.hasLogo ? (
          <p class="utrecht-paragraph">
            Huidig logo: <img src="/beheer/briefpapier/logo" alt="Logo van uw organisatie" class="kw-logo-preview" />
          </p>
        ) : null}
        <FileField name="logo" label="Logo" accept="image/png,image/jpeg" error={errors['logo']} description="Een PNG- of JPEG-bestand van hoogstens 1 MB." />
        {p.settings.hasLogo ? <CheckboxField name="removeLogo" label="Logo weghalen" /> : null}
        <h2 class="utrecht-heading-2">Automatische ontvangstbevestiging</h2>
        <CheckboxField
          name="autoAcknowledge"
          label="Stuur meteen een ontvangstbevestiging per e-mail"
          checked={auto}
          description="Voor klachten met een e-mailadres (webformulier, API, mailbox). Klachtwijs stuurt de ontvangstbevestiging dan direct en legt vast dat die is verstuurd."
        />
        <button type="submit" class="utrecht-button utrecht-button--primary-action">Opslaan</button>
      </form>
    </>
  );
};

export const LETTER_KIND_OPTIONS: Option[] = LETTER_KINDS.map((k) => ({ value: k, label: LETTER_KIND_LABELS[k] }));
