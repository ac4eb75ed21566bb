/**
 * What the procedure elements of issue 12 do in the workflow (ADR 0026): mediation first and the complainant's
 * request for a judgement, forwarding to the klachtencommissie, the organisation's response to a judgement, and
 * proof of capacity asked and received. Each rule comes from the regulation (`handling.mediation`, `committee`,
 * `deadlines.decisionFrom`, `deadlines.milestones`, `intake.complainants.representation.proofOfCapacity`) and
 * its message cites the article. Preconditions and guards for the workflow table (table.ts) and the part of the
 * regulation's gate these actions need (regulation-gate.ts calls `procedureGate`). Pure.
 */
import { formatDutchDate, type IsoDate } from '../deadlines/index.ts';
import { cite, namedBody, withArticle } from '../regulation/cite.ts';
import type { ActionName } from './actions.ts';
import type { ComplaintFacts } from './facts.ts';
import { checkDate, fieldProblem, notInRegulation, notNow, type GuardContext, type GuardProblem, type StateContext } from './problems.ts';
import { judgementRequestBasis, theCoordinator, theRole, type WorkflowPolicy } from './policy.ts';

// ---------------------------------------------------------------------------------------------
// Preconditions (state only)
// ---------------------------------------------------------------------------------------------

export function judgementRequestable({ facts, policy }: StateContext): GuardProblem | null {
  if (!judgementRequestBasis(policy)) return notInRegulation('Deze klachtenregeling kent geen verzoek om een oordeel.');
  if (facts.judgementRequested) return notNow(`De klager heeft al om een oordeel gevraagd op ${formatDutchDate(facts.judgementRequested.on)}.`);
  return null;
}

export function forwardable({ facts, policy }: StateContext): GuardProblem | null {
  const c = policy.committee;
  if (!c) return notInRegulation('Deze klachtenregeling kent geen klachtencommissie.');
  if (facts.forwarded) return notNow(`De klacht is al doorgestuurd naar ${namedBody(c.name)} op ${formatDutchDate(facts.forwarded.on)}.`);
  // route on_request: the committee judges at the complainant's request; the request comes first.
  if (c.route === 'on_request' && !facts.judgementRequested) {
    return notNow(`De klacht gaat naar ${namedBody(c.name)} als de klager daarom vraagt${cite(c.article)}. Leg eerst vast dat de klager om een oordeel vraagt.`);
  }
  return null;
}

/** A response to a judgement: where the regulation has a committee or an own milestone met by the response. */
export function responseExpected({ facts, policy }: StateContext): GuardProblem | null {
  if (!responseBasis(policy)) return notInRegulation('Deze klachtenregeling vraagt geen reactie van de organisatie op het oordeel.');
  if (!facts.decision) return notNow('Er is nog geen oordeel. De reactie komt na het oordeel.');
  if (facts.response) return notNow(`De reactie op het oordeel is al vastgelegd op ${formatDutchDate(facts.response.on)}.`);
  return null;
}

export function proofOfCapacityAsked({ policy }: StateContext): GuardProblem | null {
  return policy.proofOfCapacity ? null : notInRegulation('Deze klachtenregeling noemt geen bewijs van vertegenwoordiging.');
}

export function proofOfCapacityAwaited({ facts, policy, today }: StateContext): GuardProblem | null {
  const none = proofOfCapacityAsked({ facts, policy, today });
  if (none) return none;
  return facts.proofOfCapacity.requests.length > facts.proofOfCapacity.results.length
    ? null
    : notNow('Er is geen bewijs gevraagd dat nog wacht. Vraag eerst om het bewijs.');
}

// ---------------------------------------------------------------------------------------------
// Guards (with input)
// ---------------------------------------------------------------------------------------------

export function guardRequestJudgement(ctx: GuardContext<'request-judgement'>): GuardProblem | null {
  return checkDate(ctx, 'on', ctx.input.on);
}

export function guardForward(ctx: GuardContext<'forward-to-committee'>): GuardProblem | null {
  const floor = ctx.facts.judgementRequested ? { date: ctx.facts.judgementRequested.on, what: 'het verzoek om een oordeel' } : undefined;
  return checkDate(ctx, 'on', ctx.input.on, floor ? { notBefore: floor } : {});
}

