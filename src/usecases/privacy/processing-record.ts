import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { citeSource, COMPLAINT_FIELD_LABELS, isNotPrescribed, isOpenPoint, termText, type Regulation } from '../../domain/regulation/index.ts';
import { LEGAL_FRAMEWORK_LABELS, type LegalFramework } from '../../domain/regulation/legal-check.ts';
import { regulationVersion, theCoordinatorFor } from '../regulations/regulations.ts';
import { retentionSettings } from '../retention/settings.ts';

/**
 * The record of processing activities (AVG art. 30(1), "verwerkingsregister", ADR 0020), generated from the
 * organisation's configuration: its name, its regulations (the newest version per scope), the legal frameworks
 * it said apply, the roles and the external body the regulation names, the complaints mailbox and the mail
 * server when configured. It states only what Klachtwijs does; nothing here is a promise the product does not keep.
 */
export interface ProcessingRecord {
  controller: string;
  regulations: { scope: string; title: string; version: number; versionLabel: string | null; purposes: string[]; article: string | null }[];
  legalBases: string[];
  dataSubjects: string[];
  dataCategories: string[];
  specialCategories: string[];
  recipients: string[];
  transfers: string;
  retention: { scope: string; text: string }[];
  security: string[];
}

const CARE_FRAMEWORKS: LegalFramework[] = ['wkkgz', 'wmo2015', 'jeugdwet'];
const PERIOD_FROM = { closed: 'na het afsluiten van de klacht', decision: 'na de beslissing op de klacht', received: 'na ontvangst van de klacht', as_client_file: 'na het einde van de cliëntrelatie' } as const;

/**
 * How long a dossier under this regulation is kept, in one Dutch sentence with its article. The retention lane
 * computes the dates from the same rule (TODO at merge: use its basis text here, so both say the same).
 */
export function retentionText(reg: Regulation): string {
  const ret = reg.retention;
  if (isNotPrescribed(ret)) {
    return `De klachtenregeling schrijft geen bewaartermijn voor${citeSource(ret.source)}; de organisatie stelt die vast in haar instellingen (AVG art. 5 lid 1 onder e: niet langer dan nodig).`;
  }
  const period = isOpenPoint(ret.period) ? '[nog in te vullen]' : termText(ret.period);
  const main =
    ret.mode === 'as_client_file'
      ? `Even lang als het cliëntdossier: ${period} ${PERIOD_FROM.as_client_file}`
      : ret.mode === 'minimum'
        ? `Ten minste ${period} ${PERIOD_FROM[ret.runsFrom]}, langer als de eigen bewaartermijn van de organisatie langer is`
        : `${period} ${PERIOD_FROM[ret.runsFrom]}`;
  return `${main}; daarna wordt het dossier vernietigd (artikel ${ret.source.article})${ret.legalBasis ? `. ${ret.legalBasis}` : ''}.`;
}

