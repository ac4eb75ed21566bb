import { createRequire } from 'node:module';
import type { ImapFlow } from 'imapflow';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/types.ts';
import { AppError, notFound, validationFailed } from '../../shared/errors.ts';
import { isUuid, parseInput } from '../../shared/validation.ts';
import { hasRole, type Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { decryptSecret, encryptSecret } from './secrets.ts';

/**
 * The complaints mailbox (004 §3: the klachtenfunctionaris keeps a mailbox for complaints): an IMAP mailbox per
 * organisation or unit. The admin connects it; the password is stored encrypted and never shown again.
 */
export const mailboxInputSchema = z.object({
  unitId: z.string().trim().optional().transform((v) => (v ? v : null)),
  address: z.email({ error: 'Vul het e-mailadres van de mailbox in, bijvoorbeeld klachten@organisatie.nl.' }),
  host: z.string().trim().min(1, { error: 'Vul de server in (IMAP), bijvoorbeeld imap.organisatie.nl.' }).max(255),
  port: z.coerce.number({ error: 'Vul een poort in, meestal 993.' }).int({ error: 'Vul een poort in, meestal 993.' }).min(1, { error: 'Vul een poort in, meestal 993.' }).max(65535, { error: 'Vul een poort in, meestal 993.' }),
  tls: z.preprocess((v) => v === true || v === 'on' || v === 'true', z.boolean()),
  username: z.string().trim().min(1, { error: 'Vul de gebruikersnaam van de mailbox in.' }).max(255),
  /** Empty when editing: the stored password stays. */
  password: z.string().max(500).optional().default(''),
  folder: z.string().trim().max(255).optional().transform((v) => v || 'INBOX'),
});
export type MailboxInput = z.input<typeof mailboxInputSchema>;

export interface MailboxView {
  id: string;
  unitId: string | null;
  address: string;
  host: string;
  port: number;
  tls: boolean;
  username: string;
  folder: string;
  enabled: boolean;
  lastFetchAt: Date | null;
  lastError: string | null;
}

function requireAdmin(actor: Actor): void {
  if (!hasRole(actor, 'admin')) throw new AppError('not_permitted', 'Alleen de beheerder koppelt een klachtenmailbox.');
}

export async function listMailboxes(db: Kysely<DB>, actor: Actor): Promise<MailboxView[]> {
  requireAdmin(actor);
  const rows = await db.selectFrom('mailboxes').selectAll().where('organisation_id', '=', actor.organisationId).orderBy('created_at').execute();
  return rows.map((r) => ({ id: r.id, unitId: r.unit_id, address: r.address, host: r.host, port: r.port, tls: r.tls, username: r.username, folder: r.folder, enabled: r.enabled, lastFetchAt: r.last_fetch_at, lastError: r.last_error }));
}

/** Connects a new mailbox, or changes one (`id`); an empty password keeps the stored one. */
export async function saveMailbox(db: Kysely<DB>, actor: Actor, raw: unknown, id?: string): Promise<{ id: string }> {
  requireAdmin(actor);
  const input = parseInput(mailboxInputSchema, raw);
  if (input.unitId) {
    const unit = await db.selectFrom('units').select('id').where('id', '=', input.unitId).where('organisation_id', '=', actor.organisationId).executeTakeFirst();
    if (!unit) throw validationFailed([{ field: 'unitId', message: 'Kies een bestaande eenheid.' }]);
  }
  const values = { unit_id: input.unitId, address: input.address, host: input.host, port: input.port, tls: input.tls, username: input.username, folder: input.folder };
  return db.transaction().execute(async (tx) => {
    let mailboxId: string;
    if (id) {
      if (!isUuid(id)) throw notFound('Deze mailbox bestaat niet.');
      const found = await tx.selectFrom('mailboxes').select(['id', 'host', 'username', 'folder']).where('id', '=', id).where('organisation_id', '=', actor.organisationId).forUpdate().executeTakeFirst();
      if (!found) throw notFound('Deze mailbox bestaat niet.');
      // Another mailbox (server, account or folder) starts its UID bookkeeping again; Message-IDs keep it single.
      const moved = found.host !== input.host || found.username !== input.username || found.folder !== input.folder;
      await tx
        .updateTable('mailboxes')
        .set({ ...values, ...(input.password ? { password_enc: await encryptSecret(tx, input.password) } : {}), ...(moved ? { uidvalidity: null, last_uid: 0 } : {}), last_error: null })
        .where('id', '=', id)
        .execute();
      mailboxId = id;
    } else {
      if (!input.password) throw validationFailed([{ field: 'password', message: 'Vul het wachtwoord van de mailbox in.' }]);
      const row = await tx
        .insertInto('mailboxes')
        .values({ organisation_id: actor.organisationId, ...values, password_enc: await encryptSecret(tx, input.password) })
        .returning('id')
        .executeTakeFirstOrThrow();
      mailboxId = row.id;
    }
    await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: id ? 'mailbox.changed' : 'mailbox.connected', subjectType: 'mailbox', subjectId: mailboxId });
    return { id: mailboxId };
  });
}

