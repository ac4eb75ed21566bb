/**
 * The workflow policy: everything the workflow guards and clocks need, derived once from a regulation.
 * A regulation with open points is not activatable, but this never throws on one: an open term gives
 * no clock (null) and is listed in `openPoints`; an open extension maximum allows no extension. Pure.
 */
import type { CalendarSettings, Term } from '../deadlines/index.ts';
import { MAX_TERM_AMOUNT } from '../deadlines/index.ts';
import {
  isNotPrescribed,
  isOpenPoint,
  isTermRule,
  type Regulation,
  type RoleAppointment,
  type MilestoneEvent,
  type Source,
  type Trigger,
} from '../regulation/schema.ts';
import { withArticle } from '../regulation/cite.ts';
import { productRolesOf, roleLabelOf } from '../regulation/roles.ts';
import { decisionWordsOf, outcomesRule } from '../regulation/outcomes-text.ts';

export { decisionWordsOf };
import { lawName } from '../regulation/render.ts';
import { MERITS_OUTCOMES, MIN_REASONING, OUTCOME_LABELS, type HearingParty, type Outcome } from './actions.ts';
import type { ProductRole } from './states.ts';

export interface PolicyTrigger {
  action: 'consult' | 'notify' | 'escalate';
  /** Regulation role key consulted / notified / escalated to. */
  role: string;
  by: string | null;
  description: string;
  /** Where the regulation says it (003 "Behandeling van de klacht": "overlegt de klachtencoördinator … met het bestuur"). */
  article: string;
}

