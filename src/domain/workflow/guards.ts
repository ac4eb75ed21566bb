/**
 * The regulation's rules as guards for the workflow table (table.ts references them; nothing else
 * should call them). Two kinds:
 * - preconditions look only at the complaint, the policy and today's date (data, no clock): when one fails the action is not possible
 *   now (`invalid_transition`, HTTP 409) and the UI leaves the button out or disables it;
 * - guards also look at the validated input: when one fails the input is at fault
 *   (`validation_failed` with fields, HTTP 422).
 * Messages are Dutch (B1) and cite the regulation's article where it has one. Pure.
 */
import {
  addTerm,
  checkExtension,
  compareDates,
  describeTerm,
  formatDutchDate,
  type IsoDate,
} from '../deadlines/index.ts';
import { cite, inParentheses, namedBody } from '../regulation/cite.ts';
import { HEARING_PARTY_LABELS, MERITS_OUTCOMES, type HearingParty } from './actions.ts';
import { decisionClock } from './due-dates.ts';
import { decisionLetterPending, openSuspension, pickProcedure, resolvedToSatisfaction, type ComplaintFacts } from './facts.ts';
import { decisionText, decisionWords, effectiveMaxExtension, handlerIndependence, outcomeLabel, roleLabel, theCoordinator, theRole, type PolicyTrigger, type WorkflowPolicy } from './policy.ts';
import { acknowledgementContentsProblem, recommendationsProblem } from './procedure.ts';
import { checkDate, fieldProblem, GENERIC_INVALID, notInRegulation, notNow, type FieldProblem, type GuardContext, type GuardProblem, type StateContext } from './problems.ts';
import { capitalise } from '../../shared/text.ts';

function respondentKnown(facts: ComplaintFacts): boolean {
  return facts.respondentUserId !== null || (facts.respondentName ?? '') !== '';
}

// ---------------------------------------------------------------------------------------------
// Preconditions (state only)
// ---------------------------------------------------------------------------------------------

export function notYetAcknowledged({ facts, policy }: StateContext): GuardProblem | null {
  const letter = facts.acknowledgement?.letter;
  if (letter && !letter.sentOn) {
    return notNow(
      `De ontvangstbevestiging is vastgelegd op ${formatDutchDate(facts.acknowledgement!.recordedOn)}, maar de brief is nog niet verstuurd${cite(policy.terms.acknowledgementArticle)}. Probeer de e-mail opnieuw, of verstuur de brief per post en kies "Verstuurd per post".`,
    );
  }
  return facts.acknowledgedOn
    ? notNow(`De ontvangst is al bevestigd op ${formatDutchDate(facts.acknowledgedOn)}.`)
    : null;
}

export function respondentIsKnown({ facts }: StateContext): GuardProblem | null {
  return respondentKnown(facts)
    ? null
    : notNow('Er is nog niet vastgelegd over wie de klacht gaat. Leg dat eerst vast bij de indeling van de klacht.');
}

/**
 * Planning or recording a hearing is a step of the regulation's hearing (002 art. 6.5-6.7, the committee models): a
 * regulation without one (003, a charity's template: "in samenwerking … aangepakt", no hearing) does not have the step,
 * so it is absent, not "not now". Contacts with the complainant are recorded with "Contact vastleggen" (003 Bijlage 2).
 */
export function hearingInRegulation({ policy }: StateContext): GuardProblem | null {
  return policy.hearing ? null : notInRegulation('Deze klachtenregeling kent geen horen. Leg een gesprek met de klager vast met "Contact vastleggen".');
}

/**
 * Recording a hearing: a step of the regulation's hearing, or of a hearing already planned and not yet recorded. Until
 * session 12 "Horen plannen" was offered under every regulation, so a complaint under one without a hearing (000, 001,
 * 003, 004) may hold a planned hearing: it stays recordable (for the party it was planned for, `guardRecordHearing`),
 * or the planned conversation could never be written down. Planning a new one stays absent.
 */
export function hearingRecordable(ctx: StateContext): GuardProblem | null {
  return hearingOutstanding(ctx.facts).length > 0 ? null : hearingInRegulation(ctx);
}

/** The parties with a hearing planned and not yet recorded (more planned than heard). */
function hearingOutstanding(facts: ComplaintFacts): HearingParty[] {
  return (Object.keys(facts.hearings) as HearingParty[]).filter((p) => facts.hearings[p].planned.length > facts.hearings[p].heard.length);
}

/** A copy of the complaint to the person it is about is a step only where the regulation has it (Awb 9:9, 002 art. 6.4). */
export function copyInRegulation(ctx: StateContext): GuardProblem | null {
  if (!ctx.policy.copyToRespondent) {
    return notInRegulation('Deze klachtenregeling schrijft geen afschrift van de klacht voor aan degene over wie de klacht gaat.');
  }
  return respondentIsKnown(ctx);
}

/** Recording a procedure at an external body is a step only where the regulation names one (externalBody). */
export function externalBodyInRegulation({ facts, policy }: StateContext): GuardProblem | null {
  // A procedure already recorded (under an earlier regulation) stays correctable with its ruling steps.
  if (policy.externalBody || facts.externalProcedures.length > 0) return null;
  return notInRegulation('Deze klachtenregeling noemt geen externe klachtinstantie.');
}

export function hearingPrescribed({ policy }: StateContext): GuardProblem | null {
  return policy.hearing
    ? null
    : notInRegulation('Deze klachtenregeling schrijft geen horen voor. Afzien van horen hoeft u dus niet vast te leggen.');
}

