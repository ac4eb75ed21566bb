import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import type { DB, Organisation } from '../db/types.ts';
import {
  addDays,
  addMonths,
  atwHolidayName,
  describeTerm,
  formatDutchDate,
  isIsoDate,
  isoWeekday,
  isWeekend,
  type IsoDate,
} from '../domain/deadlines/index.ts';
import {
  applyFills,
  isOpenPoint,
  isTermRule,
  LEGAL_FRAMEWORK_LABELS,
  LEGAL_FRAMEWORKS,
  legalCheck,
  milestones,
  MILESTONE_KEYS,
  openItems,
  organisationFills,
  parseFillArgs,
  parseRegulationDocument,
  renderRegulationText,
  type LegalFinding,
  type LegalFramework,
  type MilestoneKey,
  type OpenItem,
  type Regulation,
  type RegulationIssue,
  type TermRule,
  type DeadlineSlot,
} from '../domain/regulation/index.ts';
import { adoptPreset, getPreset, PRESET_KEYS, presets, REGULATIONS_DIR, type Preset } from '../regulations/library.ts';
import { fileHeader, regulationToYaml } from '../regulations/yaml.ts';
import { DEADLINE_LABELS } from '../domain/workflow/index.ts';
import { ownDeadlineRows, ownDueDates } from './deadlines-own.ts';
import { AppError, type FieldIssue } from '../shared/errors.ts';
import { findOrganisationBySlug } from '../usecases/organisations/create-organisation.ts';
import { organisationFrameworks } from '../usecases/organisations/legal-frameworks.ts';
import { activateRegulation, type RegulationSource } from '../usecases/regulations/regulations.ts';
import { findUnit } from '../usecases/units/units.ts';
import { orgBySlug, printer, type CliContext } from './context.ts';

/**
 * Regulation commands: list and show presets, check a regulation file, print due dates, activate a
 * regulation for an organisation or unit. Only `activate` opens the database; the others are pure
 * (files are read here, never in src/domain).
 */

/** A regulation named on the command line: a preset key, else a path to a .yaml/.yml/.json file. */
interface NamedRegulation {
  /** What the user typed, for messages. */
  spec: string;
  preset: Preset | null;
  /** The file's text (files only). */
  text: string | null;
}

const FILE_EXTENSIONS = ['.yaml', '.yml', '.json'];

function resolveRegulation(spec: string, cwd: string): NamedRegulation {
  const preset = getPreset(spec);
  if (preset) return { spec, preset, text: null };
  const ext = path.extname(spec).toLowerCase();
  const file = path.resolve(cwd, spec); // the caller's folder, also when the command runs in the server
  let isFile: boolean;
  try {
    isFile = statSync(file).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) {
    throw new AppError(
      'not_found',
      `"${spec}" is geen preset en geen bestand. Kies een preset (${PRESET_KEYS.join(', ')}) of geef het pad naar een .yaml-, .yml- of .json-bestand.`,
    );
  }
  if (!FILE_EXTENSIONS.includes(ext)) {
    throw new AppError('validation_failed', `"${spec}" is geen regelingbestand. Gebruik een bestand dat eindigt op .yaml, .yml of .json.`);
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new AppError('not_found', `Het bestand "${spec}" kan niet worden gelezen (${err instanceof Error ? err.message : String(err)}).`);
  }
  return { spec, preset: null, text };
}

type Parsed = { ok: true; regulation: Regulation } | { ok: false; issues: RegulationIssue[] };

function parseNamed(named: NamedRegulation): Parsed {
  if (named.preset) return { ok: true, regulation: named.preset.build() };
  const parsed = parseRegulationDocument(named.text ?? '');
  return parsed.success ? { ok: true, regulation: parsed.data } : { ok: false, issues: parsed.issues };
}

function invalidFile(named: NamedRegulation, issues: readonly RegulationIssue[]): AppError {
  return new AppError(
    'validation_failed',
    `Het bestand "${named.spec}" is geen geldige klachtenregeling (${issues.length} ${issues.length === 1 ? 'fout' : 'fouten'}).`,
    issues.map((i) => ({ field: i.path || '(bestand)', message: i.message })),
  );
}

