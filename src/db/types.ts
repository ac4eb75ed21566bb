import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { LetterTables } from './types-letters.ts';
import type { ReportTables } from './types-reports.ts';
import type { GovTables } from './types-gov.ts';
import type { SecurityTables } from './types-security.ts';
import type { SsoTables } from './types-sso.ts';
import type { PrivacyTables } from './types-privacy.ts';
import type { LoginTables, SessionStage, TwoFactorRequirement } from './types-login.ts';
import type { RetentionTables } from './types-retention.ts';

/** Row types of the tables (kept by hand beside the migrations). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, never, never>;

export type Role = 'admin' | 'coordinator' | 'handler' | 'intake' | 'board';
export const ROLES: readonly Role[] = ['admin', 'coordinator', 'handler', 'intake', 'board'];
export type UnitKind = 'werkmaatschappij' | 'afdeling' | 'team';

export interface OrganisationsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  created_at: CreatedAt;
  two_factor_required: Generated<TwoFactorRequirement>; // issue 11, login lane
  legal_frameworks: ColumnType<string[] | null, string | null | undefined, string | null>; // issue 12, models lane (T1710): null = not stated
  /** Raised by trigger on every change of the organisation, its units or regulation versions (issue 13, intake lane, T1820). */
  intake_generation: ColumnType<number, never, number>;
}

export interface UnitsTable {
  id: Generated<string>;
  organisation_id: string;
  parent_id: string | null;
  slug: string;
  name: string;
  kind: UnitKind;
  created_at: CreatedAt;
}

export interface UsersTable {
  id: Generated<string>;
  organisation_id: string;
  email: string;
  name: string;
  password_hash: string | null;
  locale: Generated<string>;
  created_at: CreatedAt;
  disabled_at: Timestamp | null;
  /** Issue 11, login lane: two-factor (TOTP) secret, encrypted; pending while being set up; the last accepted time step. */
  totp_secret_enc: Generated<string | null>; totp_pending_enc: Generated<string | null>; totp_enabled_at: Generated<Date | null>; totp_last_step: Generated<number | null>;
}

export interface RoleAssignmentsTable {
  id: Generated<string>;
  organisation_id: string;
  user_id: string;
  role: Role;
  unit_id: string | null;
  created_at: CreatedAt;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  organisation_id: string;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  /** Issue 11, login lane: stage (a password alone does not give a full session), how it started, where from. */
  stage: Generated<SessionStage>; via: Generated<string>; client_address: string | null; user_agent: string | null; public_id: Generated<string>;
}

export interface ApiTokensTable {
  id: Generated<string>;
  organisation_id: string;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  expires_at: Timestamp; // issue 11, login lane
}

export interface LoginFailuresTable {
  id: Generated<number>;
  key: string;
  at: Timestamp;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  organisation_id: string | null;
  actor_user_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
  at: Timestamp;
}

export interface RegulationVersionsTable {
  id: Generated<string>;
  organisation_id: string;
  unit_id: string | null;
  version: number;
  preset: string | null;
  /** The full regulation document (klachtwijs/regulation@1), open points filled. */
  document: ColumnType<unknown, string, string>;
  fills: ColumnType<Record<string, string>, string | undefined, string>;
  frameworks: ColumnType<string[], string | undefined, string>;
  activated_by: string | null;
  activated_at: Timestamp;
}

export interface ReferenceCountersTable {
  organisation_id: string;
  year: number;
  last: number;
}

export type RecordKind = 'complaint' | 'dissatisfaction' | 'suggestion' | 'not_a_complaint';