export function escalationPossible({ policy }: StateContext): GuardProblem | null {
  return escalationTargets(policy).length > 0 ? null : notInRegulation('Deze klachtenregeling kent geen interne escalatie.');
}

export function suspensionAllowed({ policy }: StateContext): GuardProblem | null {
  return policy.suspension.allowed
    ? null
    : notInRegulation(`Deze klachtenregeling staat geen opschorting van de behandeling toe${cite(policy.suspension.article)}.`);
}

/**
 * A verdaging is announced to the complainant before the decision term ends: Awb 9:11 lid 2, Wkkgz art. 17 lid 2
 * ("voor het verstrijken van die termijn"), the committee model's art. 7.5. So where the extension comes from the law
 * or is bounded by a maximum (a verdaging), the step closes once the original term has passed, and the reason names
 * the date and the article. A regulation without either only asks that the complainant be told when the answer will
 * be later (003 "Mocht dit niet haalbaar zijn dan wordt de klagende relatie daarover bericht", at no set time): there
 * the regulation decides, the step stays, and a notice after the term is recorded as late (`deriveExtend`).
 */
/**
 * Whether "Termijn verlengen" is offered: while the decision is not taken (the statuses of the workflow table), once.
 * Also after the term has passed: a notice that went out in time may be entered later; its date decides
 * (`guardExtend` refuses a notice after the term where the extension must be announced within it).
 */
export function extensionPossible({ facts, policy }: StateContext): GuardProblem | null {
  if (policy.extension.maxOpen) {
    return notNow('Verlengen kan nog niet: de klachtenregeling heeft nog geen maximum voor de verlenging (open punt).');
  }
  if (!policy.extension.allowed) {
    return notInRegulation(`Deze klachtenregeling staat geen verlenging van de termijn toe${cite(policy.extension.article)}.`);
  }
  if (!policy.terms.decision) return notNow('Verlengen kan nog niet: de klachtenregeling heeft nog geen termijn voor de beslissing (open punt).');
  if (facts.extension) return notNow('De termijn is al een keer verlengd. Nog een keer verlengen kan niet.');
  return null;
}

/** The extension is a verdaging that must be announced within the term (see `extensionPossible`). */
export function extensionClosesWithTerm(policy: WorkflowPolicy): boolean {
  return policy.extension.law !== null || policy.extension.max !== null;
}

export function hasAdmissibilityGrounds({ policy }: StateContext): GuardProblem | null {
  return policy.admissibility.grounds.length > 0
    ? null
    : notInRegulation('Deze klachtenregeling noemt geen redenen om een klacht niet in behandeling te nemen.');
}

/** Consultations the classification triggers (consult/escalate) that have not happened yet. */
export function pendingConsultations(facts: ComplaintFacts, policy: WorkflowPolicy): PolicyTrigger[] {
  const c = facts.classification;
  if (!c) return [];
  const triggers: PolicyTrigger[] = [];
  if (c.severity) triggers.push(...(policy.classification.severityLevels.find((l) => l.key === c.severity)?.triggers ?? []));
  if (c.sensitive && policy.classification.sensitive) triggers.push(...policy.classification.sensitive.triggers);
  const reached = new Set(facts.escalations.map((e) => e.to));
  const pending: PolicyTrigger[] = [];
  for (const t of triggers) {
    if (t.action === 'notify' || reached.has(t.role) || pending.some((p) => p.role === t.role)) continue;
    pending.push(t);
  }
  return pending;
}

/** Parties that must still be heard (or have a recorded waiver) before a decision. */
export function partiesStillToHear(facts: ComplaintFacts, policy: WorkflowPolicy): HearingParty[] {
  if (!policy.hearing) return [];
  return policy.hearing.parties.filter((party) => {
    if (party === 'respondent' && !respondentKnown(facts)) return false;
    const h = facts.hearings[party];
    return h.heard.length === 0 && h.waived === null;
  });
}

/** Dimensions the regulation requires (000 art. 5.2–5.3) that the complaint has no value for yet. */
export function missingClassification(facts: ComplaintFacts, policy: WorkflowPolicy): WorkflowPolicy['classification']['dimensions'] {
  return policy.classification.dimensions.filter((d) => d.required && (facts.classification?.values[d.key] ?? []).length === 0);
}

export function readyToDecide({ facts, policy }: StateContext): GuardProblem | null {
  const unclassified = missingClassification(facts, policy);
  if (unclassified.length > 0) {
    const articles = [...new Set(unclassified.map((d) => d.article).filter((a) => a !== ''))].join(', ');
    return notNow(
      `Een beslissing kan pas als de klacht is ingedeeld. Kies eerst bij "Indelen": ${unclassified.map((d) => d.label).join(' en ')}${cite(articles)}.`,
    );
  }
  const toHear = partiesStillToHear(facts, policy);
  if (toHear.length > 0 && policy.hearing) {
    const who = toHear.map((p) => HEARING_PARTY_LABELS[p]).join(' en ');
    return notNow(
      `Een beslissing kan pas als ${who} gehoord ${toHear.length > 1 ? 'zijn' : 'is'}, of als is vastgelegd waarom u daarvan afziet${cite(policy.hearing.article)}.`,
    );
  }
  if (policy.copyToRespondent && respondentKnown(facts) && !facts.copySentOn) {
    return notNow(
      `Stuur eerst een afschrift van de klacht naar degene over wie de klacht gaat${cite(policy.copyToRespondent.article)}.`,
    );
  }
  const pending = pendingConsultations(facts, policy);
  if (pending.length > 0) {
    const who = pending.map((t) => theRole(policy, t.role)).join(' en ');
    const articles = [...new Set(pending.map((t) => t.article).filter((a) => a !== ''))].join(', ');
    return notNow(`Deze klacht vraagt eerst overleg met ${who}${cite(articles)}. Leg dat vast met "Escaleren" naar ${who}.`);
  }
  // Every complaint goes to the committee, whose judgement is the decision (issue 12): first forward it there.
  const c = policy.committee;
  if (c && c.route === 'every_complaint' && policy.decidedBy.roles.includes(c.role) && !facts.forwarded) {
    return notNow(`Stuur de klacht eerst door naar ${namedBody(c.name)}; die geeft het oordeel${cite(c.article)}.`);
  }
  return null;
}