export function guardRecordResponse(ctx: GuardContext<'record-response'>): GuardProblem | null {
  const decidedOn = ctx.facts.decision?.decidedOn;
  const dated = checkDate(ctx, 'on', ctx.input.on, decidedOn ? { notBefore: { date: decidedOn, what: 'het oordeel' } } : {});
  if (dated) return dated;
  for (const [i, m] of ctx.input.measures.entries()) {
    if (m.due && ctx.input.on && m.due < ctx.input.on) {
      return fieldProblem(`measures.${i}.due`, 'De termijn van de maatregel ligt vóór de datum van de reactie.');
    }
  }
  return null;
}

export function guardRequestProof(ctx: GuardContext<'request-proof-of-capacity'>): GuardProblem | null {
  return checkDate(ctx, 'on', ctx.input.on);
}

export function guardRecordProof(ctx: GuardContext<'record-proof-of-capacity'>): GuardProblem | null {
  const asked = ctx.facts.proofOfCapacity.requests.at(-1)?.on;
  return checkDate(ctx, 'on', ctx.input.on, asked ? { notBefore: { date: asked, what: 'de vraag om bewijs' } } : {});
}

/** Recommendations go with a judgement only where the regulation's committee gives them. */
export function recommendationsProblem(policy: WorkflowPolicy, recommendations: readonly string[] | undefined): GuardProblem | null {
  if (!recommendations || recommendations.length === 0) return null;
  if (policy.committee?.recommendations) return null;
  return fieldProblem('recommendations', 'Deze klachtenregeling kent geen aanbevelingen bij het oordeel. Laat dit veld leeg.');
}

/** What the written confirmation must contain: the own milestones met by the acknowledgement that list contents. */
export function acknowledgementContents(policy: WorkflowPolicy): { items: string[]; article: string } | null {
  const own = policy.ownMilestones.filter((m) => m.metBy === 'acknowledged' && m.contents.length > 0);
  if (own.length === 0) return null;
  return { items: [...new Set(own.flatMap((m) => m.contents))], article: own[0]!.article };
}

/** Every item the regulation says the confirmation contains must be confirmed (checked) by the user. */
export function acknowledgementContentsProblem(policy: WorkflowPolicy, confirmed: readonly string[] | undefined): GuardProblem | null {
  const required = acknowledgementContents(policy);
  if (!required) return null;
  const missing = required.items.filter((item) => !(confirmed ?? []).includes(item));
  if (missing.length === 0) return null;
  return fieldProblem(
    'contents',
    `De bevestiging moet dit bevatten${cite(required.article)}: ${missing.join('; ')}. Zet het in de bevestiging en vink het aan.`,
  );
}

// ---------------------------------------------------------------------------------------------
// Who may (the regulation's gate for these actions)
// ---------------------------------------------------------------------------------------------

/** The own milestone met by the organisation's response, or the committee: the basis of `record-response`. */
/**
 * The regulation roles the procedure has reached, who therefore read the complaint (need-to-know): the committee's
 * members once it is forwarded to them, and the role that writes the organisation's response once the judgement is in.
 */
export function procedureRoles(policy: WorkflowPolicy, facts: ComplaintFacts): string[] {
  const roles = new Set<string>();
  if (policy.committee && facts.forwarded) roles.add(policy.committee.role);
  const respondBy = responseBasis(policy)?.by;
  if (respondBy && facts.decision) roles.add(respondBy);
  return [...roles];
}

export function responseBasis(policy: WorkflowPolicy): { by: string | null; article: string } | null {
  const own = policy.ownMilestones.find((m) => m.metBy === 'responded');
  if (own) return { by: own.by, article: own.article };
  return policy.committee ? { by: null, article: policy.committee.article } : null;
}

