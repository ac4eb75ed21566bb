import { AppError, type FieldIssue } from '../shared/errors.ts';
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
  const unstorable = unstorableText(body);
  if (unstorable.length) throw new AppError('validation_failed', 'Niet alle gegevens zijn goed ingevuld.', unstorable);
  return body as Record<string, unknown>;
}

/**
 * Text PostgreSQL cannot store (a NUL character, half of a surrogate pair) is refused at its field, in
 * values and in keys, before it reaches a use case: otherwise the insert fails with a 500. Iterative, so
 * deeply nested junk cannot overflow the stack.
 */
function unstorableText(root: unknown): FieldIssue[] {
  const bad = (s: string) => s.includes('\u0000') || !s.isWellFormed();
  const issues: FieldIssue[] = [];
  const stack: [unknown, string][] = [[root, '']];
  while (stack.length && issues.length < 10) {
    const [value, path] = stack.pop()!;
    const at = (key: string) => (path ? `${path}.${key}` : key);
    if (typeof value === 'string') {
      if (bad(value)) issues.push({ field: path || '_', message: 'Deze tekst bevat een teken dat niet kan worden opgeslagen (een nulteken of een half teken). Haal het weg.' });
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push([v, at(String(i))]));
    } else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) {
        if (bad(k)) issues.push({ field: at(k.replaceAll('\u0000', '?').toWellFormed()), message: 'Deze veldnaam bevat een teken dat niet kan worden opgeslagen.' });
        else stack.push([v, at(k)]);
      }
    }
  }
  return issues;
}
