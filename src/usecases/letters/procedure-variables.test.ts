/**
 * Issue 12: the letter variables of a regulation with an own milestone met by the acknowledgement (what the
 * written confirmation must contain) and a decision term that runs from a later event; the seeds have neither.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { owedForKind } from '../../domain/letters/kinds.ts';
import { getPreset } from '../../regulations/library.ts';
import { emptyFacts, policyFromRegulation } from '../../domain/workflow/index.ts';
import { procedureRegulation } from '../../domain/workflow/procedure-fixture.ts';
import type { Regulation } from '../../domain/regulation/schema.ts';
import { renderTemplate } from '../../letters/template.ts';
import { letterVariables, recipientOf, type LetterContext } from './compose.ts';

function context(regulation: Regulation): LetterContext {
  const facts = emptyFacts();
  facts.receivedOn = '2026-03-02';
  return {
    organisationId: 'org',
    complaint: { id: 'c', reference: '2026-0042', unitId: 'u', receivedOn: '2026-03-02', subject: 'Medicatie te laat', description: 'Twee dagen te laat.', complainant: { name: 'Anna de Vries', email: 'anna@example.nl', postalAddress: 'Kade 2' } },
    facts,
    regulation: { versionId: 'v', version: 1, regulation, policy: policyFromRegulation(regulation) },
    organisationName: 'Zorg',
    unitName: 'Zorg',
    handlerName: null,
    respondent: null,
    attachments: [],
  };
}

const vars = (regulation: Regulation) => {
  const ctx = context(regulation);
  const owed = owedForKind(regulation, 'acknowledgement');
  return letterVariables(ctx, owed, recipientOf(ctx, owed.recipientRole), { senderName: 'K', day: '2026-03-03', letterhead: { addressLines: [] } });
};

describe('letter variables for the confirmation contents and a later decision start', () => {
  it('name what the confirmation must contain and where the decision term begins', async () => {
    const v = vars(procedureRegulation());
    assert.equal(await renderTemplate('{{ bevestiging.inhoud }}', v), 'de datum van de gebeurtenis; een korte samenvatting van de feiten');
    assert.equal(await renderTemplate('{{ termijn.beslissing_vanaf }}', v), 'het doorsturen naar de klachtencommissie');
    // No decision date yet: the default acknowledgement's sentence with the date is left out.
    assert.equal(await renderTemplate('{{ termijn.beslissing }}', v), '');
  });

  it('are empty for a seed', async () => {
    const v = vars(getPreset('stadsring51')!.build({}));
    assert.equal(await renderTemplate('[{{ bevestiging.inhoud }}][{{ termijn.beslissing_vanaf }}]', v), '[][]');
  });
});