/** One step on the way to a decision, for the dossier's checklist. */
export interface ChecklistItem {
  label: string;
  done: boolean;
  article: string | null;
}

/**
 * What the regulation still asks before a decision, as a checklist (the same facts `readyToDecide` guards,
 * all at once instead of the first missing one): acknowledgement, copy to the respondent, hearing of each
 * party, consultations that a classification triggers, and the decision itself.
 */
export function decisionChecklist(facts: ComplaintFacts, policy: WorkflowPolicy): ChecklistItem[] {
  const items: ChecklistItem[] = [];
  const unclassified = new Set(missingClassification(facts, policy).map((d) => d.key));
  for (const dim of policy.classification.dimensions.filter((d) => d.required)) {
    items.push({ label: `Ingedeeld: ${dim.label}`, done: !unclassified.has(dim.key), article: dim.article || null });
  }
  if (policy.terms.acknowledgement) items.push({ label: 'Ontvangst bevestigd', done: facts.acknowledgedOn !== null, article: null });
  if (policy.copyToRespondent && respondentKnown(facts)) {
    items.push({ label: 'Afschrift naar degene over wie de klacht gaat', done: facts.copySentOn !== null, article: policy.copyToRespondent.article });
  }
  if (policy.hearing) {
    const open = new Set(partiesStillToHear(facts, policy));
    for (const party of policy.hearing.parties) {
      if (party === 'respondent' && !respondentKnown(facts)) continue;
      items.push({ label: `${capitalise(HEARING_PARTY_LABELS[party])} gehoord (of afgezien, met reden)`, done: !open.has(party), article: policy.hearing.article });
    }
  }
  const pending = new Set(pendingConsultations(facts, policy).map((t) => t.role));
  const c = facts.classification;
  const triggered = [
    ...(c?.severity ? (policy.classification.severityLevels.find((l) => l.key === c.severity)?.triggers ?? []) : []),
    ...(c?.sensitive && policy.classification.sensitive ? policy.classification.sensitive.triggers : []),
  ].filter((t) => t.action !== 'notify');
  for (const role of new Set(triggered.map((t) => t.role))) {
    items.push({ label: `Overleg met ${theRole(policy, role)}`, done: !pending.has(role), article: triggered.find((t) => t.role === role && t.article !== '')?.article ?? null });
  }
  items.push({ label: `${decisionWords(policy).heading} vastgelegd`, done: facts.decision !== null, article: null });
  return items;
}


export function signOffApplies({ facts, policy }: StateContext): GuardProblem | null {
  if (!policy.signOff) return notInRegulation('Deze klachtenregeling kent geen ondertekening van de afhandeling.');
  if (!resolvedToSatisfaction(facts)) {
    return notNow(
      `Tekenen hoort bij een klacht die naar tevredenheid is afgehandeld${cite(policy.signOff.article)}. Leg eerst vast dat de klager tevreden is.`,
    );
  }
  return null;
}

/** Sign-off roles still missing when the regulation requires a sign-off now. */
export function missingSignOffs(facts: ComplaintFacts, policy: WorkflowPolicy): { key: string; label: string }[] {
  if (!policy.signOff || !resolvedToSatisfaction(facts)) return [];
  // A role held by the person complained about (000 art. 5.5 "de betrokken medewerker") can only sign when
  // that person is a user of this organisation; with nobody (or only a name) recorded, nobody can.
  const nobodyToSign = (key: string) => policy.roles.find((r) => r.key === key)?.appointment === 'respondent' && facts.respondentUserId === null;
  return policy.signOff.roles.filter((r) => !facts.signOffs.some((s) => s.role === r.key) && !nobodyToSign(r.key));
}

/**
 * Closing cannot skip what the regulation asks at the end: where a satisfied outcome needs sign-offs
 * (000 art. 5.5), whether the complainant is satisfied must be recorded first; then the sign-offs.
 */
/** The person complained about must be told the outcome (002 art. 6.9); once. */
export function respondentToBeInformed({ facts, policy }: StateContext): GuardProblem | null {
  if (!policy.decision.informRespondent) {
    return notInRegulation('Deze klachtenregeling schrijft niet voor dat degene over wie de klacht gaat de uitkomst te horen krijgt.');
  }
  if (!respondentKnown(facts)) return notNow('Er is niet vastgelegd over wie de klacht gaat.');
  if (facts.respondentInformedOn) {
    return notNow(`Degene over wie de klacht gaat is al op de hoogte gebracht van de uitkomst (${formatDutchDate(facts.respondentInformedOn)}).`);
  }
  return null;
}

