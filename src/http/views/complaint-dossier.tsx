import { cite, inParentheses } from '../../domain/regulation/cite.ts';
import type { Child, FC } from 'hono/jsx';
import { describeTerm } from '../../domain/deadlines/index.ts';
import { COMPLAINANT_KIND_LABELS, COMPLAINT_FIELD_LABELS, type ComplainantKind, type ComplaintField } from '../../domain/regulation/index.ts';
import {
  deadlineKeys as deadlineKeysOf,
  deadlineLabel,
  procedurePhase,
  decisionChecklist,
  COMPLAINANT_ADDED_INFORMATION_EVENT,
  decisionText,
  decisionWords,
  EXTERNAL_BODY_KIND_LABELS,
  HEARING_PARTY_LABELS,
  OUTCOMES,
  outcomeLabel,
  roleLabel,
  theRole,
  statusDescription,
  actionLabel,
  isActionName,
  isStatus,
  type ChecklistItem,
  type ComplaintFacts,
  type Status,
  type HearingParty,
  type Outcome,
  type WorkflowPolicy,
} from '../../domain/workflow/index.ts';
import { ATTACHMENTS_ADDED } from '../../usecases/complaints/add-attachments.ts';
import { ATTACHMENT_HINT } from '../../usecases/complaints/attachments.ts';
import type { ComplaintDossier } from '../../usecases/complaints/get-complaint.ts';
import { ActionList, type ActionContext } from './complaint-actions.tsx';
import { describeProcedureDetails, OwnMilestoneNote, OwnMilestonesNotStarted, ProcedurePhase } from './complaint-procedure.tsx';
import type { FormValues } from './complaint-intake.tsx';
import { Badge, channelLabel, dutchDate, dutchDateTime, kindLabel, lightOf, lightOfDeadline, Row, statusLabel } from './complaint-parts.tsx';
import { CORRECTION_FIELD_LABELS } from '../../usecases/complaints/correct-registration.ts';
import { Alert, CsrfField, FileField, TextField, type FieldErrors } from './forms.tsx';
import { LETTER_DELIVERY_EVENT, MAIL_RECEIVED_EVENT, MAIL_SENT_EVENT, type ActionName, type DecisionFacts } from '../../domain/workflow/index.ts';
import { capitalise } from '../../shared/text.ts';

type Data = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const party = (v: unknown) => capitalise(HEARING_PARTY_LABELS[v as HearingParty] ?? str(v));

/** " Label: value." when there is a value (for the details of a history event). */
function part(label: string, value: unknown): string {
  const v = str(value).trim();
  return v ? ` ${label}: ${v}${/[.!?]$/.test(v) ? '' : '.'}` : '';
}
const on = (v: unknown, word = 'op') => (str(v) ? ` ${word} ${dutchDate(str(v))}` : '');

/**
 * One history event in plain Dutch: what happened, with EVERYTHING it recorded (notes, reports,
 * explanations, agreements and actions), so nothing recorded is invisible in the dossier or its print.
 */
/** After the decision's date in the dossier: whether its letter went out (the decision term runs until it did, 002 art. 6.9). */
function decisionLetterNote(decision: DecisionFacts, policy: WorkflowPolicy): string {
  const letter = decision.letter;
  if (!letter) return '';
  if (!letter.sentOn) return `. Beslissing genomen, brief nog niet verstuurd. De termijn loopt door tot de brief weg is${cite(policy.decision.article)}.`;
  return `. Brief verstuurd op ${dutchDate(letter.sentOn)}.`;
}

/** The sentence beside the status badge: a decision in the regulation's own word (001 art. 3.3 "het standpunt van de directie"). */
export function dossierStatusSentence(status: Status, kind: string, facts: ComplaintFacts, policy: WorkflowPolicy): string {
  return statusDescription(status, kind, facts, decisionWords(policy));
}

/**
 * "Geëscaleerd naar" in the dossier's state: the handovers only. A consultation is no escalation (003 "Behandeling van de
 * klacht": the coordinator consults het bestuur "bij wijze van de-escalatie"); it has its own row (`consultedWith`).
 */
export function escalatedTo(facts: ComplaintFacts, policy: WorkflowPolicy): string | undefined {
  const handovers = facts.escalations.filter((e) => e.kind !== 'consult');
  return handovers.length ? handovers.map((e) => `${roleLabel(policy, e.to)} op ${dutchDate(e.on)} (${e.reason})`).join('; ') : undefined;
}

/** "Overleg" in the dossier's state: with whom, since when, and its outcome once recorded. */
export function consultedWith(facts: ComplaintFacts, policy: WorkflowPolicy): string | undefined {
  return facts.consultations.length
    ? facts.consultations.map((c) => `${roleLabel(policy, c.role)}, voorgelegd op ${dutchDate(c.on)}: ${c.advice ?? 'uitkomst nog niet vastgelegd'}`).join('; ')
    : undefined;
}

export function describeEvent(type: string, raw: unknown, policy: WorkflowPolicy, names: Map<string, string>): { what: string; details: string } {
  const d: Data = typeof raw === 'object' && raw !== null ? (raw as Data) : {};
  const mail = type === MAIL_RECEIVED_EVENT ? 'E-mail ontvangen' : type === MAIL_SENT_EVENT ? 'E-mail verstuurd' : null;
  const what =
    mail ??
    (type === 'registered'
      ? 'Geregistreerd'
      : type === ATTACHMENTS_ADDED
        ? 'Stukken toegevoegd'
        : type === LETTER_DELIVERY_EVENT
          ? `Brief ${d['kind'] === 'decision' ? 'met de beslissing' : 'ontvangstbevestiging'} ${d['state'] === 'sent' ? 'verstuurd' : 'klaar, nog niet verstuurd'}`
        : type === COMPLAINANT_ADDED_INFORMATION_EVENT
          ? 'Informatie van de klager (via Mijn klacht)'
          : type === 'withdraw' && d['byComplainant'] === true
            ? 'Ingetrokken door de klager (via Mijn klacht)'
            : isActionName(type)
              ? actionLabel(type, policy)
              : type);
  const details = describeDetails(type, d, policy, names).trim();
  return { what, details };
}

