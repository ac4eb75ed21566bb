import type { FC } from 'hono/jsx';
import { describeTerm, formatDutchDate } from '../../domain/deadlines/index.ts';
import { isNotPrescribed, isOpenPoint, type Regulation } from '../../domain/regulation/index.ts';
import { namedBody } from '../../domain/regulation/cite.ts';
import { acknowledgementWord, decisionWords, type WorkflowPolicy } from '../../domain/workflow/index.ts';
import { capitalise } from '../../shared/text.ts';

export interface ReceivedProps {
  org: { name: string; slug: string };
  reference: string;
  kind: string;
  receivedOn: string;
  deadlines: Record<string, string>;
  reg: Regulation;
  policy: WorkflowPolicy;
  /** The published regulation that applies to the complaint's unit (`/{org}/klachtenregeling/{unit}`). */
  regulationHref: string;
  /** A private link to the complainant's own page (Mijn klacht, ADR 0012). */
  complainantPageUrl?: string | undefined;
  /**
   * "Weet ik niet" to the unit question while its unit may still bring another regulation version (a unit's own, 004
   * §2; ADR 0003 addendum): the triage version's dates and steps may not be the complaint's, so none are named.
   */
  regulationOpen?: boolean | undefined;
}

/** What the receipt says while the complaint's unit, and so its regulation and its terms, is not known yet. */
export function openRegulationSteps(orgName: string): string[] {
  return [
    `U wist niet over welk onderdeel van ${orgName} uw klacht gaat. Wij zoeken dat eerst uit.`,
    'Een onderdeel kan een eigen klachtenregeling hebben, met eigen termijnen. Daarom noemen wij hier nog geen data: die hangen af van het onderdeel waar uw klacht over gaat.',
  ];
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() && !isOpenPoint(v) && !/\[[^\]]+\]/.test(v) ? v : null);

/** What happens next, in plain Dutch, from the complaint's own regulation version and due dates. */
export function nextSteps(p: Pick<ReceivedProps, 'deadlines' | 'policy' | 'reg'>): string[] {
  const { policy, deadlines, reg } = p;
  const steps: string[] = [];
  const ack = policy.terms.acknowledgement;
  // Only what the regulation promises: no acknowledgement where it prescribes none (this page is the receipt).
  if (ack && deadlines['acknowledgement']) {
    steps.push(`U krijgt binnen ${describeTerm(ack)} een ${acknowledgementWord(policy)}, uiterlijk op ${formatDutchDate(deadlines['acknowledgement'])}.`);
  }
  const inadm = policy.terms.inadmissibilityNotice;
  if (inadm && deadlines['inadmissibilityNotice']) {
    steps.push(`Kunnen wij uw klacht niet in behandeling nemen? Dan hoort u dat binnen ${describeTerm(inadm)}, uiterlijk op ${formatDutchDate(deadlines['inadmissibilityNotice'])}.`);
  }
  if (policy.hearing?.parties.includes('complainant')) {
    steps.push('Wij nodigen u uit om uw klacht toe te lichten in een gesprek. Dat heet horen. U mag ook laten weten dat u dat niet wilt.');
  }
  const decision = policy.terms.decision;
  if (decision && deadlines['decision']) {
    // How the decision is given only where the regulation says it (003 is silent: "De klacht wordt … beantwoord").
    const how = !policy.decision.formSaid ? '' : policy.decision.form === 'written' ? ' op papier of per e-mail' : ' in een gesprek of op papier';
    const words = decisionWords(policy);
    // The regulation's own name for its decision where it has one (001 art. 3.3: "het standpunt van de directie").
    if (words.named) steps.push(`U krijgt ${words.the} uiterlijk op ${formatDutchDate(deadlines['decision'])} (binnen ${describeTerm(decision)})${how}${policy.decision.reasoned ? ', met de redenen' : ''}.`);
    else steps.push(`Wij beslissen uiterlijk op ${formatDutchDate(deadlines['decision'])} (binnen ${describeTerm(decision)}). U krijgt de beslissing${how}${policy.decision.reasoned ? ', met uitleg waarom wij zo beslissen' : ''}.`);
    if (policy.extension.allowed) {
      steps.push(
        policy.extension.max
          ? `Lukt dat niet op tijd? ${policy.extension.law ? `Volgens ${policy.extension.law} mogen wij` : 'Dan mogen wij'} de termijn verlengen met ten hoogste ${describeTerm(policy.extension.max)}. Dat laten wij u dan vóór ${formatDutchDate(deadlines['decision'])} weten.`
          : // 003: "Mocht dit niet haalbaar zijn dan wordt de klagende relatie daarover … bericht": told, no day said.
            'Lukt dat niet op tijd? Dan laten wij u dat weten.',
      );
    }
  } else {
    steps.push('Wij behandelen uw klacht zo snel mogelijk en laten u weten wanneer u een beslissing kunt verwachten.');
  }
  const ext = reg.externalBody;
  if (!isNotPrescribed(ext)) {
    // A filled address may end with its own full stop: the sentence gives its one.
    const where = [text(ext.address), text(ext.url)].filter(Boolean).join(', ').replace(/\.\s*$/, '');
    const body = namedBody(ext.name);
    const when = /^(als|indien|wanneer)\b/i.test(ext.when.trim()) ? `${capitalise(ext.when.trim())}, dan kunt u` : `${capitalise(ext.when.trim())} kunt u`;
    steps.push(`${when} terecht bij ${body}${where ? `: ${where}` : ''}.`);
  }
  return steps;
}