/** The respondent still has to hear the outcome before the complaint can be closed (002 art. 6.9). */
export function respondentStillToBeInformed(facts: ComplaintFacts, policy: WorkflowPolicy): boolean {
  return policy.decision.informRespondent && respondentKnown(facts) && facts.decision !== null && facts.respondentInformedOn === null;
}

export function readyToClose(ctx: StateContext): GuardProblem | null {
  const { facts, policy } = ctx;
  // The complaint is handled when the complainant is told the decision in writing (002 art. 6.9, Wkkgz art. 17,
  // Awb 9:12): while the product's letter has not gone out, the decision term runs on, so the file cannot close.
  if (decisionLetterPending(facts)) {
    return notNow(
      `Afsluiten kan nog niet: de brief met de beslissing is nog niet verstuurd${cite(policy.decision.article)}. ${
        facts.decision?.letter?.channel === 'post'
          ? 'Druk de brief af bij Brieven in het dossier, verstuur hem per post en klik op "Verstuurd per post".'
          : // Brieven offers retry and "Verstuurd per post" only once the mail failed; while it is queued, nothing.
            'Kijk bij Brieven in het dossier. Staat de e-mail nog in de wachtrij, wacht dan tot hij weg is. Lukte de e-mail niet, probeer hem dan opnieuw of verstuur de brief per post en klik op "Verstuurd per post".'
      }`,
    );
  }
  if (respondentStillToBeInformed(facts, policy)) {
    return notNow(
      `Afsluiten kan nog niet. Leg eerst vast dat degene over wie de klacht gaat op de hoogte is gebracht van de uitkomst${cite(policy.decision.article)}.`,
    );
  }
  if (policy.signOff && !facts.satisfaction && !resolvedToSatisfaction(facts)) {
    return notNow(
      `Afsluiten kan nog niet. Leg eerst vast of de klager tevreden is: dan is duidelijk of het ${policy.signOff.document} moet worden getekend${cite(policy.signOff.article)}.`,
    );
  }
  return signOffsComplete(ctx);
}

export function signOffsComplete({ facts, policy }: StateContext): GuardProblem | null {
  const missing = missingSignOffs(facts, policy);
  if (missing.length === 0 || !policy.signOff) return null;
  return notNow(
    `Afsluiten kan nog niet. Het ${policy.signOff.document} moet nog worden getekend door: ${missing.map((m) => m.label).join(', ')}${cite(policy.signOff.article)}.`,
  );
}

/** The regulation lets a role be consulted: an escalation step of kind consult, or a classification that triggers one (003: het bestuur). */
export function consultInRegulation(policy: WorkflowPolicy): boolean {
  const triggers = [...policy.classification.severityLevels.flatMap((l) => l.triggers), ...(policy.classification.sensitive?.triggers ?? [])];
  return policy.escalation.steps.some((s) => s.kind === 'consult') || triggers.some((t) => t.action === 'consult');
}

/**
 * Recording a consultation's outcome: only with a consultation open. Under a regulation without any consultation (001,
 * 002, 004) the step is absent, not "not now" (walkthrough 3 Dec 2026: 001's dossier said "Er staat geen overleg open"),
 * unless the history already holds one (recorded under an earlier regulation).
 */
export function adviceAwaited({ facts, policy }: StateContext): GuardProblem | null {
  if (facts.consultations.some((c) => c.advice === null)) return null;
  if (facts.consultations.length === 0 && !consultInRegulation(policy)) return notInRegulation('Deze klachtenregeling kent geen overleg waarvan de uitkomst wordt vastgelegd.');
  return notNow('Er staat geen overleg open: de klacht is aan niemand voorgelegd voor overleg.');
}

/**
 * The ruling and the organisation's reaction to it follow a recorded external procedure. Under a regulation without an
 * external body (000, 003) they are absent like the procedure itself (`externalBodyInRegulation`), not "Leg eerst de
 * externe procedure vast", a step that is not offered there (walkthrough 3 Dec 2026, 003).
 */
export function hasExternalProcedure(ctx: StateContext): GuardProblem | null {
  if (ctx.facts.externalProcedures.length > 0) return null;
  return externalBodyInRegulation(ctx) ?? notNow('Leg eerst de externe procedure vast.');
}

export function hasExternalRuling(ctx: StateContext): GuardProblem | null {
  if (ctx.facts.externalProcedures.some((p) => p.ruling)) return null;
  return externalBodyInRegulation(ctx) ?? notNow('Leg eerst de uitspraak van de externe instantie vast.');
}

// ---------------------------------------------------------------------------------------------
// Guards (with input)
// ---------------------------------------------------------------------------------------------

export function guardAcknowledge(ctx: GuardContext<'acknowledge'>): GuardProblem | null {
  return checkDate(ctx, 'on', ctx.input.on) ?? acknowledgementContentsProblem(ctx.policy, ctx.input.contents);
}

/** The handler is not the person complained about only where the regulation says so and the handler judges (002 art. 1). */
export function guardAssign(ctx: GuardContext<'assign'>): GuardProblem | null {
  const independent = handlerIndependence(ctx.policy);
  if (independent && ctx.facts.respondentUserId !== null && ctx.input.handlerUserId === ctx.facts.respondentUserId) {
    return fieldProblem(
      'handlerUserId',
      `Deze persoon is degene over wie de klacht gaat. Die mag de klacht niet behandelen${cite(independent.article)}. Kies een andere behandelaar.`,
    );
  }
  return null;
}

