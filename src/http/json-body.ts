import { AppError } from '../shared/errors.ts';
import { unstorableTextIssues } from '../shared/validation.ts';
import type { AppContext } from './context.ts';

/** Reads a JSON object body; malformed or non-object JSON is a 422 with a clear message, never a 500. */
export async function readJson(c: AppContext): Promise<Record<string, unknown>> {
  const type = c.req.header('content-type') ?? '';
  if (!type.includes('application/json')) throw new AppError('unsupported_media_type', 'Stuur de gegevens als JSON (Content-Type: application/json).');
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new AppError('validation_failed', 'De JSON in het verzoek is niet geldig.', [{ field: '_', message: 'Geen geldige JSON.' }]);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppError('validation_failed', 'Stuur een JSON-object.', [{ field: '_', message: 'Verwacht een JSON-object.' }]);
  }
  const unstorable = unstorableTextIssues(body);
  if (unstorable.length) throw new AppError('validation_failed', 'Niet alle gegevens zijn goed ingevuld.', unstorable);
  return body as Record<string, unknown>;
}
