import type { FC } from 'hono/jsx';
import { formatDutchDate } from '../../domain/deadlines/index.ts';
import { STATUS_LABELS } from '../../domain/workflow/index.ts';
import type { PendingUpload } from '../../usecases/complaints/pending-uploads.ts';
import type { ComplainantPageData } from '../../usecases/complainant-page/page.ts';
import { hasContact, type OrganisationContact } from '../../usecases/complainant-page/contact.ts';
import { today } from '../../usecases/complaints/dossier.ts';
import { PendingAttachmentsField } from './complaint-intake.tsx';
import { openRegulationSteps } from './complaint-received.tsx';
import { Alert, CsrfField, ErrorSummary, SubmitButton, TextArea, TextField, type FieldErrors } from './forms.tsx';

/** The complainant's own page (Mijn klacht, ADR 0012) and its forms, in plain Dutch (B1). */

type Org = { name: string; slug: string };

export interface FormState {
  values: Record<string, string>;
  errors: FieldErrors;
  key: string;
  pending: PendingUpload[];
  csrf: string;
  notice?: string | undefined;
  /** Problems with the request for a judgement (its own form on the page). */
  judgementErrors?: FieldErrors | undefined;
}

/** "Neem contact op" with the organisation's details (letterhead or regulation), or, without any, a way that exists. */
export const ContactSentence: FC<{ org: Org; contact: OrganisationContact; fallback: string }> = ({ org, contact, fallback }) =>
  hasContact(contact) ? (
    <>
      Neem contact op met {org.name}
      {contact.email ? (
        <>
          {' '}via <a class="utrecht-link" href={`mailto:${contact.email}`}>{contact.email}</a>
        </>
      ) : null}
      {contact.phone ? ` ${contact.email ? 'of ' : ''}via ${contact.phone}` : null}
      {contact.postalAddress ? `${contact.email || contact.phone ? ', of schrijf naar' : ' door te schrijven naar'} ${contact.postalAddress}` : null}. Noem dan uw kenmerk.
    </>
  ) : (
    <>{fallback}</>
  );

const Contact: FC<{ org: Org; contact: OrganisationContact; canAdd: boolean }> = ({ org, contact, canAdd }) =>
  hasContact(contact) || canAdd ? (
    <>
      <h2 class="utrecht-heading-2">Vragen?</h2>
      <p class="utrecht-paragraph">
        <ContactSentence org={org} contact={contact} fallback="Stel uw vraag dan hierboven bij 'Informatie toevoegen'. Uw vraag komt bij uw klacht in het dossier en wij krijgen er bericht van." />
      </p>
    </>
  ) : null;

