import type { FC } from 'hono/jsx';
import { describeTerm } from '../../domain/deadlines/index.ts';
import { COMPLAINANT_KIND_LABELS, type ComplainantKind } from '../../domain/regulation/index.ts';
import {
  DEADLINE_KEYS,
  DEADLINE_LABELS,
  decisionChecklist,
  EXTERNAL_BODY_KIND_LABELS,
  HEARING_PARTY_LABELS,
  OUTCOME_LABELS,
  roleLabel,
  STATUS_DESCRIPTIONS,
  WORKFLOW,
  isActionName,
  isStatus,
  type ChecklistItem,
  type HearingParty,
  type Outcome,
  type WorkflowPolicy,
} from '../../domain/workflow/index.ts';
import { ATTACHMENTS_ADDED } from '../../usecases/complaints/add-attachments.ts';
import { ATTACHMENT_HINT } from '../../usecases/complaints/attachments.ts';
import type { ComplaintDossier } from '../../usecases/complaints/get-complaint.ts';
import { ActionList, type ActionContext } from './complaint-actions.tsx';
import type { FormValues } from './complaint-intake.tsx';
import { Badge, channelLabel, dutchDate, dutchDateTime, kindLabel, lightOfDeadline, Row, statusLabel } from './complaint-parts.tsx';
import { Alert, CsrfField, FileField, TextField, type FieldErrors } from './forms.tsx';
import type { ActionName } from '../../domain/workflow/index.ts';

type Data = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const party = (v: unknown) => capitalise(HEARING_PARTY_LABELS[v as HearingParty] ?? str(v));