export function guardClassify(ctx: GuardContext<'classify'>): GuardProblem | null {
  const { input, policy, facts } = ctx;
  const fields: FieldProblem[] = [];
  const dims = policy.classification.dimensions;
  for (const [key, values] of Object.entries(input.values)) {
    const dim = dims.find((d) => d.key === key);
    if (!dim) {
      fields.push({ field: `values.${key}`, message: `Deze klachtenregeling kent geen indeling "${key}".` });
      continue;
    }
    const unknown = values.filter((v) => !dim.options.some((o) => o.key === v));
    if (unknown.length > 0) {
      fields.push({
        field: `values.${key}`,
        message: `Kies bij ${dim.label} uit: ${dim.options.map((o) => o.label).join('; ')}.`,
      });
    } else if (!dim.multiple && new Set(values).size > 1) {
      fields.push({ field: `values.${key}`, message: `Kies bij ${dim.label} één waarde.` });
    }
  }
  for (const dim of dims) {
    if (dim.required && (input.values[dim.key] ?? []).length === 0) {
      fields.push({ field: `values.${dim.key}`, message: `Kies bij ${dim.label} minstens één waarde.` });
    }
  }
  const levels = policy.classification.severityLevels;
  if (input.severity !== undefined && input.severity !== null && !levels.some((l) => l.key === input.severity)) {
    fields.push({
      field: 'severity',
      message:
        levels.length === 0
          ? 'Deze klachtenregeling kent geen ernst-niveaus. Laat de ernst leeg.'
          : `Kies de ernst uit: ${levels.map((l) => l.label).join('; ')}.`,
    });
  }
  const newRespondent = input.respondentUserId === undefined ? facts.respondentUserId : input.respondentUserId;
  const independent = handlerIndependence(policy);
  if (independent && newRespondent !== null && newRespondent === facts.handlerUserId) {
    fields.push({
      field: 'respondentUserId',
      message: `Dit is de behandelaar van de klacht. Wijs eerst een andere behandelaar toe${cite(independent.article)}.`,
    });
  }
  return fields.length > 0 ? { code: 'validation_failed', message: GENERIC_INVALID, fields } : null;
}

export function guardSendCopy(ctx: GuardContext<'send-copy-to-respondent'>): GuardProblem | null {
  return checkDate(ctx, 'on', ctx.input.on);
}

export function guardRecordContact(ctx: GuardContext<'record-contact'>): GuardProblem | null {
  return checkDate(ctx, 'on', ctx.input.on);
}

export function guardPlanHearing(ctx: GuardContext<'plan-hearing'>): GuardProblem | null {
  return checkDate(ctx, 'on', ctx.input.on, { future: true });
}

export function guardRecordHearing(ctx: GuardContext<'record-hearing'>): GuardProblem | null {
  const dated = checkDate(ctx, 'on', ctx.input.on);
  if (dated) return dated;
  const h = ctx.policy.hearing;
  if (!h && !hearingOutstanding(ctx.facts).includes(ctx.input.party)) {
    return fieldProblem('party', `Er is geen gesprek met ${HEARING_PARTY_LABELS[ctx.input.party]} gepland. Deze klachtenregeling kent geen horen; leg een gesprek vast met "Contact vastleggen".`);
  }
  if (h?.reportRequired && !ctx.input.report) {
    return fieldProblem('report', `Schrijf een verslag van het horen. De klachtenregeling schrijft dat voor${cite(h.reportArticle)}.`);
  }
  return null;
}

export function guardWaiveHearing(ctx: GuardContext<'waive-hearing'>): GuardProblem | null {
  const h = ctx.policy.hearing;
  if (!h) return null; // the precondition already refused
  if (!h.parties.includes(ctx.input.party)) {
    return fieldProblem('party', `De klachtenregeling schrijft niet voor dat ${HEARING_PARTY_LABELS[ctx.input.party]} wordt gehoord.`);
  }
  const ground = h.waiverGrounds.find((g) => g.key === ctx.input.ground);
  if (!ground) {
    return fieldProblem(
      'ground',
      h.waiverGrounds.length === 0
        ? 'De klachtenregeling noemt geen redenen om van horen af te zien.'
        : `Kies een reden uit de klachtenregeling: ${h.waiverGrounds.map((g) => g.label).join('; ')}.`,
    );
  }
  if (!ground.parties.includes(ctx.input.party)) {
    const fitting = h.waiverGrounds.filter((g) => g.parties.includes(ctx.input.party));
    return fieldProblem(
      'ground',
      `Deze reden geldt niet voor het horen van ${HEARING_PARTY_LABELS[ctx.input.party]}${cite(ground.article)}. ${
        fitting.length === 0
          ? `De klachtenregeling noemt geen reden om af te zien van het horen van ${HEARING_PARTY_LABELS[ctx.input.party]}.`
          : `Kies uit: ${fitting.map((g) => g.label).join('; ')}.`
      }`,
    );
  }
  if (ctx.facts.hearings[ctx.input.party].heard.length > 0) {
    return fieldProblem('party', `${capitalise(HEARING_PARTY_LABELS[ctx.input.party])} is al gehoord.`);
  }
  return null;
}

/** Roles a complaint can be escalated to: the chain's targets and the roles classification triggers name. */
export function escalationTargets(policy: WorkflowPolicy): string[] {
  const out: string[] = [];
  const add = (key: string) => {
    if (!out.includes(key)) out.push(key);
  };
  for (const step of policy.escalation.steps) add(step.to);
  for (const level of policy.classification.severityLevels) for (const t of level.triggers) if (t.action !== 'notify') add(t.role);
  for (const t of policy.classification.sensitive?.triggers ?? []) if (t.action !== 'notify') add(t.role);
  return out;
}