/** Load a regulation and apply `--fill` values (and the organisation's name when given). */
function loadRegulation(spec: string, cwd: string, fillArgs: readonly string[], org?: { name: string }): { named: NamedRegulation; regulation: Regulation } {
  const named = resolveRegulation(spec, cwd);
  const parsed = parseNamed(named);
  if (!parsed.ok) throw invalidFile(named, parsed.issues);
  const fills = fillsFrom(fillArgs);
  const all = { ...(org ? organisationFills(parsed.regulation, org) : {}), ...fills };
  if (Object.keys(all).length === 0) return { named, regulation: parsed.regulation };
  const filled = applyFills(parsed.regulation, all);
  if (!filled.ok) {
    throw new AppError(
      'validation_failed',
      'Niet alle --fill-waarden kloppen.',
      filled.errors.map((e) => ({ field: e.key, message: e.message })),
    );
  }
  return { named, regulation: filled.regulation };
}

function fillsFrom(fillArgs: readonly string[]): Record<string, string> {
  const { fills, errors } = parseFillArgs(fillArgs);
  if (errors.length > 0) {
    throw new AppError('validation_failed', 'Schrijf elke --fill als SLEUTEL=WAARDE, bijvoorbeeld --fill decision_term="6 weken".', errors.map((e) => ({ field: e.key, message: e.message })));
  }
  return fills;
}

function frameworksFrom(values: readonly string[] | undefined): LegalFramework[] {
  const out: LegalFramework[] = [];
  const wrong: FieldIssue[] = [];
  for (const value of values ?? []) {
    for (const part of value.split(',').map((p) => p.trim().toLowerCase()).filter((p) => p !== '')) {
      if ((LEGAL_FRAMEWORKS as readonly string[]).includes(part)) {
        if (!out.includes(part as LegalFramework)) out.push(part as LegalFramework);
      } else wrong.push({ field: 'framework', message: `onbekend wettelijk kader "${part}"; kies uit: ${LEGAL_FRAMEWORKS.join(', ')}` });
    }
  }
  if (wrong.length > 0) throw new AppError('validation_failed', 'Onbekend wettelijk kader bij --framework.', wrong);
  return out;
}

// --- Output helpers ----------------------------------------------------------------------------

const WIDTH = 96;

/** Word-wrap `text` to WIDTH columns; continuation lines get `indent`. */
function wrap(text: string, firstIndent = '', indent = firstIndent): string {
  const lines: string[] = [];
  let line = firstIndent;
  let empty = true;
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (!empty && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = indent + word;
    } else {
      line += (empty ? '' : ' ') + word;
    }
    empty = false;
  }
  lines.push(line);
  return lines.join('\n');
}

function openItemLine(item: OpenItem): string {
  const example = item.example ? ` Bijvoorbeeld: ${item.example}.` : '';
  return wrap(`${item.key} (${item.where}): ${item.question}${example}`, '  - ', '    ');
}

const SEVERITY_LABELS: Record<LegalFinding['severity'], string> = { error: 'fout', warning: 'waarschuwing', info: 'info' };

function findingLines(findings: readonly LegalFinding[]): string[] {
  return findings.map((f) => wrap(`[${SEVERITY_LABELS[f.severity]}] ${f.message}${f.path ? ` (veld: ${f.path})` : ''}`, '  ', '    '));
}

const WEEKDAYS = ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag'];

function weekdayDate(date: IsoDate): string {
  return `${WEEKDAYS[isoWeekday(date) - 1] ?? ''} ${formatDutchDate(date)}`;
}

function milestoneTerm(reg: Regulation, key: MilestoneKey): TermRule | undefined {
  const d = reg.deadlines;
  switch (key) {
    case 'acknowledgement':
      return isTermRule(d.acknowledgement) ? d.acknowledgement : undefined;
    case 'inadmissibilityNotice':
      return isTermRule(d.inadmissibilityNotice) ? d.inadmissibilityNotice : undefined;
    case 'decision':
      return isTermRule(d.decision) ? d.decision : undefined;
    case 'serviceNorm':
      return d.serviceNorm;
    case 'decisionMaxExtended':
      return d.extension.allowed && isTermRule(d.extension.max) ? d.extension.max : undefined;
  }
}