/** One history event in plain Dutch: what happened, with its main details. */
export function describeEvent(type: string, raw: unknown, policy: WorkflowPolicy, names: Map<string, string>): { what: string; details: string } {
  const d: Data = typeof raw === 'object' && raw !== null ? (raw as Data) : {};
  const what = type === 'registered' ? 'Geregistreerd' : isActionName(type) ? WORKFLOW[type].label : type;
  const optionLabel = (dim: string, key: string) => policy.classification.dimensions.find((x) => x.key === dim)?.options.find((o) => o.key === key)?.label ?? key;
  switch (type) {
    case 'registered':
      return { what, details: `${kindLabel(str(d['kind'] ?? 'complaint'))}, ${channelLabel(str(d['channel']))}${d['door'] === 'public' ? ' (openbaar formulier)' : ''}. Ontvangen op ${dutchDate(str(d['receivedOn']))}.` };
    case 'acknowledge':
      return { what, details: `Bevestigd op ${dutchDate(str(d['on']))}.` };
    case ATTACHMENTS_ADDED: {
      const files = Array.isArray(d['files']) ? (d['files'] as Data[]).map((f) => str(f['filename'])) : [];
      return { what: 'Stukken toegevoegd', details: `${files.join(', ')}.${d['note'] ? ` ${str(d['note'])}` : ''}` };
    }
    case 'assign':
      return { what, details: `Behandelaar: ${names.get(str(d['handlerUserId'])) ?? 'onbekend'}.` };
    case 'classify': {
      const values = (d['values'] ?? {}) as Record<string, string[]>;
      const parts = Object.entries(values).map(([dim, keys]) => `${policy.classification.dimensions.find((x) => x.key === dim)?.label ?? dim}: ${keys.map((k) => optionLabel(dim, k)).join(', ')}`);
      if (d['severity']) parts.push(`ernst: ${policy.classification.severityLevels.find((l) => l.key === d['severity'])?.label ?? str(d['severity'])}`);
      if (d['sensitive'] === true) parts.push(policy.classification.sensitive?.label ?? 'gevoelig');
      if (d['respondentUserId'] || d['respondentName']) parts.push(`over wie: ${names.get(str(d['respondentUserId'])) ?? str(d['respondentName'])}`);
      return { what, details: parts.length ? `${parts.join('; ')}.` : 'Zonder indeling.' };
    }
    case 'send-copy-to-respondent':
      return { what, details: `Afschrift verstuurd op ${dutchDate(str(d['on']))}.` };
    case 'record-contact':
      return { what, details: `Met ${str(d['with'])} op ${dutchDate(str(d['on']))}.${d['summary'] ? ` ${str(d['summary'])}` : ''}${d['agreements'] ? ` Afspraken: ${str(d['agreements'])}` : ''}` };
    case 'plan-hearing':
      return { what, details: `${party(d['party'])}, op ${dutchDate(str(d['on']))}.` };
    case 'record-hearing':
      return { what, details: `${party(d['party'])} gehoord op ${dutchDate(str(d['on']))}.` };
    case 'waive-hearing':
      return { what, details: `${party(d['party'])}: ${policy.hearing?.waiverGrounds.find((g) => g.key === d['ground'])?.label ?? str(d['ground'])}.` };
    case 'escalate':
      return { what, details: `${d['kind'] === 'consult' ? 'Om advies voorgelegd aan' : d['kind'] === 'handover' ? 'Overgedragen aan' : 'Naar'} ${roleLabel(policy, str(d['to']))}: ${str(d['reason'])}` };
    case 'suspend':
      return { what, details: `Vanaf ${dutchDate(str(d['from']))}: ${str(d['reason'])}` };
    case 'resume':
      return { what, details: `Hervat op ${dutchDate(str(d['on']))}.` };
    case 'extend': {
      const term = d['term'] as { amount: number; unit: 'weeks' } | undefined;
      return { what, details: `${term ? `Met ${describeTerm(term)}` : 'Verlengd'}, bericht op ${dutchDate(str(d['noticeOn']))}: ${str(d['reason'])}` };
    }
    case 'declare-inadmissible':
      return { what, details: `${policy.admissibility.grounds.find((g) => g.key === d['ground'])?.label ?? str(d['ground'])} ${str(d['explanation'])}` };
    case 'decide':
      return { what, details: `${OUTCOME_LABELS[d['outcome'] as Outcome] ?? str(d['outcome'])}, op ${dutchDate(str(d['decidedOn']))}.` };
    case 'record-satisfaction':
      return { what, details: d['satisfied'] === true ? 'De klager is tevreden.' : 'De klager is niet tevreden.' };
    case 'sign-off':
      return { what, details: `Door ${roleLabel(policy, str(d['role']))}${d['signedBy'] ? ` (${str(d['signedBy'])})` : ''}.` };
    case 'record-advice':
      return { what, details: `Advies van ${roleLabel(policy, str(d['role']))}: ${str(d['advice'])}` };
    case 'reopen':
      return { what, details: str(d['reason']) };
    case 'record-external-procedure':
      return { what, details: `${str(d['bodyName'])}, ingediend op ${dutchDate(str(d['submittedOn']))}.` };
    case 'record-external-ruling':
      return { what, details: str(d['outcome']) };
    case 'record-organisation-reaction':
      return { what, details: `Door ${str(d['by'])}: ${str(d['text'])}` };
    case 'add-note':
      return { what, details: str(d['text']) };
    case 'withdraw':
    case 'close':
      return { what, details: d['reason'] || d['note'] ? str(d['reason'] ?? d['note']) : '' };
    default:
      return { what, details: '' };
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
}

export const Dossier: FC<DossierProps> = ({ dossier, today, ctx, names, notice, failed, attachmentError }) => {
  const { complaint: c, facts, regulation } = dossier;
  const policy = regulation.policy;
  const reg = regulation.regulation;
  const who = c.complainant as Record<string, string | undefined>;
  const details = c.details as Record<string, unknown>;
  const relationLabel = who['relation'] ? (reg.intake.complainants.kinds.find((k) => k.kind === who['relation'])?.label ?? COMPLAINANT_KIND_LABELS[who['relation'] as ComplainantKind] ?? who['relation']) : undefined;
  const deadlineKeys = DEADLINE_KEYS.filter((k) => dossier.deadlines[k]);
  const cls = facts.classification;
  return (
    <>
      <p class="utrecht-paragraph kw-noprint">
        <a class="utrecht-link" href="/klachten">Terug naar alle klachten</a>
      </p>
      <h1 class="utrecht-heading-1">
        {kindLabel(c.kind)} {c.reference}
      </h1>
      <p class="utrecht-paragraph">
        <span class="kw-status kw-status--none">{statusLabel(c.status)}</span> {isStatus(c.status) ? STATUS_DESCRIPTIONS[c.status] : ''}
      </p>
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

      <div class="kw-dossier">
        <div class="kw-dossier__main">
          {deadlineKeys.length ? (
            <section aria-labelledby="termijnen-kop">
              <h2 class="utrecht-heading-2" id="termijnen-kop">Termijnen</h2>
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
                    const l = lightOfDeadline(d, today);
                    return (
                      <tr class="utrecht-table__row">
                        <th class="utrecht-table__cell" scope="row">{DEADLINE_LABELS[k]}</th>
                        <td class="utrecht-table__cell kw-nowrap">{dutchDate(d.due)}</td>
                        <td class="utrecht-table__cell">
                          <Badge light={l.light} text={l.text} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </section>
          ) : null}

          <section aria-labelledby="klacht-kop">
            <h2 class="utrecht-heading-2" id="klacht-kop">De klacht</h2>
            <dl class="kw-dl">
              <Row label="Ontvangen op" value={dutchDate(c.receivedOn)} />
              <Row label="Binnengekomen" value={channelLabel(c.channel)} />
              <Row label="Eenheid" value={c.unit.name} />
              <Row label="Wanneer gebeurde het" value={dutchDate(str(details['conductOn']))} />
              <Row label="Over wie" value={[facts.respondentName ?? str(details['respondentName']), str(details['respondentDepartment'])].filter(Boolean).join(', ')} />
              <Row label="Aangenomen door" value={details['receivedBy']} />
              <Row label="Doorgegeven aan" value={details['passedTo']} />
              <Row label="Ondertekend" value={details['signed'] === true ? 'Ja, op het formulier' : details['writtenDownAndSigned'] === true ? 'Ja, op papier gezet en ondertekend' : undefined} />
              <Row label="Onderwerp dat geen klacht is" value={facts.notComplaintKey ? (reg.intake.notComplaints.find((n) => n.key === facts.notComplaintKey)?.label ?? facts.notComplaintKey) : undefined} />
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
              <Row label="Namens" value={who['onBehalfOf'] ? `${who['onBehalfOf']}${who['representativeRelation'] ? ` (${who['representativeRelation']})` : ''}` : undefined} />
              <Row label="E-mailadres" value={who['email']} />
              <Row label="Telefoon" value={who['phone']} />
              <Row label="Postadres" value={who['postalAddress']} />
            </dl>
          </section>

          <section aria-labelledby="stand-kop">
            <h2 class="utrecht-heading-2" id="stand-kop">Stand van zaken</h2>
            <dl class="kw-dl">
              <Row label="Behandelaar" value={c.handler?.name ?? 'Nog niemand'} />
              <Row label="Ontvangst bevestigd" value={facts.acknowledgedOn ? dutchDate(facts.acknowledgedOn) : c.kind === 'complaint' ? 'Nog niet' : undefined} />
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
                        ? `Afgezien: ${policy.hearing!.waiverGrounds.find((g) => g.key === h.waived!.ground)?.label ?? h.waived.ground}`
                        : h.planned.length
                          ? `Gepland op ${dutchDate(h.planned.at(-1)!.on)}`
                          : 'Nog niet gehoord';
                    return <Row label={`Horen: ${HEARING_PARTY_LABELS[p]}`} value={state} />;
                  })
                : null}
              <Row label="Afschrift aan betrokkene" value={facts.copySentOn ? dutchDate(facts.copySentOn) : undefined} />
              <Row label="Geëscaleerd naar" value={facts.escalationLevel ? roleLabel(policy, facts.escalationLevel) : undefined} />
              <Row label="Opgeschort" value={facts.suspensions.length ? facts.suspensions.map((s) => `${dutchDate(s.from)} tot ${s.to ? dutchDate(s.to) : 'nu'} (${s.reason})`).join('; ') : undefined} />
              <Row label="Verlengd" value={facts.extension ? `Met ${describeTerm(facts.extension.term)}, bericht op ${dutchDate(facts.extension.noticeOn)}` : undefined} />
              <Row label="Niet-ontvankelijk" value={facts.inadmissible ? policy.admissibility.grounds.find((g) => g.key === facts.inadmissible!.ground)?.label ?? facts.inadmissible.ground : undefined} />
              <Row label="Ingetrokken" value={facts.withdrawn ? dutchDate(facts.withdrawn.on) : undefined} />
              <Row label="Beslissing" value={facts.decision ? `${OUTCOME_LABELS[facts.decision.outcome]}, op ${dutchDate(facts.decision.decidedOn)}` : undefined} />
              <Row label="Motivering" value={facts.decision?.reasoning} />
              <Row label="Maatregelen" value={facts.decision?.measures.length ? facts.decision.measures.join('; ') : undefined} />
              <Row label="Tevreden" value={facts.satisfaction ? (facts.satisfaction.satisfied ? 'Ja' : 'Nee') : undefined} />
              <Row label="Advies" value={facts.consultations.length ? facts.consultations.map((c) => `${roleLabel(policy, c.role)}: ${c.advice ?? 'nog niet gegeven'}`).join('; ') : undefined} />
              <Row label="Getekend" value={facts.signOffs.length ? facts.signOffs.map((s) => `${roleLabel(policy, s.role)} op ${dutchDate(s.on)}`).join('; ') : undefined} />
              {facts.externalProcedures.map((p) => (
                <Row
                  label={`Externe procedure: ${EXTERNAL_BODY_KIND_LABELS[p.bodyKind as keyof typeof EXTERNAL_BODY_KIND_LABELS] ?? p.bodyKind}`}
                  value={`${p.bodyName}, ingediend op ${dutchDate(p.submittedOn)}${p.ruling ? `. Uitspraak: ${p.ruling.outcome}` : ''}${p.reactions.length ? `. Reactie: ${p.reactions.map((r) => r.text).join(' ')}` : ''}`}
                />
              ))}
              <Row label="Klachtenregeling" value={`${reg.metadata.title}, versie ${regulation.version}`} />
            </dl>
          </section>

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
                  const e = describeEvent(h.type, h.data, policy, names);
                  return (
                    <tr class="utrecht-table__row">
                      <td class="utrecht-table__cell kw-nowrap">{dutchDateTime(h.at)}</td>
                      <td class="utrecht-table__cell">{h.actorName ?? (h.actorUserId ? 'Onbekende gebruiker' : 'Klager (formulier)')}</td>
                      <td class="utrecht-table__cell">
                        <strong>{e.what}</strong>
                        {e.details ? <> — {e.details}</> : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
          {dossier.accessLog ? <AccessLog entries={dossier.accessLog} /> : null}
        </div>
        <div class="kw-dossier__side kw-noprint">
          {c.kind === 'complaint' && ['new', 'in_progress', 'suspended'].includes(facts.status) ? <NextSteps items={decisionChecklist(facts, policy)} /> : null}
          <ActionList actions={dossier.actions} ctx={ctx} failed={failed} />
        </div>
      </div>
    </>
  );
};

/** What the regulation still asks before a decision, in words (done / still to do), not colour alone. */
const NextSteps: FC<{ items: ChecklistItem[] }> = ({ items }) => (
  <section aria-labelledby="stappen-kop" class="kw-card kw-next-steps">
    <h2 class="utrecht-heading-3" id="stappen-kop">
      Op weg naar de beslissing
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
const AccessLog: FC<{ entries: NonNullable<ComplaintDossier['accessLog']> }> = ({ entries }) => (
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
              <td class="utrecht-table__cell">{ACCESS_LABELS[e.action] ?? accessActionLabel(e.action)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  </section>
);

function accessActionLabel(action: string): string {
  const name = action.replace(/^complaint\./, '');
  return isActionName(name) ? WORKFLOW[name].label.toLowerCase() : name;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
