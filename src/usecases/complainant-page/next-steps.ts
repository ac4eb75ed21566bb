import { describeTerm, describeTermAsWritten, formatDutchDate, type IsoDate } from '../../domain/deadlines/index.ts';
import { isNotPrescribed, isOpenPoint, type Regulation } from '../../domain/regulation/index.ts';
import { cite, namedBody } from '../../domain/regulation/cite.ts';
import { acknowledgementWord, complaintDeadlines, decisionWords, type ComplaintFacts, type WorkflowPolicy } from '../../domain/workflow/index.ts';

const plain = (v: unknown): string | null => (typeof v === 'string' && v.trim() && !isOpenPoint(v) && !/\[[^\]]+\]/.test(v) ? v.trim() : null);

/** The external body where the complainant can go after the organisation's own procedure, when the regulation names one. */
function externalBody(reg: Regulation): string | null {
  const ext = reg.externalBody;
  if (isNotPrescribed(ext)) return null;
  const where = [plain(ext.address), plain(ext.url)].filter(Boolean).join(', ').replace(/\.\s*$/, '');
  const body = namedBody(ext.name);
  const when = ext.when.trim().replace(/\.\s*$/, '');
  const to = `kunt u terecht bij ${body}${where ? ` (${where})` : ''}.`;
  // The regulation's own "when" often asks the same question ("als u het niet eens bent met de afhandeling"): say it once.
  return when ? `${when.charAt(0).toUpperCase()}${when.slice(1)}, ${to}` : `Bent u het niet eens met de afhandeling? Dan ${to}`;
}

/** The complainant's hearing planned for today or later (the last one planned), if not yet held. */
export function upcomingHearing(facts: ComplaintFacts, day: IsoDate): ComplaintFacts['hearings']['complainant']['planned'][number] | null {
  const h = facts.hearings.complainant;
  if (h.heard.length || h.waived) return null;
  const last = h.planned[h.planned.length - 1];
  return last && last.on >= day ? last : null;
}

/** "op 10 december 2026 om 10:00, Kantoor Noord" */
export function hearingWhen(p: { on: IsoDate; time?: string | null; place?: string | null }): string {
  return `op ${formatDutchDate(p.on)}${p.time ? ` om ${p.time}` : ''}${p.place ? `, ${p.place}` : ''}`;
}

/**
 * What happens next, for the complainant, from the complaint's regulation version and where it stands. Only what
 * the regulation promises; nothing the product does not do.
 */
