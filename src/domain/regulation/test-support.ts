/**
 * Test helpers for texts rendered from a regulation: the presets as an organisation adopts them, the people
 * and organisations the seeds name, and a finder for holes in Dutch sentences. Used by tests only; pure.
 */
import assert from 'node:assert/strict';
import { applyFills, organisationFills } from './open-points.ts';
import { adoptPreset, presets } from '../../regulations/library.ts';
import type { Regulation } from './schema.ts';

/** The organisation that adopts the presets in these tests (its name holds no seed organisation's name). */
export const ADOPTER = { name: 'Stichting Voorbeeldzorg' };

/** What an adopting organisation fills in (the organisation's name comes from the organisation itself). */
export const ADOPTION_FILLS: Record<string, Record<string, string>> = {
  'cbf-template': {
    org_email: 'klachten@voorbeeldzorg.nl',
    org_phone: '030 123 45 67',
    org_postal_address: 'Stichting Voorbeeldzorg, Postbus 1, 3500 AA Utrecht',
    complaint_form_url: 'https://voorbeeldzorg.nl/klacht',
    privacy_statement: 'We gebruiken uw gegevens alleen om uw klacht te behandelen.',
    adopted_date: '2026-01-15',
  },
  lentl: {
    channels: 'web_form,email,phone,letter,in_person',
    complaint_mailbox: 'klachten@voorbeeldzorg.nl',
    acknowledgement_term: '5 werkdagen',
    inadmissibility_term: '4 weken',
    decision_term: '6 weken',
    okc_contact: 'Klachtencommissie Voorbeeld, Postbus 2, 3500 AA Utrecht',
    client_file_retention: '15 jaar',
    adopted_by: 'de directie van de werkmaatschappij',
    adopted_date: '2026-02-01',
  },
  'wkkgz-model': {
    adopted_date: '2026-03-01',
    org_email: 'klachten@voorbeeldzorg.nl',
    org_phone: '030 123 45 67',
    org_postal_address: 'Stichting Voorbeeldzorg, Postbus 1, 3500 AA Utrecht',
    disputes_body_url: 'https://www.degeschillencommissiezorg.nl',
    complaints_officer_contact: 'Mw. A. Jansen, 030 111 22 33, klachtenfunctionaris@voorbeeldzorg.nl',
    disputes_body_name: 'De Geschillencommissie Zorg',
  },
  'klachtencommissie-model': {
    adopted_date: '2026-03-01',
    committee_email: 'klachtencommissie@voorbeeldzorg.nl',
    committee_postal_address: 'Klachtencommissie Voorbeeldzorg, Postbus 2, 3500 AA Utrecht',
    committee_name: 'Klachtencommissie Voorbeeldzorg',
  },
};

/** The people the seeds name (004's header: authors and authoriser) and the seed organisations' own names. */
export const SEED_PEOPLE = ['Arnold van Hazendonk', 'Mirjam Pepels', 'Karst Heurkens'] as const;
export const SEED_ORGANISATIONS = ['ConnEQt', 'HSS', 'Hulpverlening Sociale Sector', 'Stadsring51', 'Stadsring 51', 'Lentl'] as const;

/** The preset as `key` would be activated by ADOPTER: adopted, organisation fills, then the fills. */
export function adopted(key: string, fills: Record<string, string> = ADOPTION_FILLS[key] ?? {}): Regulation {
  const p = presets[key]!;
  const base = adoptPreset(p.build(), p.organisationNames, ADOPTER.name);
  const r = applyFills(base, { ...organisationFills(base, ADOPTER), ...fills });
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.errors));
  return r.regulation;
}

/** The holes a text can have, by name (Dutch names, for the failure message). */
export function holesIn(text: string, opts: { tokens?: boolean } = {}): string[] {
  const found: string[] = [];
  const checks: [string, RegExp][] = [
    ['spatie voor leesteken', /\s[.,;:!?](?!\w)/],
    ['dubbele punt of punten', /(?<!\.)\.\.(?!\.)|[,;]\s*[.,;]|\.\s*[,;]/],
    ['dubbele spatie', / {2,}/],
    ['lege zin', /(^|[.!?]\s)[.!?]/],
    ['undefined/null/NaN', /\bundefined\b|\bnull\b|\bNaN\b|\[object /],
    ['lege haakjes', /\(\s*\)|"\s*"/],
    ['losse dubbele punt aan het eind', /:\s*$/],
  ];
  if (opts.tokens !== false) checks.push(['niet ingevuld [..]', /\[[^\]]*\]?|\]/]);
  for (const [name, re] of checks) if (re.test(text)) found.push(name);
  return found;
}