export const ComplainantPage: FC<{ org: Org; base: string; data: ComplainantPageData; form: FormState; done?: 'informatie' | 'ingetrokken' | 'oordeel' | undefined; message?: string | undefined }> = ({ org, base, data, form, done, message }) => (
  <>
    <h1 class="utrecht-heading-1">
      Uw {data.kind === 'suggestion' ? 'suggestie' : 'klacht'} bij {org.name}
    </h1>
    {message ? <Alert kind="warning">{message}</Alert> : null}
    {done === 'informatie' ? <Alert kind="ok">Dank u. Wij hebben uw informatie aan het dossier toegevoegd.</Alert> : null}
    {done === 'ingetrokken' ? <Alert kind="ok">U heeft uw klacht ingetrokken. Wij behandelen de klacht niet verder.</Alert> : null}
    {done === 'oordeel' ? <Alert kind="ok">Wij hebben uw vraag om een oordeel ontvangen.</Alert> : null}
    <div class="utrecht-alert utrecht-alert--info kw-reference" role="status">
      <p class="utrecht-paragraph">
        Uw kenmerk is <strong class="kw-reference__number">{data.reference}</strong>
      </p>
      {data.subject ? <p class="utrecht-paragraph">Onderwerp: {data.subject}</p> : null}
    </div>
    <h2 class="utrecht-heading-2">Waar staat uw klacht?</h2>
    <p class="utrecht-paragraph">
      <strong>{STATUS_LABELS[data.status]}.</strong> {data.statusText}
    </p>
    <h2 class="utrecht-heading-2">Belangrijke datums</h2>
    <dl class="kw-dl">
      {data.dates.map((d) => (
        <div class="kw-dl__row">
          <dt>{d.label}</dt>
          <dd>{d.text}</dd>
        </div>
      ))}
    </dl>
    {data.nextSteps.length || data.regulationOpen ? (
      <>
        <h2 class="utrecht-heading-2">Wat gebeurt er nu?</h2>
        <ul class="utrecht-unordered-list kw-steps">
          {(data.regulationOpen ? openRegulationSteps(org.name) : data.nextSteps).map((s) => (
            <li class="utrecht-unordered-list__item">{s}</li>
          ))}
        </ul>
      </>
    ) : null}
    <h2 class="utrecht-heading-2">Brieven aan u</h2>
    {data.letters.length ? (
      <ul class="utrecht-unordered-list">
        {data.letters.map((l) => (
          <li class="utrecht-unordered-list__item">
            <a class="utrecht-link" href={`${base}/brieven/${l.id}.pdf`}>
              {l.subject} (PDF)
            </a>
            , verstuurd op {l.sentOn}
          </li>
        ))}
      </ul>
    ) : (
      <p class="utrecht-paragraph">Hier staan nog geen brieven van ons aan u.</p>
    )}
    {data.additions.length ? (
      <>
        <h2 class="utrecht-heading-2">Wat u heeft toegevoegd</h2>
        <ul class="utrecht-unordered-list">
          {data.additions.map((a) => (
            <li class="utrecht-unordered-list__item">
              Op {formatDutchDate(today(a.at))}: {a.text ? `"${a.text.length > 200 ? `${a.text.slice(0, 200)}…` : a.text}"` : ''}
              {a.files.length ? `${a.text ? ' en ' : ''}${a.files.length === 1 ? 'het bestand' : 'de bestanden'} ${a.files.join(', ')}` : ''}
            </li>
          ))}
        </ul>
      </>
    ) : null}
    {data.canAddInformation ? (
      <>
    <h2 class="utrecht-heading-2" id="toevoegen">Informatie toevoegen</h2>
    <p class="utrecht-paragraph">Wilt u nog iets vertellen over uw klacht, of een brief, foto of ander bestand sturen? Dat kan hier. Het komt bij uw klacht in het dossier.</p>
    {form.notice ? <Alert kind="warning">{form.notice}</Alert> : null}
    <ErrorSummary errors={form.errors} labels={{ text: 'Uw informatie', attachments: 'Bestanden' }} />
    <form method="post" action={`${base}/informatie#toevoegen`} enctype="multipart/form-data" class="kw-form">
      <CsrfField token={form.csrf} />
      <input type="hidden" name="formKey" value={form.key} />
      <TextArea name="text" label="Uw informatie" value={form.values['text'] ?? ''} error={form.errors['text']} rows={6} />
      <PendingAttachmentsField pending={form.pending} errors={form.errors} />
      <SubmitButton>Toevoegen aan mijn klacht</SubmitButton>
    </form>
      </>
    ) : null}
    {data.judgementRequest ? (
      <>
        <h2 class="utrecht-heading-2" id="oordeel">Om een oordeel vragen</h2>
        <p class="utrecht-paragraph">{data.judgementRequest.text}</p>
        <ErrorSummary errors={form.judgementErrors ?? {}} labels={{ note: 'Toelichting' }} />
        <form method="post" action={`${base}/oordeel#oordeel`} class="kw-form">
          <CsrfField token={form.csrf} />
          <TextArea name="note" label="Wilt u er iets bij zeggen?" value={form.values['note'] ?? ''} error={form.judgementErrors?.['note']} rows={3} />
          <SubmitButton>Om een oordeel vragen</SubmitButton>
        </form>
      </>
    ) : null}
    {data.canWithdraw ? (
      <>
        <h2 class="utrecht-heading-2">Klacht intrekken</h2>
        <p class="utrecht-paragraph">Wilt u niet meer dat wij uw klacht behandelen? Dan kunt u de klacht intrekken. U krijgt eerst de vraag of u het zeker weet.</p>
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={`${base}/intrekken`}>
            Klacht intrekken
          </a>
        </p>
      </>
    ) : null}
    <Contact org={org} contact={data.contact} canAdd={data.canAddInformation} />
    {data.regulationOpen ? (
      <p class="utrecht-paragraph">
        Hoe wij met uw klacht omgaan, staat in de klachtenregeling van het onderdeel waar hij over gaat:{' '}
        <a class="utrecht-link" href={`/${org.slug}/klachtenregeling`}>
          de klachtenregelingen van {org.name}
        </a>
        .
      </p>
    ) : (
      <p class="utrecht-paragraph">Hoe wij met uw klacht omgaan, staat in de {data.regulationTitle}.</p>
    )}
    <p class="utrecht-paragraph">Deel de link naar deze pagina niet met anderen: iedereen met de link kan uw klacht zien.</p>
  </>
);

