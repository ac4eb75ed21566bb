import type { FC } from 'hono/jsx';
import type { Unit } from '../../db/types.ts';
import { formatDutchDate } from '../../domain/deadlines/index.ts';
import { CHANNEL_LABELS, CHANNELS, cite, citeSource, inParentheses, COMPLAINANT_KIND_LABELS, isNotPrescribed, isOpenPoint, type Regulation } from '../../domain/regulation/index.ts';
import { termText } from '../../domain/regulation/terms.ts';
import type { OrganisationRetention } from '../../domain/retention/retention.ts';
import type { OrganisationContact } from '../../usecases/complainant-page/contact.ts';
import { RECORD_KIND_LABELS, type RecordKind } from '../../domain/workflow/index.ts';
import { ATTACHMENT_ACCEPT, ATTACHMENT_HINT } from '../../usecases/complaints/attachments.ts';
import { acceptedChannels, fieldRulesFor, limitedComplainants, limitedWho, needsWritingDown } from '../../usecases/complaints/intake.ts';
import type { PendingUpload } from '../../usecases/complaints/pending-uploads.ts';
import { forClientHint, forClientKinds, proofOfCapacityNotice } from '../../usecases/complaints/capacity.ts';
import { NotComplaintsNotice, NotComplaintsRedirects } from './not-complaints.tsx';
import { Alert, CheckboxField, ChoiceGroup, CsrfField, ErrorSummary, FileField, SelectField, SubmitButton, TextArea, TextField, type FieldErrors } from './forms.tsx';

/**
 * The two intake forms: the public complaint form (`/:orgSlug/klacht`) and the staff registration form
 * (klachtenregistratieformulier, `/klachten/nieuw`). Which fields are required follows from the
 * regulation, exactly as `requiredIntakeProblems` checks it. Field names are the paths of the intake
 * schema (`complainant.email`), so a use-case error lands at its field.
 */
export type { FormValues } from '../context.ts';
import type { FormValues } from '../context.ts';
import { capitalise } from '../../shared/text.ts';

export const INTAKE_LABELS: Record<string, string> = {
  kind: 'Wat wilt u indienen',
  unitId: 'Afdeling',
  subject: 'Onderwerp',
  description: 'Omschrijving',
  conductOn: 'Wanneer gebeurde het',
  respondentName: 'Over wie gaat de klacht',
  respondentDepartment: 'Afdeling van die persoon',
  'complainant.relation': 'Wie bent u',
  forWhom: 'Voor wie',
  'complainant.onBehalfOf': 'Namens wie',
  'complainant.representativeRelation': 'Uw relatie tot die persoon',
  'complainant.name': 'Naam',
  'complainant.postalAddress': 'Postadres',
  'complainant.email': 'E-mailadres',
  'complainant.phone': 'Telefoonnummer',
  attachments: 'Bijlagen',
  signed: 'Ondertekenen',
  channel: 'Hoe kwam de klacht binnen',
  receivedOn: 'Datum van ontvangst',
  receivedBy: 'Aangenomen door',
  passedTo: 'Doorgegeven aan',
  writtenDownAndSigned: 'Op papier gezet en ondertekend',
  documentDate: 'Datum op de brief',
  establishedBy: 'Vastgesteld',
  notComplaintKey: 'Onderwerp dat geen klacht is',
  note: 'Toelichting',
  idempotencyKey: 'Formulier',
};

const CONTACT_KEYS = { name: 'name', postal_address: 'postalAddress', phone: 'phone', email: 'email' } as const;
type ContactField = (typeof CONTACT_KEYS)[keyof typeof CONTACT_KEYS];

/**
 * The complainant's contact fields the regulation requires (002 art. 4.3; 003 bijlage 1); on the public form
 * only the rules for its channel (`fields[].channels`), exactly as `requiredIntakeProblems` checks them.
 */
export function requiredContactFields(reg: Regulation, door: 'public' | 'staff' = 'staff'): Set<ContactField> {
  const out = new Set<ContactField>();
  for (const f of door === 'public' ? fieldRulesFor(reg.intake.fields, 'web_form') : reg.intake.fields) {
    const key = CONTACT_KEYS[f.key as keyof typeof CONTACT_KEYS];
    if (key && f.requirement === 'required') out.add(key);
  }
  return out;
}