export interface WorkflowPolicy {
  /** Keys of open points found anywhere in the regulation (empty: nothing left open). */
  openPoints: string[];
  calendar: CalendarSettings;
  terms: {
    acknowledgement: Term | null;
    /** The article of the acknowledgement's term (002 art. 6.3); absent or '' when the regulation names none. */
    acknowledgementArticle?: string;
    /** The regulation's own name for the acknowledgement (001 §3.2: "bevestigingsbrief"); absent: "ontvangstbevestiging". */
    acknowledgementName?: string;
    inadmissibilityNotice: Term | null;
    decision: Term | null;
    serviceNorm: Term | null;
  };
  /**
   * Roles of the regulation (key, Dutch name, product roles), how a person holds each for one complaint
   * (`appointment`) and who stands in during an absence (`deputy`, 003 Definities).
   */
  roles: {
    key: string;
    label: string;
    productRoles: ProductRole[];
    appointment: RoleAppointment;
    deputy: { role: string; article: string } | null;
  }[];
  /** Who decides on the complaint (000 art. 6.5, 001 §3.3, 002 art. 6.9, 003, 004 §3). */
  decidedBy: { roles: string[]; article: string };
  /** Who decides who handles the complaint (003, 004 §3); null: the regulation names nobody. */
  assignedBy: { role: string; article: string } | null;
  handledBy: { roles: string[]; article: string };
  registeredBy: string;
  classifiedBy: string | null;
  /** Roles that may hand a complaint they hold to another handler (004 §3); null: none. */
  delegation: { roles: string[]; article: string } | null;
  /** The one who judges is never the person complained about, where the regulation says so (000, 002). */
  independentHandler: { text: string; article: string } | null;
  firstLine: { role: string; consult: string | null; notify: string | null; description: string } | null;
  /** Hearing both sides (002 art. 6.5–6.7); null: the regulation prescribes no hearing. */
  hearing: {
    parties: HearingParty[];
    /** `parties`: whose hearing the ground may waive; `presumesUnfounded`: "kennelijk ongegrond" (002 art. 6.6). */
    waiverGrounds: { key: string; label: string; article: string; parties: HearingParty[]; presumesUnfounded: boolean }[];
    reportRequired: boolean;
    article: string;
    reportArticle: string;
  } | null;
  /** A copy of the complaint goes to the respondent (002 art. 6.4); null: not prescribed. */
  copyToRespondent: { includeDocuments: boolean; article: string } | null;
  admissibility: {
    grounds: { key: string; label: string; limit: Term | null; stopsOngoingHandling: boolean; article: string }[];
  };
  /** Sign-off when resolved to the complainant's satisfaction (000 art. 5.5); null: none. */
  signOff: { when: 'resolved_to_satisfaction'; roles: { key: string; label: string }[]; document: string; article: string } | null;
  extension: {
    allowed: boolean;
    /** The maximum; null while allowed: the regulation sets no maximum (see `effectiveMax`). */
    max: Term | null;
    /** The maximum is an open point: no extension until it is filled. */
    maxOpen: boolean;
    noticeRequired: boolean;
    article: string;
    /** The statute the extension comes from ("de Algemene wet bestuursrecht"); null: the regulation's own rule. */
    law: string | null;
  };
  suspension: { allowed: boolean; article: string };
  escalation: {
    /** Ordered levels: the first `from`, then each `to` (role keys, no duplicates). */
    levels: { key: string; label: string }[];
    steps: { from: string; to: string; kind: 'handover' | 'consult'; when: string }[];
  };
  classification: {
    dimensions: {
      key: string;
      label: string;
      multiple: boolean;
      required: boolean;
      options: { key: string; label: string; code: string | null }[];
      article: string;
    }[];
    severityLevels: { key: string; label: string; triggers: PolicyTrigger[] }[];
    sensitive: { label: string; definition: string; triggers: PolicyTrigger[] } | null;
  };
  /** `label`: the regulation's own name for its decision with its article ("het standpunt van de directie"); null: none. */
  decision: {
    form: 'written' | 'written_or_oral';
    /** The regulation says how the decision is given (false: it is silent, `formSource.basis` silent; 003). */
    formSaid: boolean;
    reasoned: boolean;
    informRespondent: boolean;
    article: string;
    label: string | null;
    /** The registration asks how the complaint was resolved (003 Bijlage 2 "hoe opgelost"); null: it does not. */
    resolution: { required: boolean; article: string } | null;
    /** The outcomes the regulation offers (`decisionOutcomes`). */
    outcomes: DecisionOutcomes;
  };
  delayNotice: { required: boolean } | null;
  /** Subjects that are not a complaint under this regulation (001 §3.1). */
  notComplaints: { key: string; label: string; article: string }[];
  /** `namedInDecision`: the decision must name the body, with the article (or law) that says so; null: not asked. */
  externalBody: { name: string; kind: string; namedInDecision: { article: string } | null } | null;
  /** Mediation first (`handling.mediation`, bemiddeling): by which role; null: none (issue 12). */
  mediation: { role: string; label: string; description: string; article: string } | null;
  /** The klachtencommissie (`committee`); null: none. */
  committee: {
    name: string;
    placement: 'internal' | 'external';
    route: 'every_complaint' | 'on_request' | 'after_first_step';
    role: string;
    recommendations: boolean;
    article: string;
  } | null;
  /** The event the decision term (and service norm, maximum extension) runs from (`deadlines.decisionFrom`; default receipt). */
  decisionFrom: { event: 'received' | 'acknowledged' | 'judgement_requested' | 'forwarded'; article: string };
  /** The regulation's own milestones (`deadlines.milestones`), as the clocks take them. */
  ownMilestones: OwnMilestonePolicy[];
  /**
   * Proof that a representative may act can be asked (`intake.complainants.representation.proofOfCapacity`); `role`:
   * the regulation role that asks (null: the regulation names none; the product roles of the table decide).
   */
  proofOfCapacity: { role: string | null; label: string | null; description: string | null; article: string } | null;
}

export interface OwnMilestonePolicy {
  key: string;
  label: string;
  term: Term;
  from: MilestoneEvent;
  metBy: MilestoneEvent;
  /** Regulation role that must do it, with its Dutch name; null: not named. */
  by: string | null;
  byLabel: string | null;
  /** What it must contain (e.g. a written confirmation's data). */
  contents: string[];
  article: string;
}

