import { randomInt } from 'node:crypto';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { ROLES, type Role } from '../db/types.ts';
import { regulationRoleName, type NamedRole } from '../domain/regulation/roles.ts';
import { AppError } from '../shared/errors.ts';
import { findOrganisationBySlug } from '../usecases/organisations/create-organisation.ts';
import { ROLE_LABELS } from '../usecases/users/users.ts';
import type { CliOutput } from './socket.ts';

/**
 * What a command needs from the outside, so the same commander program runs in a `klachtwijs` process of its
 * own (direct) and inside the serving process for a command forwarded over the socket (ADR 0008).
 */
export interface CliContext {
  readonly io: CliOutput;
  /** Where relative file names on the command line are taken from. */
  readonly cwd: string;
  config(): Config;
  /** Runs `fn` with the database: opened, migrated and closed again (direct), or the server's own (forwarded). */
  withDatabase<T>(fn: (database: Database) => Promise<T>, opts?: { migrate?: boolean }): Promise<T>;
  /** The serving process this command runs in, when it was forwarded; null in a process of its own. */
  readonly server: { pid: number; url: string; dataDir: string } | null;
  /** Exit code for a command that reports a failure without throwing (e.g. `regulations check`). */
  exitCode: number;
}

export function printer(ctx: CliContext): { out(text?: string): void; err(text?: string): void } {
  return { out: (text = '') => ctx.io.stdout(`${text}\n`), err: (text = '') => ctx.io.stderr(`${text}\n`) };
}

export async function orgBySlug(database: Database, slug: string) {
  const org = await findOrganisationBySlug(database.db, slug);
  if (!org) throw new AppError('not_found', `Organisatie "${slug}" bestaat niet. Maak haar aan met: klachtwijs orgs create --slug ${slug} --name "…"`);
  return org;
}

/**
 * The product roles with their Dutch names, for the command line. With a regulation's roles, the coordinator by the
 * regulation's own name (003: "klachtencoördinator").
 */
export function roleChoices(regulationRoles?: readonly NamedRole[]): string {
  return ROLES.map((r) => `${r} (${r === 'coordinator' && regulationRoles ? regulationRoleName(regulationRoles, r, ROLE_LABELS[r]) : ROLE_LABELS[r]})`).join(', ');
}

export const ROLE_CHOICES = roleChoices();

/** A product role named on the command line, refused with the valid values and their Dutch names. */
export function parseRole(value: string, option = 'role'): Role {
  const role = value.trim().toLowerCase();
  if ((ROLES as readonly string[]).includes(role)) return role as Role;
  throw new AppError('validation_failed', `Onbekende rol "${value}".`, [{ field: option, message: `Kies een rol uit: ${ROLE_CHOICES}.` }]);
}

const PASSWORD_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789'; // 32 signs, no l/o/0/1 to misread

/** A strong password to show once: 4 groups of 5 signs, 100 bits. */
export function generatePassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let group = '';
    for (let i = 0; i < 5; i++) group += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}

export const GENERATED_PASSWORD_NOTE = 'Wachtwoord (wordt maar één keer getoond; geef het veilig door en laat het na de eerste keer inloggen wijzigen):';