function fieldRule(reg: Regulation, key: string) {
  return reg.intake.fields.find((f) => f.key === key);
}

/** The regulation's privacy text, or a plain default when it has none (or an unfilled placeholder). */
/** What the privacy text needs beyond the regulation: the organisation's contact details and retention settings. */
export interface PrivacyFacts {
  orgName: string;
  contact: OrganisationContact;
  retention: OrganisationRetention;
}

/**
 * "Wat doen wij met uw gegevens?" (AVG art. 13), generated from what the regulation and the product actually do:
 * what for, who sees it, the copy to the person complained about (002 art. 6.4, no consent asked), how long it is
 * kept, the rights and how to use them, the Autoriteit Persoonsgegevens. The organisation's own statement, when its
 * regulation has one, is shown as it wrote it.
 */
export function privacyText(reg: Regulation, facts?: PrivacyFacts): string {
  const text = reg.intake.privacyStatement?.text;
  if (text && !/\[[^\]]+\]/.test(text)) return text;
  const out = ['Wij gebruiken uw gegevens om uw klacht te behandelen volgens onze klachtenregeling. Alleen de medewerkers die met uw klacht te maken hebben, kunnen ze zien.'];
  const copy = reg.handling.copyToRespondent;
  if (copy) out.push(`Gaat uw klacht over een medewerker? Dan krijgt die medewerker een kopie van uw klacht${copy.includeDocuments ? ' en van de stukken die u meestuurt' : ''}. Dat staat in de klachtenregeling${citeSource(copy.source)}; wij vragen daar geen toestemming voor.`);
  const ret = reg.retention;
  if (!isNotPrescribed(ret) && !isOpenPoint(ret.period)) {
    // 004 §3 (footnote 1): the complaint file is kept as long as the client file. Said as the published regulation says
    // it (render.ts), not "15 jaar zo lang als uw cliëntdossier" (walked in lane walk15).
    if (ret.mode === 'as_client_file' || ret.runsFrom === 'as_client_file') out.push(`Wij bewaren uw klacht even lang als uw cliëntdossier: ${termText(ret.period)}${citeSource(ret.source)}.`);
    else out.push(`Wij bewaren uw klacht ${ret.mode === 'minimum' ? 'ten minste ' : ''}${termText(ret.period)} ${ret.runsFrom === 'received' ? 'na ontvangst' : 'nadat de behandeling is afgerond'}${citeSource(ret.source)}.`);
  } else if (facts) {
    out.push(facts.retention.defaultPeriod === 'forever' ? 'Wij bewaren uw klacht zonder vaste einddatum.' : `Wij bewaren uw klacht ${termText(facts.retention.defaultPeriod)} nadat de behandeling is afgerond.`);
  }
  const c = facts?.contact;
  const ways = c ? [c.email ? `per e-mail (${c.email})` : null, c.phone ? `per telefoon (${c.phone})` : null, c.postalAddress ? `per post (${c.postalAddress})` : null].filter(Boolean) : [];
  out.push(
    `U mag vragen welke gegevens wij van u hebben, en vragen om ze te verbeteren of te verwijderen. ${
      ways.length ? `Vraag dat aan ${facts!.orgName}: ${ways.join(', ')}.` : 'Vraag dat op uw eigen klachtpagina, bij "Informatie toevoegen".'
    }`,
  );
  out.push('Vindt u dat wij niet goed met uw gegevens omgaan? Dan kunt u een klacht indienen bij de Autoriteit Persoonsgegevens (autoriteitpersoonsgegevens.nl).');
  return out.join(' ');
}

const str = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[v.length - 1] : v);

export function unitOptions(units: Unit[], depth: Map<string, number>) {
  return units.map((u) => ({ value: u.id, label: `${'– '.repeat(depth.get(u.id) ?? 0)}${u.name}` }));
}

export function unitWord(reg: Regulation): string {
  return reg.scope.unitKind ?? 'afdeling';
}