/** Stand-in for "no maximum": the engine needs a bound; this is the largest term it accepts. */
export const NO_MAXIMUM: Term = { amount: MAX_TERM_AMOUNT, unit: 'days' };

/**
 * The decision in the regulation's own words: its name with its article (`the`: "het standpunt van de directie", 001
 * art. 3.3) and as a heading (`heading`: "Standpunt van de directie"), else "de beslissing". `named`: the regulation has one.
 */
function resolutionField(reg: Regulation): WorkflowPolicy['decision']['resolution'] {
  const f = reg.intake.registrationFields.find((x) => x.key === 'resolution');
  return f ? { required: f.requirement === 'required', article: f.source?.article ?? '' } : null;
}

/**
 * The text with a decision, as the regulation asks it: a motivering where the decision is reasoned (min. length, the
 * regulation's article), else how the complaint was resolved where the registration asks that (003 Bijlage 2
 * "Gegevens over de afwikkeling (wanneer, door wie, hoe opgelost)"), else an optional explanation. One rule for the
 * form (label, hint, required) and the guard.
 */
export function decisionText(policy: WorkflowPolicy): { label: string; heading: string; letterHeading: string; what: string; missing: string; required: boolean; min: number; hint: string; article: string } {
  const d = policy.decision;
  if (d.reasoned) {
    return { label: 'Motivering', heading: 'Motivering', letterHeading: 'Waarom?', what: 'de motivering', missing: 'Vul de motivering in', required: true, min: MIN_REASONING, hint: `Leg uit waarom. De klachtenregeling vraagt dat ${decisionWords(policy).the} de redenen noemt.`, article: d.article };
  }
  if (d.resolution) {
    return {
      label: 'Hoe is de klacht opgelost?',
      heading: 'Hoe opgelost',
      letterHeading: 'Hoe is uw klacht opgelost?',
      what: 'hoe de klacht is opgelost',
      missing: 'Schrijf op hoe de klacht is opgelost',
      required: d.resolution.required,
      min: 1,
      hint: 'De klachtenregeling vraagt vast te leggen hoe de klacht is afgewikkeld.',
      article: d.resolution.article,
    };
  }
  return { label: 'Toelichting', heading: 'Toelichting', letterHeading: 'Toelichting', what: 'de toelichting', missing: 'Vul de toelichting in', required: false, min: 0, hint: 'Niet verplicht: de klachtenregeling vraagt geen motivering.', article: d.article };
}

/**
 * How a regulation decides (`handling.decision.outcomes`): the outcomes it offers, in the order offered.
 * - judges the merits (002, the committee models): gegrond, deels gegrond, ongegrond, then opgelost in overleg
 *   and geen oordeel;
 * - does not (000, 001, 003, 004): the decision in its own word (`decided`: "Standpunt van de directie
 *   gegeven"), with opgelost in overleg where it knows that (000 art. 4.2, 003 Bijlage 1);
 * - `stated: false`, a version stored before the field (ADR 0003, addendum): every outcome it offered when it was
 *   adopted, so an activated version keeps its meaning; the review page asks to state it in the next version.
 */
export interface DecisionOutcomes {
  offered: Outcome[];
  judgesMerits: boolean;
  stated: boolean;
  article: string;
  /** The label of `decided`, from the regulation's own word for its decision. */
  decidedLabel: string;
}

export function decisionOutcomes(decision: Regulation['handling']['decision']): DecisionOutcomes {
  // What an unstated or silent entry means is outcomesRule's (domain/regulation/outcomes-text.ts): every outcome.
  const rule = outcomesRule(decision.outcomes);
  const decidedLabel = `${decisionWordsOf(decision.label).heading} gegeven`;
  const offered: Outcome[] = rule.judgesMerits
    ? [...MERITS_OUTCOMES, ...(rule.resolvedByAgreement ? (['resolved_by_agreement'] as const) : []), 'no_judgement']
    : ['decided', ...(rule.resolvedByAgreement ? (['resolved_by_agreement'] as const) : [])];
  return { offered, judgesMerits: rule.judgesMerits, stated: rule.said !== 'unstated', article: rule.article, decidedLabel };
}

