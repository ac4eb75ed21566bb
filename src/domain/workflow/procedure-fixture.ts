/**
 * A test regulation for the procedure elements of issue 12 (ADR 0026): the seed 002 (Stadsring51) with, added
 * as a care provider's regulation would write them, mediation by the klachtenfunctionaris first, a
 * klachtencommissie that judges at the complainant's request, a decision term that runs from forwarding,
 * own milestones (a written confirmation with given contents; forwarding within 5 working days of the request;
 * the board's response within one month of the judgement, without the Algemene termijnenwet) and proof of
 * capacity asked by the klachtenfunctionaris. Articles are of this invented regulation ("K…"). Used by tests
 * (unit, integration, browser) only; pure. The real Wkkgz and committee models are the models lane's files.
 */
import { parseRegulation } from '../regulation/parse.ts';
import { getPreset } from '../../regulations/library.ts';
import type { Regulation } from '../regulation/schema.ts';

const src = (article: string) => ({ article });

export interface ProcedureFixtureOptions {
  /** The committee's route (default on_request). */
  route?: 'every_complaint' | 'on_request' | 'after_first_step';
  /** The event the decision term runs from (default forwarded). */
  decisionFrom?: 'received' | 'judgement_requested' | 'forwarded';
  /** Leave out the committee (and what needs it): a Wkkgz-style mediation regulation. */
  withoutCommittee?: boolean;
}

export function procedureRegulation(opts: ProcedureFixtureOptions = {}): Regulation {
  const preset = getPreset('stadsring51');
  if (!preset) throw new Error('preset stadsring51 not found');
  const reg = structuredClone(preset.build({})) as Regulation & Record<string, unknown>;
  const committee = !opts.withoutCommittee;
  reg.metadata = { ...reg.metadata, title: 'Klachtenregeling met bemiddeling en klachtencommissie (test)' };
  reg.roles.push({
    key: 'board',
    label: 'bestuurder',
    productRoles: ['coordinator'],
    appointment: 'bound',
    source: src('K1'),
  } as Regulation['roles'][number]);
  if (committee) {
    reg.roles.push({
      key: 'committee_member',
      label: 'lid van de klachtencommissie',
      productRoles: ['handler'],
      appointment: 'bound',
      source: src('K6'),
    } as Regulation['roles'][number]);
    reg.committee = {
      name: 'Klachtencommissie Zorg Test',
      placement: 'internal',
      route: opts.route ?? 'on_request',
      role: 'committee_member',
      members: { minimum: 3, independentChair: true, source: src('K6.1') },
      recommendations: true,
      source: src('K6'),
    };
    // The committee's judgement is the decision on the complaint (K7.1).
    reg.routing.decidedBy = { roles: ['committee_member'], source: src('K7.1') };
  }
  reg.handling.mediation = {
    by: 'complaints_officer',
    description: 'De klachtenfunctionaris zoekt eerst samen met de klager naar een oplossing.',
    source: src('K5'),
  };
  const from = opts.decisionFrom ?? (committee ? 'forwarded' : 'judgement_requested');
  reg.deadlines.decisionFrom = { event: from, source: src('K7.2') };
  reg.deadlines.milestones = [
    {
      key: 'written_confirmation',
      label: 'Schriftelijke bevestiging van de klacht',
      term: { amount: 5, unit: 'workingDays', source: src('K4.2') },
      from: 'received',
      metBy: 'acknowledged',
      by: 'complaints_officer',
      contents: ['de datum van de gebeurtenis', 'een korte samenvatting van de feiten'],
      source: src('K4.2'),
    },
    ...(committee
      ? [
          {
            key: 'forward_to_committee',
            label: 'Klacht doorsturen naar de klachtencommissie',
            term: { amount: 5, unit: 'workingDays' as const, source: src('K6.3') },
            from: 'judgement_requested' as const,
            metBy: 'forwarded' as const,
            by: 'complaints_officer',
            source: src('K6.3'),
          },
          {
            key: 'response_to_judgement',
            label: 'Reactie van de bestuurder op het oordeel',
            // A month as the regulation writes it, without the Algemene termijnenwet (the term's own choice).
            term: { amount: 1, unit: 'months' as const, atw: false, source: src('K8.1') },
            from: 'decided' as const,
            metBy: 'responded' as const,
            by: 'board',
            source: src('K8.1'),
          },
        ]
      : []),
  ];
  reg.intake.complainants.representation.proofOfCapacity = {
    by: 'complaints_officer',
    description: 'Bijvoorbeeld een schriftelijke machtiging.',
    source: src('K3.2'),
  };
  const parsed = parseRegulation(reg);
  if (!parsed.success) throw new Error(`procedure fixture invalid: ${JSON.stringify(parsed.issues)}`);
  return parsed.data;
}
