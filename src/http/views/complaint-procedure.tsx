import type { Child, FC } from 'hono/jsx';
import { describeTerm } from '../../domain/deadlines/index.ts';
import { cite, namedBody } from '../../domain/regulation/index.ts';
import {
  EVENT_LABELS,
  PROOF_RESULT_LABELS,
  PROOF_RESULTS,
  type ActionName,
  type ComplaintFacts,
  type DeadlineState,
  type OwnMilestonePolicy,
  type ProofResult,
  type WorkflowPolicy,
} from '../../domain/workflow/index.ts';
import type { ActionContext, kit } from './complaint-action-kit.tsx';
import type { FormValues } from './complaint-intake.tsx';
import { dutchDate } from './complaint-parts.tsx';

/**
 * The dossier's parts for mediation, the klachtencommissie, the organisation's response, proof of capacity and
 * the regulation's own milestones (issue 12, ADR 0026): the phase, the forms of the new actions and how their
 * history events read. Kept apart from complaint-dossier.tsx / complaint-actions.tsx, which only call in here.
 */

type ProcedureAction = 'request-judgement' | 'forward-to-committee' | 'record-response' | 'request-proof-of-capacity' | 'record-proof-of-capacity';

/** Rows of measures the response form offers (without JavaScript: a fixed number; leave the rest empty). */
export const RESPONSE_MEASURE_ROWS = 3;

const last = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[v.length - 1] : v);