/** The label of an outcome under this regulation (`decided` in its own word); Dutch, capitalised. */
export function outcomeLabel(outcomes: DecisionOutcomes, outcome: Outcome): string {
  return outcome === 'decided' ? outcomes.decidedLabel : OUTCOME_LABELS[outcome];
}

export function decisionWords(policy: WorkflowPolicy): { the: string; heading: string; named: boolean } {
  return decisionWordsOf(policy.decision.label);
}

/**
 * The acknowledgement in the regulation's own word where it names the letter (001 §3.2: "… bevestigd wordt aan de klager
 * (bevestigingsbrief)"), else the generic "ontvangstbevestiging"; lower case, `capitalise` it for a label.
 */
export function acknowledgementWord(policy: WorkflowPolicy): string {
  return policy.terms.acknowledgementName ?? 'ontvangstbevestiging';
}

export function policyFromRegulation(reg: Regulation): WorkflowPolicy {
  const roleLabel = (key: string) => roleLabelOf(reg.roles, key);
  const term = (slot: unknown): Term | null =>
    isTermRule(slot) ? { amount: slot.amount, unit: slot.unit, ...(slot.atw !== undefined ? { atw: slot.atw } : {}) } : null;
  const art = (source: Source | undefined) => source?.article ?? '';
  const trig = (t: readonly Trigger[] | undefined): PolicyTrigger[] =>
    (t ?? []).map((x) => ({ action: x.action, role: x.role, by: x.by ?? null, description: x.description, article: x.source?.article ?? '' }));

  const h = reg.handling;
  const d = reg.deadlines;
  const levels: { key: string; label: string }[] = [];
  const addLevel = (key: string) => {
    if (!levels.some((l) => l.key === key)) levels.push({ key, label: roleLabel(key) });
  };
  for (const step of reg.routing.escalation) {
    addLevel(step.from);
    addLevel(step.to);
  }
  const severity = reg.classification.severity;
  const sensitive = reg.classification.sensitive;
  const externalBody = reg.externalBody;
  const ext = d.extension;

  return {
    openPoints: collectOpenPoints(reg),
    calendar: { atw: reg.calendar.atw, closedDays: [...reg.calendar.closedDays] },
    terms: {
      acknowledgement: term(d.acknowledgement),
      acknowledgementArticle: isTermRule(d.acknowledgement) ? art(d.acknowledgement.source) : '',
      ...(isTermRule(d.acknowledgement) && 'letterName' in d.acknowledgement && d.acknowledgement.letterName ? { acknowledgementName: d.acknowledgement.letterName } : {}),
      inadmissibilityNotice: term(d.inadmissibilityNotice),
      decision: term(d.decision),
      serviceNorm: term(d.serviceNorm),
    },
    roles: reg.roles.map((r) => ({
      key: r.key,
      label: r.label,
      productRoles: [...productRolesOf(r)],
      appointment: r.appointment ?? 'bound',
      deputy: r.deputy ? { role: r.deputy.role, article: art(r.deputy.source) } : null,
    })),
    decidedBy: { roles: [...reg.routing.decidedBy.roles], article: art(reg.routing.decidedBy.source) },
    assignedBy: reg.routing.assignedBy ? { role: reg.routing.assignedBy.role, article: art(reg.routing.assignedBy.source) } : null,
    handledBy: { roles: [...reg.routing.handledBy.roles], article: art(reg.routing.handledBy.source) },
    registeredBy: reg.routing.registeredBy.role,
    classifiedBy: reg.routing.classifiedBy?.role ?? null,
    delegation: reg.routing.delegation ? { roles: [...reg.routing.delegation.roles], article: art(reg.routing.delegation.source) } : null,
    independentHandler: reg.routing.independentHandler
      ? { text: reg.routing.independentHandler.text, article: art(reg.routing.independentHandler.source) }
      : null,
    firstLine: reg.routing.firstLine
      ? {
          role: reg.routing.firstLine.role,
          consult: reg.routing.firstLine.consult ?? null,
          notify: reg.routing.firstLine.notify ?? null,
          description: reg.routing.firstLine.description,
        }
      : null,
    hearing: h.hearing
      ? {
          parties: [...h.hearing.parties],
          waiverGrounds: h.hearing.waivers.map((w) => ({
            key: w.key,
            label: w.label,
            article: art(w.source),
            parties: [...(w.parties ?? ['complainant'])],
            presumesUnfounded: w.presumesUnfounded ?? false,
          })),
          reportRequired: h.hearing.reportRequired,
          article: art(h.hearing.source),
          reportArticle: art(h.hearing.reportSource ?? h.hearing.source),
        }
      : null,
    copyToRespondent: h.copyToRespondent
      ? { includeDocuments: h.copyToRespondent.includeDocuments, article: art(h.copyToRespondent.source) }
      : null,
    admissibility: {
      grounds: reg.admissibility.grounds.map((g) => ({
        key: g.key,
        label: g.label,
        limit: g.limit ? { amount: g.limit.amount, unit: g.limit.unit } : null,
        stopsOngoingHandling: g.stopsOngoingHandling ?? false,
        article: art(g.source),
      })),
    },
    signOff: h.signOff
      ? {
          when: h.signOff.when,
          roles: h.signOff.roles.map((key) => ({ key, label: roleLabel(key) })),
          document: h.signOff.document,
          article: art(h.signOff.source),
        }
      : null,
    extension: {
      allowed: ext.allowed && !isOpenPoint(ext.max),
      max: term(ext.max),
      maxOpen: isOpenPoint(ext.max),
      noticeRequired: ext.noticeRequired,
      article: art(ext.source),
      law: ext.source.basis === 'law' ? lawName(ext.source.article) : null,
    },
    suspension: { allowed: d.suspension.allowed, article: art(d.suspension.source) },
    escalation: {
      levels,
      steps: reg.routing.escalation.map((e) => ({ from: e.from, to: e.to, kind: e.kind, when: e.when })),
    },
    classification: {
      dimensions: reg.classification.dimensions.map((dim) => ({
        key: dim.key,
        label: dim.label,
        multiple: dim.choice === 'multiple',
        required: dim.required,
        options: dim.options.map((o) => ({ key: o.key, label: o.label, code: o.code ?? null })),
        article: art(dim.source),
      })),
      severityLevels: isNotPrescribed(severity)
        ? []
        : severity.levels.map((l) => ({ key: l.key, label: l.label, triggers: trig(l.triggers) })),
      sensitive: isNotPrescribed(sensitive)
        ? null
        : { label: sensitive.label, definition: sensitive.definition, triggers: trig(sensitive.triggers) },
    },
    decision: {
      form: h.decision.form,
      formSaid: h.decision.formSource?.basis !== 'silent',
      reasoned: h.decision.reasoned,
      informRespondent: h.decision.informRespondent,
      article: art(h.decision.source),
      label: h.decision.label ?? null,
      resolution: resolutionField(reg),
      outcomes: decisionOutcomes(h.decision),
    },
    delayNotice: d.delayNotice ? { required: d.delayNotice.required } : null,
    notComplaints: reg.intake.notComplaints.map((n) => ({ key: n.key, label: n.label, article: art(n.source) })),
    externalBody: isNotPrescribed(externalBody)
      ? null
      : {
          name: externalBody.name,
          kind: externalBody.kind,
          namedInDecision: externalBody.namedInDecision ? { article: externalBody.namedInDecision.article } : null,
        },
    mediation: h.mediation
      ? { role: h.mediation.by, label: roleLabel(h.mediation.by), description: h.mediation.description, article: art(h.mediation.source) }
      : null,
    committee: reg.committee
      ? {
          name: reg.committee.name,
          placement: reg.committee.placement,
          route: reg.committee.route,
          role: reg.committee.role,
          recommendations: reg.committee.recommendations,
          article: art(reg.committee.source),
        }
      : null,
    decisionFrom: { event: d.decisionFrom?.event ?? 'received', article: art(d.decisionFrom?.source) },
    ownMilestones: (d.milestones ?? []).map((m) => ({
      key: m.key,
      label: m.label,
      term: term(m.term)!,
      from: m.from,
      metBy: m.metBy,
      by: m.by ?? null,
      byLabel: m.by ? roleLabel(m.by) : null,
      contents: [...(m.contents ?? [])],
      article: art(m.source),
    })),
    proofOfCapacity: reg.intake.complainants.representation.proofOfCapacity
      ? {
          role: reg.intake.complainants.representation.proofOfCapacity.by ?? null,
          label: reg.intake.complainants.representation.proofOfCapacity.by ? roleLabel(reg.intake.complainants.representation.proofOfCapacity.by) : null,
          description: reg.intake.complainants.representation.proofOfCapacity.description ?? null,
          article: art(reg.intake.complainants.representation.proofOfCapacity.source),
        }
      : null,
  };
}

