/**
 * Terms as people write them ("6 weken", "10 werkdagen", "1 year") and as the published regulation
 * writes them ("binnen 7 werkdagen").
 */
import type { Term, TermUnit } from '../deadlines/types.ts';

const NUMBER_WORDS: Record<string, number> = {
  een: 1,
  één: 1,
  one: 1,
  twee: 2,
  two: 2,
  drie: 3,
  three: 3,
  vier: 4,
  four: 4,
  vijf: 5,
  five: 5,
  zes: 6,
  six: 6,
  zeven: 7,
  seven: 7,
  acht: 8,
  eight: 8,
  negen: 9,
  nine: 9,
  tien: 10,
  ten: 10,
  twaalf: 12,
  twelve: 12,
};

const UNIT_WORDS: [RegExp, TermUnit, number][] = [
  [/^(werkdag(en)?|working ?days?|workingdays|wd)$/, 'workingDays', 1],
  [/^(kalenderdag(en)?|dag(en)?|days?|d)$/, 'days', 1],
  [/^(we(e)?k(en)?|weeks?|w)$/, 'weeks', 1],
  [/^(maand(en)?|months?|m)$/, 'months', 1],
  [/^(jaar|jaren|years?|j)$/, 'months', 12],
];

/**
 * Read a term written as text: `6 weeks`, `6 weken`, `10 werkdagen`, `een week`, `1 jaar` (= 12 months),
 * `{"amount":6,"unit":"weeks"}`. Returns null when it cannot be read.
 */
export function parseTermText(input: string): Term | null {
  const value = input.trim().toLowerCase();
  if (value.startsWith('{')) {
    try {
      const obj = JSON.parse(value) as { amount?: unknown; unit?: unknown };
      if (typeof obj.amount === 'number' && Number.isInteger(obj.amount) && obj.amount >= 1) {
        const unit = (['workingdays', 'days', 'weeks', 'months'] as const).find((u) => u === String(obj.unit).toLowerCase());
        if (unit) return { amount: obj.amount, unit: unit === 'workingdays' ? 'workingDays' : unit };
      }
    } catch {
      return null;
    }
    return null;
  }
  const m = /^(\d+|[a-zé]+)\s*([a-z ]+?)\.?$/.exec(value.replace(/^binnen\s+/, ''));
  if (!m) return null;
  const [, amountText = '', unitText = ''] = m;
  const amount = /^\d+$/.test(amountText) ? Number(amountText) : NUMBER_WORDS[amountText];
  if (amount === undefined || !Number.isInteger(amount) || amount < 1) return null;
  for (const [re, unit, factor] of UNIT_WORDS) {
    if (re.test(unitText.trim())) {
      const total = amount * factor;
      return total > 3650 ? null : { amount: total, unit };
    }
  }
  return null;
}

/** Dutch wording of a term: `7 werkdagen`, `1 week`, `8 weken`, `1 jaar`. */
export function termText(term: Term): string {
  const n = term.amount;
  switch (term.unit) {
    case 'workingDays':
      return `${n} ${n === 1 ? 'werkdag' : 'werkdagen'}`;
    case 'days':
      return `${n} ${n === 1 ? 'dag' : 'dagen'}`;
    case 'weeks':
      return `${n} ${n === 1 ? 'week' : 'weken'}`;
    case 'months':
      if (n % 12 === 0) return `${n / 12} jaar`;
      return `${n} ${n === 1 ? 'maand' : 'maanden'}`;
  }
}

/** The longest number of calendar days a term can span (for comparing terms with legal maxima). */
export function maxCalendarDays(term: Term): number {
  switch (term.unit) {
    case 'workingDays':
      // Five working days per week, plus room for holidays around them.
      return Math.ceil(term.amount / 5) * 7 + 4;
    case 'days':
      return term.amount;
    case 'weeks':
      return term.amount * 7;
    case 'months':
      return term.amount * 31;
  }
}

/** The shortest number of calendar days a term can span. */
export function minCalendarDays(term: Term): number {
  switch (term.unit) {
    case 'workingDays':
      return Math.floor(term.amount / 5) * 7 + (term.amount % 5);
    case 'days':
      return term.amount;
    case 'weeks':
      return term.amount * 7;
    case 'months':
      return term.amount * 28;
  }
}

/** True when `term` can end later than `limit` (conservative: any receipt date). */
export function mayExceed(term: Term, limit: Term): boolean {
  if (term.unit === limit.unit) return term.amount > limit.amount;
  return maxCalendarDays(term) > minCalendarDays(limit);
}
