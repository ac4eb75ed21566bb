/**
 * The published regulation: readable plain Dutch generated only from the configuration, so the page and
 * the system's behaviour cannot drift. The HTTP layer renders this structure (headings, paragraphs,
 * lists); nothing here is HTML.
 */
import { publishedOutcomesSentence } from './outcomes-text.ts';
import { applyFills, organisationFills } from './open-points.ts';
import {
  CHANNEL_LABELS,
  COMPLAINANT_KIND_LABELS,
  COMPLAINT_FIELD_LABELS,
  isNotPrescribed,
  reportAuthorIsChoice,
  RETENTION_FRAMEWORK_LABELS,
  isOpenPoint,
  isTermRule,
  type DeadlineSlot,
  type MilestoneEvent,
  type OpenPoint,
  type OwnMilestone,
  type Regulation,
  type Report,
  type Source,
  type TermRule,
} from './schema.ts';
import { articleRef, inParentheses, namedBody, withArticle } from './cite.ts';
import { roleLabelOf } from './roles.ts';
import { termText } from './terms.ts';
import { capitalise } from '../../shared/text.ts';

export interface RenderedSection {
  heading: string;
  paragraphs: string[];
  items?: string[];
}

export interface RenderedRegulation {
  title: string;
  /** Version of the document, when the regulation states one. */
  version: string | null;
  /** ISO date of adoption / entry into force, when known. */
  effectiveDate: string | null;
  sections: RenderedSection[];
}

const MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];

