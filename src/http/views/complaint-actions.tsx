import type { Child, FC } from 'hono/jsx';
import { describeTerm, formatDutchDate } from '../../domain/deadlines/index.ts';
import { cite, EXTERNAL_BODY_KINDS, namedBody, TERM_UNITS } from '../../domain/regulation/index.ts';
import {
  acknowledgementContents,
  decisionText,
  decisionWords,
  outcomeLabel,
  escalationTargets,
  extensionClosesWithTerm,
  unfoundedWaiver,
  EXTERNAL_BODY_KIND_LABELS,
  HEARING_PARTY_LABELS,
  RECORD_KIND_LABELS,
  RECORD_KINDS,
  roleLabel,
  theCoordinator,
  type ActionAvailability,
  type ActionName,
  type HearingParty,
} from '../../domain/workflow/index.ts';
import type { FormValues } from './complaint-intake.tsx';
import { withBack } from './complaint-parts.tsx';
import { fieldId, kit, last, type ActionContext } from './complaint-action-kit.tsx';
import { procedureFields, procedureInputFromForm } from './complaint-procedure.tsx';

export type { ActionContext } from './complaint-action-kit.tsx';
import { Alert, CsrfField, ErrorSummary, SubmitButton, type FieldErrors } from './forms.tsx';
import { capitalise } from '../../shared/text.ts';

/**
 * The action forms of a dossier. Which forms appear comes from the workflow table (actionAvailability);
 * the fields of each form follow the action's input schema, filled in with the regulation's own choices
 * (waiver grounds, admissibility grounds, sign-off roles, classification dimensions, escalation levels).
 * Field names are the schema's paths, element ids are `<action>-<path>` so several forms fit on one page.
 */
const TERM_UNIT_LABELS: Record<(typeof TERM_UNITS)[number], string> = { workingDays: 'werkdagen', days: 'dagen', weeks: 'weken', months: 'maanden' };

const all = (v: string | string[] | undefined): string[] => (Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v]);