export interface ComplaintsTable {
  id: Generated<string>;
  organisation_id: string;
  unit_id: string;
  regulation_version_id: string;
  reference: string;
  kind: RecordKind;
  status: string;
  channel: string;
  received_on: string;
  subject: string | null;
  description: string;
  complainant: ColumnType<Record<string, unknown>, string, string>;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
  respondent_user_id: string | null;
  handler_user_id: string | null;
  registered_by: string | null;
  classification: ColumnType<Record<string, unknown>, string | undefined, string>;
  deadlines: ColumnType<Record<string, string>, string | undefined, string>;
  decision_due: string | null;
  next_due: string | null;
  /** Which clock `next_due` is (a milestone key), null when none runs. */
  next_due_key: string | null;
  /** The Dutch label of `next_due_key` when it is an own milestone of the regulation (issue 12); null otherwise. */
  next_due_label: string | null;
  decided_late: Generated<boolean>;
  idempotency_key: string | null;
  last_seq: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
  closed_at: Timestamp | null;
  search: ColumnType<string, never, never>;
  /** The role the complaint was last handed over to (cached from the history). */
  handed_to_role: ColumnType<string | null, string | null | undefined, string | null>;
  /** Regulation roles consulted (cached from the history), a JSON array of role keys. */
  consulted_roles: ColumnType<string[], string | undefined, string>;
  /** Regulation roles the procedure reached: the committee after forwarding, the responding role after the judgement (issue 12). */
  procedure_roles: ColumnType<string[], string | undefined, string>;
  /** The complainant did not know the unit ("Weet ik niet"): filed at the triage unit until staff set it. */
  unit_unknown: Generated<boolean>;
  /** Retention (migration T1610): the legal framework of the client file and the end of the client relationship. */
  legal_framework: ColumnType<string | null, string | null | undefined, string | null>;
  client_relation_ended_on: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Issue 13 (ADR 0028): a complaint shown in a list to a user, once per day (the read audit of list views). */
export interface ComplaintListReadsTable {
  organisation_id: string;
  complaint_id: string;
  user_id: string;
  day: string;
  first_at: CreatedAt;
}

/** A user bound to a regulation role (`roles[].key`) for a unit (and the units below) or the organisation. */
export interface RegulationRoleBindingsTable {
  id: Generated<string>;
  organisation_id: string;
  unit_id: string | null;
  role_key: string;
  user_id: string;
  created_by: string | null;
  created_at: CreatedAt;
}

/** A recorded absence: while every holder of a role is absent, the role's deputy stands in. */
export interface AbsencesTable {
  id: Generated<string>;
  organisation_id: string;
  user_id: string;
  starts_on: string;
  ends_on: string | null;
  note: string | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface ComplaintEventsTable {
  id: Generated<number>;
  organisation_id: string;
  complaint_id: string;
  seq: number;
  type: string;
  at: Timestamp;
  actor_user_id: string | null;
  actor_roles: ColumnType<string[], string | undefined, never>;
  data: ColumnType<unknown, string, never>;
}

/** A file chosen on the public form, held against the form's one-time key until sent or expired (ADR 0009). */
export interface PendingUploadsTable {
  id: Generated<string>;
  organisation_id: string;
  /** sha256 of the form's key: the key itself is never stored here. */
  form_key_hash: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  data: Uint8Array;
  created_at: CreatedAt;
  expires_at: Timestamp;
}
/** One e-mail as it is (or was) sent: the outbox (ADR 0014). */
export interface OutboundMailsTable {
  id: string;
  organisation_id: string;
  complaint_id: string | null;
  purpose: string;
  recipient: string;
  subject: string;
  /** Fixed before the first try: a retry sends the same message. */
  message_id: string;
  envelope_from: string;
  /** The message as built once (RFC 5322 bytes), never re-rendered. */
  raw: Uint8Array;
  status: Generated<string>;
  attempts: Generated<number>;
  last_error: string | null;
  queued_at: CreatedAt;
  last_attempt_at: Timestamp | null;
  sent_at: Timestamp | null;
  created_by: string | null;
}
export interface ComplaintAttachmentsTable {
  id: Generated<string>;
  organisation_id: string;
  complaint_id: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  data: Uint8Array;
  uploaded_by: string | null;
  created_at: CreatedAt;
}
export interface MailboxesTable {
  id: Generated<string>;
  organisation_id: string;
  unit_id: string | null;
  address: string;
  host: string;
  port: number;
  tls: Generated<boolean>;
  username: string;
  password_enc: string;
  folder: Generated<string>;
  uidvalidity: ColumnType<string | number | null, string | number | null | undefined, string | number | null>;
  last_uid: ColumnType<string | number, string | number | undefined, string | number>;
  enabled: Generated<boolean>;
  last_fetch_at: Timestamp | null;
  last_error: string | null;
  created_at: CreatedAt;
}
export interface InboundMessagesTable {
  id: Generated<string>;
  organisation_id: string;
  mailbox_id: string | null;
  unit_id: string | null;
  message_id: string;
  uid: ColumnType<string | number | null, string | number | null | undefined, string | number | null>;
  sent_at: Timestamp;
  from_address: Generated<string>;
  from_name: Generated<string>;
  subject: Generated<string>;
  text: Generated<string>;
  raw: Uint8Array;
  status: 'triage' | 'joined' | 'converted' | 'no_complaint';
  complaint_id: string | null;
  note: string | null;
  handled_by: string | null;
  handled_at: Timestamp | null;
  created_at: CreatedAt;
}

/** A private link to the complainant's page (Mijn klacht, ADR 0012): only the token's sha-256 is stored. */
export interface ComplainantLinksTable {
  id: Generated<string>;
  organisation_id: string;
  complaint_id: string;
  token_hash: string;
  created_at: CreatedAt;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}

/** A request to re-send the complainant's link, counted per e-mail address and client address (hashes). */
export interface ComplainantLinkRequestsTable {
  id: Generated<string>;
  organisation_id: string;
  email_hash: string;
  client_hash: string;
  created_at: CreatedAt;
}

/** Something a user must hear about (ADR 0013): shown on the start page, mailed at once or in the daily digest. */
export interface NotificationsTable {
  id: Generated<string>;
  organisation_id: string;
  user_id: string;
  kind: string;
  complaint_id: string | null;
  /** 'now' or 'digest': how the user wanted it when it was made. */
  delivery: string;
  /** Keeps a scheduled check from saying the same thing twice (e.g. one term per complaint per day). */
  unique_key: string | null;
  created_at: CreatedAt;
  read_at: Timestamp | null;
  mailed_at: Timestamp | null;
  outbound_mail_id: string | null;
}

export interface NotificationPreferencesTable {
  user_id: string;
  /** Per kind: 'now' | 'digest' | 'off'; a kind not named is 'now'. */
  deliveries: ColumnType<Record<string, string>, string | undefined, string>;
  /** Working days before a term ends; null: the organisation's default (settings `notify.term_days:<organisation>`), else 3. */
  term_days: number | null;
  updated_at: Timestamp;
}

/** An invitation or "wachtwoord vergeten" link: only the hash of its token is kept. */
export interface UserTokensTable {
  id: Generated<string>;
  organisation_id: string;
  user_id: string;
  purpose: 'invitation' | 'password_reset';
  token_hash: string;
  created_by: string | null;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface DB extends LetterTables, ReportTables, GovTables, SecurityTables, PrivacyTables, LoginTables, SsoTables, RetentionTables {
  mailboxes: MailboxesTable;
  inbound_messages: InboundMessagesTable;
  complainant_links: ComplainantLinksTable;
  complainant_link_requests: ComplainantLinkRequestsTable;
  notifications: NotificationsTable;
  notification_preferences: NotificationPreferencesTable;
  user_tokens: UserTokensTable;
  regulation_versions: RegulationVersionsTable;
  reference_counters: ReferenceCountersTable;
  complaints: ComplaintsTable;
  complaint_list_reads: ComplaintListReadsTable;
  pending_uploads: PendingUploadsTable;
  outbound_mails: OutboundMailsTable;
  complaint_events: ComplaintEventsTable;
  complaint_attachments: ComplaintAttachmentsTable;
  regulation_role_bindings: RegulationRoleBindingsTable;
  absences: AbsencesTable;
  organisations: OrganisationsTable;
  units: UnitsTable;
  users: UsersTable;
  role_assignments: RoleAssignmentsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_failures: LoginFailuresTable;
  settings: SettingsTable;
  audit_log: AuditLogTable;
}

export type Organisation = Selectable<OrganisationsTable>;
export type Unit = Selectable<UnitsTable>;
export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