export interface MailboxConnection {
  host: string;
  port: number;
  tls: boolean;
  username: string;
  password: string;
  folder: string;
}

/** The connection details of a stored mailbox, the password decrypted (only for connecting; never shown). */
export async function mailboxConnection(db: Kysely<DB>, mailboxId: string): Promise<MailboxConnection & { organisationId: string; unitId: string | null; address: string }> {
  const row = await db.selectFrom('mailboxes').selectAll().where('id', '=', mailboxId).executeTakeFirst();
  if (!row) throw notFound('Deze mailbox bestaat niet.');
  return { organisationId: row.organisation_id, unitId: row.unit_id, address: row.address, host: row.host, port: row.port, tls: row.tls, username: row.username, password: await decryptSecret(db, row.password_enc), folder: row.folder };
}

export function imapClient(c: MailboxConnection): ImapFlow {
  // Loaded at the first mailbox connection, not at start (issue 13).
  const { ImapFlow: Client } = createRequire(import.meta.url)('imapflow') as typeof import('imapflow');
  return new Client({ host: c.host, port: c.port, secure: c.tls, auth: { user: c.username, pass: c.password }, logger: false, connectionTimeout: 15_000, greetingTimeout: 10_000, socketTimeout: 60_000 });
}

/** A Dutch reason for a failed connection, without the password or the server's raw answer. */
export function connectionProblem(err: unknown): string {
  const e = err as { authenticationFailed?: boolean; code?: string; mailboxMissing?: boolean };
  if (e?.authenticationFailed) return 'De gebruikersnaam of het wachtwoord klopt niet.';
  if (e?.code === 'ENOTFOUND' || e?.code === 'EAI_AGAIN') return 'De server is niet gevonden. Controleer de naam van de server.';
  if (e?.code === 'ECONNREFUSED') return 'De server weigert de verbinding. Controleer de server en de poort.';
  if (e?.code === 'ETIMEDOUT' || e?.code === 'ETIMEOUT' || e?.code === 'CONNECT_TIMEOUT' || e?.code === 'GREETING_TIMEOUT') return 'De server antwoordt niet op tijd. Controleer de server en de poort.';
  if (e?.mailboxMissing) return 'De map bestaat niet in deze mailbox.';
  return 'De verbinding met de mailbox is mislukt. Controleer de server, de poort en de beveiliging (TLS).';
}

/** "Verbinding testen": log in and open the folder. Returns null when it works, else a Dutch reason. */
export async function testMailbox(db: Kysely<DB>, actor: Actor, mailboxId: string): Promise<{ ok: boolean; problem: string | null; messages: number | null }> {
  requireAdmin(actor);
  if (!isUuid(mailboxId)) throw notFound('Deze mailbox bestaat niet.');
  const own = await db.selectFrom('mailboxes').select('id').where('id', '=', mailboxId).where('organisation_id', '=', actor.organisationId).executeTakeFirst();
  if (!own) throw notFound('Deze mailbox bestaat niet.');
  const conn = await mailboxConnection(db, mailboxId);
  const client = imapClient(conn);
  client.on('error', () => undefined);
  try {
    await client.connect();
    const status = await client.status(conn.folder, { messages: true }).catch((err: unknown) => {
      throw Object.assign(err instanceof Error ? err : new Error('status'), { mailboxMissing: true });
    });
    if (!status) return { ok: false, problem: 'De map bestaat niet in deze mailbox.', messages: null };
    return { ok: true, problem: null, messages: status.messages ?? null };
  } catch (err) {
    return { ok: false, problem: connectionProblem(err), messages: null };
  } finally {
    await client.logout().catch(() => client.close());
  }
}