export async function processingRecord(db: Kysely<DB>, organisationId: string, opts: { smtpConfigured: boolean }): Promise<ProcessingRecord> {
  const org = await db.selectFrom('organisations').select(['name']).where('id', '=', organisationId).executeTakeFirstOrThrow();
  const heads = await db
    .selectFrom('regulation_versions as r')
    .leftJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.id', 'r.unit_id', 'r.version', 'u.name as unit_name'])
    .where('r.organisation_id', '=', organisationId)
    .orderBy('r.version', 'desc')
    .execute();
  const seen = new Set<string>();
  const current = heads.filter((h) => {
    const key = h.unit_id ?? '';
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const regs = [];
  for (const h of current) regs.push({ head: h, active: await regulationVersion(db, organisationId, h.id) });

  // What the record promises about destruction follows the organisation's own setting where a regulation is silent:
  // "bewaren zonder einddatum" means those dossiers are never made due (ADR 0019).
  const keepsForever = (await retentionSettings(db, organisationId)).defaultPeriod === 'forever';
  const silent = regs.filter(({ active }) => isNotPrescribed(active.regulation.retention)).length;
  const destroyed = 'Gesloten dossiers worden na de bewaartermijn vernietigd, na goedkeuring; er blijft een vernietigingsverslag zonder persoonsgegevens.';
  const destructionLines =
    keepsForever && silent > 0
      ? silent === regs.length
        ? ['De organisatie bewaart gesloten dossiers zonder einddatum (eigen instelling, want de klachtenregeling noemt geen bewaartermijn); er wordt dus niets automatisch vernietigd.']
        : [destroyed, 'Dossiers onder een klachtenregeling zonder bewaartermijn bewaart de organisatie zonder einddatum (eigen instelling).']
      : [destroyed];
  const twoFactor = (await db.selectFrom('organisations').select('two_factor_required').where('id', '=', organisationId).executeTakeFirst())?.two_factor_required ?? 'none';
  const frameworks = new Set(regs.flatMap((r) => r.active.frameworks));
  // Care: a care framework applies, or the regulation keeps the dossier beside a client file (004 §5): health data.
  const care =
    CARE_FRAMEWORKS.some((f) => frameworks.has(f)) ||
    regs.some(({ active }) => active.regulation.records.clientFile !== undefined || (!isNotPrescribed(active.regulation.retention) && active.regulation.retention.mode === 'as_client_file'));
  const fieldKeys = new Set(regs.flatMap((r) => [...r.active.regulation.intake.fields, ...r.active.regulation.intake.registrationFields].map((f) => f.key)));
  const personal = ['name', 'postal_address', 'phone', 'email', 'respondent_name', 'respondent_department', 'signature'] as const;
  const dataCategories = [
    'Contactgegevens van de klager en van een vertegenwoordiger: ' +
      (personal.filter((k) => fieldKeys.has(k) && !k.startsWith('respondent')).map((k) => COMPLAINT_FIELD_LABELS[k]).join(', ') || 'naam, e-mailadres, telefoonnummer, postadres (voor zover opgegeven)') +
      '.',
    'De relatie van de klager tot de organisatie (bijvoorbeeld cliënt of familielid).',
    'De klacht zelf: omschrijving, gebeurtenissen, verslagen van horen, beslissing, brieven en e-mails, bijlagen.',
    `De persoon over wie de klacht gaat: ${personal.filter((k) => fieldKeys.has(k) && k.startsWith('respondent')).map((k) => COMPLAINT_FIELD_LABELS[k]).join(', ') || 'naam'} (of de medewerker als gebruiker).`,
    'Medewerkers: naam, e-mailadres, rollen, inloggegevens en het auditlog van wat zij deden.',
  ];
  const recipients = new Set<string>();
  for (const r of regs) {
    const reg = r.active.regulation;
    for (const role of reg.roles) recipients.add(`${role.label}${role.heldBy ? ` (${role.heldBy})` : ''}: alleen de klachten die deze rol nodig heeft (artikel ${role.source.article})`);
    if (!isNotPrescribed(reg.externalBody)) recipients.add(`${reg.externalBody.name}: als de klager de klacht daar voorlegt (artikel ${reg.externalBody.source.article})`);
  }
  const mailboxes = await db.selectFrom('mailboxes').select(['host']).where('organisation_id', '=', organisationId).where('enabled', '=', true).execute();
  for (const m of mailboxes) recipients.add(`De aanbieder van de klachtenmailbox (${m.host}): bewaart de e-mails die binnenkomen (verwerker)`);
  if (opts.smtpConfigured) recipients.add('De aanbieder van de mailserver waarmee Klachtwijs e-mail verstuurt (verwerker)');

  return {
    controller: org.name,
    regulations: regs.map(({ head, active }) => ({
      scope: head.unit_name ?? 'hele organisatie',
      title: active.regulation.metadata.title,
      version: active.version,
      versionLabel: active.regulation.metadata.version ?? null,
      purposes: active.regulation.purposes.map((p) => p.text),
      article: active.regulation.purposes[0]?.source.article ?? null,
    })),
    legalBases: [
      ...[...frameworks].map((f) => `Wettelijke plicht om klachten te behandelen: ${LEGAL_FRAMEWORK_LABELS[f]} (AVG art. 6 lid 1 onder c).`),
      ...(frameworks.size ? [] : ['Gerechtvaardigd belang en de klachtenregeling van de organisatie (AVG art. 6 lid 1 onder f).']),
      ...(care ? ['Gezondheidsgegevens: noodzakelijk voor de zorg en de kwaliteit ervan en voor de behandeling van klachten daarover (AVG art. 9 lid 2 onder h; UAVG art. 30).'] : []),
    ],
    dataSubjects: ['Klagers', 'Vertegenwoordigers van klagers en degenen namens wie zij klagen', 'Medewerkers over wie een klacht gaat', 'Medewerkers die klachten behandelen (gebruikers)'],
    dataCategories,
    specialCategories: care
      ? ['Gezondheidsgegevens (bijzondere persoonsgegevens, AVG art. 9): een klacht over zorg of hulp kan gegevens over de gezondheid bevatten.']
      : ['Geen bijzondere persoonsgegevens gevraagd; een klager kan ze zelf noemen in de klacht.'],
    recipients: [...recipients],
    transfers: 'Geen doorgifte buiten de Europese Economische Ruimte door Klachtwijs.',
    retention: regs.map(({ head, active }) => ({ scope: head.unit_name ?? 'hele organisatie', text: retentionText(active.regulation) })),
    security: [
      'Need-to-know: een medewerker ziet alleen de klachten die de rol nodig heeft; een klacht die iemand niet mag zien, bestaat voor die persoon niet.',
      'Elke keer dat een dossier wordt gelezen of gewijzigd, komt in het auditlog (wie, wat, wanneer; zonder persoonsgegevens).',
      'De geschiedenis van een dossier kan alleen worden aangevuld, niet gewijzigd (correcties blijven zichtbaar).',
      'Wachtwoorden worden alleen als argon2id-hash bewaard; sessies en API-sleutels alleen als hash.',
      ...(mailboxes.length ? ['Het wachtwoord van de klachtenmailbox wordt versleuteld bewaard.'] : []),
      'Een link naar Mijn klacht is privé: alleen de hash wordt bewaard.',
      'Verzoeken over persoonsgegevens (inzage, correctie, verwijdering) worden vastgelegd; een open verzoek houdt de vernietiging van het dossier tegen.',
      'Het auditlog kan alleen worden aangevuld; alleen bij het vernietigen van een dossier worden de persoonlijke delen eruit gehaald.',
      ...destructionLines,
      ...(twoFactor === 'all_staff'
        ? ['Alle medewerkers loggen in met tweestapsverificatie (een code na het wachtwoord).']
        : twoFactor === 'admin_coordinator'
          ? [`Beheerders en ${await theCoordinatorFor(db, organisationId, { unitId: null })} loggen in met tweestapsverificatie (een code na het wachtwoord).`]
          : []),
    ],
  };
}
