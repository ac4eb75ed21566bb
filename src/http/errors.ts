import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorCode } from '../shared/errors.ts';

/** The one place where error codes become HTTP statuses. */
export const STATUS_OF: Record<ErrorCode, ContentfulStatusCode> = {
  not_found: 404,
  forbidden: 404, // need-to-know: a refused access looks like a missing one, it leaks nothing
  not_permitted: 403, // the user may see the dossier, but not do this
  unauthenticated: 401,
  validation_failed: 422,
  unknown_fields: 422,
  invalid_cursor: 400,
  conflict: 409,
  intake_unavailable: 409,
  invalid_transition: 409,
  letter_not_owed: 422,
  report_unavailable: 409,
  period_not_ended: 409,
  rate_limited: 429,
  token_expired: 401,
  csrf_failed: 403,
  payload_too_large: 413,
  unsupported_media_type: 415,
  internal: 500,
};
