import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { isOpenPoint, type Regulation } from '../../domain/regulation/index.ts';

/** How a complainant reaches the organisation: e-mail, phone, postal address; null where nothing is set. */
export interface OrganisationContact {
  email: string | null;
  phone: string | null;
  postalAddress: string | null;
}

const plain = (v: unknown): string | null => (typeof v === 'string' && v.trim() && !isOpenPoint(v) && !/\[[^\]]+\]/.test(v) ? v.trim() : null);

/**
 * The organisation's contact details as its letters give them (compose.ts): the letterhead ("Briefpapier") first,
 * then the regulation's `contact` where the letterhead is empty. Nothing is made up: an empty field stays null.
 */
export async function organisationContact(db: Kysely<DB>, organisationId: string, reg?: Regulation | null): Promise<OrganisationContact> {
  const row = await db.selectFrom('letterheads').select(['email', 'phone', 'address_lines']).where('organisation_id', '=', organisationId).executeTakeFirst();
  const address = (row?.address_lines ?? '').split('\n').map((l) => l.trim()).filter(Boolean).join(', ');
  return {
    email: plain(row?.email) ?? plain(reg?.contact?.email),
    phone: plain(row?.phone) ?? plain(reg?.contact?.phone),
    postalAddress: plain(address) ?? plain(reg?.contact?.postalAddress),
  };
}

export const hasContact = (c: OrganisationContact): boolean => !!(c.email || c.phone || c.postalAddress);
