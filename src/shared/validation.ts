import type { z } from 'zod';
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
