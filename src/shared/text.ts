/** Text helpers shared by the domain, the use cases and the pages (no I/O). */

/** The text with its first character in capitals ("klachtencoördinator" → "Klachtencoördinator"); the rest as it is. */
export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