/** Who the complainant is, and whether they act for someone else. */
const ComplainantFields: FC<{ reg: Regulation; orgName: string; values: FormValues; errors: FieldErrors; door: 'public' | 'staff' }> = ({ reg, values, errors, door }) => {
  const required = requiredContactFields(reg, door);
  const you = door === 'public';
  const rep = reg.intake.complainants.representation.allowed;
  const kinds = reg.intake.complainants.kinds.filter((k) => k.kind !== 'representative');
  const limited = limitedComplainants(reg);
  const noneRequired = required.size === 0;
  // Kinds that act for the client (a nabestaande, a zaakwaarnemer …): the form asks for whom, also where the
  // regulation says nothing about representation (issue 12).
  const forClient = forClientKinds(reg).length > 0;
  const proof = proofOfCapacityNotice(reg, door);
  return (
    <>
      {kinds.length ? (
        <ChoiceGroup
          type="radio"
          name="complainant.relation"
          legend={you ? 'Ik dien de klacht in als …' : 'De klager dient de klacht in als …'}
          options={[
            ...kinds.map((k) => ({ value: k.kind, label: capitalise(k.label ?? COMPLAINANT_KIND_LABELS[k.kind]) })),
            ...(limited ? [{ value: 'other', label: 'Iets anders' }] : []),
          ]}
          required={limited !== null}
          description={limited ? `Volgens de klachtenregeling kan een klacht worden ingediend door ${limitedWho(limited)}${cite(limited.article)}.` : undefined}
          value={str(values['complainant.relation'])}
          error={errors['complainant.relation']}
        />
      ) : null}
      {rep !== 'no' || forClient ? (
        <>
          {rep !== 'no' ? (
            <ChoiceGroup
              type="radio"
              name="forWhom"
              legend={you ? 'Dient u de klacht in voor uzelf of namens iemand anders?' : 'Klaagt de klager voor zichzelf of namens iemand anders?'}
              options={[
                { value: 'self', label: you ? 'Voor mijzelf' : 'Voor zichzelf' },
                { value: 'other', label: 'Namens iemand anders (bijvoorbeeld als vertegenwoordiger of gemachtigde)' },
              ]}
              value={str(values['forWhom']) ?? 'self'}
              error={errors['forWhom']}
            />
          ) : null}
          <TextField
            name="complainant.onBehalfOf"
            label={forClient ? (you ? 'Voor wie dient u de klacht in?' : 'Voor wie?') : you ? 'Namens wie dient u de klacht in?' : 'Namens wie?'}
            description={forClientHint(reg, door) ?? 'Alleen invullen als de klacht namens iemand anders is.'}
            value={str(values['complainant.onBehalfOf'])}
            error={errors['complainant.onBehalfOf']}
            maxLength={200}
          />
          {proof ? <p class="utrecht-paragraph kw-proof-of-capacity">{proof}</p> : null}
          {rep !== 'no' ? (
            <TextField
              name="complainant.representativeRelation"
              label={you ? 'Wat is uw relatie tot die persoon?' : 'Relatie tot die persoon'}
              description="Bijvoorbeeld: ouder, mentor, curator of gemachtigde."
              value={str(values['complainant.representativeRelation'])}
              error={errors['complainant.representativeRelation']}
              maxLength={200}
            />
          ) : null}
        </>
      ) : null}
      {noneRequired ? (
        <p class="utrecht-paragraph">
          {you ? 'Vul minstens één manier in waarop wij u kunnen bereiken: e-mail, telefoon of postadres.' : 'Vul minstens één manier in om de klager te bereiken: e-mail, telefoon of postadres.'}
        </p>
      ) : null}
      <TextField name="complainant.name" label={you ? 'Uw naam' : 'Naam van de klager'} required={required.has('name')} value={str(values['complainant.name'])} error={errors['complainant.name']} autocomplete={you ? 'name' : 'off'} maxLength={200} />
      <TextArea
        name="complainant.postalAddress"
        label={you ? 'Uw postadres' : 'Postadres'}
        rows={3}
        description="Straat en huisnummer, postcode en woonplaats."
        required={required.has('postalAddress')}
        value={str(values['complainant.postalAddress'])}
        error={errors['complainant.postalAddress']}
        maxLength={500}
      />
      <TextField name="complainant.email" label={you ? 'Uw e-mailadres' : 'E-mailadres'} type="email" required={required.has('email')} value={str(values['complainant.email'])} error={errors['complainant.email']} autocomplete={you ? 'email' : 'off'} maxLength={254} />
      <TextField
        name="complainant.phone"
        label={you ? 'Uw telefoonnummer' : 'Telefoonnummer'}
        type="tel"
        required={required.has('phone')}
        description={fieldRule(reg, 'phone')?.requirement === 'if_possible' ? 'Vul dit in als dat kan.' : undefined}
        value={str(values['complainant.phone'])}
        error={errors['complainant.phone']}
        autocomplete={you ? 'tel' : 'off'}
        maxLength={40}
      />
    </>
  );
};