/** Why a week/month term ended later than its plain end: "verschoven van … (Hemelvaartsdag)". */
function movedNote(start: IsoDate, term: TermRule, due: IsoDate): string {
  if (term.unit === 'workingDays') return '';
  const raw = term.unit === 'months' ? addMonths(start, term.amount) : addDays(start, term.unit === 'weeks' ? term.amount * 7 : term.amount);
  if (raw === due) return '';
  const why = atwHolidayName(raw) ?? (isWeekend(raw) ? 'weekend' : 'Algemene termijnenwet');
  return ` (verschoven: ${formatDutchDate(raw)} is ${why === 'weekend' ? 'in het weekend' : why})`;
}

/** A term slot in Dutch for `regulations list`: "binnen 8 weken", "vult u zelf in", "niet genoemd". */
function slotText(slot: DeadlineSlot): string {
  if (isTermRule(slot)) return `binnen ${describeTerm(slot)}`;
  if (isOpenPoint(slot)) return 'vult u zelf in';
  return 'niet genoemd';
}

const DECISION_FROM: Record<string, string> = { judgement_requested: 'na het verzoek om een oordeel', forwarded: 'na het doorsturen' };

/** "ontvangstbevestiging binnen 1 week, beslissing binnen 8 weken". */
function termsLine(reg: Regulation): string {
  const from = reg.deadlines.decisionFrom && DECISION_FROM[reg.deadlines.decisionFrom.event];
  return `ontvangstbevestiging ${slotText(reg.deadlines.acknowledgement)}, beslissing ${slotText(reg.deadlines.decision)}${from && isTermRule(reg.deadlines.decision) ? ` ${from}` : ''}`;
}

/** The document of a model with its `model:` block first, as in its file. */
function withModel(preset: Preset, regulation: Regulation): Record<string, unknown> {
  const { format, ...rest } = regulation;
  return { format, model: preset.model, ...rest };
}

// --- Commands ----------------------------------------------------------------------------------

/** Open points and placeholders the user must fill; the organisation's name is filled automatically. */
function itemsToFill(reg: Regulation): OpenItem[] {
  const fromOrg = new Set(reg.placeholders.filter((p) => p.fromOrganisation === 'name').map((p) => p.key));
  return openItems(reg).filter((i) => !(i.kind === 'placeholder' && fromOrg.has(i.key)));
}

