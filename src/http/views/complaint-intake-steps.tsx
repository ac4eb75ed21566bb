import type { FC } from 'hono/jsx';
import type { Unit } from '../../db/types.ts';
import { formatDutchDate } from '../../domain/deadlines/index.ts';
import { COMPLAINANT_KIND_LABELS, type Regulation } from '../../domain/regulation/index.ts';
import type { PendingUpload } from '../../usecases/complaints/pending-uploads.ts';
import { actsForClient, forClientKinds } from '../../usecases/complaints/capacity.ts';
import type { FormValues } from '../context.ts';
import { HiddenValues, sizeText, unitOptions } from './complaint-intake.tsx';
import { capitalise } from '../../shared/text.ts';
import { Alert, ChoiceGroup, CsrfField, ErrorSummary, SubmitButton, type FieldErrors } from './forms.tsx';

/**
 * The public form's other steps (no JavaScript needed): the first question "which unit is your complaint
 * about?" when the organisation has several units (so the form can ask what that unit's regulation requires),
 * and "check your answers" before sending (GOV.UK / NL Design System pattern).
 */

const str = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[v.length - 1] : v);

/** The value of the "Weet ik niet" answer to the unit question. */
export const UNIT_UNKNOWN = 'onbekend';

export interface UnitStepProps {
  org: { name: string; slug: string };
  /** What the regulation calls its units ("afdeling", "locatie" …). */
  unitWord: string;
  /** The organisation's regulation page (it lists the units' own). */
  regulationHref: string;
  units: Unit[];
  depth: Map<string, number>;
  /** The answer so far (a unit id or "onbekend"). */
  chosen?: string | undefined;
  error?: string | undefined;
  /**
   * Coming back from the form ("Andere keuze"): a post that carries everything typed so far (and the form's
   * key, so added files stay). Without it, the first step is a plain GET form.
   */
  carry?: { values: FormValues; csrf: string; idempotencyKey: string; notice?: string | undefined } | undefined;
}

export const UnitStep: FC<UnitStepProps> = (p) => {
  const legend = `Over welke ${p.unitWord} gaat uw klacht?`;
  const options = [...unitOptions(p.units, p.depth), { value: UNIT_UNKNOWN, label: 'Weet ik niet', description: 'Wij zoeken dan uit waar uw klacht hoort.' }];
  return (
    <>
      <h1 class="utrecht-heading-1">Klacht indienen bij {p.org.name}</h1>
      {p.carry?.notice ? <Alert kind="warning">{p.carry.notice}</Alert> : null}
      <p class="utrecht-paragraph">Eerst één vraag. Daarna ziet u welke gegevens wij nodig hebben.</p>
      <p class="utrecht-paragraph">
        Hoe wij met klachten omgaan, staat in onze <a class="utrecht-link kw-regulation-link" href={p.regulationHref}>klachtenregeling</a>.
      </p>
      <ErrorSummary errors={p.error ? { [p.carry ? 'unitId' : 'eenheid']: p.error } : {}} labels={{ unitId: 'Eenheid', eenheid: 'Eenheid' }} />
      {p.carry ? (
        <form method="post" action={`/${p.org.slug}/klacht`} enctype="multipart/form-data" novalidate>
          <CsrfField token={p.carry.csrf} />
          <input type="hidden" name="idempotencyKey" value={p.carry.idempotencyKey} />
          <input type="hidden" name="stap" value="eenheid" />
          <HiddenValues values={p.carry.values} except={['unitId']} />
          <ChoiceGroup type="radio" name="unitId" legend={legend} required options={options} value={p.chosen} error={p.error} />
          <SubmitButton>Verder</SubmitButton>
        </form>
      ) : (
        <form method="get" action={`/${p.org.slug}/klacht`} novalidate>
          <ChoiceGroup type="radio" name="eenheid" legend={legend} required options={options} value={p.chosen} error={p.error} />
          {/* A browser sends no `eenheid` when nothing is chosen: this marks the answer as given, so it gets its message. */}
          <input type="hidden" name="stap" value="eenheid" />
          <SubmitButton>Verder</SubmitButton>
        </form>
      )}
    </>
  );
};

export interface CheckStepProps {
  org: { name: string; slug: string };
  reg: Regulation;
  /** Several units: the chosen unit's name, or null for "Weet ik niet"; undefined with one unit. */
  unit?: { name: string | null } | undefined;
  unitWord: string;
  values: FormValues;
  pending: PendingUpload[];
  csrf: string;
  idempotencyKey: string;
  notice?: string | undefined;
}

/** The send button's words; the expired-form notice names them. */
export function sendLabel(values: FormValues): string {
  return str(values['kind']) === 'suggestion' ? 'Suggestie versturen' : 'Klacht versturen';
}

