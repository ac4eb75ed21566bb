import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { Letterhead } from '../../letters/pdf.ts';
import { AppError, validationFailed, type FieldIssue } from '../../shared/errors.ts';
import { hasRole, type Actor } from '../actor.ts';
import { audit } from '../audit.ts';

export interface LetterheadSettings {
  addressLines: string;
  phone: string;
  email: string;
  website: string;
  hasLogo: boolean;
  autoAcknowledge: boolean;
}

export async function letterheadSettings(db: Kysely<DB>, organisationId: string): Promise<LetterheadSettings> {
  const row = await db.selectFrom('letterheads').selectAll().where('organisation_id', '=', organisationId).executeTakeFirst();
  return {
    addressLines: row?.address_lines ?? '',
    phone: row?.phone ?? '',
    email: row?.email ?? '',
    website: row?.website ?? '',
    hasLogo: !!row?.logo,
    autoAcknowledge: row?.auto_acknowledge ?? false,
  };
}

/** The letterhead a letter carries: the organisation's name and what the admin set. */
export async function letterheadOf(db: Kysely<DB>, organisationId: string): Promise<Letterhead> {
  const org = await db.selectFrom('organisations').select('name').where('id', '=', organisationId).executeTakeFirstOrThrow();
  const row = await db.selectFrom('letterheads').selectAll().where('organisation_id', '=', organisationId).executeTakeFirst();
  return {
    name: org.name,
    addressLines: (row?.address_lines ?? '').split('\n').map((l) => l.trim()).filter(Boolean),
    phone: row?.phone || undefined,
    email: row?.email || undefined,
    website: row?.website || undefined,
    logo: row?.logo && row.logo_type ? { data: row.logo, type: row.logo_type } : null,
  };
}

export interface LetterheadInput {
  addressLines: string;
  phone: string;
  email: string;
  website: string;
  autoAcknowledge: boolean;
  /** A new logo (PNG or JPEG); undefined keeps the current one. */
  logo?: { data: Uint8Array; type: string } | undefined;
  removeLogo?: boolean;
}

const MAX_LOGO = 1024 * 1024;

/** Saves the letterhead and the automatic acknowledgement setting. Admin only. */
export async function saveLetterhead(db: Kysely<DB>, actor: Actor, input: LetterheadInput): Promise<void> {
  if (!hasRole(actor, 'admin')) throw new AppError('not_permitted', 'Alleen een beheerder kan het briefpapier aanpassen.');
  const problems: FieldIssue[] = [];
  const lines = input.addressLines.replace(/\r\n?/g, '\n').split('\n').map((l) => l.trim()).filter(Boolean);
  if (lines.length > 5) problems.push({ field: 'addressLines', message: 'Vul hoogstens 5 regels adres in.' });
  if (lines.some((l) => l.length > 100)) problems.push({ field: 'addressLines', message: 'Een regel van het adres mag hoogstens 100 tekens hebben.' });
  if (input.phone.length > 50) problems.push({ field: 'phone', message: 'Het telefoonnummer mag hoogstens 50 tekens hebben.' });
  if (input.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email)) problems.push({ field: 'email', message: 'Vul een geldig e-mailadres in, bijvoorbeeld klachten@voorbeeld.nl.' });
  if (input.website && (input.website.length > 200 || /\s/.test(input.website))) problems.push({ field: 'website', message: 'Vul een geldige website in, bijvoorbeeld www.voorbeeld.nl.' });
  if (input.logo) {
    const d = input.logo.data;
    const png = d.length > 8 && d[0] === 0x89 && d[1] === 0x50 && d[2] === 0x4e && d[3] === 0x47;
    const jpeg = d.length > 3 && d[0] === 0xff && d[1] === 0xd8 && d[2] === 0xff;
    if (!png && !jpeg) problems.push({ field: 'logo', message: 'Kies een logo als PNG- of JPEG-bestand.' });
    else if (d.length > MAX_LOGO) problems.push({ field: 'logo', message: 'Het logo mag hoogstens 1 MB zijn.' });
    else input.logo = { data: d, type: png ? 'image/png' : 'image/jpeg' };
  }
  if (problems.length) throw validationFailed(problems);
  const values = {
    address_lines: lines.join('\n'),
    phone: input.phone.trim(),
    email: input.email.trim(),
    website: input.website.trim(),
    auto_acknowledge: input.autoAcknowledge,
    updated_at: new Date(),
    ...(input.logo ? { logo: input.logo.data, logo_type: input.logo.type } : input.removeLogo ? { logo: null, logo_type: null } : {}),
  };
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('letterheads')
      .values({ organisation_id: actor.organisationId, ...values })
      .onConflict((oc) => oc.column('organisation_id').doUpdateSet(values))
      .execute();
    await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'letterhead.save', subjectType: 'organisation', subjectId: actor.organisationId, details: { autoAcknowledge: input.autoAcknowledge, logo: !!input.logo } });
  });
}

/** The organisation's logo for the settings page preview. */
export async function letterheadLogo(db: Kysely<DB>, organisationId: string): Promise<{ data: Uint8Array; type: string } | null> {
  const row = await db.selectFrom('letterheads').select(['logo', 'logo_type']).where('organisation_id', '=', organisationId).executeTakeFirst();
  return row?.logo && row.logo_type ? { data: row.logo, type: row.logo_type } : null;
}
