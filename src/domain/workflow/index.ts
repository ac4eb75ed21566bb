/** Public API of the complaint workflow (pure; no I/O). */
export * from './states.ts';
export * from './actions.ts';
export * from './policy.ts';
export * from './facts.ts';
export * from './stored-events.ts';
export * from './due-dates.ts';
export type { ChecklistItem, FieldProblem, GuardContext, GuardProblem, StateContext } from './guards.ts';
export { decisionChecklist, escalationTargets, extensionClosesWithTerm, missingClassification, missingSignOffs, partiesStillToHear, pendingConsultations, unfoundedWaiver } from './guards.ts';
export * from './table.ts';
export * from './regulation-roles.ts';
export { escalationHandlers, handoverCandidates, judgeIsRespondent, regulationGate } from './regulation-gate.ts';
export { acknowledgementContents, eventDate, EVENT_LABELS, procedurePhase, procedureRoles, responseBasis } from './procedure.ts';