export function guardEscalate(ctx: GuardContext<'escalate'>): GuardProblem | null {
  const targets = escalationTargets(ctx.policy);
  if (!targets.includes(ctx.input.to)) {
    return fieldProblem('to', `Kies uit: ${targets.map((t) => roleLabel(ctx.policy, t)).join('; ')}.`);
  }
  if (ctx.facts.escalationLevel === ctx.input.to) {
    return fieldProblem('to', `De klacht ligt al bij ${theRole(ctx.policy, ctx.input.to)}.`);
  }
  return null;
}

export function guardSuspend(ctx: GuardContext<'suspend'>): GuardProblem | null {
  const last = ctx.facts.suspensions.at(-1);
  const notBefore = last?.to ? { date: last.to, what: 'het einde van de vorige opschorting' } : undefined;
  return checkDate(ctx, 'from', ctx.input.from, notBefore ? { notBefore } : {});
}

export function guardResume(ctx: GuardContext<'resume'>): GuardProblem | null {
  const open = openSuspension(ctx.facts);
  return checkDate(ctx, 'on', ctx.input.on, open ? { notBefore: { date: open.from, what: 'het begin van de opschorting' } } : {});
}

export function guardExtend(ctx: GuardContext<'extend'>): GuardProblem | null {
  const dated = checkDate(ctx, 'noticeOn', ctx.input.noticeOn);
  if (dated) return dated;
  const clock = decisionClock(ctx.policy, ctx.facts, ctx.today);
  if (!clock) return notNow('De termijn voor de beslissing kan niet worden berekend.');
  const late = compareDates(ctx.input.noticeOn, clock.originalDue) > 0;
  if (late && extensionClosesWithTerm(ctx.policy)) {
    // The extension must be announced within the term (Awb 9:11 lid 2, Wkkgz art. 17 lid 2, or the regulation's
    // maximum): a notice sent in time may be entered later, a notice sent after the term cannot extend it.
    return fieldProblem(
      'noticeOn',
      `Het bericht ging weg na het einde van de termijn voor de beslissing (tot en met ${formatDutchDate(clock.originalDue)}). ` +
        `De klager moet het bericht over een verlenging binnen die termijn krijgen${cite(ctx.policy.extension.article)}. Verlengen kan daarom niet meer; neem zo snel mogelijk een beslissing.`,
    );
  }
  const check = checkExtension({
    originalDue: clock.originalDue,
    // A late notice is still checked against the maximum, as if it had gone out on the last day.
    noticeOn: late ? clock.originalDue : ctx.input.noticeOn,
    term: ctx.input.term,
    max: effectiveMaxExtension(ctx.policy),
    settings: ctx.policy.calendar,
    // The maximum's source (the regulation's article or Awb 9:11 lid 2), as the form's note cites it (walk 9).
    ...(ctx.policy.extension.max ? { citation: cite(ctx.policy.extension.article) } : {}),
  });
  if (check.ok) return null;
  switch (check.code) {
    case 'notice_too_late':
      // Only where the regulation sets no time for the notice (CBF 003 "krijgt u van ons bericht"; elsewhere refused
      // above): recorded with its true date and marked late (`deriveExtend`), never refused.
      return null;
    case 'not_allowed':
      return notNow(check.message);
    default:
      return fieldProblem('term', check.message);
  }
}

/**
 * What the workflow adds to an extension: `late` when the notice went out after the end of the original
 * term. A late extension does not move the decision term: the regulation (and Awb 9:11 lid 2) allow an
 * extension only while the term runs, so the complaint stays late on its original term; the notice and the
 * date it promised are shown in the dossier. The complainant's term is never shortened by it either.
 */
export function deriveExtend(ctx: GuardContext<'extend'>): Record<string, unknown> {
  const clock = decisionClock(ctx.policy, ctx.facts, ctx.today);
  return { late: clock !== null && compareDates(ctx.input.noticeOn, clock.originalDue) > 0 };
}

export function isNotAComplaint({ facts }: StateContext): GuardProblem | null {
  return facts.kind === 'not_a_complaint' ? null : notNow('Alleen iets dat als "geen klacht" is geregistreerd, kan alsnog een klacht worden.');
}

export function guardConvertToComplaint(ctx: GuardContext<'convert-to-complaint'>): GuardProblem | null {
  const subject = ctx.policy.notComplaints.find((n) => n.key === ctx.facts.notComplaintKey);
  return checkDate(ctx, 'receivedOn', ctx.input.receivedOn, {
    notBefore: { date: ctx.facts.receivedOn ?? '1583-01-01', what: `de eerste melding${subject ? ` (${subject.label})` : ''}` },
  });
}

