import type { Migration } from 'kysely/migration';
import * as foundation from './2026-11-21T1100-foundation.ts';
import * as regulationsAndComplaints from './2026-11-21T1200-regulations-and-complaints.ts';
import * as runningDeadlineColumns from './2026-12-01T0400-running-deadline-columns.ts';
import * as regulationRoleBindings from './2026-12-01T0500-regulation-role-bindings.ts';
import * as regulationVersionsPerScope from './2026-12-01T0500-regulation-versions-per-scope.ts';
import * as defaultUnits from './2026-12-01T0700-default-units.ts';
import * as pendingUploadsAndTriage from './2026-12-01T0800-pending-uploads-and-triage.ts';
import * as outboundMails from './2026-12-01T1000-outbound-mails.ts';
import * as letters from './2026-12-01T1100-letters.ts';
import * as mailbox from './2026-12-01T1200-mailbox.ts';
import * as complainantLinks from './2026-12-01T1300-complainant-links.ts';
import * as notifications from './2026-12-01T1400-notifications.ts';
import * as reports from './2026-12-01T1500-reports.ts';
import * as meetingsAndReviews from './2026-12-01T1540-meetings-and-reviews.ts';
import * as securityCore from './2026-12-01T1600-security-core.ts';
import * as retention from './2026-12-01T1610-retention.ts';
import * as privacyRequests from './2026-12-01T1620-privacy-requests.ts';
import * as loginSecurity from './2026-12-01T1630-login-security.ts';
import * as sso from './2026-12-01T1640-sso.ts';
import * as securityFindings from './2026-12-01T1650-security-findings.ts';
import * as rowLevelSecurity from './2026-12-01T1690-row-level-security.ts';
import * as legalFrameworks from './2026-12-01T1710-legal-frameworks.ts';
import * as ownMilestoneLabel from './2026-12-01T1720-own-milestone-label.ts';
import * as procedureRoles from './2026-12-01T1750-procedure-roles.ts';
import * as startPage from './2026-12-02T1810-start-page.ts';
import * as intake from './2026-12-02T1820-intake.ts';
import * as instances from './2026-12-02T1830-instances.ts';
import * as listIndexes from './2026-12-02T1840-list-indexes.ts';
import * as listIndexesPerOrganisation from './2026-12-02T1900-list-indexes-per-organisation.ts';
import * as dueOrderLeakproof from './2026-12-02T1920-due-order-leakproof.ts';
import * as searchGinWithoutPendingList from './2026-12-02T1950-search-gin-without-pending-list.ts';
import * as needToKnowBranches from './2026-12-02T2000-need-to-know-branches.ts';
import * as inadmissibilityWindow from './2026-12-02T2100-inadmissibility-window.ts';
import * as lookupTupleIds from './2026-12-02T2200-lookup-tuple-ids.ts';
import * as statisticsWithoutMaxExtended from './2026-12-03T0040-statistics-without-max-extended.ts';
import * as categoryKeysPerOrganisation from './2026-12-03T1300-category-keys-per-organisation.ts';
import * as functionSearchPath from './2026-12-03T1400-function-search-path.ts';
import * as triageDue from './2026-12-03T1500-triage-due.ts';
import * as appRoleRowsOnly from './2026-12-03T1600-app-role-rows-only.ts';
import * as statisticsEscalationKinds from './2026-12-03T1700-statistics-escalation-kinds.ts';
import * as complaintsHandlerStatistics from './2026-12-03T1510-complaints-handler-statistics.ts';
import * as searchGinSmallPendingListEverywhere from './2026-12-03T1710-search-gin-small-pending-list-everywhere.ts';

/** Every migration, by its dated name. Append only; never edit a released one. */
export const migrations: Record<string, Migration> = {
  '2026-11-21T1100-foundation': foundation,
  '2026-11-21T1200-regulations-and-complaints': regulationsAndComplaints,
  '2026-12-01T0400-running-deadline-columns': runningDeadlineColumns,
  '2026-12-01T0500-regulation-role-bindings': regulationRoleBindings,
  '2026-12-01T0500-regulation-versions-per-scope': regulationVersionsPerScope,
  '2026-12-01T0700-default-units': defaultUnits,
  '2026-12-01T0800-pending-uploads-and-triage': pendingUploadsAndTriage,
  '2026-12-01T1000-outbound-mails': outboundMails,
  '2026-12-01T1100-letters': letters,
  '2026-12-01T1200-mailbox': mailbox,
  '2026-12-01T1300-complainant-links': complainantLinks,
  '2026-12-01T1400-notifications': notifications,
  '2026-12-01T1500-reports': reports,
  '2026-12-01T1540-meetings-and-reviews': meetingsAndReviews,
  '2026-12-01T1600-security-core': securityCore,
  '2026-12-01T1610-retention': retention,
  '2026-12-01T1620-privacy-requests': privacyRequests,
  '2026-12-01T1630-login-security': loginSecurity,
  '2026-12-01T1640-sso': sso,
  '2026-12-01T1650-security-findings': securityFindings,
  '2026-12-01T1690-row-level-security': rowLevelSecurity,
  '2026-12-01T1710-legal-frameworks': legalFrameworks,
  '2026-12-01T1720-own-milestone-label': ownMilestoneLabel,
  '2026-12-01T1750-procedure-roles': procedureRoles,
  '2026-12-02T1810-start-page': startPage,
  '2026-12-02T1820-intake': intake,
  '2026-12-02T1830-instances': instances,
  '2026-12-02T1840-list-indexes': listIndexes,
  '2026-12-02T1900-list-indexes-per-organisation': listIndexesPerOrganisation,
  '2026-12-02T1920-due-order-leakproof': dueOrderLeakproof,
  '2026-12-02T1950-search-gin-without-pending-list': searchGinWithoutPendingList,
  '2026-12-02T2000-need-to-know-branches': needToKnowBranches,
  '2026-12-02T2100-inadmissibility-window': inadmissibilityWindow,
  '2026-12-02T2200-lookup-tuple-ids': lookupTupleIds,
  '2026-12-03T0040-statistics-without-max-extended': statisticsWithoutMaxExtended,
  '2026-12-03T1300-category-keys-per-organisation': categoryKeysPerOrganisation,
  '2026-12-03T1400-function-search-path': functionSearchPath,
  '2026-12-03T1500-triage-due': triageDue,
  '2026-12-03T1510-complaints-handler-statistics': complaintsHandlerStatistics,
  '2026-12-03T1600-app-role-rows-only': appRoleRowsOnly,
  '2026-12-03T1700-statistics-escalation-kinds': statisticsEscalationKinds,
  '2026-12-03T1710-search-gin-small-pending-list-everywhere': searchGinSmallPendingListEverywhere,
};
