import { z } from 'zod';
import { isRecordDate, RECORD_DATE_MESSAGE } from '../domain/deadlines/index.ts';
import { validationFailed, type FieldIssue } from './errors.ts';

/** Parse input with a zod schema; on failure throw one `validation_failed` error with Dutch messages per field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw validationFailed(toFieldIssues(result.error));
}

export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ field: i.path.map(String).join('.') || '_', message: i.message }));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A well-formed UUID (what a uuid column accepts); check ids from URLs before they reach SQL. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/**
 * Text PostgreSQL cannot store: a NUL character or half of a surrogate pair. The JSON API refuses it at the
 * field (`unstorableTextIssues`); HTML forms drop it (`storableText`), since a browser only sends it when
 * a person pasted something broken, and the rest of what they typed is kept.
 */
const unstorable = (s: string) => s.includes('\u0000') || !s.isWellFormed();

export function storableText(s: string): string {
  return unstorable(s) ? s.replaceAll('\u0000', '').toWellFormed() : s;
}

/** Issues per field for unstorable text in values and keys; iterative, so deeply nested junk cannot overflow the stack. */
export function unstorableTextIssues(root: unknown): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const stack: [unknown, string][] = [[root, '']];
  while (stack.length && issues.length < 10) {
    const [value, path] = stack.pop()!;
    const at = (key: string) => (path ? `${path}.${key}` : key);
    if (typeof value === 'string') {
      if (unstorable(value)) issues.push({ field: path || '_', message: 'Deze tekst bevat een teken dat niet kan worden opgeslagen (een nulteken of een half teken). Haal het weg.' });
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push([v, at(String(i))]));
    } else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) {
        if (unstorable(k)) issues.push({ field: at(storableText(k)), message: 'Deze veldnaam bevat een teken dat niet kan worden opgeslagen.' });
        else stack.push([v, at(k)]);
      }
    }
  }
  return issues;
}

/** A calendar date `YYYY-MM-DD` that exists (2025-02-29 does not): what a `date` column accepts. */
export const isoDateSchema = z
  .string({ error: 'Vul een datum in als JJJJ-MM-DD.' })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Vul een datum in als JJJJ-MM-DD, bijvoorbeeld 2026-03-02.' })
  // The one date rule (years 1900–2999), for every date from a form, a query string or the API.
  .refine((d) => isRecordDate(d), { error: RECORD_DATE_MESSAGE });