export const WithdrawConfirm: FC<{ org: Org; base: string; data: ComplainantPageData; csrf: string; reason: string; errors: FieldErrors; notice?: string | undefined }> = (p) => (
  <>
    <h1 class="utrecht-heading-1">Weet u zeker dat u uw klacht wilt intrekken?</h1>
    <p class="utrecht-paragraph">
      Het gaat om uw klacht met kenmerk <strong>{p.data.reference}</strong>. Als u de klacht intrekt, behandelt {p.org.name} de klacht niet verder. U kunt dit niet ongedaan maken. {p.data.newComplaintNote}
    </p>
    {p.notice ? <Alert kind="warning">{p.notice}</Alert> : null}
    <ErrorSummary errors={p.errors} labels={{ reason: 'Reden' }} />
    <form method="post" action={`${p.base}/intrekken`} class="kw-form">
      <CsrfField token={p.csrf} />
      <TextArea name="reason" label="Wilt u zeggen waarom u de klacht intrekt?" value={p.reason} error={p.errors['reason']} rows={4} />
      <div class="kw-actions">
        <button type="submit" name="bevestig" value="ja" class="utrecht-button utrecht-button--primary-action">
          Ja, klacht intrekken
        </button>{' '}
        <a class="utrecht-link" href={p.base}>
          Nee, terug naar mijn klacht
        </a>
      </div>
    </form>
  </>
);

export const LinkNotFound: FC<{ org: Org; contact: OrganisationContact }> = ({ org, contact }) => (
  <>
    <h1 class="utrecht-heading-1">Deze link werkt niet</h1>
    <p class="utrecht-paragraph">Wij kunnen bij deze link geen klacht vinden. Misschien is de link niet helemaal goed overgenomen, of werkt hij niet meer.</p>
    <p class="utrecht-paragraph">
      U kunt een nieuwe link aanvragen. Wij sturen die naar het e-mailadres dat bij uw klacht hoort:{' '}
      <a class="utrecht-link" href={`/${org.slug}/mijn-klacht`}>
        nieuwe link aanvragen
      </a>
      .
    </p>
    <p class="utrecht-paragraph">
      Heeft u bij uw klacht geen e-mailadres gegeven? Dan kunnen wij u hier geen nieuwe link sturen.{' '}
      <ContactSentence org={org} contact={contact} fallback={`Vraag dan ${org.name} om een nieuwe link, via de contactgegevens op de website of in een brief van ${org.name}. Noem dan uw kenmerk.`} />
    </p>
  </>
);

export const RequestLinkForm: FC<{ org: Org; contact: OrganisationContact; csrf: string; values: Record<string, string>; errors: FieldErrors; sent?: boolean; notice?: string | undefined }> = (p) => (
  <>
    <h1 class="utrecht-heading-1">Link naar uw klacht aanvragen</h1>
    {p.sent ? (
      <Alert kind="ok">
        Hoort dit e-mailadres bij een klacht (met het kenmerk, als u dat invulde)? Dan sturen wij een nieuwe link naar dat adres. Kijk ook in uw map met ongewenste e-mail. Krijgt u niets? Misschien is het e-mailadres of het kenmerk anders dan bij uw klacht, of kon de e-mail niet worden verstuurd.{' '}
        <ContactSentence org={p.org} contact={p.contact} fallback="Controleer dan wat u invulde en probeer het nog een keer." />
      </Alert>
    ) : null}
    <p class="utrecht-paragraph">
      Heeft u een klacht ingediend bij {p.org.name}? Vul dan het e-mailadres in dat u bij uw klacht gaf. Wij sturen een nieuwe link naar uw eigen klachtpagina. Met die link ziet u hoe het met uw klacht staat.
    </p>
    {p.notice ? <Alert kind="warning">{p.notice}</Alert> : null}
    <ErrorSummary errors={p.errors} labels={{ email: 'E-mailadres', reference: 'Kenmerk' }} />
    <form method="post" action={`/${p.org.slug}/mijn-klacht`} class="kw-form" novalidate>
      <CsrfField token={p.csrf} />
      <TextField name="email" type="email" label="Uw e-mailadres" value={p.values['email'] ?? ''} error={p.errors['email']} required autocomplete="email" />
      <TextField name="reference" label="Kenmerk van uw klacht" value={p.values['reference'] ?? ''} error={p.errors['reference']} description={`Bijvoorbeeld ${new Date().getFullYear()}-0004. Weet u het kenmerk niet? Laat dit dan leeg: u krijgt een link voor elke klacht met dit e-mailadres.`} />
      <SubmitButton>Stuur mij een nieuwe link</SubmitButton>
    </form>
  </>
);