/** The regulation's verdict on the actions of this module (null: it names nobody; the product roles decide). */
export function procedureGate(
  action: ActionName,
  policy: WorkflowPolicy,
  actor: { roles: readonly string[]; regulationRoles?: readonly string[] },
): { allowed: true } | { allowed: false; message: string } | null {
  const held = actor.regulationRoles;
  if (held === undefined) return null;
  const only = (role: string, what: string, article: string) =>
    held.includes(role) ? ({ allowed: true } as const) : { allowed: false as const, message: `Alleen ${theRole(policy, role)} ${what}${cite(article)}.` };
  switch (action) {
    case 'request-judgement': {
      // The coordinator records it, or the one who mediates (the complainant's request reaches them).
      const m = policy.mediation;
      if (!m || actor.roles.includes('coordinator')) return null;
      return held.includes(m.role) ? { allowed: true } : { allowed: false, message: `Alleen de ${m.label}${withArticle(m.label) === theCoordinator(policy) ? '' : ` of ${theCoordinator(policy)}`} legt het verzoek om een oordeel vast${cite(m.article)}.` };
    }
    case 'forward-to-committee': {
      const by = policy.assignedBy;
      return by ? only(by.role, 'stuurt de klacht door naar de klachtencommissie', by.article) : null;
    }
    case 'record-response': {
      const basis = responseBasis(policy);
      return basis?.by ? only(basis.by, 'legt de reactie op het oordeel vast', basis.article) : null;
    }
    case 'request-proof-of-capacity':
    case 'record-proof-of-capacity': {
      const p = policy.proofOfCapacity;
      return p?.role ? only(p.role, 'vraagt om bewijs dat de vertegenwoordiger namens de klager mag optreden', p.article) : null;
    }
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------------
// The phase, for the dossier
// ---------------------------------------------------------------------------------------------

/** The date an event of the complaint happened (`MILESTONE_EVENTS`); null: not (yet). */
export function eventDate(facts: ComplaintFacts, event: string): IsoDate | null {
  switch (event) {
    case 'received':
      return facts.receivedOn;
    case 'acknowledged':
      return facts.acknowledgedOn;
    case 'contacted':
      return firstDate(facts.contacts.map((c) => c.on));
    case 'hearing_planned':
      return firstDate([...facts.hearings.complainant.planned, ...facts.hearings.respondent.planned].map((h) => h.on));
    case 'heard':
      return firstDate([...facts.hearings.complainant.heard, ...facts.hearings.respondent.heard].map((h) => h.on));
    case 'advised':
      return firstDate(facts.consultations.flatMap((c) => (c.adviceOn ? [c.adviceOn] : [])));
    case 'judgement_requested':
      return facts.judgementRequested?.on ?? null;
    case 'forwarded':
      return facts.forwarded?.on ?? null;
    case 'decided':
      return facts.decision?.decidedOn ?? null;
    case 'responded':
      return facts.response?.on ?? null;
    case 'closed':
      return facts.closedOn;
    default:
      return null;
  }
}

/** The earliest of some ISO dates (null: none). */
function firstDate(dates: readonly IsoDate[]): IsoDate | null {
  return dates.length === 0 ? null : [...dates].sort()[0]!;
}

/** Dutch: the event an own term or the decision term waits for ("loopt vanaf …"). */
export const EVENT_LABELS: Record<string, string> = {
  received: 'de ontvangst van de klacht',
  acknowledged: 'de ontvangstbevestiging',
  contacted: 'het eerste contact met de klager',
  hearing_planned: 'de uitnodiging voor het horen',
  heard: 'het horen',
  advised: 'het advies over de klacht',
  judgement_requested: 'het verzoek van de klager om een oordeel',
  forwarded: 'het doorsturen naar de klachtencommissie',
  decided: 'het oordeel',
  responded: 'de reactie van de organisatie op het oordeel',
  closed: 'het afsluiten van de klacht',
};

/**
 * The phase of the procedure the dossier shows (null: the regulation has no mediation, committee or later
 * decision start). `waitingFor` says why the decision term does not run yet.
 */
export function procedurePhase(facts: ComplaintFacts, policy: WorkflowPolicy): { label: string; waitingFor: string | null } | null {
  if (!policy.mediation && !policy.committee && policy.decisionFrom.event === 'received') return null;
  const waiting =
    facts.reopenedOn === null && eventDate(facts, policy.decisionFrom.event) === null
      ? policy.decisionFrom.event === 'judgement_requested'
        ? `De termijn voor het oordeel begint als de klager om een oordeel vraagt${cite(policy.decisionFrom.article)}.`
        : `De termijn voor het oordeel begint als de klacht is doorgestuurd naar de klachtencommissie${cite(policy.decisionFrom.article)}.`
      : null;
  if (facts.response) return { label: 'De organisatie heeft gereageerd op het oordeel', waitingFor: null };
  if (facts.decision) return { label: policy.committee ? 'Oordeel gegeven' : 'Beslissing genomen', waitingFor: null };
  if (facts.forwarded && policy.committee) return { label: `Bij ${namedBody(policy.committee.name)}`, waitingFor: waiting };
  if (facts.judgementRequested) return { label: 'De klager heeft om een oordeel gevraagd', waitingFor: waiting };
  if (policy.mediation) return { label: `Bemiddeling door de ${policy.mediation.label}`, waitingFor: waiting };
  return { label: 'In behandeling', waitingFor: waiting };
}