/** "Check your answers": everything the form will send, a "Wijzigen" button per answer, and one button to send. */
export const CheckStep: FC<CheckStepProps> = (p) => {
  const v = (k: string) => str(p.values[k])?.trim() || undefined;
  const relation = v('complainant.relation');
  const relationLabel = relation === 'other' ? 'Iets anders' : relation ? capitalise(p.reg.intake.complainants.kinds.find((k) => k.kind === relation)?.label ?? COMPLAINANT_KIND_LABELS[relation as keyof typeof COMPLAINANT_KIND_LABELS] ?? relation) : undefined;
  const forOther = v('forWhom') === 'other' || actsForClient(relation);
  const rows: { field: string; label: string; value: string | undefined; hidden?: boolean }[] = [
    ...(p.unit ? [{ field: 'eenheid', label: capitalise(p.unitWord), value: p.unit.name ?? 'Weet ik niet' }] : []),
    ...(p.reg.intake.suggestions?.accepted ? [{ field: 'kind', label: 'Wat u indient', value: v('kind') === 'suggestion' ? 'Een suggestie of idee' : 'Een klacht' }] : []),
    { field: 'subject', label: 'Onderwerp', value: v('subject') },
    { field: 'description', label: 'Wat er is gebeurd', value: v('description') },
    { field: 'conductOn', label: 'Datum', value: v('conductOn') ? formatDutchDate(v('conductOn')!) : undefined },
    { field: 'respondentName', label: 'Over wie', value: v('respondentName') },
    { field: 'respondentDepartment', label: 'Afdeling van die persoon', value: v('respondentDepartment') },
    { field: 'complainant.relation', label: 'Wie u bent', value: relationLabel, hidden: !p.reg.intake.complainants.kinds.some((k) => k.kind !== 'representative') },
    { field: 'forWhom', label: 'Namens', value: forOther ? [v('complainant.onBehalfOf'), v('complainant.representativeRelation') ? `(${v('complainant.representativeRelation')})` : undefined].filter(Boolean).join(' ') : 'Voor mijzelf', hidden: p.reg.intake.complainants.representation.allowed === 'no' && forClientKinds(p.reg).length === 0 },
    { field: 'complainant.name', label: 'Naam', value: v('complainant.name') },
    { field: 'complainant.postalAddress', label: 'Postadres', value: v('complainant.postalAddress') },
    { field: 'complainant.email', label: 'E-mailadres', value: v('complainant.email') },
    { field: 'complainant.phone', label: 'Telefoonnummer', value: v('complainant.phone') },
    { field: 'attachments', label: 'Bijlagen', value: p.pending.length ? p.pending.map((f) => `${f.filename} (${sizeText(f.size)})`).join('\n') : undefined },
    ...(p.reg.intake.form.signatureRequired ? [{ field: 'signed', label: 'Ondertekend', value: v('signed') === 'ja' ? 'Ja' : 'Nee' }] : []),
  ];
  const send = sendLabel(p.values);
  return (
    <>
      <h1 class="utrecht-heading-1">Controleer uw {v('kind') === 'suggestion' ? 'suggestie' : 'klacht'}</h1>
      {p.notice ? <Alert kind="warning">{p.notice}</Alert> : null}
      <p class="utrecht-paragraph">Klopt alles? Klik dan op "{send}". Wilt u iets veranderen? Klik dan op "Wijzigen". Wat u al hebt ingevuld, blijft bewaard.</p>
      <form method="post" action={`/${p.org.slug}/klacht`} enctype="multipart/form-data" novalidate data-kw-once="">
        <CsrfField token={p.csrf} />
        <input type="hidden" name="idempotencyKey" value={p.idempotencyKey} />
        <input type="hidden" name="stap" value="versturen" />
        <HiddenValues values={p.values} />
        <dl class="kw-dl kw-answers">
          {rows
            .filter((r) => !r.hidden)
            .map((r) => (
              <div class="kw-dl__row">
                <dt>{r.label}</dt>
                <dd>{r.value ?? <span class="kw-muted">Niet ingevuld</span>}</dd>
                <dd class="kw-answers__change">
                  <button type="submit" name="wijzig" value={r.field} formaction={`/${p.org.slug}/klacht#${r.field === 'eenheid' ? 'unitId' : r.field === 'attachments' ? 'attachments' : r.field}`} class="utrecht-button utrecht-button--subtle kw-inline-button">
                    Wijzigen<span class="kw-visually-hidden"> {r.label.toLowerCase()}</span>
                  </button>
                </dd>
              </div>
            ))}
        </dl>
        <SubmitButton>{send}</SubmitButton>
      </form>
    </>
  );
};

export type { FieldErrors };