const RespondentFields: FC<{ reg: Regulation; values: FormValues; errors: FieldErrors; door: 'public' | 'staff' }> = ({ reg, values, errors, door }) => {
  const condition = fieldRule(reg, 'respondent_name')?.condition;
  return (
    <>
      <TextField
        name="respondentName"
        label={door === 'public' ? 'Gaat uw klacht over een persoon? Wat is de naam?' : 'Naam van de persoon over wie de klacht gaat'}
        description={condition ? `Vul dit in ${condition}.` : 'Vul dit in als de klacht over een persoon gaat.'}
        value={str(values['respondentName'])}
        error={errors['respondentName']}
        maxLength={200}
      />
      <TextField
        name="respondentDepartment"
        label={door === 'public' ? 'Bij welke afdeling werkt die persoon?' : 'Afdeling van die persoon'}
        value={str(values['respondentDepartment'])}
        error={errors['respondentDepartment']}
        maxLength={200}
      />
    </>
  );
};

/**
 * `hadFiles`: files were chosen when the form was sent; `'unit'`: it came back for the chosen unit's questions ("Vragen
 * voor deze afdeling"), not with an error, and `unit` names that unit as the regulation does.
 */
const AttachmentsField: FC<{ errors: FieldErrors; hadFiles: boolean | 'unit'; you: boolean; unit?: string }> = ({ errors, hadFiles, you, unit }) => (
  <>
    {hadFiles === 'unit' ? (
      <Alert kind="warning">{`Kies de bijlagen opnieuw. U ziet nu de vragen voor de gekozen ${unit ?? 'eenheid'}. De browser onthoudt gekozen bestanden niet als het formulier opnieuw getoond wordt.`}</Alert>
    ) : hadFiles && Object.keys(errors).length ? (
      <Alert kind="warning">Kies de bijlagen opnieuw. De browser onthoudt gekozen bestanden niet als het formulier terugkomt met een foutmelding.</Alert>
    ) : null}
    <FileField
      name="attachments"
      label={you ? 'Wilt u bestanden meesturen?' : 'Bijlagen'}
      multiple
      accept={ATTACHMENT_ACCEPT}
      description={`${ATTACHMENT_HINT} Bijvoorbeeld een brief, een foto of een rekening.`}
      error={errors['attachments']}
    />
  </>
);

