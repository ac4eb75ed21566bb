import { z } from 'zod';
import { AppError, type FieldIssue } from '../../shared/errors.ts';
import { complainantSchema, intakeSchema } from './intake.ts';

const s = intakeSchema.shape;

/**
 * What an anonymous sender may give at the public door (`POST /api/v1/public/{org}/complaints`): exactly the
 * fields of the public web form, nothing a staff member registers (a note, received by, passed to, written down
 * and signed, the respondent as a colleague …). Unknown keys are refused, never ignored or passed on (security
 * review, issue 11: mass assignment). The channel is implied: the web form.
 */
export const publicIntakeSchema = z.strictObject({
  /** The unit by its short name (slug); `unitId` names it by id. */
  unit: z.string({ error: 'Geef de eenheid als tekst (de korte naam).' }).trim().max(64, { error: 'De korte naam van de eenheid is te lang.' }).optional(),
  unitId: s.unitId,
  kind: z.enum(['complaint', 'suggestion'], { error: 'Via het formulier kunt u een klacht of een suggestie indienen.' }).default('complaint'),
  channel: z.literal('web_form', { error: 'Via deze weg komt een klacht altijd binnen via het webformulier. Laat "channel" weg of geef "web_form".' }).optional(),
  subject: s.subject,
  description: s.description,
  complainant: z.strictObject(complainantSchema.shape).prefault({}),
  respondentName: s.respondentName,
  respondentDepartment: s.respondentDepartment,
  conductOn: s.conductOn,
  signed: s.signed,
  idempotencyKey: s.idempotencyKey,
});

export type PublicIntakeInput = z.output<typeof publicIntakeSchema>;

const UNKNOWN_FIELD = 'Dit veld kan niet worden meegestuurd met een klacht via het openbare formulier. Laat het weg.';

/**
 * Parses the public door's body. Unknown keys answer `unknown_fields` (422) with a Dutch message per field;
 * other problems `validation_failed` as everywhere.
 */
export function parsePublicIntake(body: unknown): PublicIntakeInput {
  const result = publicIntakeSchema.safeParse(body);
  if (result.success) return result.data;
  const fields: FieldIssue[] = [];
  let unknown = false;
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      unknown = true;
      for (const key of issue.keys) fields.push({ field: [...issue.path.map(String), key].join('.'), message: UNKNOWN_FIELD });
    } else fields.push({ field: issue.path.map(String).join('.') || '_', message: issue.message });
  }
  if (unknown) throw new AppError('unknown_fields', 'Het verzoek bevat velden die het openbare formulier niet kent.', fields);
  throw new AppError('validation_failed', 'Niet alle gegevens zijn goed ingevuld.', fields);
}
