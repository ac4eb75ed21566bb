/** mulberry32: a small seeded PRNG, so every run of a fuzz test sends the same requests. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A shuffle bag over `items`: each draw takes the next item of a random order of them all, and a new order starts when one
 * is used up. Random like picking, but every item is drawn once in every `items.length` draws, so a fuzz test reaches every
 * item of a small pool within a few hundred requests instead of leaving the rare ones to chance.
 */
export function shuffleBag<T>(rnd: () => number, items: readonly T[]): () => T {
  let order: T[] = [];
  return () => {
    if (order.length === 0) {
      order = [...items];
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
    }
    return order.pop()!;
  };
}
