/**
 * A test regulation with every issue-12 intake and text element (lane intake): stadsring51 (seed 002) plus a
 * committee, mediation first with the decision term from the request for a judgement, own milestones (one in
 * calendar days without the Atw, one that applies the Atw on a no-Atw calendar), the new complainant kinds with
 * proof of capacity, a subject that is not a complaint with where to go instead, and a minimum retention. The
 * added articles (7.x, 9.3 …) are this fixture's own numbering, not seed 002's. Used by tests only; pure.
 */
import { presets } from '../../regulations/library.ts';
import { RegulationSchema, type Regulation } from './schema.ts';

const s = (article: string) => ({ article });

export function committeeFixture(opts: { limited?: boolean } = {}): Regulation {
  const base = presets.stadsring51!.build();
  const reg: Regulation = {
    ...base,
    preset: undefined,
    metadata: { ...base.metadata, title: 'Klachtenregeling Voorbeeldzorg (met klachtencommissie)' },
    calendar: { ...base.calendar, atw: false },
    intake: {
      ...base.intake,
      complainants: {
        ...base.intake.complainants,
        kinds: [
          { kind: 'client', source: s('4.1a') },
          { kind: 'legal_representative', source: s('4.1b') },
          { kind: 'authorised_representative', source: s('4.1c') },
          { kind: 'bereaved', source: s('4.1d') },
          { kind: 'voluntary_agent', source: s('4.1e') },
        ],
        limited: opts.limited ?? true,
        representation: {
          ...base.intake.complainants.representation,
          proofOfCapacity: { by: 'complaints_officer', source: s('4.5') },
        },
      },
      notComplaints: [
        {
          key: 'invoices',
          label: 'vragen over facturen en tarieven',
          redirect: {
            text: 'Neem contact op met de afdeling Financiën',
            name: 'Afdeling Financiën',
            url: 'https://voorbeeldzorg.nl/facturen',
            source: s('2.3'),
          },
          source: s('2.3'),
        },
      ],
    },
    roles: [
      ...base.roles,
      { key: 'committee_member', label: 'lid van de klachtencommissie', productRoles: ['handler'], source: s('7.1') },
    ],
    handling: {
      ...base.handling,
      mediation: {
        by: 'complaints_officer',
        description: 'Dat gesprek is vertrouwelijk en kost u niets.',
        source: s('6.1'),
      },
    },
    committee: {
      name: 'Klachtencommissie Voorbeeldzorg',
      placement: 'external',
      route: 'after_first_step',
      role: 'committee_member',
      members: { minimum: 3, independentChair: true, source: s('7.1') },
      secretary: { text: 'Een ambtelijk secretaris ondersteunt de commissie.', source: s('7.1') },
      recommendations: true,
      address: 'Postbus 12, 3500 AA Utrecht',
      url: 'https://klachtencommissie.example.nl',
      source: s('7'),
    },
    deadlines: {
      ...base.deadlines,
      decision: { amount: 6, unit: 'weeks', source: s('8.1') },
      decisionFrom: { event: 'judgement_requested', source: { article: 'Wkkgz art. 17', basis: 'law' } },
      milestones: [
        {
          key: 'forward_to_committee',
          label: 'Klacht doorsturen naar de klachtencommissie',
          term: { amount: 5, unit: 'workingDays', source: s('7.2') },
          from: 'judgement_requested',
          metBy: 'forwarded',
          by: 'complaints_officer',
          source: s('7.2'),
        },
        {
          key: 'written_confirmation',
          label: 'Schriftelijke bevestiging',
          term: { amount: 14, unit: 'days', atw: false, source: s('5.2') },
          from: 'received',
          metBy: 'acknowledged',
          contents: ['de datum van de gebeurtenis', 'een korte samenvatting van de feiten'],
          source: s('5.2'),
        },
        {
          key: 'organisation_response',
          label: 'Reactie op het oordeel',
          term: { amount: 1, unit: 'months', atw: true, source: s('8.4') },
          from: 'decided',
          metBy: 'responded',
          source: s('8.4'),
        },
      ],
    },
    retention: {
      mode: 'minimum',
      period: { amount: 24, unit: 'months', source: s('9.3') },
      runsFrom: 'closed',
      source: s('9.3'),
    },
  };
  return RegulationSchema.parse(reg);
}