export function registerRegulationCommands(program: Command, ctx: CliContext): void {
  const { out: print, err: printErr } = printer(ctx);
  const regulations = program
    .command('regulations')
    .description('Klachtenregelingen: voorbeeld- en modelregelingen bekijken, een eigen regeling beginnen, bestanden controleren, activeren');

  regulations
    .command('list')
    .description('Toon de voorbeeld- en modelregelingen: titel, sector, termijnen, wetten')
    .action(() => {
      const rows = Object.values(presets);
      const keyWidth = Math.max(...rows.map((p) => p.key.length));
      const pad = ' '.repeat(keyWidth + 4);
      print(`Voorbeeld- en modelregelingen (${rows.length}):`);
      for (const p of rows) {
        const reg = p.build();
        const open = itemsToFill(reg);
        const laws = p.model.laws.length > 0 ? p.model.laws.map((l) => LEGAL_FRAMEWORK_LABELS[l]).join(', ') : 'geen opgegeven';
        print('');
        print(`  ${p.key.padEnd(keyWidth)}  ${p.title}`);
        print(`${pad}sector: ${p.model.sector}`);
        print(`${pad}termijnen: ${termsLine(reg)}`);
        print(`${pad}wetten: ${laws}`);
        const from = [p.model.document ? `naar ${p.model.document}` : '', open.length > 0 ? `${open.length} open ${open.length === 1 ? 'punt' : 'punten'}` : 'geen open punten'];
        print(`${pad}${from.filter((x) => x !== '').join(' · ')}`);
      }
      print('\nBekijk er een met: klachtwijs regulations show <naam>');
      print('Begin een eigen regeling met: klachtwijs regulations new --from <naam> > mijn-regeling.yaml');
    });

  regulations
    .command('show')
    .argument('<preset-or-file>', 'een preset of een .yaml/.yml/.json-bestand')
    .option('--json', 'toon het document als JSON')
    .option('--yaml', 'toon het document als YAML, zoals de bestanden in regulations/')
    .option('--fill <key=value...>', 'vul open punten in')
    .option('--name <naam>', 'naam van de organisatie (voor [naam organisatie])')
    .description('Toon een klachtenregeling als leesbare tekst, met haar open punten')
    .action((spec: string, o: { json?: boolean; yaml?: boolean; fill?: string[]; name?: string }) => {
      const { named, regulation } = loadRegulation(spec, ctx.cwd, o.fill ?? [], o.name ? { name: o.name } : undefined);
      if (o.json && o.yaml) throw new AppError('validation_failed', 'Kies --json of --yaml, niet allebei.');
      if (o.json) {
        print(JSON.stringify(regulation, null, 2));
        return;
      }
      if (o.yaml) {
        // A model as it is: the file itself. Filled in, it is written again in the same layout.
        if (named.preset && !o.fill?.length && !o.name) ctx.io.stdout(named.preset.text);
        else if (named.preset) ctx.io.stdout(regulationToYaml(withModel(named.preset, regulation), { header: fileHeader(named.preset.text) }));
        else ctx.io.stdout(regulationToYaml(regulation));
        return;
      }
      const text = renderRegulationText(regulation, { name: o.name ?? '[naam organisatie]' });
      const out: string[] = [text.title, '='.repeat(Math.min(text.title.length, WIDTH))];
      const about = [text.version ? `Versie ${text.version}` : '', text.effectiveDate ? `vastgesteld op ${formatDutchDate(text.effectiveDate)}` : ''].filter((x) => x !== '');
      if (about.length > 0) out.push(about.join(', '));
      if (named.preset) out.push(`Voorbeeldregeling ${named.preset.key}${named.preset.seedFile ? ` (naar ${named.preset.seedFile})` : ''}`);
      for (const section of text.sections) {
        out.push('', section.heading, '-'.repeat(section.heading.length));
        for (const p of section.paragraphs) out.push(wrap(p));
        for (const item of section.items ?? []) out.push(wrap(item, '  - ', '    '));
      }
      const open = itemsToFill(regulation);
      out.push('');
      if (open.length > 0) {
        out.push(`Open punten (${open.length}) — vul ze in voordat u de regeling activeert, met --fill SLEUTEL=WAARDE:`);
        out.push(...open.map(openItemLine));
      } else {
        out.push('Open punten: geen.');
      }
      print(out.join('\n'));
    });

  regulations
    .command('new')
    .requiredOption('--from <naam-of-bestand>', 'een voorbeeld- of modelregeling (zie regulations list) of een .yaml/.yml/.json-bestand')
    .option('--name <naam>', 'naam van uw organisatie: komt in de tekst waar het voorbeeld zijn eigen organisatie noemt')
    .description('Begin een eigen klachtenregeling: print een kopie als YAML, bijvoorbeeld: klachtwijs regulations new --from stadsring51 > mijn-regeling.yaml')
    .action((o: { from: string; name?: string }) => {
      const named = resolveRegulation(o.from, ctx.cwd);
      const parsed = parseNamed(named);
      if (!parsed.ok) throw invalidFile(named, parsed.issues);
      const { model, ...copy } = parsed.regulation;
      const names = named.preset?.organisationNames ?? model?.organisationNames ?? [];
      let regulation: Regulation = o.name ? adoptPreset(copy, names, o.name) : copy;
      if (o.name) {
        const filled = applyFills(regulation, organisationFills(regulation, { name: o.name }));
        if (filled.ok) regulation = filled.regulation;
      }
      const title = named.preset ? `de voorbeeldregeling "${named.preset.key}" (${named.preset.title})` : `"${named.spec}"`;
      const open = itemsToFill(regulation);
      ctx.io.stdout(
        regulationToYaml(regulation, {
          header: [
            `Eigen klachtenregeling, begonnen vanaf ${title}.`,
            'Het schema voor aanvullen en controleren in uw editor, naast dit bestand: klachtwijs regulations schema > schema.json',
            'Controleer dit bestand met: klachtwijs regulations check <dit bestand>',
            open.length > 0
              ? `Open punten (${open.length}): vul ze hier in, of bij het activeren met --fill SLEUTEL=WAARDE. Ze staan hieronder met hun vraag.`
              : 'Open punten: geen.',
          ],
        }),
      );
    });

  regulations
    .command('schema')
    .description('Toon het JSON Schema van een regelingbestand, bijvoorbeeld: klachtwijs regulations schema > schema.json')
    .action(() => {
      // The committed file (npm run regulations:schema writes it from the zod schema; a test keeps it up to date).
      ctx.io.stdout(readFileSync(path.join(REGULATIONS_DIR, 'schema.json'), 'utf8'));
    });

  regulations
    .command('check')
    .argument('<file>', 'een .yaml/.yml/.json-bestand (of een preset)')
    .option('--framework <kader...>', `wettelijk kader om tegen te toetsen: ${LEGAL_FRAMEWORKS.join(', ')} (mag vaker)`)
    .option('--fill <key=value...>', 'vul open punten in')
    .option('--org <slug>', 'toets tegen de wetten die deze organisatie heeft gekozen (zonder --framework)')
    .description('Controleer een klachtenregeling: fouten met het veld, open punten, wettelijke toets')
    .action(async (spec: string, o: { framework?: string[]; fill?: string[]; org?: string }) => {
      let frameworks = frameworksFrom(o.framework);
      // Issue 12: without --framework, the organisation's own frameworks (klachtwijs orgs frameworks).
      if (frameworks.length === 0 && o.org) {
        const slug = o.org;
        frameworks = await ctx.withDatabase(async (database) => organisationFrameworks(database.db, (await orgBySlug(database, slug)).id));
      }
      const named = resolveRegulation(spec, ctx.cwd);
      const parsed = parseNamed(named);
      if (!parsed.ok) {
        printErr(`✗ "${named.spec}" is geen geldige klachtenregeling. ${parsed.issues.length} ${parsed.issues.length === 1 ? 'fout' : 'fouten'}:`);
        for (const issue of parsed.issues) printErr(`  ${issue.path || '(bestand)'}: ${issue.message}`);
        ctx.exitCode = 1;
        return;
      }
      const { regulation } = loadRegulation(spec, ctx.cwd, o.fill ?? []);
      const out: string[] = [`✓ De regeling is geldig: ${regulation.metadata.title}`];
      const open = itemsToFill(regulation);
      out.push('');
      if (open.length > 0) {
        out.push(`Open punten (${open.length}) — nodig voordat de regeling kan worden geactiveerd:`);
        out.push(...open.map(openItemLine));
      } else {
        out.push('Open punten: geen.');
      }
      out.push('');
      if (frameworks.length === 0) {
        out.push(`Wettelijke toets: geen kader gekozen. Kies er een of meer met --framework (${LEGAL_FRAMEWORKS.join(', ')}), of gebruik --org met een organisatie die haar wetten heeft gekozen.`);
      } else {
        const findings = legalCheck(regulation, frameworks);
        const count = (s: LegalFinding['severity']) => findings.filter((f) => f.severity === s).length;
        out.push(
          `Wettelijke toets (${frameworks.map((f) => LEGAL_FRAMEWORK_LABELS[f]).join(', ')}): ${count('error')} fout, ${count('warning')} waarschuwing, ${count('info')} info`,
        );
        out.push(...(findings.length > 0 ? findingLines(findings) : ['  Geen bevindingen.']));
      }
      print(out.join('\n'));
    });

  regulations
    .command('activate')
    .requiredOption('--org <slug>', 'organisatie')
    .requiredOption('--regulation <preset-or-file>', 'een preset of een .yaml/.yml/.json-bestand')
    .option('--unit <slug-or-id>', 'eenheid (bijv. een werkmaatschappij) met een eigen regeling')
    .option('--fill <key=value...>', 'vul open punten van de preset in')
    .option('--framework <kader...>', `wettelijk kader dat voor de organisatie geldt: ${LEGAL_FRAMEWORKS.join(', ')}`)
    .description('Activeer een klachtenregeling als nieuwe versie voor een organisatie of eenheid')
    .action(async (o: { org: string; regulation: string; unit?: string; fill?: string[]; framework?: string[] }) => {
      let frameworks = frameworksFrom(o.framework);
      await ctx.withDatabase(async (database) => {
        const org = await findOrganisationBySlug(database.db, o.org);
        if (!org) throw new AppError('not_found', `Organisatie "${o.org}" bestaat niet. Maak haar aan met: klachtwijs orgs create --slug ${o.org} --name "…" --regulation ${o.regulation}`);
        // Issue 12: without --framework, the organisation's own frameworks (klachtwijs orgs frameworks).
        if (frameworks.length === 0) frameworks = await organisationFrameworks(database.db, org.id);
        const unit = o.unit ? await findUnit(database.db, org.id, o.unit) : null;
        const active = await database.db.transaction().execute((tx) => activateFromCli(tx, org, o.regulation, o.fill ?? [], unit?.id ?? null, frameworks, ctx.cwd));
        print(
          `Klachtenregeling "${active.regulation.metadata.title}" geactiveerd voor ${org.name}${unit ? ` (${unit.name})` : ''}: versie ${active.version}${active.preset ? `, preset ${active.preset}` : ''}.`,
        );
        if (frameworks.length > 0) {
          const findings = legalCheck(active.regulation, frameworks);
          print(`Wettelijke toets (${frameworks.map((f) => LEGAL_FRAMEWORK_LABELS[f]).join(', ')}):`);
          print((findings.length > 0 ? findingLines(findings) : ['  Geen bevindingen.']).join('\n'));
        }
      });
    });

  program
    .command('deadlines')
    .requiredOption('--regulation <preset-or-file>', 'een preset of een .yaml/.yml/.json-bestand')
    .requiredOption('--received <JJJJ-MM-DD>', 'datum van ontvangst (dag 0)')
    .option('--json', 'één JSON-object met ISO-datums')
    .option('--fill <key=value...>', 'vul open punten in die de termijnen bepalen')
    .description('Toon de uiterste data van de termijnen van een klachtenregeling')
    .action((o: { regulation: string; received: string; json?: boolean; fill?: string[] }) => {
      if (!isIsoDate(o.received)) {
        throw new AppError('validation_failed', `"${o.received}" is geen geldige datum.`, [{ field: 'received', message: 'schrijf de datum als JJJJ-MM-DD, bijvoorbeeld 2026-04-02' }]);
      }
      const day0: IsoDate = o.received;
      const { regulation } = loadRegulation(o.regulation, ctx.cwd, o.fill ?? []);
      const missing = openItems(regulation).filter((i) => i.kind === 'open_point' && /^(deadlines|calendar)(\.|\[|$)/.test(i.where));
      if (missing.length > 0) {
        throw new AppError(
          'validation_failed',
          `De termijnen van "${o.regulation}" liggen nog niet vast. Vul ${missing.length === 1 ? 'dit open punt' : 'deze open punten'} in met --fill SLEUTEL=WAARDE:`,
          missing.map((i) => ({ field: i.key, message: `${i.question} (${i.where})` })),
        );
      }
      // Noon UTC is the same calendar date in Europe/Amsterdam, so day 0 is exactly the given date.
      const due = milestones(regulation, new Date(`${day0}T12:00:00Z`));
      if (o.json) {
        print(JSON.stringify({ ...Object.fromEntries(MILESTONE_KEYS.filter((k) => due[k] !== undefined).map((k) => [k, due[k]])), ...ownDueDates(regulation, due) }));
        return;
      }
      const rows = MILESTONE_KEYS.flatMap((key) => {
        const date = due[key];
        const term = milestoneTerm(regulation, key);
        if (!date || !term) return [];
        const start = key === 'decisionMaxExtended' ? due.decision ?? day0 : day0;
        const termLabel = key === 'decisionMaxExtended' ? `+ ${describeTerm(term)}` : describeTerm(term);
        return [[DEADLINE_LABELS[key], termLabel, `${weekdayDate(date)}${movedNote(start, term, date)}`] as const];
      });
      // Own milestones from receipt are dated; the decision and own milestones that run from a later event say so.
      rows.push(...ownDeadlineRows(regulation, due, day0, (date, start, term) => `${weekdayDate(date)}${movedNote(start, term, date)}`));
      const out = [`Termijnen volgens: ${regulation.metadata.title}`, `Ontvangen: ${weekdayDate(day0)} (dag 0)`, ''];
      if (rows.length === 0) out.push('Deze regeling noemt geen termijnen.');
      else {
        const w1 = Math.max('Wat'.length, ...rows.map((r) => r[0].length));
        const w2 = Math.max('Termijn'.length, ...rows.map((r) => r[1].length));
        out.push(`${'Wat'.padEnd(w1)}  ${'Termijn'.padEnd(w2)}  Uiterlijk op`);
        out.push(`${'-'.repeat(w1)}  ${'-'.repeat(w2)}  ${'-'.repeat(12)}`);
        for (const [what, term, when] of rows) out.push(`${what.padEnd(w1)}  ${term.padEnd(w2)}  ${when}`);
      }
      out.push('');
      out.push(
        ...[regulation.calendar.atw
          ? 'Werkdagen: maandag tot en met vrijdag, zonder feestdagen en eigen sluitingsdagen. Een termijn in dagen, weken of maanden die eindigt op een zaterdag, zondag of feestdag, schuift door (Algemene termijnenwet).'
          : 'Werkdagen: maandag tot en met vrijdag, zonder feestdagen en eigen sluitingsdagen. De Algemene termijnenwet is uitgezet: termijnen in dagen, weken of maanden schuiven niet door.',
        ...(regulation.calendar.closedDays.length > 0 ? [`Eigen sluitingsdagen: ${regulation.calendar.closedDays.map(formatDutchDate).join(', ')}.`] : [])].map((l) => wrap(l)),
      );
      print(out.join('\n'));
    });
}

/**
 * Activates `spec` (a preset or a file) for an organisation or unit, with `--fill` values. Refused with
 * the list of open points while any is unfilled. Used by `regulations activate` and `orgs create --regulation`.
 */
export async function activateFromCli(
  tx: Kysely<DB>,
  org: Organisation,
  spec: string,
  fillArgs: string[],
  unitId: string | null,
  frameworks: LegalFramework[] = [],
  cwd: string = process.cwd(),
) {
  const named = resolveRegulation(spec, cwd);
  const fills = fillsFrom(fillArgs);
  let source: RegulationSource;
  if (named.preset) source = { preset: named.preset.key };
  else {
    const parsed = parseRegulationDocument(named.text ?? '');
    if (!parsed.success) throw invalidFile(named, parsed.issues);
    source = { document: parsed.data };
  }
  try {
    return await activateRegulation(tx, { organisationId: org.id, unitId, source, fills, frameworks, actorUserId: null });
  } catch (err) {
    if (err instanceof AppError && err.code === 'validation_failed' && err.fields.some((f) => f.field.startsWith('fill.'))) {
      const example = err.fields.find((f) => f.field.startsWith('fill.'))!.field.slice(5);
      throw new AppError(
        'validation_failed',
        `${err.message} Geef ze mee met --fill SLEUTEL=WAARDE, bijvoorbeeld --fill ${example}=….`,
        err.fields.map((f) => ({ field: f.field.startsWith('fill.') ? f.field.slice(5) : f.field, message: f.message })),
      );
    }
    throw err;
  }
}
