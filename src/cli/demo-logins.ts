import { mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { ROLE_LABELS } from '../usecases/users/users.ts';
import type { DemoLogin } from '../usecases/demo/seed-demo.ts';

export const DEMO_LOGINS_FILE = 'demo-inloggegevens.txt';

/**
 * The demo log-ins never go to stdout (a server's stdout ends up in logs: journald, docker logs; issue 11). They are
 * written once to a file only the server's own user can read (mode 0600) in the data folder; the console gets its
 * path. Returns the lines to print.
 */
export function writeDemoLogins(dataDir: string, logins: readonly DemoLogin[]): string[] {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, DEMO_LOGINS_FILE);
  const body = [
    'Klachtwijs: inloggegevens van de demo-organisatie Stichting Voorbeeldzorg (demo).',
    'Bewaar dit bestand niet langer dan nodig en wijzig de wachtwoorden na de eerste keer inloggen.',
    '',
    ...logins.map((l) => `${ROLE_LABELS[l.role].padEnd(32)} ${l.email.padEnd(42)} ${l.password}`),
    '',
  ].join('\n');
  writeFileSync(file, body, { mode: 0o600 });
  chmodSync(file, 0o600); // an existing file keeps its old mode on write
  return [
    '',
    'Demo-organisatie aangemaakt: Stichting Voorbeeldzorg (demo).',
    `De inloggegevens staan in ${file} (alleen leesbaar voor deze gebruiker). Verwijder het bestand als u ze niet meer nodig heeft.`,
    '',
  ];
}