export function guardDeclareInadmissible(ctx: GuardContext<'declare-inadmissible'>): GuardProblem | null {
  const { input, policy, facts } = ctx;
  const ground = policy.admissibility.grounds.find((g) => g.key === input.ground);
  if (!ground) {
    return fieldProblem('ground', `Kies een reden uit de klachtenregeling: ${policy.admissibility.grounds.map((g) => g.label).join('; ')}.`);
  }
  const dated = checkDate(ctx, 'on', input.on);
  if (dated) return dated;
  if (ground.limit && facts.receivedOn) {
    if (input.conductOn === undefined) {
      return fieldProblem(
        'conductOn',
        `Vul de datum van de gedraging in. Deze reden geldt alleen als de gedraging langer dan ${describeTerm(ground.limit)} vóór de klacht plaatsvond${cite(ground.article)}.`,
      );
    }
    const future = checkDate(ctx, 'conductOn', input.conductOn, { notBefore: { date: '1583-01-01', what: 'het jaar 1583' } });
    if (future) return future;
    let limitEnd: IsoDate;
    try {
      limitEnd = addTerm(input.conductOn, ground.limit, { atw: false, closedDays: [] });
    } catch {
      return fieldProblem('conductOn', 'Deze datum kan niet worden gebruikt.');
    }
    if (compareDates(limitEnd, facts.receivedOn) >= 0) {
      return fieldProblem(
        'conductOn',
        `De gedraging was minder dan ${describeTerm(ground.limit)} vóór de klacht (ontvangen op ${formatDutchDate(facts.receivedOn)}). Deze reden geldt dan niet${cite(ground.article)}.`,
      );
    }
  }
  return null;
}

export function guardWithdraw(ctx: GuardContext<'withdraw'>): GuardProblem | null {
  return checkDate(ctx, 'on', ctx.input.on);
}

export function guardDecide(ctx: GuardContext<'decide'>): GuardProblem | null {
  const { input, policy } = ctx;
  const fields: FieldProblem[] = [];
  const dated = checkDate(ctx, 'decidedOn', input.decidedOn);
  if (dated?.fields) fields.push(...dated.fields);
  const outcomes = policy.decision.outcomes;
  if (!outcomes.offered.includes(input.outcome)) {
    const choices = outcomes.offered.map((o) => outcomeLabel(outcomes, o).toLowerCase());
    fields.push({
      field: 'outcome',
      message: `${MERITS_OUTCOMES.includes(input.outcome) && !outcomes.judgesMerits ? `Deze klachtenregeling oordeelt niet of een klacht gegrond of ongegrond is${cite(outcomes.article)}. ` : `Deze uitkomst kent de klachtenregeling niet${cite(outcomes.article)}. `}Kies: ${choices.length > 1 ? `${choices.slice(0, -1).join(', ')} of ${choices.at(-1)}` : choices[0]}.`,
    });
  }
  const text = decisionText(policy);
  const written = input.reasoning ?? '';
  if (text.required && written.length === 0) fields.push({ field: 'reasoning', message: `${text.missing}${cite(text.article)}.` });
  else if (text.required && written.length < text.min) fields.push({ field: 'reasoning', message: `Schrijf bij ${text.what} minstens ${text.min} tekens${cite(text.article)}.` });
  if (policy.decision.form === 'written' && input.form === 'oral') {
    fields.push({ field: 'form', message: `De klachtenregeling schrijft een schriftelijke beslissing voor${cite(policy.decision.article)}.` });
  }
  const recommendations = recommendationsProblem(policy, input.recommendations);
  if (recommendations?.fields) fields.push(...recommendations.fields);
  const unfounded = unfoundedWaiver(ctx.facts, policy);
  if (unfounded && (input.outcome === 'upheld' || input.outcome === 'partly_upheld') && !input.waiverContradictionReason) {
    fields.push({
      field: 'waiverContradictionReason',
      message: `Het horen van de klager is overgeslagen omdat de klacht kennelijk ongegrond was${cite(unfounded.article)}. Leg uit waarom de klacht nu toch (deels) gegrond is.`,
    });
  }
  // Only where the regulation or the law asks it (002 via Awb 9:12 lid 2); HSS names its route on the website.
  const named = policy.externalBody?.namedInDecision;
  if (policy.externalBody && named && (input.externalBodyNamed === undefined || input.externalBodyNamed === false)) {
    fields.push({
      field: 'externalBodyNamed',
      message: `Noem in de beslissing waar de klager daarna terecht kan: ${policy.externalBody.name}${/^\d/.test(named.article) ? cite(named.article) : ` ${inParentheses(named.article)}`}.`,
    });
  }
  return fields.length > 0 ? { code: 'validation_failed', message: GENERIC_INVALID, fields } : null;
}

/** A recorded waiver whose ground presumes the complaint unfounded (002 art. 6.6 "kennelijk ongegrond"). */
export function unfoundedWaiver(facts: ComplaintFacts, policy: WorkflowPolicy): { article: string } | null {
  for (const h of Object.values(facts.hearings)) {
    const g = h.waived ? policy.hearing?.waiverGrounds.find((w) => w.key === h.waived!.ground) : undefined;
    if (g?.presumesUnfounded) return { article: g.article };
  }
  return null;
}

export function guardRecordSatisfaction(ctx: GuardContext<'record-satisfaction'>): GuardProblem | null {
  const s = ctx.facts.satisfaction;
  if (s) {
    return notNow(
      `De tevredenheid is al vastgelegd op ${formatDutchDate(s.on)} (${s.satisfied ? 'tevreden' : 'niet tevreden'}). Klopt dat niet? Gebruik dan "Tevredenheid corrigeren" en geef de reden.`,
    );
  }
  return checkDate(ctx, 'on', ctx.input.on);
}

export function satisfactionRecorded({ facts }: StateContext): GuardProblem | null {
  return facts.satisfaction ? null : notNow('Er is nog geen tevredenheid vastgelegd. Gebruik eerst "Tevredenheid vastleggen".');
}

