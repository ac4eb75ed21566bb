import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import type { DB, Organisation } from '../db/types.ts';

/** Regulation commands (issue 3): wired once the regulation model lands. */
export function registerRegulationCommands(_program: Command): void {}

export async function activateFromCli(_tx: Kysely<DB>, _org: Organisation, _regulation: string, _fills: string[], _unitId: string | null): Promise<void> {
  throw new Error('not yet available');
}
