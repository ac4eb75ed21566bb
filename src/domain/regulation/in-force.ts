/**
 * Which regulation version a complaint runs under (ADR 0003, addendum): the version in force for the complaint's
 * scope on the day the complaint was received. A scope is a unit, the units above it, then the organisation: 004 §2
 * makes "een klachtenprocedure voor elke werkmaatschappij", so a unit's own version applies to it and the units below
 * it, else the one it inherits. A version is in force from the day it took effect (`effectiveSince`: its own
 * `effectiveDate`, "Datum van vaststelling", never before its activation) until the next version of the same
 * scope (activated later) takes effect. Pure: no I/O.
 */
import type { IsoDate } from '../deadlines/types.ts';

export interface ScopedVersion {
  id: string;
  /** The unit the version is for; null: the whole organisation. */
  unitId: string | null;
  /** Numbered per scope: a later activation has a higher number. */
  version: number;
  /** The day it took effect (`effectiveSinceOf`). */
  since: IsoDate;
  /** The version's own filled `effectiveDate` (a date), else null. */
  effectiveDate: IsoDate | null;
}

export type VersionChoice =
  | { ok: true; version: ScopedVersion }
  /** Versions apply to the scope, but none has taken effect yet: the first takes effect on `from`. */
  | { ok: false; from: IsoDate }
  /** No version applies to the scope at all. */
  | null;

/**
 * The version a complaint received on `receivedOn` runs under, for a scope given as its chain (the unit, the units
 * above it nearest first, then `null` for the organisation), on `today`:
 * - the nearest scope in the chain that had a version in force on the day of receipt, and of that scope the version
 *   activated last of those that took effect on or before that day (so a complaint received before a newer version took effect keeps
 *   the older one, however late it is registered; a version activated today that takes effect on 1 January does not
 *   apply to a complaint received now);
 * - a day of receipt before any version took effect (the regulation did not exist yet): the version that was in force
 *   for the scope first, as if received that day;
 * - never a version whose own date of taking effect is after `today`: when only such versions apply, `{ ok: false }`.
 */
export function versionInForceOn(versions: readonly ScopedVersion[], chain: readonly (string | null)[], receivedOn: IsoDate, today: IsoDate): VersionChoice {
  const applying = versions.filter((v) => chain.includes(v.unitId));
  if (!applying.length) return null;
  const started = applying.filter((v) => v.effectiveDate === null || v.effectiveDate <= today);
  if (!started.length) return { ok: false, from: applying.reduce((min, v) => (v.since < min ? v.since : min), applying[0]!.since) };
  const day = receivedOn > today ? today : receivedOn;
  const first = started.reduce((min, v) => (v.since < min ? v.since : min), started[0]!.since);
  const on = day < first ? first : day;
  for (const scope of chain) {
    const inForce = started.filter((v) => v.unitId === scope && v.since <= on);
    if (!inForce.length) continue;
    // A later activation of the same scope replaces the earlier ones from the day it takes effect.
    return { ok: true, version: inForce.reduce((best, v) => (v.version > best.version ? v : best)) };
  }
  return null;
}