export function nextStepsForComplainant(facts: ComplaintFacts, policy: WorkflowPolicy, reg: Regulation, day: IsoDate): string[] {
  const steps: string[] = [];
  if (facts.kind !== 'complaint') return steps;
  const deadlines = complaintDeadlines(policy, facts, day);
  switch (facts.status) {
    case 'new':
    case 'in_progress': {
      if (!facts.acknowledgedOn && policy.terms.acknowledgement && deadlines.acknowledgement) {
        const due = formatDutchDate(deadlines.acknowledgement.due);
        // A passed date is not a promise (as the dates above say: "Dat had uiterlijk op … moeten gebeuren").
        const word = acknowledgementWord(policy);
        steps.push(deadlines.acknowledgement.overdue ? `U krijgt zo snel mogelijk een ${word}. Die had u uiterlijk op ${due} moeten krijgen.` : `U krijgt een ${word}, uiterlijk op ${due}.`);
      }
      // 002 art. 5.3: the notice that a complaint is not taken into handling has its own term; said while it still runs
      // and the complaint is not in handling yet (beside "Uw klacht wordt behandeld" it read as a contradiction).
      if (facts.status === 'new' && deadlines.inadmissibilityNotice && deadlines.inadmissibilityNotice.due >= day) {
        steps.push(`Kunnen wij uw klacht niet in behandeling nemen? Dan hoort u dat uiterlijk op ${formatDutchDate(deadlines.inadmissibilityNotice.due)}.`);
      }
      const hearing = facts.hearings.complainant;
      if (policy.hearing?.parties.includes('complainant') && !hearing.heard.length && !hearing.waived) {
        // Once invited, say when and where (the invitation went out), not that we will invite (walkthrough).
        const invited = upcomingHearing(facts, day);
        steps.push(
          invited
            ? `Wij hebben u uitgenodigd voor een gesprek over uw klacht (horen): ${hearingWhen(invited)}. Kunt u dan niet, of wilt u liever niet gehoord worden? Laat het ons weten.`
            : 'Wij nodigen u uit om uw klacht toe te lichten in een gesprek. Dat heet horen. U mag ook laten weten dat u dat niet wilt.',
        );
      }
      const words = decisionWords(policy);
      if (deadlines.decision && words.named) {
        // The regulation's own name for its decision (001 art. 3.3: "neemt de directie een standpunt in … gemotiveerd").
        const how = `${policy.decision.form === 'written' ? ' op papier of per e-mail' : ''}${policy.decision.reasoned ? ', met de redenen' : ''}`;
        const due = formatDutchDate(deadlines.decision.due);
        steps.push(
          deadlines.decision.overdue
            ? `U had ${words.the} uiterlijk op ${due} moeten krijgen. Dat is ons niet gelukt. U krijgt ${words.the} zo snel mogelijk${how}.`
            : `U krijgt ${words.the} uiterlijk op ${due}${how}.`,
        );
      } else if (deadlines.decision) {
        const why = policy.decision.reasoned ? ', met uitleg waarom wij zo beslissen' : '';
        const how = `U krijgt de beslissing${policy.decision.form === 'written' ? ' op papier of per e-mail' : ''}${why}.`;
        // A term that has passed is not a promise any more: say it was not met (walkthrough).
        if (deadlines.decision.overdue) {
          steps.push(`Wij hadden uiterlijk op ${formatDutchDate(deadlines.decision.due)} moeten beslissen. Dat is ons niet gelukt. Wij beslissen zo snel mogelijk. ${how}`);
        } else steps.push(`Wij beslissen uiterlijk op ${formatDutchDate(deadlines.decision.due)}. ${how}`);
        if (policy.extension.allowed && !facts.extension && !deadlines.decision.overdue) {
          // As on the receipt page: an extension a law allows says which law (002 has none of its own: Awb 9:11).
          const may = policy.extension.law ? `Volgens ${policy.extension.law} mogen wij` : 'Dan mogen wij';
          steps.push(
            policy.extension.max
              ? `Lukt dat niet op tijd? ${may} de termijn verlengen met ten hoogste ${describeTerm(policy.extension.max)}. Dat laten wij u dan vóór ${formatDutchDate(deadlines.decision.due)} weten.`
              : `Lukt dat niet op tijd? Dan laten wij u dat ${policy.extension.noticeRequired ? 'vóór die datum ' : ''}weten.`,
          );
        }
      } else {
        steps.push('Wij behandelen uw klacht zo snel mogelijk.');
      }
      break;
    }
    case 'suspended':
      steps.push(`Als de behandeling verder gaat, ziet u dat hier. De nieuwe datum voor ${decisionWords(policy).the} staat dan hierboven.`);
      break;
    case 'decided':
    case 'closed':
    case 'inadmissible': {
      const ext = externalBody(reg);
      if (ext) steps.push(ext);
      break;
    }
    case 'withdrawn':
      steps.push(newComplaintNote(policy));
      break;
  }
  return steps;
}

/**
 * After withdrawing: a new complaint can be made, but the regulation's grounds for not handling one still apply
 * (002 art. 5.1b: what happened more than a year before, "één jaar" as the article writes it). Only what the regulation says.
 */
export function newComplaintNote(policy: WorkflowPolicy): string {
  const start = 'Wilt u toch weer een klacht indienen? Dat kan met een nieuwe klacht.';
  const limited = policy.admissibility.grounds.find((g) => g.limit);
  if (limited?.limit) return `${start} Wij nemen die niet in behandeling als wat er gebeurde langer dan ${describeTermAsWritten(limited.limit, limited.label)} vóór de nieuwe klacht was${cite(limited.article)}.`;
  if (policy.admissibility.grounds.length) return `${start} Wij bekijken dan opnieuw of wij die in behandeling kunnen nemen volgens de klachtenregeling.`;
  return start;
}