/** `2023-07-12` → `12 juli 2023`. */
export function dutchDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${MONTHS[(m ?? 1) - 1] ?? ''} ${y}`;
}

const PENDING = 'nog in te vullen';

/** Render the regulation for publication. Placeholders for the organisation's name are filled from `org`. */
export function renderRegulationText(input: Regulation, org: { name: string }): RenderedRegulation {
  const filled = applyFills(input, organisationFills(input, org));
  const reg = filled.ok ? filled.regulation : input;
  const roleLabel = (key: string): string => roleLabelOf(reg.roles, key);
  const the = (key: string): string => withArticle(roleLabel(key));
  const text = (value: string | OpenPoint | undefined): string | undefined =>
    value === undefined ? undefined : isOpenPoint(value) ? `[${PENDING}: ${value.question}]` : value;
  const within = (value: DeadlineSlot | undefined): string | undefined =>
    value === undefined || isNotPrescribed(value)
      ? undefined
      : isOpenPoint(value)
        ? `binnen een termijn die ${PENDING} is`
        : `binnen ${ruleText(value)}`;
  // A term that applies the Atw on its own while the regulation's calendar does not: say that its end moves.
  const moves = (value: unknown): string | undefined =>
    isTermRule(value) && value.atw === true && !reg.calendar.atw
      ? `Valt de laatste dag van de termijn van ${ruleText(value)} op een zaterdag, zondag of feestdag, dan schuift die op naar de eerstvolgende werkdag.`
      : undefined;
  const committeeName = reg.committee ? namedBody(reg.committee.name) : 'de klachtencommissie';

  const sections: RenderedSection[] = [];
  const push = (heading: string, paragraphs: (string | undefined | false)[], rawItems?: string[]) => {
    const ps = paragraphs.filter((p): p is string => typeof p === 'string' && p.trim() !== '').map(tidy);
    const items = rawItems?.filter((i) => i.trim() !== '').map(tidy);
    if (ps.length === 0 && (!items || items.length === 0)) return;
    sections.push({ heading, paragraphs: ps, ...(items && items.length > 0 ? { items } : {}) });
  };

  // Purpose.
  push('Waarom deze regeling?', reg.purposes.length > 0 ? ['Met deze regeling willen we:'] : [], reg.purposes.map((p) => lowerFirst(p.text)));

  // What a complaint is.
  const intake = reg.intake;
  push(
    'Wat is een klacht?',
    [
      intake.definition.text,
      intake.recognition && intake.recognition.examples.length > 0 && `Voorbeelden van klachten: ${joinList(intake.recognition.examples)}.`,
      ...intake.notComplaints.map(
        (n) =>
          `Dit zien we niet als klacht: ${n.label}.${n.note ? ` ${n.note}` : ''}${n.redirect ? ` ${redirectText(n.redirect)}` : ''}`,
      ),
      intake.informalDissatisfaction?.description,
      intake.suggestions?.accepted && 'U kunt ook een suggestie doen. Een suggestie behandelen we niet als klacht, maar we doen er wel iets mee.',
      intake.recognition && intake.recognition.signs.length > 0 && 'U herkent een klacht onder andere hieraan:',
    ],
    intake.recognition?.signs,
  );

  // Who can complain.
  const rep = intake.complainants.representation;
  const proof = rep.proofOfCapacity;
  push(
    'Wie kan een klacht indienen?',
    [
      proof &&
        `${proof.by ? `${capitalise(the(proof.by))} kan` : 'Wij kunnen'} vragen om een bewijs dat u namens de cliënt optreedt${proof.description ? `: ${lowerFirst(stripDot(proof.description))}` : ', bijvoorbeeld een schriftelijke machtiging'}${sourceRef(proof.source)}.`,
      'Een klacht kan worden ingediend door:',
    ],
    intake.complainants.kinds.map((k) => k.label ?? COMPLAINANT_KIND_LABELS[k.kind]),
  );

  // How to submit.
  const contact = reg.contact;
  const channelItems = isOpenPoint(intake.channels)
    ? [`[${PENDING}: ${intake.channels.question}]`]
    : intake.channels.map((c) => {
        const detail =
          c.channel === 'email'
            ? text(contact?.email)
            : c.channel === 'phone'
              ? text(contact?.phone)
              : c.channel === 'letter'
                ? text(contact?.postalAddress)
                : c.channel === 'web_form'
                  ? text(contact?.webFormUrl)
                  : undefined;
        const label = CHANNEL_LABELS[c.channel];
        return `${capitalise(label)}${detail ? `: ${detail}` : ''}${c.note ? ` (${c.note})` : ''}`;
      });
  const fieldItems = intake.fields.map((f) => {
    const label = COMPLAINT_FIELD_LABELS[f.key];
    const cond = f.condition ? ` (${f.condition})` : '';
    return f.requirement === 'if_possible' ? `${label}, als dat kan${cond}` : `${label}${cond}`;
  });
  push(
    'Hoe dient u een klacht in?',
    [
      rep.allowed === 'yes' && `U mag zich laten vertegenwoordigen door iemand anders${rep.note ? ` (${rep.note})` : ''}.`,
      rep.allowed === 'no' && 'U kunt zich niet laten vertegenwoordigen.',
      intake.form.writtenRequired &&
        `Uw klacht moet op papier of digitaal op schrift staan${intake.form.signatureRequired ? ' en door u zijn ondertekend' : ''}.`,
      intake.form.formName && intake.form.writtenRequired && `Gebruik daarvoor het ${intake.form.formName}.`,
      intake.form.oralRecordedOnForm && 'Vertelt u uw klacht mondeling of telefonisch? Dan schrijft een medewerker uw klacht op.',
      intake.freeOfCharge?.text,
      fieldItems.length > 0 && `Zet in uw klacht in ieder geval: ${joinList(fieldItems)}.`,
      intake.privacyStatement && `Privacy: ${intake.privacyStatement.text}`,
      'U kunt een klacht indienen:',
    ],
    channelItems,
  );

  // What happens.
  const routing = reg.routing;
  const d = reg.deadlines;
  const handlers = routing.handledBy.roles.map(the);
  // "Als …, dan gaat de klacht naar …" for a condition; "Zo spoedig mogelijk … gaat de klacht naar …" for a moment.
  // A moment that holds a clause of its own ("Bij een procedure …, of als de klacht … betreft") closes with a comma.
  const lead = (when: string) =>
    /^(als|indien|wanneer)\b/i.test(when.trim())
      ? `${capitalise(stripDot(when))}, dan`
      : /,|\b(als|indien|wanneer)\b/i.test(when)
        ? `${capitalise(stripDot(when))},`
        : capitalise(stripDot(when));
  const escalationItems = routing.escalation.map((e) =>
    e.kind === 'handover' ? `${lead(e.when)} gaat de klacht naar ${the(e.to)}.` : `${lead(e.when)} overlegt ${the(e.from)} met ${the(e.to)}.`,
  );
  const sensitive = reg.classification.sensitive;
  const shownTriggers = new Set(isNotPrescribed(sensitive) ? [] : sensitive.triggers.map((t) => t.description));
  const severityTriggers = isNotPrescribed(reg.classification.severity)
    ? []
    : reg.classification.severity.levels.flatMap((l) =>
        (l.triggers ?? [])
          .filter((t) => !shownTriggers.has(t.description))
          .map((t) => `Bij een klacht die ${l.label} is: ${lowerFirst(t.description)}`),
      );
  const sharedLevels = isNotPrescribed(reg.classification.severity)
    ? []
    : reg.classification.severity.levels
        .filter((l) => (l.triggers ?? []).some((t) => shownTriggers.has(t.description)))
        .map((l) => l.label);
  push(
    'Wat gebeurt er met uw klacht?',
    [
      within(d.acknowledgement) && `U krijgt ${within(d.acknowledgement)} na ontvangst een bevestiging dat wij uw klacht hebben ontvangen.`,
      within(d.acknowledgement) && moves(d.acknowledgement),
      routing.firstLine?.description,
      reg.handling.mediation &&
        `Eerst probeert ${the(reg.handling.mediation.by)} samen met u een oplossing te vinden${sourceRef(reg.handling.mediation.source)}. ${reg.handling.mediation.description}`,
      reg.handling.mediation &&
        d.decisionFrom?.event === 'judgement_requested' &&
        'Komt u er samen niet uit, dan kunt u vragen om een oordeel over uw klacht.',
      routing.assignedBy && `${capitalise(the(routing.assignedBy.role))} bepaalt wie uw klacht behandelt.`,
      `Uw klacht wordt behandeld door ${joinList(handlers)}.`,
      routing.independentHandler?.text,
      reg.handling.keepInformed &&
        `${capitalise(the(reg.handling.keepInformed.from))} houdt ${the(reg.handling.keepInformed.to)} op de hoogte van de afhandeling.`,
      reg.handling.copyToRespondent &&
        `Degene over wie de klacht gaat, krijgt een kopie van uw klacht${reg.handling.copyToRespondent.includeDocuments ? ' en van de stukken die u meestuurt' : ''}.`,
      reg.handling.investigation?.description,
      !isNotPrescribed(sensitive) &&
        `Een ${sensitive.label} is ${lowerFirst(stripDot(sensitive.definition))}.${sensitive.triggers.length > 0 ? ` Bij zo'n klacht${sharedLevels.length > 0 ? ` en bij een klacht die ${joinList(sharedLevels)} is` : ''}: ${sensitive.triggers.map((t) => lowerFirst(t.description)).join(' ')}` : ''}`,
      ...severityTriggers,
      escalationItems.length > 0 && 'Zo gaat de klacht zo nodig verder:',
    ],
    escalationItems,
  );

  // Admissibility.
  const grounds = reg.admissibility.grounds;
  const notice = within(d.inadmissibilityNotice);
  if (grounds.length > 0 || notice) {
    push(
      'Wanneer nemen we een klacht niet in behandeling?',
      [
        notice && `Nemen we uw klacht niet in behandeling, dan hoort u dat zo snel mogelijk, uiterlijk ${notice} na ontvangst van uw klacht.`,
        notice && moves(d.inadmissibilityNotice),
        grounds.some((g) => g.stopsOngoingHandling) &&
          'Vraagt u, of vragen wij, het oordeel van een instantie die wettelijk geschillen beslecht terwijl wij uw klacht behandelen, dan stoppen we de behandeling.',
        grounds.length > 0 && 'We nemen een klacht niet in behandeling als:',
      ],
      grounds.map((g) => lowerFirst(stripDot(g.label))),
    );
  }

  // Hearing.
  const hearing = reg.handling.hearing;
  if (hearing) {
    const complainantWaivers = hearing.waivers.filter((w) => (w.parties ?? ['complainant']).includes('complainant'));
    const both = hearing.parties.includes('complainant') && hearing.parties.includes('respondent');
    push(
      'Hoor en wederhoor',
      [
        both
          ? 'U en degene over wie de klacht gaat, krijgen allebei de gelegenheid om hun kant van het verhaal te vertellen (gehoord te worden).'
          : 'U krijgt de gelegenheid om gehoord te worden.',
        hearing.reportRequired && 'Van het horen wordt een verslag gemaakt.',
        ...hearing.waivers
          .filter((w) => (w.parties ?? ['complainant']).includes('respondent'))
          .map((w) => `Degene over wie de klacht gaat, wordt niet gehoord in dit geval: ${stripDot(w.label)}.`),
        complainantWaivers.length > 0 && 'We kunnen afzien van het horen van u als:',
      ],
      complainantWaivers.map((w) => w.label),
    );
  }

  // Decision.
  const dec = reg.handling.decision;
  const decisionWithin = isOpenPoint(d.decision) ? `binnen een termijn die ${PENDING} is` : `binnen ${ruleText(d.decision)}`;
  const decisionFrom = d.decisionFrom && d.decisionFrom.event !== 'received' ? d.decisionFrom : undefined;
  const decisionStart = decisionFrom ? DECISION_FROM_TEXT[decisionFrom.event](committeeName) : 'na ontvangst van uw klacht';
  const ext = d.extension;
  const extMax = ext.allowed && ext.max !== undefined ? ext.max : undefined;
  // A rule from the law is published as the law's, never as the organisation's own (issue 7).
  const extLaw = ext.source.basis === 'law' ? lawName(ext.source.article) : null;
  const signOff = reg.handling.signOff;
  push('De afhandeling van uw klacht', [
    `U krijgt ${decisionWithin} ${decisionStart} ${dec.form === 'written' ? 'een schriftelijke reactie' : 'een reactie'}${dec.reasoned ? ' met uitleg over de uitkomst' : ''}.${dec.form === 'written_or_oral' && dec.formSource?.basis !== 'silent' ? ' Dat kan in een gesprek of op papier.' : ''}`,
    dec.content && `Daarin staat: ${lowerFirst(dec.content)}`,
    // How the regulation decides (handling.decision.outcomes): gegrond/ongegrond or not, opgelost in overleg, with its article.
    publishedOutcomesSentence(dec) ?? undefined,
    decisionFrom &&
      `De termijn${isTermRule(d.decision) ? ` van ${ruleText(d.decision)}` : ''} begint op de dag ${DECISION_START_DAY[decisionFrom.event](committeeName)}${sourceRef(decisionFrom.source)}.`,
    moves(d.decision),
    // Suspension where the regulation allows it (its note says when); silence publishes nothing.
    d.suspension.allowed &&
      `De termijn kan worden stilgezet (opgeschort)${d.suspension.source.note ? `: ${lowerFirst(stripDot(d.suspension.source.note))}` : ''}${sourceRef(d.suspension.source)}. U hoort dat dan van ons.`,
    dec.informRespondent && 'Ook degene over wie de klacht gaat, hoort de uitkomst.',
    d.delayNotice?.required && 'Lukt dat niet op tijd, dan krijgt u daarover bericht.',
    extMax !== undefined &&
      (isTermRule(extMax)
        ? `${extLaw ? `Volgens ${extLaw} kan de termijn met ten hoogste ${ruleText(extMax)} worden verlengd als er meer tijd nodig is.` : `Is er meer tijd nodig, dan kan de termijn met ten hoogste ${ruleText(extMax)} worden verlengd.`}${ext.noticeRequired ? ' U krijgt daarover vóór het einde van de termijn schriftelijk bericht.' : ''}`
        : `Is er meer tijd nodig, dan kan de termijn worden verlengd (maximum ${PENDING}).`),
    ext.allowed && extMax === undefined && !d.delayNotice?.required && ext.noticeRequired && 'Is er meer tijd nodig, dan krijgt u daarover bericht.',
    reg.handling.informMeasures &&
      `${capitalise(the(reg.handling.informMeasures.by))} vertelt u altijd welke maatregelen naar aanleiding van uw klacht worden genomen.`,
    signOff &&
      `Is uw klacht naar tevredenheid opgelost, dan ondertekenen ${joinList(signOff.roles.map(the))} het ${signOff.document}.`,
  ]);

  // The committee (issue 12): who it is, when a complaint goes there, its members, its judgement.
  const committee = reg.committee;
  if (committee) {
    push(
      'De klachtencommissie',
      [
        committee.placement === 'internal'
          ? `${capitalise(committeeName)} is de klachtencommissie van onze organisatie${sourceRef(committee.source)}.`
          : `${capitalise(committeeName)} is een klachtencommissie buiten onze organisatie${sourceRef(committee.source)}.`,
        COMMITTEE_ROUTE_TEXT[committee.route],
        // The composition only where the regulation states it (absent: nothing is promised about it).
        committee.members &&
          `De commissie heeft ten minste ${committee.members.minimum} ${committee.members.minimum === 1 ? 'lid' : 'leden'}${committee.members.independentChair ? '. De voorzitter is onafhankelijk: hij of zij werkt niet voor onze organisatie' : ''}${sourceRef(committee.members.source)}.`,
        committee.members?.description,
        committee.secretary && `${capitalise(stripDot(committee.secretary.text))}${sourceRef(committee.secretary.source)}.`,
        reg.handling.hearing &&
          (reg.handling.hearing.parties.length > 1
            ? 'De commissie hoort u en degene over wie de klacht gaat (zie Hoor en wederhoor).'
            : 'De commissie geeft u de gelegenheid om gehoord te worden (zie Hoor en wederhoor).'),
        committee.recommendations
          ? 'De commissie geeft een oordeel over uw klacht. In dat oordeel kan zij ons aanbevelingen doen.'
          : 'De commissie geeft een oordeel over uw klacht.',
      ],
      [text(committee.address) && `Adres: ${text(committee.address)}`, text(committee.url) && `Website: ${text(committee.url)}`].filter(
        (x): x is string => typeof x === 'string',
      ),
    );
  }

  // The regulation's own milestones (issue 12): each as a promise with its term and article.
  const own = d.milestones ?? [];
  push(
    'Welke termijnen gelden nog meer?',
    own.flatMap((m) => [
      milestoneSentence(m, the, committeeName),
      m.contents && m.contents.length > 0 ? `${CONTENTS_LEAD[m.metBy]} in ieder geval: ${joinList(m.contents.map((c) => lowerFirst(stripDot(c))))}.` : undefined,
      moves(m.term),
    ]),
  );

  // External body.
  const ext2 = reg.externalBody;
  if (!isNotPrescribed(ext2)) {
    push(
      'Bent u het niet eens met de afhandeling?',
      [`${capitalise(ext2.when)}, dan kunt u terecht bij ${namedBody(ext2.name)}.`],
      [text(ext2.address) && `Adres: ${text(ext2.address)}`, text(ext2.url) && `Website: ${text(ext2.url)}`].filter(
        (x): x is string => typeof x === 'string',
      ),
    );
  }

  // Confidentiality and records.
  const records = reg.records;
  push('Vertrouwelijkheid en privacy', [
    reg.handling.confidentiality?.text,
    records.confidentialRegistration?.text,
    records.recordCorrespondence?.text,
    records.clientFile?.dossierSeparate &&
      `Uw klachtdossier wordt apart bewaard en komt niet in uw cliëntdossier.${records.clientFile.entry === 'reference_only' ? ' In het cliëntdossier staat alleen het nummer van het klachtdossier.' : ''}`,
  ]);

  // Retention.
  const ret = reg.retention;
  if (!isNotPrescribed(ret)) {
    const period = isOpenPoint(ret.period) ? `[${PENDING}]` : termText(ret.period);
    push('Hoe lang bewaren we uw klacht?', [
      ret.mode === 'as_client_file'
        ? `We bewaren het klachtdossier even lang als het cliëntdossier: ${period}.`
        : ret.mode === 'minimum'
          ? `We bewaren het klachtdossier ten minste ${period} ${RUNS_FROM[ret.runsFrom]}${sourceRef(ret.source)}. Is de bewaartermijn die onze organisatie zelf hanteert langer, dan bewaren we het zo lang.`
          : `We bewaren het klachtdossier ${period} ${RUNS_FROM[ret.runsFrom]}.`,
      ...(ret.perFramework ?? []).map(
        (p) => `Valt uw dossier onder de ${RETENTION_FRAMEWORK_LABELS[p.framework]}, dan bewaren we het ${isOpenPoint(p.period) ? `[${PENDING}]` : termText(p.period)}.`,
      ),
      ret.legalBasis,
      // What the regulation says happens next; Klachtwijs keeps a destruction record without personal data (ADR 0019).
      `${ret.destroyedBy ? `Daarna zorgt ${the(ret.destroyedBy)} dat het dossier wordt vernietigd.` : 'Daarna wordt het dossier vernietigd.'} We houden bij wat er is vernietigd.`,
    ]);
  }

  // Learning from complaints.
  const rp = reg.reporting;
  push(
    'Wat doen we met klachten?',
    [
      rp.meeting?.description,
      rp.anonymisedCommunication?.text,
      (rp.reports.length > 0 || rp.measures.length > 0) && 'Zo leren we van klachten:',
    ],
    [...rp.reports.map((r) => reportLine(r, the)), ...rp.measures.map((m) => m.text)],
  );

  // About this regulation.
  const meta = reg.metadata;
  const effectiveDate = meta.effectiveDate !== undefined && !isOpenPoint(meta.effectiveDate) ? meta.effectiveDate : null;
  const parent = reg.scope.parentPolicy;
  push(
    'Over deze regeling',
    [
      reg.scope.level === 'unit' &&
        `Deze regeling geldt per ${reg.scope.unitKind ?? 'onderdeel'}${parent ? ` en hoort bij het ${parent.title} (${parent.appliesTo})` : ''}.`,
      meta.version && `Versie ${meta.version}.`,
      effectiveDate
        ? `Vastgesteld op ${dutchDate(effectiveDate)}${meta.approvedBy ? ` door ${meta.approvedBy.name}` : ''}.`
        : meta.effectiveDate !== undefined && isOpenPoint(meta.effectiveDate)
          ? `Vastgesteld op: [${PENDING}]${meta.approvedBy ? ` door ${meta.approvedBy.name}` : ''}.`
          : meta.approvedBy && `Vastgesteld door ${meta.approvedBy.name}.`,
      meta.authors && meta.authors.length > 0 && `Opgesteld door ${joinList(meta.authors)}.`,
      meta.review &&
        `De regeling wordt elk jaar${meta.review.month ? ` in ${MONTHS[meta.review.month - 1]}` : ''} bekeken en zo nodig aangepast${meta.review.approvedBy ? `; een aangepaste regeling wordt na goedkeuring door ${meta.review.approvedBy} openbaar gemaakt` : ''}.`,
      reg.informing.length > 0 && 'Zo maken we de regeling bekend:',
    ],
    reg.informing.map((i) => i.text),
  );

  return { title: meta.title, version: meta.version ?? null, effectiveDate, sections };
}

/** "6 weken", "14 kalenderdagen" (a term in days counted strictly, without the Atw), "5 werkdagen". */
function ruleText(rule: TermRule): string {
  if (rule.unit === 'days' && rule.atw === false) return `${rule.amount} ${rule.amount === 1 ? 'kalenderdag' : 'kalenderdagen'}`;
  return termText(rule);
}

/**
 * " (artikel 7.2)" behind a sentence; a rule from the law is published as the law's (" (volgens de wet: Wkkgz art. 17)");
 * nothing for a silence or a Klachtwijs convention (there is no article that says it).
 */
function sourceRef(source: Source | undefined): string {
  if (!source || source.basis === 'silent' || source.basis === 'klachtwijs_default') return '';
  const ref = articleRef(source.article);
  if (ref === '') return '';
  if (source.basis !== 'law') return ` ${inParentheses(ref)}`;
  // The law named in the article itself ("Awb 9:11 lid 2"); or the regulation's own article that restates a law
  // named in the note ("7.2", note "Wkkgz art. 17 lid 1 …"): then both, never "de wet: artikel 7.2".
  if (lawName(source.article) !== 'de wet') return ` ${inParentheses(`volgens ${lawName(source.article)}: ${ref}`)}`;
  const cited = /\b(Awb|Wkkgz|Jeugdwet|Wmo(?: 2015)?|AVG|Atw)\s+(?:art(?:ikel|\.)?\s*)?([0-9][0-9.:a-z]*(?:\s+lid\s+\d+)?)/.exec(source.note ?? '');
  if (cited) return ` ${inParentheses(`${ref}; volgens ${lawName(cited[1]!)}: artikel ${cited[2]!.replace(/\.$/, '')}`)}`;
  return ` ${inParentheses(`${ref}, volgens de wet`)}`;
}

function redirectText(r: NonNullable<Regulation['intake']['notComplaints'][number]['redirect']>): string {
  // The name is left out where the text already says it ("Maak dan een melding openbare ruimte" + "Melding openbare ruimte").
  const where = [r.name && !r.text.toLowerCase().includes(r.name.toLowerCase()) ? r.name : undefined, r.url].filter(
    (x): x is string => typeof x === 'string' && x.trim() !== '',
  );
  return `${stripDot(r.text)}${where.length > 0 ? `: ${where.join(', ')}` : ''}${sourceRef(r.source)}.`;
}

type DecisionStart = NonNullable<Regulation['deadlines']['decisionFrom']>['event'];
const DECISION_FROM_TEXT: Record<DecisionStart, (committee: string) => string> = {
  received: () => 'na ontvangst van uw klacht',
  acknowledged: () => 'nadat wij de ontvangst van uw klacht hebben bevestigd',
  judgement_requested: () => 'nadat u om een oordeel over uw klacht hebt gevraagd',
  forwarded: (committee) => `nadat ${committee} uw klacht heeft ontvangen`,
};
const DECISION_START_DAY: Record<DecisionStart, (committee: string) => string> = {
  received: () => 'dat wij uw klacht ontvangen',
  acknowledged: () => 'dat wij de ontvangst van uw klacht bevestigen',
  judgement_requested: () => 'dat u om een oordeel vraagt',
  forwarded: (committee) => `dat ${committee} uw klacht ontvangt`,
};

const COMMITTEE_ROUTE_TEXT: Record<NonNullable<Regulation['committee']>['route'], string> = {
  every_complaint: 'Elke klacht gaat naar de commissie.',
  on_request: 'Uw klacht gaat naar de commissie als u daarom vraagt.',
  after_first_step: 'Bent u niet tevreden over de eerste afhandeling van uw klacht, dan kunt u uw klacht voorleggen aan de commissie.',
};

/** When a milestone's term starts, after "Binnen 5 werkdagen". */
const FROM_TEXT: Record<MilestoneEvent, (committee: string) => string> = {
  received: () => 'na ontvangst van uw klacht',
  acknowledged: () => 'na de bevestiging van ontvangst',
  contacted: () => 'na het eerste contact over uw klacht',
  hearing_planned: () => 'na de uitnodiging voor het horen',
  heard: () => 'na het horen',
  advised: () => 'na het advies over uw klacht',
  judgement_requested: () => 'nadat u om een oordeel hebt gevraagd',
  forwarded: (c) => `nadat uw klacht is doorgestuurd naar ${c}`,
  decided: () => 'na het oordeel over uw klacht',
  responded: () => 'na onze reactie op het oordeel',
  closed: () => 'na het afsluiten van uw klacht',
};

/** What must have happened, with "wij" or the role as the one who does it (inverted word order after "Binnen …"). */
const MET_BY_TEXT: Record<MilestoneEvent, (who: string | null, committee: string) => string> = {
  received: () => 'moet uw klacht bij ons binnen zijn',
  acknowledged: (who) => (who ? `stuurt ${who} u een schriftelijke bevestiging van uw klacht` : 'krijgt u van ons een schriftelijke bevestiging van uw klacht'),
  contacted: (who) => (who ? `neemt ${who} contact met u op over uw klacht` : 'nemen wij contact met u op over uw klacht'),
  hearing_planned: (who) => (who ? `nodigt ${who} u uit om uw klacht toe te lichten (horen)` : 'nodigen wij u uit om uw klacht toe te lichten (horen)'),
  heard: (who) => (who ? `hoort ${who} u over uw klacht` : 'horen wij u over uw klacht'),
  advised: (who) => (who ? `brengt ${who} advies uit over uw klacht` : 'komt er een advies over uw klacht'),
  judgement_requested: () => 'kunt u vragen om een oordeel over uw klacht',
  forwarded: (who, c) => (who ? `stuurt ${who} uw klacht door naar ${c}` : `sturen wij uw klacht door naar ${c}`),
  decided: (who) => (who ? `geeft ${who} een oordeel over uw klacht` : 'krijgt u een oordeel over uw klacht'),
  responded: (who) =>
    who
      ? `laat ${who} u schriftelijk weten wat wij met het oordeel doen en welke maatregelen wij nemen`
      : 'laten wij u schriftelijk weten wat wij met het oordeel doen en welke maatregelen wij nemen',
  closed: (who) => (who ? `sluit ${who} uw klacht af` : 'sluiten wij uw klacht af'),
};

const CONTENTS_LEAD: Record<MilestoneEvent, string> = {
  received: 'Uw klacht vermeldt',
  acknowledged: 'De bevestiging vermeldt',
  contacted: 'In dat contact bespreken wij',
  hearing_planned: 'De uitnodiging vermeldt',
  heard: 'Bij het horen komt aan de orde',
  advised: 'Het advies vermeldt',
  judgement_requested: 'Uw verzoek vermeldt',
  forwarded: 'Bij het doorsturen vermelden wij',
  decided: 'Het oordeel vermeldt',
  responded: 'Onze reactie vermeldt',
  closed: 'Het bericht van afsluiten vermeldt',
};

function milestoneSentence(m: OwnMilestone, the: (key: string) => string, committee: string): string {
  const who = m.by ? the(m.by) : null;
  const from = FROM_TEXT[m.from](committee);
  // "Binnen 5 werkdagen nadat u … hebt gevraagd, stuurt …": a clause of its own closes with a comma.
  return `Binnen ${ruleText(m.term)} ${from}${/^nadat\b/.test(from) ? ',' : ''} ${MET_BY_TEXT[m.metBy](who, committee)}${sourceRef(m.source)}.`;
}

const RUNS_FROM: Record<NonNullable<Exclude<Regulation['retention'], { notPrescribed: true }>>['runsFrom'], string> = {
  closed: 'na het afsluiten van de klacht',
  decision: 'na de beslissing op de klacht',
  received: 'na ontvangst van de klacht',
  as_client_file: 'zoals het cliëntdossier',
};

const CADENCE_TEXT: Record<Report['cadence'], string> = {
  quarterly: 'elk kwartaal',
  half_yearly: 'elk half jaar',
  yearly: 'elk jaar',
  periodic: 'regelmatig',
};

const KIND_TEXT: Record<Report['kind'], string> = {
  report: 'een verslag',
  analysis: 'een analyse',
  inventory: 'een overzicht van de klachten',
  annual_report: 'een jaarverslag',
};

function reportLine(r: Report, the: (key: string) => string): string {
  const when = `${r.atLeast ? 'minstens ' : ''}${CADENCE_TEXT[r.cadence]}${r.month ? ` (in ${MONTHS[r.month - 1]})` : ''}`;
  const contents = r.contents.length > 0 ? `: ${joinList(r.contents)}` : '';
  const extra = [r.anonymised ? 'zonder namen of andere persoonsgegevens' : '', r.availableOnRequest ? 'op te vragen' : '']
    .filter((x) => x !== '')
    .join(', ');
  const choice = reportAuthorIsChoice(r) ? ' Wie het maakt, heeft de organisatie gekozen: de klachtenregeling zegt het niet.' : '';
  return `${capitalise(when)} maakt ${the(r.by)} ${KIND_TEXT[r.kind]} voor ${r.audience}${contents}${extra ? ` (${extra})` : ''}.${choice}`;
}

function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} en ${items[items.length - 1]}`;
}


