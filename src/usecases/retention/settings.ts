import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/types.ts';
import { STARTING_RETENTION, type OrganisationRetention } from '../../domain/retention/retention.ts';
import type { Term } from '../../domain/deadlines/types.ts';
import { parseInput } from '../../shared/validation.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { requireRetentionOfficer } from './access.ts';

/**
 * The organisation's own retention settings (issue 11, ADR 0019), kept in `settings` under
 * `retention:<organisation>`: the default period where the regulation is silent (or an explicit "keep without end"),
 * the period of a brief record of dissatisfaction resolved on the spot, and automatic destruction (off by default).
 * Until the organisation saves its own, Klachtwijs' starting values apply and the page says so.
 */
const key = (organisationId: string) => `retention:${organisationId}`;

const termSchema = z.strictObject({ amount: z.number().int().min(1).max(3650), unit: z.enum(['days', 'weeks', 'months']) });
const storedSchema = z.object({
  defaultPeriod: z.union([termSchema, z.literal('forever')]),
  briefRecordPeriod: termSchema,
  autoDestroy: z.boolean(),
});

export async function retentionSettings(db: Kysely<DB>, organisationId: string): Promise<OrganisationRetention> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key(organisationId)).executeTakeFirst();
  if (!row) return STARTING_RETENTION;
  let json: unknown;
  try {
    json = JSON.parse(row.value);
  } catch {
    return STARTING_RETENTION;
  }
  const parsed = storedSchema.safeParse(json);
  return parsed.success ? { ...parsed.data, chosen: true } : STARTING_RETENTION;
}

const AMOUNT = 'Vul een geheel aantal in van 1 tot en met 3650.';
const amount = z.coerce.number({ message: AMOUNT }).int({ message: AMOUNT }).min(1, { message: AMOUNT }).max(3650, { message: AMOUNT });
const unit = z.enum(['days', 'weeks', 'months'], { message: 'Kies dagen, weken of maanden.' });

export const retentionSettingsInput = z
  .object({
    defaultMode: z.enum(['period', 'forever'], { message: 'Kies een termijn of bewaren zonder einddatum.' }),
    defaultAmount: z.preprocess((v) => (v === '' ? undefined : v), amount.optional()),
    defaultUnit: unit.default('months'),
    briefAmount: amount,
    briefUnit: unit.default('months'),
    autoDestroy: z.preprocess((v) => v === true || v === 'on' || v === 'true' || v === 'ja', z.boolean()),
  })
  .superRefine((v, ctx) => {
    if (v.defaultMode === 'period' && v.defaultAmount === undefined) ctx.addIssue({ code: 'custom', path: ['defaultAmount'], message: 'Vul de standaardtermijn in.' });
  });

export async function saveRetentionSettings(tx: Kysely<DB>, actor: Actor, input: unknown): Promise<OrganisationRetention> {
  await requireRetentionOfficer(tx, actor);
  const v = parseInput(retentionSettingsInput, input);
  return storeRetentionSettings(tx, actor.organisationId, actor.userId, {
    defaultPeriod: v.defaultMode === 'forever' ? ('forever' as const) : ({ amount: v.defaultAmount!, unit: v.defaultUnit } satisfies Term),
    briefRecordPeriod: { amount: v.briefAmount, unit: v.briefUnit } satisfies Term,
    autoDestroy: v.autoDestroy,
  });
}

/** Stores the settings (the page through `saveRetentionSettings`; the command line, run by the server's operator, directly). Audited. */
export async function storeRetentionSettings(
  tx: Kysely<DB>,
  organisationId: string,
  actorUserId: string | null,
  value: Omit<OrganisationRetention, 'chosen'>,
): Promise<OrganisationRetention> {
  const stored = storedSchema.parse(value);
  await tx
    .insertInto('settings')
    .values({ key: key(organisationId), value: JSON.stringify(stored) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(stored) }))
    .execute();
  await audit(tx, { organisationId, actorUserId, action: 'retention.settings_saved', subjectType: 'organisation', subjectId: organisationId, details: { keepWithoutEnd: stored.defaultPeriod === 'forever', autoDestroy: stored.autoDestroy } });
  return { ...stored, chosen: true };
}