export const ComplaintReceived: FC<ReceivedProps> = (p) => {
  const suggestion = p.kind === 'suggestion';
  const contact = p.reg.contact;
  const email = text(contact?.email);
  const phone = text(contact?.phone);
  return (
    <>
      <h1 class="utrecht-heading-1">{suggestion ? 'Bedankt voor uw suggestie' : 'Wij hebben uw klacht ontvangen'}</h1>
      <div class="utrecht-alert utrecht-alert--ok kw-reference" role="status">
        <p class="utrecht-paragraph">
          Uw kenmerk is <strong class="kw-reference__number">{p.reference}</strong>
        </p>
        <p class="utrecht-paragraph">Noem dit kenmerk als u contact met ons opneemt over uw {suggestion ? 'suggestie' : 'klacht'}. Ontvangen op {formatDutchDate(p.receivedOn)}.</p>
      </div>
      {suggestion ? (
        <p class="utrecht-paragraph">Wij bekijken uw idee en gebruiken het om ons werk te verbeteren. Er loopt geen klachtprocedure.</p>
      ) : (
        <>
          <h2 class="utrecht-heading-2">Wat gebeurt er nu?</h2>
          <ol class="utrecht-ordered-list kw-steps">
            {(p.regulationOpen ? openRegulationSteps(p.org.name) : nextSteps(p)).map((s) => (
              <li class="utrecht-ordered-list__item">{s}</li>
            ))}
          </ol>
        </>
      )}
      {p.complainantPageUrl ? (
        <>
          <h2 class="utrecht-heading-2">Uw eigen {suggestion ? 'pagina' : 'klachtpagina'}</h2>
          <p class="utrecht-paragraph">
            Op deze pagina ziet u hoe het met uw {suggestion ? 'suggestie' : 'klacht'} staat. U kunt er ook informatie toevoegen{suggestion ? '' : ' of uw klacht intrekken'}. Bewaar de link goed en deel hem niet: iedereen met de link kan uw {suggestion ? 'suggestie' : 'klacht'} zien.
          </p>
          <p class="utrecht-paragraph">
            <a class="utrecht-link kw-complainant-page-link" href={p.complainantPageUrl}>
              Naar mijn {suggestion ? 'pagina' : 'klachtpagina'}
            </a>
          </p>
        </>
      ) : null}
      {email || phone ? (
        <>
          <h2 class="utrecht-heading-2">Vragen?</h2>
          <p class="utrecht-paragraph">
            Neem contact op met {p.org.name}
            {email ? (
              <>
                {' '}via <a class="utrecht-link" href={`mailto:${email}`}>{email}</a>
              </>
            ) : null}
            {phone ? ` ${email ? 'of ' : ''}via ${phone}` : null}.
          </p>
        </>
      ) : null}
      {p.regulationOpen ? (
        <p class="utrecht-paragraph">
          Hoe wij met uw {suggestion ? 'suggestie' : 'klacht'} omgaan, staat in de klachtenregeling van het onderdeel waar het over gaat:{' '}
          <a class="utrecht-link kw-regulation-link" href={`/${p.org.slug}/klachtenregeling`}>
            de klachtenregelingen van {p.org.name}
          </a>
          .
        </p>
      ) : (
        <p class="utrecht-paragraph">
          Hoe wij met uw {suggestion ? 'suggestie' : 'klacht'} omgaan, staat in de regeling die ervoor geldt:{' '}
          <a class="utrecht-link kw-regulation-link" href={p.regulationHref}>
            {p.reg.metadata.title}
          </a>
          .
        </p>
      )}
      <p class="utrecht-paragraph kw-noprint">U kunt deze pagina afdrukken of bewaren.</p>
    </>
  );
};