export function guardCorrectSatisfaction(ctx: GuardContext<'correct-satisfaction'>): GuardProblem | null {
  const s = ctx.facts.satisfaction;
  if (s && s.satisfied === ctx.input.satisfied) {
    return fieldProblem('satisfied', `Er staat al vastgelegd dat de klager ${s.satisfied ? 'tevreden' : 'niet tevreden'} is. Er is dus niets te corrigeren.`);
  }
  if (ctx.input.satisfied === false && ctx.facts.signOffs.length > 0 && ctx.facts.status === 'decided') {
    return fieldProblem('satisfied', 'Er is al getekend voor een afhandeling naar tevredenheid. Heropen de klacht als die afhandeling niet klopt.');
  }
  return checkDate(ctx, 'on', ctx.input.on, ctx.facts.decision ? { notBefore: { date: ctx.facts.decision.decidedOn, what: 'de beslissing' } } : {});
}

export function guardSignOff(ctx: GuardContext<'sign-off'>): GuardProblem | null {
  const s = ctx.policy.signOff;
  if (!s) return null;
  const role = s.roles.find((r) => r.key === ctx.input.role);
  if (!role) return fieldProblem('role', `Kies wie tekent: ${s.roles.map((r) => r.label).join(' of ')}.`);
  if (ctx.facts.signOffs.some((x) => x.role === role.key)) return fieldProblem('role', `${capitalise(role.label)} heeft al getekend.`);
  return checkDate(ctx, 'on', ctx.input.on);
}

export function guardInformRespondent(ctx: GuardContext<'inform-respondent'>): GuardProblem | null {
  const decided = ctx.facts.decision?.decidedOn;
  return checkDate(ctx, 'on', ctx.input.on, decided ? { notBefore: { date: decided, what: 'de beslissing' } } : {});
}

export function guardClose(ctx: GuardContext<'close'>): GuardProblem | null {
  return checkDate(ctx, 'on', ctx.input.on);
}

export function guardReopen(ctx: GuardContext<'reopen'>): GuardProblem | null {
  return checkDate(ctx, 'on', ctx.input.on);
}

export function guardExternalProcedure(ctx: GuardContext<'record-external-procedure'>): GuardProblem | null {
  return checkDate(ctx, 'submittedOn', ctx.input.submittedOn);
}

export function guardExternalRuling(ctx: GuardContext<'record-external-ruling'>): GuardProblem | null {
  const proc = pickProcedure(ctx.facts, ctx.input.procedure);
  if (!proc) return fieldProblem('procedure', 'Deze externe procedure bestaat niet.');
  if (proc.ruling) return fieldProblem('procedure', `Bij deze procedure is de uitspraak al vastgelegd (${formatDutchDate(proc.ruling.on)}).`);
  return checkDate(ctx, 'on', ctx.input.on, { notBefore: { date: proc.submittedOn, what: 'het indienen bij de instantie' } });
}

export function guardOrganisationReaction(ctx: GuardContext<'record-organisation-reaction'>): GuardProblem | null {
  const proc = pickProcedure(ctx.facts, ctx.input.procedure);
  if (!proc) return fieldProblem('procedure', 'Deze externe procedure bestaat niet.');
  if (!proc.ruling) return fieldProblem('procedure', 'Bij deze procedure is nog geen uitspraak vastgelegd.');
  return checkDate(ctx, 'on', ctx.input.on, { notBefore: { date: proc.ruling.on, what: 'de uitspraak' } });
}


/**
 * A correction changes something, fits the regulation and the state of the complaint:
 * - the intake user corrects only while the complaint is open (once ended, the coordinator does);
 * - a complaint in handling stays a complaint (withdraw or close it instead); a new one may become
 *   onvrede, a suggestion or "geen klacht", and those may become a complaint;
 * - "geen klacht" names one of the regulation's excluded subjects (001 §3.1).
 */
export function guardCorrectRegistration(ctx: GuardContext<'correct-registration'>): GuardProblem | null {
  const { facts, input, policy, actor } = ctx;
  if (input.unitId === undefined && input.kind === undefined && input.complainant === undefined && input.linkedComplaintId === undefined) {
    return fieldProblem('reason', 'Er is niets veranderd. Verander minstens één gegeven.');
  }
  if (!actor.roles.includes('coordinator') && !['new', 'in_progress', 'suspended'].includes(facts.status)) {
    return notNow(`Deze registratie is afgesloten. Alleen ${theCoordinator(policy)} corrigeert hem nog.`);
  }
  if (input.kind !== undefined && input.kind !== facts.kind) {
    // A reopened complaint waiting for a handler again (statusAfter) has been in handling: it stays a complaint too.
    if (facts.kind === 'complaint' && (facts.status !== 'new' || facts.reopenCount > 0)) {
      return fieldProblem('kind', 'Deze klacht is al in behandeling en blijft een klacht. Trek hem in of sluit hem af als dat nodig is.');
    }
    if (input.kind === 'not_a_complaint') {
      const subjects = policy.notComplaints;
      if (!subjects.length) return fieldProblem('kind', 'Deze klachtenregeling noemt geen onderwerpen die geen klacht zijn.');
      if (!subjects.some((n) => n.key === input.notComplaintKey)) {
        return fieldProblem('notComplaintKey', `Kies het onderwerp dat volgens de klachtenregeling geen klacht is: ${subjects.map((n) => n.label).join('; ')}${cite(subjects[0]!.article)}.`);
      }
    }
  }
  return null;
}