function lowerFirst(s: string): string {
  // Keep names and abbreviations ("OKC", "Stadsring51") as they are.
  if (/^[A-Z][A-Z0-9]/.test(s)) return s;
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/**
 * A sentence put together from the regulation and the organisation's fills: a value that ends with its own full
 * stop ("Postbus 2, Utrecht.") gives no double one, and no space is left before a punctuation mark.
 */
function tidy(s: string): string {
  return s
    .replace(/(?<!\.)\.\s*\.(?!\.)/g, '.')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/ ([.,;:!?])(?=\s|$)/g, '$1')
    .trim();
}

function stripDot(s: string): string {
  return s.replace(/\.\s*$/, '');
}

/** The Dutch name of the statute an article like `Awb 9:11 lid 2` comes from ("de Algemene wet bestuursrecht"). */
export function lawName(article: string): string {
  const known: Record<string, string> = {
    Awb: 'de Algemene wet bestuursrecht',
    Atw: 'de Algemene termijnenwet',
    AVG: 'de Algemene verordening gegevensbescherming',
    Wkkgz: 'de Wet kwaliteit, klachten en geschillen zorg',
    Jeugdwet: 'de Jeugdwet',
    Wmo: 'de Wet maatschappelijke ondersteuning 2015',
  };
  const abbr = /^([A-Za-z]+)/.exec(article.trim())?.[1] ?? '';
  return known[abbr] ?? 'de wet';
}
