/**
 * One error type with stable codes. Routes map codes to HTTP statuses in one place (src/http/errors.ts);
 * the CLI maps them to exit codes. Messages are Dutch: they may be shown to a user as they are.
 */
export type ErrorCode =
  | 'not_found'
  | 'forbidden'
  | 'not_permitted'
  | 'unauthenticated'
  | 'validation_failed'
  /** The public door got fields it does not know (a staff-only field, a typo): refused, never ignored (issue 11). */
  | 'unknown_fields'
  | 'conflict'
  /** The organisation cannot take complaints through Klachtwijs yet (no active regulation, no unit); the message says why. */
  | 'intake_unavailable'
  | 'invalid_transition'
  /** A list cursor this list did not make, or made for another sort (ADR 0028): start again at the first page. */
  | 'invalid_cursor'
  /** A letter was asked for with an action that owes none under the regulation (ADR 0010). */
  | 'letter_not_owed'
  /** A report cannot be made for this scope yet (no active regulation); the message says why (ADR 0015). */
  | 'report_unavailable'
  /** A report cannot be made final before its period has ended: until then its figures are an interim count. */
  | 'period_not_ended'
  | 'rate_limited'
  /** An API token past its expiry date (issue 11): make a new one. */
  | 'token_expired'
  | 'csrf_failed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'internal';

export interface FieldIssue {
  /** Dotted path of the field, e.g. `complainant.email`. */
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldIssue[];

  constructor(code: ErrorCode, message: string, fields: FieldIssue[] = []) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fields = fields;
  }
}

export const notFound = (what = 'Niet gevonden.') => new AppError('not_found', what);
export const forbidden = (why = 'U heeft geen toegang tot deze gegevens.') => new AppError('forbidden', why);
export const validationFailed = (fields: FieldIssue[], message = 'Niet alle gegevens zijn goed ingevuld.') =>
  new AppError('validation_failed', message, fields);