function describeDetails(type: string, d: Data, policy: WorkflowPolicy, names: Map<string, string>): string {
  const optionLabel = (dim: string, key: string) => policy.classification.dimensions.find((x) => x.key === dim)?.options.find((o) => o.key === key)?.label ?? key;
  const note = part('Toelichting', d['note']);
  switch (type) {
    case 'registered':
      return `${kindLabel(str(d['kind'] ?? 'complaint'))}${d['channel'] ? `, ${channelLabel(str(d['channel']))}` : ''}${d['door'] === 'public' ? ' (openbaar formulier)' : ''}. Ontvangen op ${dutchDate(str(d['receivedOn']))}.${d['handlerUserId'] ? ` Behandelaar: ${names.get(str(d['handlerUserId'])) ?? 'onbekend'}.` : ''}${note}`;
    case 'acknowledge':
      return `Bevestigd op ${dutchDate(str(d['on']))}.${note}`;
    case MAIL_RECEIVED_EVENT: {
      const files = Array.isArray(d['files']) ? (d['files'] as Data[]).map((f) => str(f['filename'])) : [];
      return `Van ${str(d['from'])}: "${str(d['subject'])}".${files.length ? ` Stukken: ${files.join(', ')}.` : ''}${Array.isArray(d['refused']) && d['refused'].length ? ` Niet overgenomen (soort niet toegestaan, wel leesbaar in de .eml): ${(d['refused'] as unknown[]).map(String).join(', ')}.` : ''}`;
    }
    case LETTER_DELIVERY_EVENT:
      if (d['kind'] === 'decision') {
        return d['state'] === 'sent'
          ? `${d['channel'] === 'post' ? 'Per post' : 'Per e-mail'} op ${dutchDate(str(d['on']))}. De klager weet de beslissing daarmee schriftelijk.`
          : `${d['channel'] === 'post' ? 'Voor de post' : 'Per e-mail'}. De termijn voor de beslissing loopt door tot de brief echt verstuurd is.`;
      }
      return d['state'] === 'sent'
        ? `${d['channel'] === 'post' ? 'Per post' : 'Per e-mail'} op ${dutchDate(str(d['on']))}. De ontvangst is daarmee schriftelijk bevestigd.`
        : `${d['channel'] === 'post' ? 'Voor de post' : 'Per e-mail'}. De ontvangst is pas bevestigd als de brief echt verstuurd is.`;
    case MAIL_SENT_EVENT:
      return `Aan ${str(d['to'])}: "${str(d['subject'])}".${part('Bericht', d['text'])}`;
    case ATTACHMENTS_ADDED: {
      const files = Array.isArray(d['files']) ? (d['files'] as Data[]).map((f) => str(f['filename'])) : [];
      return `${files.join(', ')}.${d['note'] ? ` ${str(d['note'])}` : ''}`;
    }
    case 'assign':
      return `Behandelaar: ${names.get(str(d['handlerUserId'])) ?? 'onbekend'}.${note}`;
    case 'classify': {
      const values = (d['values'] ?? {}) as Record<string, string[]>;
      const parts = Object.entries(values).map(([dim, keys]) => `${policy.classification.dimensions.find((x) => x.key === dim)?.label ?? dim}: ${(Array.isArray(keys) ? keys : []).map((k) => optionLabel(dim, k)).join(', ')}`);
      if (d['severity']) parts.push(`ernst: ${policy.classification.severityLevels.find((l) => l.key === d['severity'])?.label ?? str(d['severity'])}`);
      if (d['sensitive'] === true) parts.push(policy.classification.sensitive?.label ?? 'gevoelig');
      if (d['respondentUserId'] || d['respondentName']) parts.push(`over wie: ${names.get(str(d['respondentUserId'])) ?? str(d['respondentName'])}`);
      return parts.length ? `${parts.join('; ')}.` : 'Zonder indeling.';
    }
    case 'send-copy-to-respondent':
      return `Afschrift verstuurd op ${dutchDate(str(d['on']))}${d['includesDocuments'] === true ? ', met de stukken' : d['includesDocuments'] === false ? ', zonder de stukken' : ''}.${note}`;
    case 'record-contact':
      return `Met ${str(d['with'])}${on(d['on'])}.${d['firstLine'] === true ? ' Eerste poging tot een oplossing.' : ''}${part('Samenvatting', d['summary'])}${part('Afspraken', d['agreements'])}${part('Acties', d['actions'])}`;
    case 'plan-hearing':
      return `${party(d['party'])}, op ${dutchDate(str(d['on']))}${d['time'] ? ` om ${str(d['time'])} uur` : ''}.${part('Plaats', d['place'])}${note}`;
    case 'record-hearing':
      return `${party(d['party'])} gehoord op ${dutchDate(str(d['on']))}.${part('Verslag', d['report'])}`;
    case 'waive-hearing':
      return `${party(d['party'])}: ${policy.hearing?.waiverGrounds.find((g) => g.key === d['ground'])?.label ?? str(d['ground'])}.${part('Toelichting', d['explanation'])}`;
    case 'escalate':
      // A consult step is an overleg (003 "Behandeling van de klacht": "overlegt de klachtencoördinator … met het bestuur"),
      // not a request for advice (walk 12b).
      return `${d['kind'] === 'consult' ? 'Voorgelegd aan' : d['kind'] === 'handover' ? 'Overgedragen aan' : 'Naar'} ${theRole(policy, str(d['to']))}${d['kind'] === 'consult' ? ' voor overleg' : ''}${d['handlerUserId'] ? ` (behandelaar: ${names.get(str(d['handlerUserId'])) ?? 'onbekend'})` : ''}.${part('Reden', d['reason'])}`;
    case 'suspend':
      return `Vanaf ${dutchDate(str(d['from']))}.${part('Reden', d['reason'])}`;
    case 'resume':
      return `Hervat op ${dutchDate(str(d['on']))}.${note}`;
    case 'extend': {
      const term = d['term'] as { amount: number; unit: 'weeks' } | undefined;
      return `${term ? `Met ${describeTerm(term)}` : 'Verlengd'}, bericht op ${dutchDate(str(d['noticeOn']))}${d['late'] === true ? ' (te laat: na het einde van de termijn; de oorspronkelijke termijn blijft gelden)' : ''}.${part('Reden', d['reason'])}`;
    }
    case 'declare-inadmissible':
      return `${policy.admissibility.grounds.find((g) => g.key === d['ground'])?.label ?? str(d['ground'])}.${part('Toelichting', d['explanation'])}${d['conductOn'] ? ` Gedraging op ${dutchDate(str(d['conductOn']))}.` : ''}${d['on'] ? ` Klager bericht op ${dutchDate(str(d['on']))}.` : ''}`;
    case 'decide': {
      const measures = Array.isArray(d['measures']) ? (d['measures'] as unknown[]).map(str).filter(Boolean) : [];
      const named = d['externalBodyNamed'];
      return `${(OUTCOMES as readonly string[]).includes(str(d['outcome'])) ? outcomeLabel(policy.decision.outcomes, d['outcome'] as Outcome) : str(d['outcome'])}, op ${dutchDate(str(d['decidedOn']))}${d['form'] === 'oral' ? ', mondeling meegedeeld' : d['form'] === 'written' ? ', schriftelijk' : ''}.${part(decisionText(policy).heading, d['reasoning'])}${measures.length ? part('Maatregelen', measures.join('; ')) : ''}${named === true ? ' De externe klachtinstantie is genoemd.' : typeof named === 'string' && named ? ` Genoemd: ${named}.` : ''}${part('Toch (deels) gegrond na afzien van horen', d['waiverContradictionReason'])}${Array.isArray(d['recommendations']) && d['recommendations'].length ? part('Aanbevelingen', (d['recommendations'] as unknown[]).map(str).join('; ')) : ''}`;
    }
    case 'record-satisfaction':
      return `${d['satisfied'] === true ? 'De klager is tevreden' : 'De klager is niet tevreden'}${on(d['on'])}.${note}`;
    case 'correct-satisfaction':
      return `Gecorrigeerd: de klager is ${d['satisfied'] === true ? 'tevreden' : 'niet tevreden'}${on(d['on'])}.${part('Reden', d['reason'])}`;
    case 'convert-to-complaint':
      return `Nu een klacht, ontvangen op ${dutchDate(str(d['receivedOn']))}.${part('Reden', d['reason'])}`;
    case 'sign-off':
      return `Door ${roleLabel(policy, str(d['role']))}${d['signedBy'] ? ` (${str(d['signedBy'])})` : ''}${on(d['on'])}.`;
    case 'record-advice':
      return `Overleg met ${theRole(policy, str(d['role']))}${on(d['on'])}.${part('Uitkomst', d['advice'])}`;
    case 'reopen':
      return `${d['on'] ? `Op ${dutchDate(str(d['on']))}.` : ''}${part('Reden', d['reason'])}`;
    case 'record-external-procedure':
      return `${str(d['bodyName'])} (${EXTERNAL_BODY_KIND_LABELS[d['bodyKind'] as keyof typeof EXTERNAL_BODY_KIND_LABELS] ?? str(d['bodyKind'])}), ingediend op ${dutchDate(str(d['submittedOn']))}.${part('Kenmerk', d['reference'])}`;
    case 'record-external-ruling':
      return `${d['on'] ? `Uitspraak van ${dutchDate(str(d['on']))}.` : ''}${part('Uitspraak', d['outcome'])}`;
    case 'record-organisation-reaction':
      return `Door ${str(d['by'])}${on(d['on'])}: ${str(d['text'])}`;
    case 'inform-respondent':
      return `Op de hoogte gebracht${on(d['on'])}.${note}`;
    case 'add-note':
      return str(d['text']);
    case 'correct-registration': {
      const changes = Array.isArray(d['changes']) ? (d['changes'] as Data[]) : [];
      const shown = (v: unknown) => (str(v) ? `"${str(v)}"` : '(leeg)');
      const parts = changes.map((x) => `${capitalise(CORRECTION_FIELD_LABELS[str(x['field'])] ?? str(x['field']))}: ${shown(x['from'])} werd ${shown(x['to'])}`);
      return `${parts.length ? `${parts.join('. ')}.` : ''}${part('Reden', d['reason'])}`;
    }
    case 'withdraw':
      return `${d['on'] ? `Op ${dutchDate(str(d['on']))}.` : ''}${part('Reden', d['reason'])}`;
    case COMPLAINANT_ADDED_INFORMATION_EVENT: {
      const files = Array.isArray(d['files']) ? (d['files'] as Data[]).map((f) => str(f['filename'])).filter(Boolean) : [];
      return `${str(d['text'])}${files.length ? `${str(d['text']) ? ' ' : ''}Bestanden: ${files.join(', ')}.` : ''}`;
    }
    case 'close':
      return `${d['on'] ? `Op ${dutchDate(str(d['on']))}.` : ''}${note}`;
    default:
      return describeProcedureDetails(type, d, policy) ?? note;
  }
}

