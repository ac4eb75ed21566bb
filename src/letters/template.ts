/**
 * The letter template language: liquidjs, made safe (ADR 0010). No file system (an empty in-memory template
 * map, so `include`/`render`/`layout` find nothing), only own properties of the data, limits on parse size,
 * render time and memory, unknown filters are errors. Output is plain text (the PDF and the e-mail's text
 * part); nothing is HTML-escaped here.
 */
import { createRequire } from 'node:module';
import type { Liquid } from 'liquidjs';

const require = createRequire(import.meta.url);
let liquid: Liquid | null = null;

/** The engine, made at the first template and not at start (issue 13: liquidjs costs a start ~15 ms CPU). */
function engine(): Liquid {
  liquid ??= new (require('liquidjs') as typeof import('liquidjs')).Liquid({
    templates: {},
    ownPropertyOnly: true,
    strictFilters: true,
    strictVariables: false,
    dynamicPartials: false,
    // An empty text is "not set" in {% if %} (as a template author expects), not true as in plain Liquid.
    jsTruthy: true,
    parseLimit: 100_000,
    renderLimit: 1_000,
    memoryLimit: 10_000_000,
    cache: 200,
  });
  return liquid;
}

export const MAX_TEMPLATE_LENGTH = 20_000;

/** A Dutch message when the template text cannot be used, or null when it can. */
export function templateProblem(text: string): string | null {
  if (text.length > MAX_TEMPLATE_LENGTH) return `De tekst mag hoogstens ${MAX_TEMPLATE_LENGTH} tekens hebben.`;
  try {
    engine().parse(text);
    return null;
  } catch (err) {
    return dutchTemplateMessage(err);
  }
}

/** Renders a template with the variables; throws `TemplateRenderError` (Dutch message) when it cannot. */
export async function renderTemplate(text: string, variables: Record<string, unknown>): Promise<string> {
  try {
    return tidy(await engine().parseAndRender(text, variables));
  } catch (err) {
    throw new TemplateRenderError(dutchTemplateMessage(err));
  }
}

export class TemplateRenderError extends Error {}

/** At most one empty line between paragraphs, no trailing spaces, no empty lines at the start or end. */
export function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function dutchTemplateMessage(err: unknown): string {
  const e = err as { message?: string; token?: { getPosition?: () => [number, number] } };
  const position = typeof e.token?.getPosition === 'function' ? e.token.getPosition() : null;
  const where = position ? ` op regel ${position[0]}` : '';
  const message = String(e.message ?? '');
  if (/limit exceeded/i.test(message)) return 'De tekst is te lang of te ingewikkeld om te maken. Maak de tekst korter.';
  if (/undefined filter/i.test(message)) return `De tekst gebruikt een filter (na |) dat niet bestaat${where}.`;
  if (/not closed|unclosed|tag .* not found|not found/i.test(message)) {
    return `De tekst heeft een code die niet goed is afgesloten${where}. Sluit elke {% if %} af met {% endif %}, elke {% for %} met {% endfor %}, en elke {{ met }}.`;
  }
  return `De tekst heeft een fout in een code met {{ }} of {% %}${where}. Controleer de haakjes en de namen.`;
}