/** A file size in words (B1): "12 kB", "1,4 MB". */
export function sizeText(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} kB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace('.', ',')} MB`;
}

/**
 * The public form's attachments: files already added (held server-side against the form, ADR 0009) with a
 * "Verwijderen" checkbox each (works without JavaScript), and a file input for more.
 */
export const PendingAttachmentsField: FC<{ pending: PendingUpload[]; errors: FieldErrors }> = ({ pending, errors }) => (
  <>
    {pending.length ? (
      <fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset kw-fieldset kw-pending" id="al-toegevoegd">
        <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">Al toegevoegd</legend>
        <div class="utrecht-form-field-description">Deze bestanden hebben wij bewaard. U hoeft ze niet opnieuw te kiezen. Vink een bestand aan om het te verwijderen.</div>
        {pending.map((f, i) => (
          <div class="utrecht-form-field utrecht-form-field--checkbox kw-check">
            <div class="kw-check__row">
              <input class="utrecht-checkbox utrecht-checkbox--html-input" type="checkbox" id={`verwijder-${i + 1}`} name="verwijderBijlage" value={f.id} />
              <label class="utrecht-form-label utrecht-form-label--checkbox" for={`verwijder-${i + 1}`}>
                Verwijderen: {f.filename} ({sizeText(f.size)})
              </label>
            </div>
          </div>
        ))}
      </fieldset>
    ) : null}
    <FileField
      name="attachments"
      label={pending.length ? 'Wilt u nog meer bestanden meesturen?' : 'Wilt u bestanden meesturen?'}
      multiple
      accept={ATTACHMENT_ACCEPT}
      description={`${ATTACHMENT_HINT} Bijvoorbeeld een brief, een foto of een rekening.`}
      error={errors['attachments']}
    />
  </>
);

export interface PublicFormProps {
  org: { name: string; slug: string };
  reg: Regulation;
  /** The published regulation that applies to the chosen unit (the organisation's page when none is chosen yet). */
  regulationHref: string;
  /** Several units: the unit chosen in the first step (name, or null for "Weet ik niet"); undefined with one unit. */
  unit?: { name: string | null } | undefined;
  values: FormValues;
  errors: FieldErrors;
  csrf: string;
  idempotencyKey: string;
  today: string;
  /** Files already added to this form (held server-side). */
  pending: PendingUpload[];
  /** A notice above the form (the form had expired). */
  notice?: string | undefined;
  /** The organisation's contact details and retention settings for "Wat doen wij met uw gegevens?". */
  privacy?: PrivacyFacts | undefined;
}

/** The public form's own fields that travel between its steps (everything but the token, the key and files). */
export const PUBLIC_FORM_FIELDS = [
  'kind', 'unitId', 'subject', 'description', 'conductOn', 'respondentName', 'respondentDepartment', 'complainant.relation', 'forWhom',
  'complainant.onBehalfOf', 'complainant.representativeRelation', 'complainant.name', 'complainant.postalAddress', 'complainant.email', 'complainant.phone', 'signed',
] as const;

/** Carries the form's values to the next step as hidden fields (the next step is a form of its own). */
export const HiddenValues: FC<{ values: FormValues; except?: string[] }> = ({ values, except = [] }) => (
  <>
    {PUBLIC_FORM_FIELDS.filter((k) => !except.includes(k)).map((k) => {
      const v = str(values[k]);
      return v === undefined || v === '' ? null : <input type="hidden" name={k} value={v} />;
    })}
  </>
);

/**
 * The hint at "Hoe kwam de klacht binnen?" on the staff form: the channels the regulation names, and what to do with
 * another one. Only a regulation that asks a written or signed complaint asks to write it down and have it signed
 * (002 art. 4.2-4.3, `needsWritingDown`); 001 §3.2 puts an oral complaint on the internal form, no signature
 * (walkthrough 3 Dec 2026: the hint asked a signature the regulation and the check do not).
 */
export function channelHint(reg: Regulation): string | undefined {
  const accepted = acceptedChannels(reg);
  if (accepted.length >= CHANNELS.length) return undefined;
  const named = `De klachtenregeling noemt: ${accepted.map((ch) => CHANNEL_LABELS[ch]).join(', ')}.`;
  const form = reg.intake.form;
  return form.writtenRequired || form.signatureRequired
    ? `${named} Kwam de klacht anders binnen, zet haar dan op papier en laat de klager tekenen.`
    : `${named} Kwam de klacht anders binnen? Registreer haar ook en kies hoe ze binnenkwam.`;
}

/** The public complaint form: no log-in, low threshold, works without JavaScript. */
export const PublicComplaintForm: FC<PublicFormProps> = (p) => {
  const { reg, org, values, errors } = p;
  const suggestions = reg.intake.suggestions?.accepted === true;
  const kind = str(values['kind']) ?? 'complaint';
  const signature = reg.intake.form.signatureRequired;
  const free = reg.intake.freeOfCharge?.text;
  const dated = fieldRule(reg, 'date')?.requirement === 'required';
  return (
    <>
      <h1 class="utrecht-heading-1">Klacht indienen bij {org.name}</h1>
      {p.notice ? <Alert kind="warning">{p.notice}</Alert> : null}
      <p class="utrecht-paragraph">
        Bent u niet tevreden over {org.name}? Laat het ons weten met dit formulier.{free && !free.includes('[') ? ` ${free}` : ''}
      </p>
      <p class="utrecht-paragraph">
        Hoe wij met klachten omgaan, staat in onze <a class="utrecht-link kw-regulation-link" href={p.regulationHref}>klachtenregeling</a>. Vragen die u mag overslaan, zijn gemarkeerd met "(niet verplicht)". Voordat u de klacht verstuurt, ziet u alles nog een keer.
      </p>
      <NotComplaintsNotice reg={reg} />
      <ErrorSummary errors={errors} labels={INTAKE_LABELS} />
      <form method="post" action={`/${org.slug}/klacht`} enctype="multipart/form-data" novalidate data-kw-once="">
        {/* The form's default button: Enter in a field goes to the check step, not to "Andere keuze". */}
        <button type="submit" hidden tabindex={-1} />
        <CsrfField token={p.csrf} />
        <input type="hidden" name="idempotencyKey" value={p.idempotencyKey} />
        <input type="hidden" name="stap" value="controleren" />
        {p.unit ? (
          <div class="kw-chosen-unit" id="unitId">
            <input type="hidden" name="unitId" value={str(values['unitId'])} />
            <p class="utrecht-paragraph">
              Uw klacht gaat over: <strong>{p.unit.name ?? 'Weet ik niet'}</strong>
              {p.unit.name ? null : '. Wij zoeken uit waar uw klacht hoort.'}{' '}
              <button type="submit" name="wijzig" value="eenheid" class="utrecht-button utrecht-button--subtle kw-inline-button">
                Andere keuze<span class="kw-visually-hidden"> voor de {unitWord(reg)}</span>
              </button>
            </p>
          </div>
        ) : null}
        {suggestions ? (
          <ChoiceGroup
            type="radio"
            name="kind"
            legend="Wat wilt u indienen?"
            required
            options={[
              { value: 'complaint', label: 'Een klacht' },
              { value: 'suggestion', label: 'Een suggestie of idee' },
            ]}
            value={kind}
            error={errors['kind']}
          />
        ) : null}
        <h2 class="utrecht-heading-2">Uw klacht</h2>
        <TextField name="subject" label="Onderwerp in een paar woorden" value={str(values['subject'])} error={errors['subject']} maxLength={200} description="Bijvoorbeeld: afspraak niet nagekomen." />
        <TextArea
          name="description"
          label="Wat is er gebeurd?"
          required
          rows={8}
          description="Beschrijf wat er is gebeurd, wanneer het was en wat u van ons verwacht."
          value={str(values['description'])}
          error={errors['description']}
          maxLength={20000}
        />
        <TextField name="conductOn" label="Op welke datum gebeurde het?" type="date" max={p.today} value={str(values['conductOn'])} error={errors['conductOn']} description="Weet u de datum niet precies? Laat dit dan leeg en schrijf het in uw omschrijving." />
        <RespondentFields reg={reg} values={values} errors={errors} door="public" />
        <h2 class="utrecht-heading-2">Over u</h2>
        <ComplainantFields reg={reg} orgName={org.name} values={values} errors={errors} door="public" />
        <h2 class="utrecht-heading-2">Bijlagen</h2>
        <PendingAttachmentsField pending={p.pending} errors={errors} />
        {signature ? (
          <>
            <h2 class="utrecht-heading-2">Ondertekenen</h2>
            <p class="utrecht-paragraph">
              Onze klachtenregeling vraagt een ondertekende klacht. Op dit formulier ondertekent u door het vakje hieronder aan te vinken.
              {dated ? ` Uw klacht krijgt de datum van vandaag: ${formatDutchDate(p.today)}.` : ''}
            </p>
            <CheckboxField name="signed" label="Ik onderteken deze klacht. De gegevens die ik heb ingevuld, kloppen." checked={str(values['signed']) === 'ja'} error={errors['signed']} />
          </>
        ) : null}
        <h2 class="utrecht-heading-2">Wat doen wij met uw gegevens?</h2>
        <p class="utrecht-paragraph kw-privacy">{privacyText(reg, p.privacy)}</p>
        <SubmitButton>Verder</SubmitButton>
      </form>
    </>
  );
};

export interface StaffFormProps {
  reg: Regulation;
  orgName: string;
  units: Unit[];
  /** The staff member's units that take no complaint yet, and from when (said at the unit field). */
  unitNote?: string | undefined;
  depth: Map<string, number>;
  values: FormValues;
  errors: FieldErrors;
  csrf: string;
  idempotencyKey: string;
  today: string;
  /** Files were chosen; `'unit'`: the form is shown again for the chosen unit's questions. */
  hadFiles: boolean | 'unit';
}

/** Klachtenregistratieformulier: a complaint received by phone, in person, by letter, e-mail or social media. */
export const StaffRegistrationForm: FC<StaffFormProps> = (p) => {
  const { reg, values, errors } = p;
  const kinds: RecordKind[] = ['complaint'];
  if (reg.intake.informalDissatisfaction) kinds.push('dissatisfaction');
  if (reg.intake.suggestions?.accepted) kinds.push('suggestion');
  if (reg.intake.notComplaints.length) kinds.push('not_a_complaint');
  const kindDescriptions: Partial<Record<RecordKind, string>> = {
    dissatisfaction: reg.intake.informalDissatisfaction ? `${reg.intake.informalDissatisfaction.description} Er loopt geen klachtprocedure.` : undefined,
    suggestion: 'Een idee of verbetervoorstel. Er loopt geen klachtprocedure; het telt mee in de analyse.',
    not_a_complaint: `Volgens de klachtenregeling geen klacht: ${reg.intake.notComplaints.map((n) => n.label).join('; ')}.`,
  };
  const mayNeedWriting = CHANNELS.some((ch) => needsWritingDown(reg, ch));
  // Registration fields the regulation lists (003 bijlage 2): asked here; left empty, the dossier is "onvolledig".
  const registration = new Set(reg.intake.registrationFields.filter((f) => f.requirement === 'required').map((f) => f.key));
  const registrationHint = registration.size ? `De klachtenregeling vraagt dit bij de registratie ${inParentheses(reg.intake.registrationFields[0]!.source.article)}. Leeg laten mag, maar dan is de registratie onvolledig.` : undefined;
  const dated = reg.intake.fields.find((f) => f.key === 'date' && f.requirement === 'required');
  return (
    <>
      <ErrorSummary errors={errors} labels={INTAKE_LABELS} />
      <form method="post" action="/klachten/nieuw" enctype="multipart/form-data" novalidate data-kw-once="">
        {/* The form's default button: Enter in a field registers, not "Vragen voor deze eenheid". */}
        <button type="submit" hidden tabindex={-1} />
        <CsrfField token={p.csrf} />
        <input type="hidden" name="idempotencyKey" value={p.idempotencyKey} />
        {values['inboundMessageId'] ? <input type="hidden" name="inboundMessageId" value={str(values['inboundMessageId'])} /> : null}
        <h2 class="utrecht-heading-2">Binnenkomst</h2>
        {p.units.length > 1 || p.unitNote ? (
          <SelectField
            name="unitId"
            label={capitalise(unitWord(reg))}
            required
            description={[p.unitNote, p.units.length > 1 ? `De vragen hieronder volgen de klachtenregeling van de gekozen ${unitWord(reg)}. Kiest u een andere, klik dan op "Vragen voor deze ${unitWord(reg)}". Wat u al invulde, blijft staan.` : undefined].filter(Boolean).join(' ') || undefined}
            // A unit refused (its regulation not in force): no other unit is chosen for the user.
            placeholder={errors['unitId'] ? `Kies een ${unitWord(reg)}` : undefined}
            options={unitOptions(p.units, p.depth)}
            value={str(values['unitId'])}
            error={errors['unitId']}
          />
        ) : null}
        {p.units.length > 1 ? (
          // Units may run under different regulations (004 §2: one per werkmaatschappij): the form is shown again for the
          // chosen unit's version, with what was typed (no JavaScript needed; nothing is registered).
          <p class="utrecht-paragraph">
            <button type="submit" name="kies" value="eenheid" formnovalidate class="utrecht-button utrecht-button--secondary-action">
              Vragen voor deze {unitWord(reg)}
            </button>
          </p>
        ) : null}
        {kinds.length > 1 ? (
          <ChoiceGroup
            type="radio"
            name="kind"
            legend="Wat registreert u?"
            required
            options={kinds.map((k) => ({ value: k, label: RECORD_KIND_LABELS[k], description: kindDescriptions[k] }))}
            value={str(values['kind']) ?? 'complaint'}
            error={errors['kind']}
          />
        ) : null}
        {reg.intake.notComplaints.length ? (
          <SelectField
            name="notComplaintKey"
            label="Onderwerp dat geen klacht is"
            description='Alleen bij "Geen klacht".'
            placeholder="Kies een onderwerp"
            options={reg.intake.notComplaints.map((n) => ({ value: n.key, label: capitalise(n.label) }))}
            value={str(values['notComplaintKey'])}
            error={errors['notComplaintKey']}
          />
        ) : null}
        <NotComplaintsRedirects reg={reg} />
        <SelectField
          name="channel"
          label="Hoe kwam de klacht binnen?"
          required
          placeholder="Kies een kanaal"
          description={channelHint(reg)}
          options={CHANNELS.map((ch) => ({ value: ch, label: capitalise(CHANNEL_LABELS[ch]) }))}
          value={str(values['channel'])}
          error={errors['channel']}
        />
        <TextField
          name="receivedOn"
          label="Datum van ontvangst"
          type="date"
          required
          max={p.today}
          description="De dag waarop de klacht binnenkwam. Dat mag een dag in het verleden zijn, bijvoorbeeld een brief die vrijdag binnenkwam. De termijnen tellen vanaf deze dag."
          value={str(values['receivedOn']) ?? p.today}
          error={errors['receivedOn']}
        />
        {registration.has('established_by') ? (
          <TextField name="establishedBy" label="Wanneer, waar en door wie is de klacht vastgesteld?" description={registrationHint} value={str(values['establishedBy'])} error={errors['establishedBy']} maxLength={500} />
        ) : null}
        <TextField name="receivedBy" label="Wie heeft de klacht aangenomen?" description={registration.has('received_by') ? registrationHint : undefined} value={str(values['receivedBy'])} error={errors['receivedBy']} maxLength={200} />
        <TextField name="passedTo" label="Aan wie is de klacht doorgegeven?" description={registration.has('passed_to') ? registrationHint : undefined} value={str(values['passedTo'])} error={errors['passedTo']} maxLength={200} />
        {reg.intake.form.signatureRequired ? (
          <CheckboxField
            name="signed"
            label="De brief is door de klager ondertekend"
            description={`Nodig bij een brief: de klachtenregeling vraagt een ondertekende klacht${citeSource(reg.intake.form.source)}.`}
            checked={str(values['signed']) === 'ja'}
            error={errors['signed']}
          />
        ) : null}
        {dated ? (
          <TextField name="documentDate" label="Datum op de brief (dagtekening)" type="date" max={p.today} description={`Nodig bij een brief${citeSource(dated.source)}.`} value={str(values['documentDate'])} error={errors['documentDate']} />
        ) : null}
        {mayNeedWriting ? (
          <CheckboxField
            name="writtenDownAndSigned"
            label="De klacht is op papier gezet en door de klager ondertekend"
            description="Nodig als de klachtenregeling een schriftelijke, ondertekende klacht vraagt, bijvoorbeeld bij een klacht per telefoon of aan de balie, of als de regeling dit kanaal niet noemt."
            checked={str(values['writtenDownAndSigned']) === 'ja'}
            error={errors['writtenDownAndSigned']}
          />
        ) : null}
        <h2 class="utrecht-heading-2">De klacht</h2>
        <TextField name="subject" label="Onderwerp" value={str(values['subject'])} error={errors['subject']} maxLength={200} />
        <TextArea name="description" label="Omschrijving van de klacht" required rows={8} description="Schrijf op wat de klager vertelt, zo veel mogelijk in zijn of haar eigen woorden." value={str(values['description'])} error={errors['description']} maxLength={20000} />
        <TextField name="conductOn" label="Datum van de gebeurtenis" type="date" max={p.today} value={str(values['conductOn'])} error={errors['conductOn']} />
        <RespondentFields reg={reg} values={values} errors={errors} door="staff" />
        <h2 class="utrecht-heading-2">De klager</h2>
        <ComplainantFields reg={reg} orgName={p.orgName} values={values} errors={errors} door="staff" />
        <h2 class="utrecht-heading-2">Aanvullend</h2>
        <TextArea name="note" label="Toelichting" rows={3} description="Bijvoorbeeld: hoe de onvrede direct is opgelost." value={str(values['note'])} error={errors['note']} maxLength={5000} />
        <AttachmentsField errors={errors} hadFiles={p.hadFiles} you={false} unit={unitWord(reg)} />
        <SubmitButton>Registreren</SubmitButton>
      </form>
    </>
  );
};