/** The action's input from the posted form (the shape its schema in ACTION_SCHEMAS expects). */
export function actionInputFromForm(action: ActionName, values: FormValues): Record<string, unknown> {
  const s = (k: string): string | undefined => {
    const v = last(values[k]);
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const yes = (k: string) => s(k) === 'ja';
  const num = (k: string): number | string | undefined => {
    const v = s(k);
    if (v === undefined) return undefined;
    return /^-?\d+$/.test(v) ? Number(v) : v;
  };
  switch (action) {
    case 'acknowledge':
      return { on: s('on'), note: s('note'), contents: values['contents'] === undefined ? undefined : all(values['contents']).filter(Boolean) };
    case 'resume':
      return { on: s('on'), note: s('note') };
    case 'assign':
      return { handlerUserId: s('handlerUserId'), note: s('note') };
    case 'classify': {
      const valuesByDim: Record<string, string[]> = {};
      for (const [k, v] of Object.entries(values)) if (k.startsWith('values.')) valuesByDim[k.slice(7)] = all(v).filter(Boolean);
      const respondent = s('respondentUserId');
      return {
        values: valuesByDim,
        severity: s('severity') ?? null,
        sensitive: yes('sensitive'),
        respondentUserId: respondent === undefined ? undefined : respondent === 'niemand' ? null : respondent,
        respondentName: s('respondentName') ?? null,
      };
    }
    case 'send-copy-to-respondent':
      return { on: s('on'), includesDocuments: values['includesDocuments'] === undefined ? undefined : yes('includesDocuments'), note: s('note') };
    case 'record-contact':
      return { on: s('on'), with: s('with'), summary: s('summary'), agreements: s('agreements'), actions: s('actions'), firstLine: yes('firstLine') };
    case 'plan-hearing':
      return { party: s('party'), on: s('on'), time: s('time'), place: s('place'), note: s('note') };
    case 'record-hearing':
      return { party: s('party'), on: s('on'), report: s('report') };
    case 'waive-hearing':
      return { party: s('party'), ground: s('ground'), explanation: s('explanation') };
    case 'escalate':
      return { to: s('to'), reason: s('reason'), handlerUserId: s('handlerUserId') };
    case 'suspend':
      return { from: s('from'), reason: s('reason') };
    case 'extend':
      return { term: { amount: num('term.amount'), unit: s('term.unit') }, noticeOn: s('noticeOn'), reason: s('reason') };
    case 'declare-inadmissible':
      return { ground: s('ground'), explanation: s('explanation'), conductOn: s('conductOn'), on: s('on') };
    case 'withdraw':
      return { reason: s('reason'), on: s('on') };
    case 'decide': {
      const measures = (s('measures') ?? '')
        .split(/\r?\n/)
        .map((m) => m.trim())
        .filter(Boolean);
      const recommendations = (s('recommendations') ?? '')
        .split(/\r?\n/)
        .map((m) => m.trim())
        .filter(Boolean);
      return { outcome: s('outcome'), reasoning: s('reasoning'), measures, externalBodyNamed: yes('externalBodyNamed') ? true : undefined, form: s('form'), decidedOn: s('decidedOn'), waiverContradictionReason: s('waiverContradictionReason'), ...(recommendations.length ? { recommendations } : {}) };
    }
    case 'request-judgement':
    case 'forward-to-committee':
    case 'record-response':
    case 'request-proof-of-capacity':
    case 'record-proof-of-capacity':
      return procedureInputFromForm(action, values);
    case 'record-satisfaction':
      return { satisfied: s('satisfied') === undefined ? undefined : s('satisfied') === 'ja', on: s('on'), note: s('note') };
    case 'correct-satisfaction':
      return { satisfied: s('satisfied') === undefined ? undefined : s('satisfied') === 'ja', on: s('on'), reason: s('reason') };
    case 'convert-to-complaint':
      return { receivedOn: s('receivedOn'), reason: s('reason') };
    case 'sign-off':
      return { role: s('role'), on: s('on') };
    case 'record-advice':
      return { role: s('role'), advice: s('advice'), on: s('on') };
    case 'close':
      return { note: s('note'), on: s('on') };
    case 'reopen':
      return { reason: s('reason'), on: s('on') };
    case 'record-external-procedure':
      return { bodyName: s('bodyName'), bodyKind: s('bodyKind'), submittedOn: s('submittedOn'), reference: s('reference') };
    case 'record-external-ruling':
      return { procedure: num('procedure'), on: s('on'), outcome: s('outcome') };
    case 'record-organisation-reaction':
      return { procedure: num('procedure'), on: s('on'), text: s('text'), by: s('by') };
    case 'inform-respondent':
      return { on: s('on'), note: s('note') };
    case 'add-note':
      return { text: s('text') };
    case 'correct-registration': {
      // Every field is sent as it stands; the use case keeps only what changed ("" clears a field).
      const raw = (k: string): string | undefined => {
        const v = last(values[k]);
        return v === undefined ? undefined : v.trim();
      };
      const complainant: Record<string, string> = {};
      for (const [k, v] of Object.entries(values)) if (k.startsWith('complainant.')) complainant[k.slice(12)] = (last(v) ?? '').trim();
      return {
        reason: s('reason'),
        unitId: s('unitId'),
        kind: s('kind'),
        notComplaintKey: s('notComplaintKey'),
        complainant: Object.keys(complainant).length ? complainant : undefined,
        linkedComplaint: raw('linkedComplaint'),
      };
    }
  }
}

/** The values a form starts with (dates today, the current classification, the signer's name). */
export function actionDefaults(action: ActionName, ctx: ActionContext): FormValues {
  const t = ctx.today;
  switch (action) {
    case 'acknowledge':
    case 'resume':
    case 'send-copy-to-respondent':
    case 'record-contact':
    case 'withdraw':
    case 'close':
    case 'reopen':
    case 'record-satisfaction':
    case 'record-response':
      return { on: t, registerMeasures: 'ja' };
    case 'record-external-ruling':
    case 'inform-respondent':
    case 'request-judgement':
    case 'forward-to-committee':
    case 'request-proof-of-capacity':
    case 'record-proof-of-capacity':
      return { on: t };
    case 'correct-satisfaction':
      return { on: t, satisfied: ctx.facts.satisfaction?.satisfied ? 'nee' : 'ja' };
    case 'convert-to-complaint':
      return { receivedOn: t };
    case 'record-hearing':
      return { on: t, party: firstParty(ctx) };
    case 'plan-hearing':
    case 'waive-hearing':
      return { party: firstParty(ctx) };
    case 'suspend':
      return { from: t };
    case 'extend':
      // The unit of the maximum, else that of the decision term (003: "binnen 5 werkdagen", so werkdagen, walk 12: a
      // preset in weeks turned "5" into five weeks), else weeks.
      return { noticeOn: t, 'term.unit': ctx.policy.extension.max?.unit ?? ctx.policy.terms.decision?.unit ?? 'weeks', 'term.amount': ctx.policy.extension.max ? String(ctx.policy.extension.max.amount) : '' };
    case 'declare-inadmissible':
      return { on: t };
    case 'decide':
      return { decidedOn: t, form: 'written', externalBodyNamed: ctx.policy.externalBody?.namedInDecision ? 'ja' : undefined, registerMeasures: 'ja' };
    case 'sign-off':
      return { on: t, role: ctx.policy.signOff?.roles.find((r) => !ctx.facts.signOffs.some((s) => s.role === r.key) && (ctx.regulationRoles ?? []).includes(r.key))?.key };
    case 'record-advice':
      return { on: t, role: ctx.facts.consultations.find((c) => c.advice === null)?.role };
    case 'classify': {
      const c = ctx.facts.classification;
      const out: FormValues = { respondentName: ctx.facts.respondentName ?? '', respondentUserId: ctx.facts.respondentUserId ?? 'niemand' };
      if (c) {
        for (const [k, v] of Object.entries(c.values)) out[`values.${k}`] = v;
        out['severity'] = c.severity ?? '';
        out['sensitive'] = c.sensitive ? 'ja' : undefined;
      }
      return out;
    }
    case 'record-external-procedure':
      return { submittedOn: t, bodyName: ctx.policy.externalBody?.name ?? '', bodyKind: ctx.policy.externalBody?.kind ?? '' };
    case 'record-organisation-reaction':
      return { on: t, by: ctx.actorName };
    case 'correct-registration': {
      const c = ctx.correction;
      if (!c) return {};
      const out: FormValues = { unitId: c.unitId, kind: c.kind, notComplaintKey: ctx.facts.notComplaintKey ?? '', linkedComplaint: c.linkedReference };
      for (const k of ['name', 'email', 'phone', 'postalAddress', 'onBehalfOf', 'representativeRelation']) out[`complainant.${k}`] = typeof c.complainant[k] === 'string' ? (c.complainant[k] as string) : '';
      return out;
    }
    default:
      return {};
  }
}

function hearingParties(ctx: ActionContext): HearingParty[] {
  const parties = ctx.policy.hearing?.parties ?? (['complainant', 'respondent'] as HearingParty[]);
  return parties;
}
function firstParty(ctx: ActionContext): string | undefined {
  const open = hearingParties(ctx).find((p) => ctx.facts.hearings[p].heard.length === 0 && ctx.facts.hearings[p].waived === null);
  return open ?? hearingParties(ctx)[0];
}

/** The fields of one action's form. */
function fieldsOf(action: ActionName, ctx: ActionContext, values: FormValues, errors: FieldErrors): Child {
  const k = kit(action, values, errors);
  const p = ctx.policy;
  const parties = hearingParties(ctx).map((x) => ({ value: x, label: capitalise(HEARING_PARTY_LABELS[x]) }));
  switch (action) {
    case 'acknowledge': {
      const contents = acknowledgementContents(p);
      return [
        k.date('on', 'Datum van de ontvangstbevestiging', { required: true }),
        contents
          ? k.checks('contents', 'Wat staat er in de bevestiging?', contents.items.map((c) => ({ value: c, label: capitalise(c) })), {
              required: true,
              description: `De klachtenregeling zegt wat de bevestiging moet bevatten${cite(contents.article)}. Vink aan wat erin staat.`,
            })
          : null,
        k.area('note', 'Toelichting', { rows: 2 }),
      ];
    }
    case 'assign':
      return [
        k.select('handlerUserId', 'Behandelaar', ctx.handlers.map((h) => ({ value: h.id, label: h.name })), {
          placeholder: 'Kies een behandelaar',
          description: 'Degene over wie de klacht gaat, staat niet in deze lijst: die mag de klacht niet behandelen.',
        }),
        k.area('note', 'Toelichting', { rows: 2 }),
      ];
    case 'classify': {
      const c = p.classification;
      return [
        ...c.dimensions.map((d) =>
          d.multiple
            ? k.checks(`values.${d.key}`, d.label, d.options.map((o) => ({ value: o.key, label: `${o.code ? `${o.code}. ` : ''}${capitalise(o.label)}` })), { required: d.required, description: 'U kunt meer dan één keuze maken.' })
            : k.radios(`values.${d.key}`, d.label, d.options.map((o) => ({ value: o.key, label: `${o.code ? `${o.code}. ` : ''}${capitalise(o.label)}` })), { required: d.required }),
        ),
        c.severityLevels.length
          ? k.radios('severity', 'Ernst', c.severityLevels.map((l) => ({ value: l.key, label: capitalise(l.label), description: l.triggers.map((t) => t.description).join(' ') || undefined })), { required: false })
          : null,
        c.sensitive ? k.check('sensitive', `Dit is een ${c.sensitive.label}`, { description: `${c.sensitive.definition} ${c.sensitive.triggers.map((t) => t.description).join(' ')}`.trim() }) : null,
        k.text('respondentName', 'Naam van de persoon over wie de klacht gaat', { max: 200 }),
        k.select('respondentUserId', 'Is dat een medewerker met een account?', [{ value: 'niemand', label: 'Nee, of onbekend' }, ...ctx.staff.map((u) => ({ value: u.id, label: u.name }))], {
          required: false,
          description: 'Een medewerker over wie de klacht gaat, kan de klacht niet behandelen.',
        }),
      ];
    }
    case 'send-copy-to-respondent':
      return [
        k.date('on', 'Datum van verzending', { required: true }),
        p.copyToRespondent?.includeDocuments ? k.check('includesDocuments', 'De stukken bij de klacht zijn meegestuurd') : null,
        k.area('note', 'Toelichting', { rows: 2 }),
      ];
    case 'record-contact':
      return [
        k.date('on', 'Datum van het contact', { required: true }),
        k.text('with', 'Met wie was er contact?', { required: true }),
        k.area('summary', 'Samenvatting', { rows: 3 }),
        k.area('agreements', 'Afspraken', { rows: 2 }),
        k.area('actions', 'Acties', { rows: 2 }),
        p.firstLine ? k.check('firstLine', 'Dit hoort bij de eerste poging om de klacht samen op te lossen', { description: p.firstLine.description }) : null,
      ];
    case 'plan-hearing':
      return [
        k.radios('party', 'Wie wordt gehoord?', parties),
        k.date('on', 'Datum van het gesprek', { required: true, future: true }),
        k.text('time', 'Tijd', { description: 'Bijvoorbeeld 14:30. Komt in de uitnodiging.', max: 5 }),
        k.text('place', 'Plaats', { description: 'Bijvoorbeeld: ons kantoor, Dorpsstraat 1 in Ergens. Of: een videogesprek. Komt in de uitnodiging.', max: 300 }),
        k.area('note', 'Toelichting', { rows: 2 }),
      ];
    case 'record-hearing':
      return [
        k.radios('party', 'Wie is gehoord?', parties),
        k.date('on', 'Datum van het horen', { required: true }),
        k.area('report', 'Verslag van het horen', { required: p.hearing?.reportRequired ?? false, rows: 5, description: p.hearing?.reportRequired ? `De klachtenregeling vraagt een verslag${cite(p.hearing.reportArticle)}.` : undefined }),
      ];
    case 'waive-hearing':
      return [
        k.radios('party', 'Van het horen van wie ziet u af?', parties),
        k.radios(
          'ground',
          'Reden uit de klachtenregeling',
          (p.hearing?.waiverGrounds ?? []).map((g) => ({
            value: g.key,
            label: capitalise(g.label),
            description: `Geldt voor het horen van ${g.parties.map((x) => HEARING_PARTY_LABELS[x]).join(' en ')}.${g.article ? ` Artikel ${g.article}.` : ''}`,
          })),
        ),
        k.area('explanation', 'Toelichting', { rows: 3 }),
      ];
    case 'escalate':
      return [
        k.radios('to', 'Naar wie gaat de klacht?', escalationTargets(p).map((t) => ({ value: t, label: capitalise(roleLabel(p, t)), description: p.escalation.steps.find((s) => s.to === t)?.when }))),
        k.area('reason', 'Reden', { required: true, rows: 3 }),
        // Only who may take it over (the escalate action's own rule, `escalationHandlers`), with the role they hold.
        k.select('handlerUserId', 'Nieuwe behandelaar', (ctx.handoverCandidates ?? []).map((h) => ({ value: h.id, label: `${h.name} (${h.roles.map((r) => roleLabel(p, r)).join(', ')})` })), {
          required: false,
          placeholder: 'Vanzelf: wie deze rol heeft',
          description: 'Bij een overdracht gaat de klacht naar wie de gekozen rol heeft. Hebben meer mensen die rol, kies dan wie.',
        }),
      ];
    case 'suspend':
      return [k.date('from', 'Opgeschort vanaf', { required: true }), k.area('reason', 'Reden van de opschorting', { required: true, rows: 3, description: 'Zolang de behandeling is opgeschort, loopt de termijn niet.' })];
    case 'resume':
      return [k.date('on', 'Hervat op', { required: true, description: 'De eerste dag waarop de termijn weer loopt.' }), k.area('note', 'Toelichting', { rows: 2 })];
    case 'extend':
      return [
        <div class="kw-term">
          {k.text('term.amount', 'Verlengen met (aantal)', { required: true, max: 4 })}
          {k.select('term.unit', 'Eenheid', TERM_UNITS.map((u) => ({ value: u, label: TERM_UNIT_LABELS[u] })))}
        </div>,
        k.date('noticeOn', 'Datum van het bericht aan de klager', {
          required: true,
          description: `Vul de echte datum van het bericht in.${p.extension.noticeRequired ? ' De klager moet het bericht krijgen vóór de oorspronkelijke termijn afloopt.' : ''}${extensionClosesWithTerm(p) ? ' Ging het bericht op tijd weg en vult u het nu pas in? Dat kan: vul de datum in waarop het wegging.' : ' Ging het bericht later weg, dan wordt het als te laat vastgelegd en blijft de oorspronkelijke termijn gelden.'}`,
        }),
        k.area('reason', 'Reden van de verlenging', { required: true, rows: 3 }),
        p.extension.max ? (
          <p class="utrecht-paragraph kw-muted">
            {p.extension.law
              ? `Volgens ${p.extension.law} mag de termijn met ten hoogste ${describeTerm(p.extension.max)} worden verlengd${cite(p.extension.article)}.`
              : `De klachtenregeling staat een verlenging toe van ten hoogste ${describeTerm(p.extension.max)}${cite(p.extension.article)}.`}
          </p>
        ) : null,
      ];
    case 'declare-inadmissible':
      return [
        k.radios('ground', 'Reden uit de klachtenregeling', p.admissibility.grounds.map((g) => ({ value: g.key, label: g.label, description: g.article ? `Artikel ${g.article}` : undefined }))),
        k.area('explanation', 'Toelichting voor de klager', { required: true, rows: 3 }),
        p.admissibility.grounds.some((g) => g.limit) ? k.date('conductOn', 'Datum van de gedraging', { description: 'Nodig bij een reden met een termijn, zoals een gedraging die te lang geleden is.' }) : null,
        k.date('on', 'Datum van het bericht aan de klager'),
      ];
    case 'withdraw':
      return [k.area('reason', 'Reden', { rows: 2 }), k.date('on', 'Datum van de intrekking')];
    case 'decide': {
      const reasoning = decisionText(p);
      return [
        // Only the outcomes the regulation has: gegrond / ongegrond only where it judges the merits (002, committees).
        k.radios('outcome', 'Uitkomst', p.decision.outcomes.offered.map((o) => ({ value: o, label: outcomeLabel(p.decision.outcomes, o) })), {
          description: p.decision.outcomes.judgesMerits ? undefined : `De klachtenregeling oordeelt niet of de klacht gegrond is${cite(p.decision.outcomes.article)}.`,
        }),
        k.area('reasoning', reasoning.label, { required: reasoning.required, rows: 6, description: `${reasoning.hint}${cite(reasoning.article)}` }),
        k.area('measures', 'Maatregelen', { rows: 3, description: 'Eén maatregel per regel.' }),
        p.committee?.recommendations ? k.area('recommendations', `Aanbevelingen van ${namedBody(p.committee.name)}`, { rows: 3, description: 'Eén aanbeveling per regel.' }) : null,
        k.check('registerMeasures', 'Zet deze maatregelen in het verbeterregister', { description: `Elke maatregel komt als gepland in het verbeterregister, met deze klacht als bron. Daar volgt ${theCoordinator(p)} ze.` }),
        p.externalBody ? k.check('externalBodyNamed', `${capitalise(decisionWords(p).the)} noemt ${p.externalBody.name}`, { description: `Waar de klager terecht kan als hij of zij het niet eens is met ${decisionWords(p).the}.` }) : null,
        p.decision.form === 'written_or_oral'
          ? k.radios('form', `Hoe is ${decisionWords(p).the} meegedeeld?`, [
              { value: 'written', label: 'Schriftelijk' },
              { value: 'oral', label: 'Mondeling' },
            ])
          : <input type="hidden" name="form" value="written" />,
        unfoundedWaiver(ctx.facts, p)
          ? k.area('waiverContradictionReason', 'Waarom is de klacht toch (deels) gegrond?', {
              rows: 3,
              description: 'Het horen van de klager is overgeslagen omdat de klacht kennelijk ongegrond was. Beslist u dat de klacht (deels) gegrond is, leg dan uit waarom.',
            })
          : null,
        k.date('decidedOn', `Datum van ${decisionWords(p).the}`),
      ];
    }
    case 'inform-respondent':
      return [
        <p class="utrecht-paragraph kw-muted">Degene over wie de klacht gaat hoort ook de uitkomst{cite(ctx.policy.decision.article)}. Leg vast wanneer dat is gebeurd.</p>,
        k.date('on', 'Datum'),
        k.area('note', 'Toelichting (hoe, door wie)', { rows: 2 }),
      ];
    case 'record-satisfaction':
      return [
        k.radios('satisfied', 'Is de klager tevreden over de afhandeling?', [
          { value: 'ja', label: 'Ja' },
          { value: 'nee', label: 'Nee' },
        ]),
        k.date('on', 'Datum'),
        k.area('note', 'Toelichting', { rows: 2 }),
      ];
    case 'correct-satisfaction':
      return [
        <p class="utrecht-paragraph kw-muted">
          Vastgelegd op {ctx.facts.satisfaction ? formatDutchDate(ctx.facts.satisfaction.on) : '-'}: de klager is {ctx.facts.satisfaction?.satisfied ? 'tevreden' : 'niet tevreden'}. De correctie komt als eigen stap in de geschiedenis.
        </p>,
        k.radios('satisfied', 'Is de klager tevreden over de afhandeling?', [
          { value: 'ja', label: 'Ja' },
          { value: 'nee', label: 'Nee' },
        ]),
        k.area('reason', 'Reden van de correctie', { required: true, rows: 2 }),
        k.date('on', 'Datum'),
      ];
    case 'convert-to-complaint':
      return [
        <p class="utrecht-paragraph kw-muted">
          Dit onderwerp is volgens de klachtenregeling geen klacht. Maar hoe wij ermee omgingen, kan wel een klacht zijn. De klacht krijgt een nieuwe ontvangstdatum: de termijnen tellen vanaf die dag.
        </p>,
        k.date('receivedOn', 'Ontvangstdatum van de klacht', { required: true, description: 'De dag waarop de klager liet weten ontevreden te zijn over hoe wij met dit punt omgingen.' }),
        k.area('reason', 'Waarom is het nu wel een klacht?', { required: true, rows: 3 }),
      ];
    case 'sign-off': {
      const open = (p.signOff?.roles ?? []).filter((r) => !ctx.facts.signOffs.some((s) => s.role === r.key) && (ctx.regulationRoles ?? []).includes(r.key));
      return [
        k.radios('role', `U tekent het ${p.signOff?.document ?? 'formulier'} als`, open.map((r) => ({ value: r.key, label: capitalise(r.label) })), {
          description: 'U tekent alleen voor uzelf, in een rol die u bij deze klacht heeft.',
        }),
        k.date('on', 'Datum'),
      ];
    }
    case 'record-advice': {
      const waiting = ctx.facts.consultations.filter((c) => c.advice === null);
      return [
        // A consult step is an overleg (003 "Behandeling van de klacht": "overlegt de klachtencoördinator … met het
        // bestuur"; 000 art. 4.2 "na overleg met de klachtenfunctionaris"): its outcome is recorded, not an advice.
        k.radios('role', 'Met wie was het overleg?', waiting.map((c) => ({ value: c.role, label: capitalise(roleLabel(p, c.role)) }))),
        k.area('advice', 'Uitkomst van het overleg', { required: true, rows: 4 }),
        k.date('on', 'Datum van het overleg'),
      ];
    }
    case 'close':
      return [k.area('note', 'Toelichting', { rows: 2 }), k.date('on', 'Datum van afsluiten')];
    case 'reopen':
      return [k.area('reason', 'Reden om te heropenen', { required: true, rows: 3 }), k.date('on', 'Datum')];
    case 'record-external-procedure':
      return [
        k.text('bodyName', 'Naam van de instantie', { required: true }),
        k.select('bodyKind', 'Soort instantie', EXTERNAL_BODY_KINDS.map((x) => ({ value: x, label: capitalise(EXTERNAL_BODY_KIND_LABELS[x]) })), { placeholder: 'Kies een soort' }),
        k.date('submittedOn', 'Datum waarop de klager de klacht daar indiende', { required: true }),
        k.text('reference', 'Kenmerk bij die instantie', { max: 200 }),
      ];
    case 'record-external-ruling':
    case 'record-organisation-reaction': {
      const procs = ctx.facts.externalProcedures;
      const pick = procs.length > 1 ? k.select('procedure', 'Welke procedure?', procs.map((x, i) => ({ value: String(i + 1), label: `${x.bodyName} (${x.submittedOn})` })), { required: false, placeholder: 'De laatste' }) : null;
      return action === 'record-external-ruling'
        ? [pick, k.date('on', 'Datum van de uitspraak', { required: true }), k.area('outcome', 'Uitspraak', { required: true, rows: 4 })]
        : [pick, k.date('on', 'Datum van de reactie', { required: true }), k.area('text', 'Reactie van de organisatie', { required: true, rows: 4 }), k.text('by', 'Geschreven door', { required: true })];
    }
    case 'add-note':
      return [k.area('text', 'Notitie', { required: true, rows: 3 })];
    case 'request-judgement':
    case 'forward-to-committee':
    case 'record-response':
    case 'request-proof-of-capacity':
    case 'record-proof-of-capacity':
      return procedureFields(action, ctx, k);
    case 'correct-registration': {
      const c = ctx.correction;
      return [
        <p class="utrecht-paragraph">Verander wat niet klopt. Wat u verandert, komt met de oude en de nieuwe waarde in de geschiedenis.</p>,
        c && c.units.length > 1 ? k.select('unitId', 'Eenheid', c.units, { description: `Staat de klacht nog bij de hele organisatie ("Weet ik niet")? Kies hier de eenheid waar hij hoort. ${c.regulationNote}` }) : null,
        k.select('kind', 'Soort', RECORD_KINDS.map((x) => ({ value: x, label: RECORD_KIND_LABELS[x] })), { description: 'Een klacht die al in behandeling is, blijft een klacht.' }),
        p.notComplaints.length ? k.select('notComplaintKey', 'Onderwerp dat geen klacht is (alleen bij "geen klacht")', p.notComplaints.map((n) => ({ value: n.key, label: n.label })), { required: false, placeholder: 'Geen' }) : null,
        <fieldset class="kw-fieldset">
          <legend class="kw-legend">Klager en vertegenwoordiger</legend>
          {k.text('complainant.name', 'Naam van de klager', { max: 200 })}
          {k.text('complainant.email', 'E-mailadres', { max: 254 })}
          {k.text('complainant.phone', 'Telefoonnummer', { max: 40 })}
          {k.area('complainant.postalAddress', 'Postadres', { rows: 2 })}
          {k.text('complainant.onBehalfOf', 'Namens wie is de klacht ingediend', { max: 200, description: 'Alleen als iemand de klacht voor een ander indient.' })}
          {k.text('complainant.representativeRelation', 'Relatie van de vertegenwoordiger tot die persoon', { max: 200 })}
        </fieldset>,
        k.text('linkedComplaint', 'Kenmerk van een eerdere klacht van dezelfde klager', {
          max: 100,
          description: c?.sameComplainant.length ? `Bijvoorbeeld ${c.sameComplainant.slice(0, 3).join(', ')}. Maak het veld leeg om de koppeling weg te halen.` : 'Bijvoorbeeld 2026-0004. Maak het veld leeg om de koppeling weg te halen.',
        }),
        k.area('reason', 'Waarom corrigeert u de registratie?', { required: true, rows: 2 }),
      ];
    }
  }
}

/** One action as a disclosure with its form; open when it came back with errors. */
export const ActionForm: FC<{ a: ActionAvailability; ctx: ActionContext; values?: FormValues | undefined; errors?: FieldErrors | undefined }> = ({ a, ctx, values, errors }) => {
  const errs = errors ?? {};
  const shown = values ?? actionDefaults(a.action, ctx);
  const general = errs['_'];
  return (
    <details class="kw-action" id={`actie-${a.action}`} open={errors ? true : undefined}>
      <summary class="kw-action__summary">{a.label}</summary>
      <div class="kw-action__body">
        {general ? <Alert kind="error">{general}</Alert> : null}
        <form method="post" action={withBack(`/klachten/${ctx.complaintId}/acties/${a.action}`, ctx.back)} novalidate>
          <CsrfField token={ctx.csrf} />
          {fieldsOf(a.action, ctx, shown, errs)}
          <SubmitButton>{a.label}</SubmitButton>
        </form>
      </div>
    </details>
  );
};

/** The field an error of the use case belongs to, as an element id of the action's form. */
export function actionErrorsById(action: ActionName, errors: FieldErrors): { byField: FieldErrors; byId: FieldErrors } {
  const byField: FieldErrors = {};
  const byId: FieldErrors = {};
  for (const [field, message] of Object.entries(errors)) {
    if (!message) continue;
    const f = field === '_' ? '_' : field.replace(/(\.\d+)+$/, '');
    byField[f] ??= message;
    byId[f === '_' ? '_' : fieldId(action, f)] ??= message;
  }
  return { byField, byId };
}

/**
 * The letters the dossier's hint names as examples: only what the regulation sends, its decision in its own word
 * ("de ontvangstbevestiging of het antwoord" under 003); the afschrift only where the person complained about gets a
 * copy (002 art. 6.4).
 */
export function lettersNamed(policy: ActionContext['policy']): string {
  const names = ['de ontvangstbevestiging', ...(policy.copyToRespondent ? ['het afschrift'] : []), decisionWords(policy).the];
  return `${names.slice(0, -1).join(', ')} of ${names[names.length - 1]!}`;
}

/** The list of actions: the allowed ones as forms, the others with the reason they are not possible now. */
export const ActionList: FC<{ actions: ActionAvailability[]; ctx: ActionContext; failed?: { action: ActionName; values: FormValues; errors: FieldErrors } | undefined }> = ({ actions, ctx, failed }) => {
  const allowed = actions.filter((a) => a.allowed);
  // Not the steps this regulation does not have at all: they are never possible, so not "not possible now".
  const blocked = actions.filter((a) => !a.allowed && !a.absent);
  return (
    <section aria-labelledby="acties-kop" class="kw-actions-section">
      <h2 class="utrecht-heading-2" id="acties-kop">Wat kunt u nu doen?</h2>
      <p class="utrecht-paragraph kw-muted">
        {`Vraagt een stap om een brief (zoals ${lettersNamed(ctx.policy)})? Dan stelt Klachtwijs na de stap de brief voor. U leest hem na en verstuurt hem per e-mail of per post.`}
      </p>
      {failed ? (
        <ErrorSummary errors={actionErrorsById(failed.action, failed.errors).byId} labels={{}} />
      ) : null}
      {allowed.length ? (
        allowed.map((a) => (
          <ActionForm
            a={a}
            ctx={ctx}
            values={failed?.action === a.action ? failed.values : undefined}
            errors={failed?.action === a.action ? actionErrorsById(a.action, failed.errors).byField : undefined}
          />
        ))
      ) : (
        <p class="utrecht-paragraph">Er is nu geen actie die u kunt doen.</p>
      )}
      {blocked.length ? (
        <>
          <h3 class="utrecht-heading-3">Nu niet mogelijk</h3>
          <ul class="utrecht-unordered-list">
            {blocked.map((a) => (
              <li class="utrecht-unordered-list__item">
                <strong>{a.label}</strong>: {a.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
};
