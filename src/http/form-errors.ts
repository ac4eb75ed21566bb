import { AppError } from '../shared/errors.ts';
import type { FieldErrors } from './views/forms.tsx';

/**
 * Turns a validation or conflict error into messages per form field, so the page can re-render with
 * what the user typed; anything else returns null and should propagate.
 */
export function fieldErrorsOf(err: unknown): FieldErrors | null {
  if (err instanceof AppError && (err.code === 'validation_failed' || err.code === 'conflict' || err.code === 'invalid_transition' || err.code === 'period_not_ended')) {
    const out: FieldErrors = {};
    for (const f of err.fields) out[f.field] ??= f.message;
    if (!err.fields.length) out['_'] = err.message;
    return out;
  }
  return null;
}