export interface DossierProps {
  dossier: ComplaintDossier;
  today: string;
  ctx: ActionContext;
  names: Map<string, string>;
  notice?: string | undefined;
  failed?: { action: ActionName; values: FormValues; errors: FieldErrors } | undefined;
  /** The message of a refused upload, shown at the file field. */
  attachmentError?: string | undefined;
  /** The dossier's letters (views/letters.tsx), shown before the attachments. */
  letters?: Child | undefined;
  /** The measures that came from this complaint (views/measures.tsx, ADR 0017), shown after the letters. */
  measures?: Child | undefined;
  /** The list with its search and filters this dossier was opened from (backToList), else the whole list. */
  back?: string | null | undefined;
  /** Whose regulation the complaint runs under (a unit's own, or the organisation's), where units have their own (004 §2). */
  regulationOf?: string | null | undefined;
}

export const Dossier: FC<DossierProps> = ({ dossier, today, ctx, names, notice, failed, attachmentError, letters, measures, back, regulationOf }) => {
  const { complaint: c, facts, regulation } = dossier;
  const policy = regulation.policy;
  const reg = regulation.regulation;
  const who = c.complainant as Record<string, string | undefined>;
  const details = c.details as Record<string, unknown>;
  const relationLabel = who['relation'] ? (reg.intake.complainants.kinds.find((k) => k.kind === who['relation'])?.label ?? COMPLAINANT_KIND_LABELS[who['relation'] as ComplainantKind] ?? who['relation']) : undefined;
  const deadlineKeys = deadlineKeysOf(dossier.deadlines);
  const phase = procedurePhase(facts, policy);
  const notYet = policy.ownMilestones.filter((m) => !dossier.deadlines[m.key]);
  const cls = facts.classification;
  return (
    <>
      <p class="utrecht-paragraph kw-noprint">
        {back && back !== '/klachten' ? (
          <a class="utrecht-link" href={back}>
            Terug naar de lijst met uw zoekopdracht
          </a>
        ) : (
          <a class="utrecht-link" href="/klachten">
            Terug naar alle klachten
          </a>
        )}
      </p>
      <h1 class="utrecht-heading-1">
        {kindLabel(c.kind)} {c.reference}
      </h1>
      <p class="utrecht-paragraph">
        <span class="kw-status kw-status--none">{statusLabel(c.status)}</span> {isStatus(c.status) ? dossierStatusSentence(c.status, c.kind, facts, policy) : ''}
      </p>
      {dossier.runningDeadline ? (
        // The deadline that runs now, at the top: on a phone it is seen before anything else.
        <p class="utrecht-paragraph kw-running-deadline">
          Termijn die nu loopt: <strong>{dossier.runningDeadline.label} {dutchDate(dossier.runningDeadline.due)}</strong>{' '}
          <Badge {...lightOf(dossier.runningDeadline.due, today)} />
        </p>
      ) : null}
      {notice ? <Alert kind="ok">{notice}</Alert> : null}
      {attachmentError ? (
        <div class="utrecht-alert utrecht-alert--error kw-error-summary" role="alert" tabindex={-1} id="foutmeldingen">
          <h2 class="utrecht-heading-2">De stukken zijn niet toegevoegd</h2>
          <p class="utrecht-paragraph">
            <a class="utrecht-link" href="#bijlagen-toevoegen">{attachmentError}</a>
          </p>
        </div>
      ) : null}
      {c.subject ? <p class="utrecht-paragraph kw-lead">{c.subject}</p> : null}
      {Array.isArray(details['registrationGaps']) && details['registrationGaps'].length ? (
        <Alert kind="warning">
          Deze registratie is onvolledig. De klachtenregeling vraagt ook:{' '}
          {(details['registrationGaps'] as string[]).map((k) => COMPLAINT_FIELD_LABELS[k as ComplaintField] ?? k).join('; ')}
          {reg.intake.registrationFields[0] ? ` ${inParentheses(reg.intake.registrationFields[0].source.article)}` : ''}.
        </Alert>
      ) : null}

      <div class="kw-dossier">
        <div class="kw-dossier__main">
          {phase ? <ProcedurePhase phase={phase} facts={facts} policy={policy} /> : null}
          {deadlineKeys.length || notYet.length ? (
            <section aria-labelledby="termijnen-kop">
              <h2 class="utrecht-heading-2" id="termijnen-kop">Termijnen</h2>
              <p class="utrecht-paragraph">
                {dossier.runningDeadline
                  ? `Termijn die nu loopt: ${dossier.runningDeadline.label} ${dutchDate(dossier.runningDeadline.due)}.`
                  : facts.status === 'suspended'
                    ? 'De klacht is opgeschort: de termijn loopt nu niet.'
                    : 'Er loopt nu geen termijn.'}
              </p>
              <table class="utrecht-table">
                <caption class="utrecht-table__caption kw-visually-hidden">Termijnen van deze klacht</caption>
                <thead class="utrecht-table__header">
                  <tr class="utrecht-table__row">
                    <th class="utrecht-table__header-cell" scope="col">Termijn</th>
                    <th class="utrecht-table__header-cell" scope="col">Uiterlijk op</th>
                    <th class="utrecht-table__header-cell" scope="col">Stand</th>
                  </tr>
                </thead>
                <tbody class="utrecht-table__body">
                  {deadlineKeys.map((k) => {
                    const d = dossier.deadlines[k]!;
                    // Without an extension the latest date after one is information, not a deadline: no traffic light,
                    // and once decided it says nothing (walkthrough: "uiterlijk na verlenging" read as a second deadline).
                    // Once extended, the decision row holds the new date and a second extension is not possible: the
                    // latest date an extension could have reached is no deadline of this complaint (walkthrough: it read
                    // as a second running decision deadline, "Op tijd" three weeks after the real one).
                    if (k === 'decisionMaxExtended' && facts.extension) return null;
                    const onlyIfExtended = k === 'decisionMaxExtended' && !facts.extension;
                    if (onlyIfExtended && d.met) return null;
                    const l = onlyIfExtended ? { light: 'none' as const, text: 'Alleen als de termijn wordt verlengd' } : lightOfDeadline(d, today);
                    return (
                      <tr class="utrecht-table__row">
                        <th class="utrecht-table__cell" scope="row">
                          {onlyIfExtended ? `${decisionWords(policy).heading}, uiterlijk als de termijn wordt verlengd` : deadlineLabel(k, dossier.deadlines, policy)}
                          {d.own ? <OwnMilestoneNote own={d.own} /> : null}
                        </th>
                        <td class="utrecht-table__cell kw-nowrap">{dutchDate(d.due)}</td>
                        <td class="utrecht-table__cell">
                          <Badge light={l.light} text={l.text} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              {notYet.length ? <OwnMilestonesNotStarted milestones={notYet} /> : null}
            </section>
          ) : null}

          <section aria-labelledby="klacht-kop">
            <h2 class="utrecht-heading-2" id="klacht-kop">De klacht</h2>
            <dl class="kw-dl">
              <Row label="Ontvangen op" value={dutchDate(c.receivedOn)} />
              <Row label="Binnengekomen" value={channelLabel(c.channel)} />
              <Row label="Eenheid" value={c.unit.unknown ? `Nog geen eenheid: de klager wist het niet. De klacht wacht bij ${c.unit.name}.` : c.unit.name} />
              <Row label="Wanneer gebeurde het" value={dutchDate(str(details['conductOn']))} />
              <Row label="Over wie" value={[facts.respondentName ?? str(details['respondentName']), str(details['respondentDepartment'])].filter(Boolean).join(', ')} />
              <Row label="Vastgesteld (wanneer, waar, door wie)" value={details['establishedBy']} />
              <Row label="Datum op de brief" value={details['documentDate'] ? dutchDate(str(details['documentDate'])) : undefined} />
              <Row label="Aangenomen door" value={details['receivedBy']} />
              <Row label="Doorgegeven aan" value={details['passedTo']} />
              <Row label="Ondertekend" value={details['signed'] === true ? (c.channel === 'web_form' ? 'Ja, op het formulier' : 'Ja, de brief is ondertekend') : details['writtenDownAndSigned'] === true ? 'Ja, op papier gezet en ondertekend' : undefined} />
              <Row label="Onderwerp dat geen klacht is" value={facts.notComplaintKey ? (reg.intake.notComplaints.find((n) => n.key === facts.notComplaintKey)?.label ?? facts.notComplaintKey) : undefined} />
              <Row label="Doorverwezen naar" value={redirectLine(reg.intake.notComplaints.find((n) => n.key === facts.notComplaintKey)?.redirect)} />
              <Row label="Toelichting" value={details['note']} />
            </dl>
            <h3 class="utrecht-heading-3">Omschrijving</h3>
            <div class="kw-text">{c.description}</div>
          </section>

          <section aria-labelledby="klager-kop">
            <h2 class="utrecht-heading-2" id="klager-kop">De klager</h2>
            <dl class="kw-dl">
              <Row label="Naam" value={who['name']} />
              <Row label="Relatie" value={relationLabel} />
              <Row label={who['relation'] === 'bereaved' ? 'Namens (overleden cliënt)' : 'Namens'} value={who['onBehalfOf'] ? `${who['onBehalfOf']}${who['representativeRelation'] ? ` (${who['representativeRelation']})` : ''}` : undefined} />
              <Row label="E-mailadres" value={who['email']} />
              <Row label="Telefoon" value={who['phone']} />
              <Row label="Postadres" value={who['postalAddress']} />
              {dossier.linkedComplaint ? (
                <Row label="Gekoppeld aan eerdere klacht" value={null}>
                  {dossier.linkedComplaint.reference ? (
                    <a class="utrecht-link" href={`/klachten/${dossier.linkedComplaint.id}`}>{dossier.linkedComplaint.reference}</a>
                  ) : (
                    'Een klacht die u niet kunt inzien'
                  )}
                </Row>
              ) : null}
            </dl>
            <h3 class="utrecht-heading-3" id="eerder-kop">Andere klachten van deze klager</h3>
            {dossier.sameComplainant.length ? (
              <ul class="utrecht-unordered-list" aria-labelledby="eerder-kop">
                {dossier.sameComplainant.map((x) => (
                  <li class="utrecht-unordered-list__item">
                    <a class="utrecht-link" href={`/klachten/${x.id}`}>{x.reference}</a> {kindLabel(x.kind).toLowerCase()}, ontvangen op {dutchDate(x.receivedOn)}, {statusLabel(x.status).toLowerCase()}
                    {x.subject ? `: ${x.subject}` : ''}
                  </li>
                ))}
              </ul>
            ) : (
              <p class="utrecht-paragraph kw-muted">Geen andere klachten gevonden met hetzelfde e-mailadres, telefoonnummer of dezelfde naam en postcode (alleen klachten die u kunt inzien).</p>
            )}
          </section>

          <section aria-labelledby="stand-kop">
            <h2 class="utrecht-heading-2" id="stand-kop">Stand van zaken</h2>
            <dl class="kw-dl">
              <Row label="Behandelaar" value={c.handler?.name ?? 'Nog niemand'} />
              <Row label="Ontvangst bevestigd" value={facts.acknowledgedOn ? dutchDate(facts.acknowledgedOn) : c.kind !== 'complaint' ? undefined : facts.acknowledgement?.letter ? `Nog niet: de brief is nog niet verstuurd${cite(policy.terms.acknowledgementArticle)}` : 'Nog niet'} />
              <Row
                label="Indeling"
                value={
                  cls
                    ? [
                        ...Object.entries(cls.values).map(([dim, keys]) => {
                          const d = policy.classification.dimensions.find((x) => x.key === dim);
                          return `${d?.label ?? dim}: ${keys.map((k) => d?.options.find((o) => o.key === k)?.label ?? k).join(', ')}`;
                        }),
                        cls.severity ? `Ernst: ${policy.classification.severityLevels.find((l) => l.key === cls.severity)?.label ?? cls.severity}` : '',
                        cls.sensitive ? capitalise(policy.classification.sensitive?.label ?? 'gevoelig') : '',
                      ]
                        .filter(Boolean)
                        .join(' · ') || 'Ingedeeld, zonder keuzes'
                    : undefined
                }
              />
              {policy.hearing
                ? policy.hearing.parties.filter((p) => p === 'complainant' || facts.respondentUserId !== null || !!facts.respondentName).map((p) => {
                    const h = facts.hearings[p];
                    const state = h.heard.length
                      ? `Gehoord op ${dutchDate(h.heard.at(-1)!.on)}`
                      : h.waived
                        ? `Afgezien: ${policy.hearing!.waiverGrounds.find((g) => g.key === h.waived!.ground)?.label ?? h.waived.ground}${h.waived.explanation ? `. Toelichting: ${h.waived.explanation}` : ''}`
                        : h.planned.length
                          ? `Gepland op ${dutchDate(h.planned.at(-1)!.on)}`
                          : 'Nog niet gehoord';
                    return <Row label={`Horen: ${HEARING_PARTY_LABELS[p]}`} value={state} />;
                  })
                : null}
              <Row
                label="Afschrift aan betrokkene"
                value={facts.copySentOn ? `Verstuurd op ${dutchDate(facts.copySentOn)}${facts.copyIncludesDocuments === true ? ', met de stukken' : facts.copyIncludesDocuments === false ? ', zonder de stukken' : ''}` : undefined}
              />
              <Row label="Geëscaleerd naar" value={escalatedTo(facts, policy)} />
              <Row label="Opgeschort" value={facts.suspensions.length ? facts.suspensions.map((s) => `${dutchDate(s.from)} tot ${s.to ? dutchDate(s.to) : 'nu'} (${s.reason})`).join('; ') : undefined} />
              <Row label="Verlengd" value={facts.extension ? `Met ${describeTerm(facts.extension.term)}, bericht op ${dutchDate(facts.extension.noticeOn)}${facts.extension.late ? '. Te laat: het bericht ging weg na het einde van de termijn, dus de oorspronkelijke termijn blijft gelden' : ''}${facts.extension.reason ? `. Reden: ${facts.extension.reason}` : ''}` : undefined} />
              <Row
                label="Niet-ontvankelijk"
                value={facts.inadmissible ? `${policy.admissibility.grounds.find((g) => g.key === facts.inadmissible!.ground)?.label ?? facts.inadmissible.ground}. ${facts.inadmissible.explanation}` : undefined}
              />
              <Row label="Ingetrokken" value={facts.withdrawn ? `${dutchDate(facts.withdrawn.on)}${facts.withdrawn.reason ? `. Reden: ${facts.withdrawn.reason}` : ''}` : undefined} />
              <Row label="Beslissing" value={facts.decision ? `${outcomeLabel(policy.decision.outcomes, facts.decision.outcome)}, op ${dutchDate(facts.decision.decidedOn)}${decisionLetterNote(facts.decision, policy)}` : undefined} />
              <Row label={decisionText(policy).heading} value={facts.decision?.reasoning} />
              <Row label="Maatregelen" value={facts.decision?.measures.length ? facts.decision.measures.join('; ') : undefined} />
              <Row
                label="Tevreden"
                value={
                  facts.satisfaction
                    ? `${facts.satisfaction.satisfied ? 'Ja' : 'Nee'}${facts.satisfaction.note ? `. ${facts.satisfaction.note}` : ''}${facts.satisfactionCorrections.length ? ` (gecorrigeerd op ${dutchDate(facts.satisfactionCorrections.at(-1)!.on)}: ${facts.satisfactionCorrections.at(-1)!.reason})` : ''}`
                    : undefined
                }
              />
              <Row label="Toch (deels) gegrond na afzien van horen" value={facts.decision?.waiverContradictionReason ?? undefined} />
              <Row
                label="Eerst geregistreerd als geen klacht"
                value={
                  facts.convertedFrom
                    ? `Op ${dutchDate(facts.convertedFrom.receivedOn)}${facts.convertedFrom.notComplaintKey ? ` (${reg.intake.notComplaints.find((n) => n.key === facts.convertedFrom!.notComplaintKey)?.label ?? facts.convertedFrom.notComplaintKey})` : ''}. ${facts.convertedFrom.reason}`
                    : undefined
                }
              />
              <Row label="Uitkomst aan betrokkene" value={facts.respondentInformedOn ? `Op de hoogte gebracht op ${dutchDate(facts.respondentInformedOn)}` : undefined} />
              <Row label="Overleg" value={consultedWith(facts, policy)} />
              <Row label="Getekend" value={facts.signOffs.length ? facts.signOffs.map((s) => `${roleLabel(policy, s.role)}${s.byUserId && names.get(s.byUserId) ? ` (${names.get(s.byUserId)})` : ''} op ${dutchDate(s.on)}`).join('; ') : undefined} />
              {facts.externalProcedures.map((p) => (
                <Row
                  label={`Externe procedure: ${EXTERNAL_BODY_KIND_LABELS[p.bodyKind as keyof typeof EXTERNAL_BODY_KIND_LABELS] ?? p.bodyKind}`}
                  value={`${p.bodyName}, ingediend op ${dutchDate(p.submittedOn)}${p.ruling ? `. Uitspraak: ${p.ruling.outcome}` : ''}${p.reactions.length ? `. Reactie: ${p.reactions.map((r) => r.text).join(' ')}` : ''}`}
                />
              ))}
              <Row label="Klachtenregeling" value={`${reg.metadata.title}, versie ${regulation.version}${regulationOf ? ` van ${regulationOf}` : ''}`} />
            </dl>
          </section>

          <HearingsAndContacts facts={facts} />

          {letters}

          {measures}

          <section aria-labelledby="bijlagen-kop">
            <h2 class="utrecht-heading-2" id="bijlagen-kop">Bijlagen</h2>
            {dossier.attachments.length ? (
              <ul class="utrecht-unordered-list">
                {dossier.attachments.map((a) => (
                  <li class="utrecht-unordered-list__item">
                    <a class="utrecht-link" href={`/klachten/${c.id}/bijlagen/${a.id}`}>
                      {a.filename}
                    </a>{' '}
                    <span class="kw-muted">({Math.max(1, Math.round(a.size / 1024))} kB)</span>
                    {a.contentType === 'message/rfc822' ? (
                      <>
                        {' '}
                        <a class="utrecht-link" href={`/klachten/${c.id}/bijlagen/${a.id}/lezen`}>
                          lezen<span class="kw-visually-hidden"> ({a.filename})</span>
                        </a>
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            ) : (
              <p class="utrecht-paragraph">Geen bijlagen.</p>
            )}
            <form method="post" action={`/klachten/${c.id}/bijlagen`} enctype="multipart/form-data" class="kw-noprint" novalidate>
              <CsrfField token={ctx.csrf} />
              <FileField name="attachments" id="bijlagen-toevoegen" label="Stukken toevoegen" multiple error={attachmentError} description={`Bijvoorbeeld correspondentie, een verslag of stukken van de externe klachtinstantie. ${ATTACHMENT_HINT}`} />
              <TextField name="note" id="bijlagen-toelichting" label="Toelichting" maxLength={1000} />
              <button type="submit" class="utrecht-button utrecht-button--secondary-action">Toevoegen aan dossier</button>
            </form>
            <p class="utrecht-paragraph kw-noprint">
              <a class="utrecht-link" href={`/klachten/${c.id}/e-mail`}>E-mail sturen of beantwoorden</a>
            </p>
          </section>

          <section aria-labelledby="geschiedenis-kop">
            <h2 class="utrecht-heading-2" id="geschiedenis-kop">Geschiedenis</h2>
            <table class="utrecht-table">
              <caption class="utrecht-table__caption kw-visually-hidden">Alles wat er met deze klacht is gebeurd, oudste eerst</caption>
              <thead class="utrecht-table__header">
                <tr class="utrecht-table__row">
                  <th class="utrecht-table__header-cell" scope="col">Wanneer</th>
                  <th class="utrecht-table__header-cell" scope="col">Wie</th>
                  <th class="utrecht-table__header-cell" scope="col">Wat</th>
                </tr>
              </thead>
              <tbody class="utrecht-table__body">
                {dossier.history.map((h) => {
                  const unreadable = facts.unreadableEvents.includes(h.seq);
                  const e = unreadable ? { what: describeEvent(h.type, {}, policy, names).what, details: '' } : describeEvent(h.type, h.data, policy, names);
                  return (
                    <tr class="utrecht-table__row">
                      <td class="utrecht-table__cell kw-nowrap">{dutchDateTime(h.at)}</td>
                      <td class="utrecht-table__cell">{h.actorName ?? (h.actorUserId ? 'Onbekende gebruiker' : isAutomatic(h.data) ? 'Klachtwijs (automatisch)' : (h.actorRoles as readonly string[]).includes('complainant') ? 'Klager (Mijn klacht)' : 'Klager (formulier)')}</td>
                      <td class="utrecht-table__cell">
                        <strong>{e.what}</strong>
                        {unreadable ? (
                          <>
                            {' '}
                            — <span class="kw-unreadable">Deze gebeurtenis kan niet worden gelezen</span> (soort: {h.type}, nummer {h.seq}).
                          </>
                        ) : e.details ? (
                          <> — {e.details}</>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
          {dossier.accessLog ? <AccessLog entries={dossier.accessLog} policy={policy} /> : null}
        </div>
        <div class="kw-dossier__side kw-noprint">
          {c.kind === 'complaint' && ['new', 'in_progress', 'suspended'].includes(facts.status) ? <NextSteps items={decisionChecklist(facts, policy)} decision={decisionWords(policy).the} /> : null}
          <ActionList actions={dossier.actions} ctx={ctx} failed={failed} />
        </div>
      </div>
    </>
  );
};

/** Hearings (planned, heard with the report, waived with the explanation) and contacts, in full. */
const HearingsAndContacts: FC<{ facts: ComplaintDossier['facts'] }> = ({ facts }) => {
  const parties = (['complainant', 'respondent'] as const).filter((p) => facts.hearings[p].planned.length || facts.hearings[p].heard.length || facts.hearings[p].waived);
  if (!parties.length && !facts.contacts.length) return null;
  return (
    <section aria-labelledby="horen-kop">
      <h2 class="utrecht-heading-2" id="horen-kop">Horen en contact</h2>
      {parties.map((p) => {
        const h = facts.hearings[p];
        return (
          <>
            <h3 class="utrecht-heading-3">Horen: {HEARING_PARTY_LABELS[p]}</h3>
            <dl class="kw-dl">
              {h.planned.map((x) => (
                <Row label="Gepland" value={`${dutchDate(x.on)}${x.note ? `. ${x.note}` : ''}`} />
              ))}
              {h.heard.map((x) => (
                <Row label={`Gehoord op ${dutchDate(x.on)}`} value={null}>
                  <div class="kw-text">{x.report ? `Verslag: ${x.report}` : 'Geen verslag vastgelegd.'}</div>
                </Row>
              ))}
              {h.waived ? <Row label={`Afgezien op ${dutchDate(h.waived.on)}`} value={h.waived.explanation ? `Toelichting: ${h.waived.explanation}` : 'Zonder toelichting.'} /> : null}
            </dl>
          </>
        );
      })}
      {facts.contacts.length ? (
        <>
          <h3 class="utrecht-heading-3">Contacten</h3>
          <dl class="kw-dl">
            {facts.contacts.map((x) => (
              <Row label={`${dutchDate(x.on)}, met ${x.with}`} value={null}>
                <div class="kw-text">
                  {[x.firstLine ? 'Eerste poging tot een oplossing.' : '', x.summary ?? '', x.agreements ? `Afspraken: ${x.agreements}` : '', x.actions ? `Acties: ${x.actions}` : ''].filter(Boolean).join('\n') || 'Zonder samenvatting.'}
                </div>
              </Row>
            ))}
          </dl>
        </>
      ) : null}
    </section>
  );
};

/** What the regulation still asks before a decision, in words (done / still to do), not colour alone. */
const NextSteps: FC<{ items: ChecklistItem[]; decision: string }> = ({ items, decision }) => (
  <section aria-labelledby="stappen-kop" class="kw-card kw-next-steps">
    <h2 class="utrecht-heading-3" id="stappen-kop">
      Op weg naar {decision}
    </h2>
    <ul class="kw-checklist">
      {items.map((i) => (
        <li class={i.done ? 'kw-checklist__item kw-checklist__item--done' : 'kw-checklist__item'}>
          <span class="kw-checklist__state">{i.done ? 'Gedaan' : 'Nog te doen'}</span>: {i.label}
          {i.article ? <span class="kw-muted"> (art. {i.article})</span> : null}
        </li>
      ))}
    </ul>
  </section>
);

const ACCESS_LABELS: Record<string, string> = {
  'complaint.registered': 'geregistreerd',
  'complaint.viewed': 'ingezien',
  'complaint.listed': 'in een lijst getoond',
  'complaint.attachment_viewed': 'bijlage geopend',
  'complaint.attachments_added': 'stukken toegevoegd',
};

/** Who read or changed the dossier, for the coordinator (AVG: who has seen my data?). */
const AccessLog: FC<{ entries: NonNullable<ComplaintDossier['accessLog']>; policy: WorkflowPolicy }> = ({ entries, policy }) => (
  <section aria-labelledby="inzage-kop" class="kw-noprint">
    <h2 class="utrecht-heading-2" id="inzage-kop">
      Wie heeft dit dossier ingezien of gewijzigd
    </h2>
    <details class="kw-details">
      <summary class="kw-details__summary">Toon inzage en wijzigingen ({entries.length})</summary>
      <table class="utrecht-table">
        <caption class="utrecht-table__caption kw-visually-hidden">Inzage en wijzigingen, nieuwste eerst (hoogstens 100)</caption>
        <thead class="utrecht-table__header">
          <tr class="utrecht-table__row">
            <th class="utrecht-table__header-cell" scope="col">Wanneer</th>
            <th class="utrecht-table__header-cell" scope="col">Wie</th>
            <th class="utrecht-table__header-cell" scope="col">Wat</th>
          </tr>
        </thead>
        <tbody class="utrecht-table__body">
          {entries.map((e) => (
            <tr class="utrecht-table__row">
              <td class="utrecht-table__cell kw-nowrap">{dutchDateTime(e.at.toISOString())}</td>
              <td class="utrecht-table__cell">{e.actorName ?? 'Klager (formulier)'}</td>
              <td class="utrecht-table__cell">{ACCESS_LABELS[e.action] ?? accessActionLabel(e.action, policy)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  </section>
);

/**
 * An audited action in the access log, in the regulation's own words as the dossier's buttons and history say it
 * (`actionLabel`: "standpunt vastleggen" under 001 art. 3.3, "antwoord vastleggen" under 003).
 */
export function accessActionLabel(action: string, policy: WorkflowPolicy): string {
  const name = action.replace(/^complaint\./, '');
  return isActionName(name) ? actionLabel(name, policy).toLowerCase() : name;
}


/** An event the system recorded for the organisation (the automatic acknowledgement, ADR 0010). */
function isAutomatic(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { automatic?: unknown }).automatic === true;
}

/** Where a person with a subject that is no complaint was sent (issue 12, `notComplaints[].redirect`), as one line. */
function redirectLine(r: { text: string; name?: string | undefined; url?: string | undefined } | undefined): string | undefined {
  if (!r) return undefined;
  return [r.text.replace(/\.\s*$/, ''), r.name, r.url].filter(Boolean).join(' – ');
}
