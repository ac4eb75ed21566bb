/**
 * A unique constraint decided a race: two identical creates at the same moment both passed their "does it
 * exist?" check and the database refused the second insert. That is the user's conflict, not a server error.
 * PostgreSQL (pg) and PGlite both report SQLSTATE 23505 as `code`.
 */
export function isUniqueViolation(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

/** Runs `write`; a unique violation becomes the error `conflict()` makes (an AppError with a Dutch message at the field). */
export async function onUniqueViolation<T>(write: () => Promise<T>, conflict: () => Error): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict();
    throw err;
  }
}
