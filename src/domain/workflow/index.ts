/** Public API of the complaint workflow (pure; no I/O). */
export * from './states.ts';
export * from './actions.ts';
export * from './policy.ts';
export * from './facts.ts';
export * from './fold.ts';
export * from './stored-events.ts';
export * from './due-dates.ts';
export type { FieldProblem, GuardContext, GuardProblem, StateContext } from './problems.ts';
export type { ChecklistItem } from './guards.ts';
export { decisionChecklist, escalationTargets, extensionClosesWithTerm, missingClassification, missingSignOffs, partiesStillToHear, pendingConsultations, unfoundedWaiver } from './guards.ts';
export { actionAvailability, actionLabel, availableActions, transitionsFrom, WORKFLOW, type ActionAvailability, type ActionRule, type Actor } from './table.ts';
export * from './apply.ts';
export * from './regulation-roles.ts';
export { escalationHandlers, handoverCandidates, judgeIsRespondent, regulationGate } from './regulation-gate.ts';
export { acknowledgementContents, eventDate, EVENT_LABELS, procedurePhase, procedureRoles, responseBasis } from './procedure.ts';