/**
 * Where the regulation lets the complainant ask for a judgement (request-judgement): mediation first, a committee
 * the complaint goes to on request or after the first step, or a decision term that runs from the request. The
 * article that says so; null: the regulation knows no request for a judgement.
 */
export function judgementRequestBasis(policy: WorkflowPolicy): { article: string } | null {
  if (policy.decisionFrom.event === 'judgement_requested') return { article: policy.decisionFrom.article };
  if (policy.mediation) return { article: policy.mediation.article };
  if (policy.committee && policy.committee.route !== 'every_complaint') return { article: policy.committee.article };
  return null;
}

/** The maximum extension the engine should check against; null: no extension allowed. */
export function effectiveMaxExtension(policy: WorkflowPolicy): Term | null {
  if (!policy.extension.allowed) return null;
  return policy.extension.max ?? NO_MAXIMUM;
}

/**
 * The independence rule where it binds the assigned handler: the regulation says the one who judges is
 * never the person complained about (`independentHandler`), and whoever handles is one who decides (002:
 * the klachtenfunctionaris handles and decides). Under 000 the employee concerned may handle at the first
 * line; only the decision is kept from them. Null: no check on the handler.
 */
export function handlerIndependence(policy: WorkflowPolicy): { text: string; article: string } | null {
  if (!policy.independentHandler) return null;
  return policy.handledBy.roles.every((r) => policy.decidedBy.roles.includes(r)) ? policy.independentHandler : null;
}

/** Dutch name of a regulation role (its key when unknown). */
export function roleLabel(policy: WorkflowPolicy, key: string): string {
  return roleLabelOf(policy.roles, key);
}

/** The coordinator's name with its article: one rule for a regulation and a policy (domain/regulation/roles.ts). */
export { theCoordinator } from '../regulation/roles.ts';

/** The role's label with its Dutch article, mid-sentence: "het bestuur" (003), "de directeur" (never "de bestuur"). */
export function theRole(policy: WorkflowPolicy, key: string): string {
  return withArticle(roleLabel(policy, key));
}

function collectOpenPoints(value: unknown): string[] {
  const keys: string[] = [];
  const seen = new Set<unknown>();
  const walk = (v: unknown) => {
    if (typeof v !== 'object' || v === null || seen.has(v)) return;
    seen.add(v);
    if (isOpenPoint(v)) {
      if (!keys.includes(v.key)) keys.push(v.key);
      return;
    }
    for (const child of Array.isArray(v) ? v : Object.values(v)) walk(child);
  };
  walk(value);
  return keys;
}