export function procedureInputFromForm(action: ProcedureAction, values: FormValues): Record<string, unknown> {
  const s = (k: string): string | undefined => {
    const v = last(values[k]);
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  switch (action) {
    case 'request-judgement':
      return { on: s('on'), via: s('via'), note: s('note') };
    case 'forward-to-committee':
      return { on: s('on'), note: s('note') };
    case 'record-response': {
      const measures: { text: string | undefined; due: string | undefined }[] = [];
      for (let i = 0; i < RESPONSE_MEASURE_ROWS; i++) {
        const text = s(`measures.${i}.text`);
        const due = s(`measures.${i}.due`);
        if (text !== undefined || due !== undefined) measures.push({ text, due });
      }
      return { on: s('on'), text: s('text'), measures };
    }
    case 'request-proof-of-capacity':
      return { on: s('on'), asked: s('asked') };
    case 'record-proof-of-capacity':
      return { on: s('on'), result: s('result'), note: s('note') };
  }
}

export function procedureFields(action: ProcedureAction, ctx: ActionContext, k: ReturnType<typeof kit>): Child {
  const p = ctx.policy;
  switch (action) {
    case 'request-judgement':
      return [
        <p class="utrecht-paragraph kw-muted">
          {p.mediation ? `Eerst zoekt de ${p.mediation.label} samen met de klager naar een oplossing${cite(p.mediation.article)}. ` : ''}
          {p.decisionFrom.event === 'judgement_requested'
            ? `Vraagt de klager om een oordeel? Dan begint vanaf die dag de termijn voor het oordeel${cite(p.decisionFrom.article)}.`
            : 'Leg vast wanneer de klager om een oordeel vroeg.'}
        </p>,
        k.date('on', 'Datum van het verzoek', { required: true, description: 'De dag waarop het verzoek binnenkwam. Niet in de toekomst en niet vóór de ontvangst van de klacht.' }),
        k.text('via', 'Hoe kwam het verzoek binnen?', { required: true, description: 'Bijvoorbeeld: per brief, per e-mail, telefonisch.' }),
        k.area('note', 'Toelichting', { rows: 2 }),
      ];
    case 'forward-to-committee':
      return [
        <p class="utrecht-paragraph kw-muted">
          De klacht gaat naar {p.committee ? namedBody(p.committee.name) : 'de klachtencommissie'}
          {p.committee ? cite(p.committee.article) : ''}.
          {p.decisionFrom.event === 'forwarded' ? ` Vanaf deze dag loopt de termijn voor het oordeel${cite(p.decisionFrom.article)}.` : ''}
        </p>,
        k.date('on', 'Datum van doorsturen', { required: true }),
        k.area('note', 'Toelichting', { rows: 2 }),
      ];
    case 'record-response': {
      const own = p.ownMilestones.find((m) => m.metBy === 'responded');
      const rows: Child[] = [];
      for (let i = 0; i < RESPONSE_MEASURE_ROWS; i++) {
        rows.push(
          <fieldset class="kw-fieldset">
            <legend class="kw-legend">Maatregel {i + 1}</legend>
            {k.area(`measures.${i}.text`, 'Wat gaat de organisatie doen?', { rows: 2 })}
            {k.date(`measures.${i}.due`, 'Uiterlijk klaar op', { future: true })}
          </fieldset>,
        );
      }
      return [
        <p class="utrecht-paragraph kw-muted">
          De organisatie laat schriftelijk weten wat zij met het oordeel doet
          {own ? `, binnen ${describeTerm(own.term)}${cite(own.article)}` : ''}. Laat maatregelen die u niet nodig heeft leeg.
        </p>,
        k.date('on', 'Datum van de reactie', { required: true }),
        k.area('text', 'Reactie van de organisatie', { required: true, rows: 4 }),
        ...rows,
        k.check('registerMeasures', 'Zet deze maatregelen in het verbeterregister', { description: 'Elke maatregel komt als gepland in het verbeterregister, met de termijn en met deze klacht als bron.' }),
      ];
    }
    case 'request-proof-of-capacity':
      return [
        <p class="utrecht-paragraph kw-muted">
          {p.proofOfCapacity?.label ? `De ${p.proofOfCapacity.label} kan` : 'U kunt'} vragen om bewijs dat de vertegenwoordiger namens de klager mag optreden
          {p.proofOfCapacity ? cite(p.proofOfCapacity.article) : ''}.{p.proofOfCapacity?.description ? ` ${p.proofOfCapacity.description}` : ''}
        </p>,
        k.area('asked', 'Wat vraagt u?', { required: true, rows: 2, description: 'Bijvoorbeeld: een schriftelijke machtiging of een verklaring van erfrecht.' }),
        k.date('on', 'Datum van de vraag', { required: true }),
      ];
    case 'record-proof-of-capacity':
      return [
        k.radios('result', 'Wat is er gebeurd?', PROOF_RESULTS.map((r) => ({ value: r, label: PROOF_RESULT_LABELS[r] }))),
        k.area('note', 'Toelichting', { rows: 2 }),
        k.date('on', 'Datum', { required: true }),
      ];
  }
}

/** History details of the new actions (null: not one of them). */
export function describeProcedureDetails(type: string, d: Record<string, unknown>, policy: WorkflowPolicy): string | null {
  const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
  const on = str(d['on']) ? `Op ${dutchDate(str(d['on']))}.` : '';
  const note = str(d['note']) ? ` Toelichting: ${str(d['note'])}.` : '';
  switch (type as ActionName) {
    case 'request-judgement':
      return `${on}${str(d['via']) ? ` Binnengekomen: ${str(d['via'])}.` : ''}${note}`;
    case 'forward-to-committee':
      return `${on} Naar ${policy.committee ? namedBody(policy.committee.name) : 'de klachtencommissie'}.${note}`;
    case 'record-response': {
      const measures = Array.isArray(d['measures']) ? (d['measures'] as Record<string, unknown>[]) : [];
      const list = measures.map((m) => `${str(m['text'])}${str(m['due']) ? ` (uiterlijk ${dutchDate(str(m['due']))})` : ''}`);
      return `${on} ${str(d['text'])}${list.length ? ` Maatregelen: ${list.join('; ')}.` : ''}`;
    }
    case 'request-proof-of-capacity':
      return `${on} Gevraagd: ${str(d['asked'])}.`;
    case 'record-proof-of-capacity':
      return `${on} ${PROOF_RESULT_LABELS[d['result'] as ProofResult] ?? str(d['result'])}.${note}`;
    default:
      return null;
  }
}

/** The phase of the procedure, with the committee's and proof's facts (mediation, request, committee, response). */
export const ProcedurePhase: FC<{ phase: { label: string; waitingFor: string | null }; facts: ComplaintFacts; policy: WorkflowPolicy }> = ({ phase, facts, policy }) => (
  <section aria-labelledby="fase-kop">
    <h2 class="utrecht-heading-2" id="fase-kop">Fase van de klacht</h2>
    <p class="utrecht-paragraph">
      <strong>{phase.label}</strong>
    </p>
    {phase.waitingFor ? <p class="utrecht-paragraph">{phase.waitingFor}</p> : null}
    <dl class="kw-dl">
      {policy.mediation ? (
        <>
          <dt>Bemiddeling</dt>
          <dd>
            {policy.mediation.description}
            {cite(policy.mediation.article)}
          </dd>
        </>
      ) : null}
      {facts.judgementRequested ? (
        <>
          <dt>Klager vroeg om een oordeel</dt>
          <dd>
            {dutchDate(facts.judgementRequested.on)}
            {facts.judgementRequested.via ? ` (${facts.judgementRequested.via})` : ''}
          </dd>
        </>
      ) : null}
      {facts.forwarded && policy.committee ? (
        <>
          <dt>Doorgestuurd naar {namedBody(policy.committee.name)}</dt>
          <dd>{dutchDate(facts.forwarded.on)}</dd>
        </>
      ) : null}
      {facts.decision?.recommendations?.length ? (
        <>
          <dt>Aanbevelingen</dt>
          <dd>
            <ul class="utrecht-unordered-list">
              {facts.decision.recommendations.map((r) => (
                <li class="utrecht-unordered-list__item">{r}</li>
              ))}
            </ul>
          </dd>
        </>
      ) : null}
      {facts.response ? (
        <>
          <dt>Reactie van de organisatie</dt>
          <dd>
            {dutchDate(facts.response.on)}: {facts.response.text}
            {facts.response.measures.length ? (
              <ul class="utrecht-unordered-list">
                {facts.response.measures.map((m) => (
                  <li class="utrecht-unordered-list__item">
                    {m.text}
                    {m.due ? ` (uiterlijk ${dutchDate(m.due)})` : ''}
                  </li>
                ))}
              </ul>
            ) : null}
          </dd>
        </>
      ) : null}
      <ProofOfCapacity facts={facts} />
    </dl>
  </section>
);

/** Proof of capacity asked and received (shown wherever it was asked). */
export const ProofOfCapacity: FC<{ facts: ComplaintFacts }> = ({ facts }) => {
  const { requests, results } = facts.proofOfCapacity;
  if (requests.length === 0) return null;
  return (
    <>
      <dt>Bewijs van vertegenwoordiging</dt>
      <dd>
        <ul class="utrecht-unordered-list">
          {requests.map((r, i) => {
            const res = results[i];
            return (
              <li class="utrecht-unordered-list__item">
                Gevraagd op {dutchDate(r.on)}: {r.asked}.{' '}
                {res ? `${PROOF_RESULT_LABELS[res.result as ProofResult] ?? res.result} (${dutchDate(res.on)})${res.note ? `: ${res.note}` : ''}.` : 'Wacht op antwoord.'}
              </li>
            );
          })}
        </ul>
      </dd>
    </>
  );
};

/** Under an own milestone's label in the deadlines table: who, what it must contain, the article. */
export const OwnMilestoneNote: FC<{ own: NonNullable<DeadlineState['own']> }> = ({ own }) => (
  <>
    <br />
    <span class="kw-muted">
      {own.byLabel ? `Door: ${own.byLabel}. ` : ''}
      {own.contents.length ? `Bevat: ${own.contents.join('; ')}. ` : ''}
      {own.article ? `Volgens de klachtenregeling${cite(own.article)}.` : ''}
    </span>
  </>
);

/** Own milestones whose start event has not happened: "loopt vanaf …". */
export const OwnMilestonesNotStarted: FC<{ milestones: OwnMilestonePolicy[] }> = ({ milestones }) => (
  <>
    <h3 class="utrecht-heading-3">Termijnen die later beginnen</h3>
    <ul class="utrecht-unordered-list">
      {milestones.map((m) => (
        <li class="utrecht-unordered-list__item">
          {m.label}: {describeTerm(m.term)}, loopt vanaf {EVENT_LABELS[m.from] ?? m.from}
          {cite(m.article)}.
        </li>
      ))}
    </ul>
  </>
);
