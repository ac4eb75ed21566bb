/**
 * The regulation model: an organisation's klachtenregeling as validated data, how an organisation adopts a
 * voorbeeld- or modelregeling (the files themselves are read in src/regulations), and what follows from a
 * regulation (open points, due dates, legal check, published text).
 * Pure: no I/O.
 */
export * from './schema.ts';
export { formatPath, parseRegulation, parseRegulationDocument } from './parse.ts';
export type { RegulationIssue, RegulationParseResult } from './parse.ts';
export { activationProblems, applyFills, openItems, organisationFills, parseFillArgs } from './open-points.ts';
export type { ActivationProblem, ApplyFillsResult, FillError, OpenItem } from './open-points.ts';
export { calendarSettings, milestones, MILESTONE_KEYS } from './milestones.ts';
export type { MilestoneKey, Milestones } from './milestones.ts';
export { legalCheck, LEGAL_FRAMEWORKS, LEGAL_FRAMEWORK_LABELS } from './legal-check.ts';
export type { LegalFinding, LegalFramework } from './legal-check.ts';
export { dutchDate, renderRegulationText } from './render.ts';
export type { RenderedRegulation, RenderedSection } from './render.ts';
export { parseTermText, termText } from './terms.ts';
export { adoptPreset, RegulationFillError } from './adopt.ts';
export * from './cite.ts';
export { coordinatorName, productRolesOf, regulationRoleName, roleLabelOf, theCoordinator } from './roles.ts';
export type { NamedRole } from './roles.ts';
export { versionInForceOn } from './in-force.ts';
export type { ScopedVersion, VersionChoice } from './in-force.ts';
export { diffLines, effectiveSince, effectiveSinceOf, regulationTextDiff, reviewDue } from './review.ts';
export type { ReviewDue, SectionDiff } from './review.ts';
export { describeRegulationChanges, EFFECTIVE_DATE_LABEL, slotText, TERM_SLOT_LABELS } from './changes.ts';
