import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { loadConfig } from '../config.ts';
import { activationProblems, applyFills, parseRegulationDocument } from '../domain/regulation/index.ts';
import { presets, REGULATIONS_DIR } from '../regulations/library.ts';
import { fileHeader, presetHeader, regulationToYaml } from '../regulations/yaml.ts';
import type { CliContext } from './context.ts';
import { runProgram } from './program.ts';

/**
 * `klachtwijs regulations list / show --yaml / new --from / schema`, in process (no database, no process
 * start): the voorbeeld- en modelregelingen as files a user copies and edits (issue 12, ADR 0025).
 */
async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const c = { out: '', err: '' };
  const ctx: CliContext = {
    io: { stdout: (s) => void (c.out += s), stderr: (s) => void (c.err += s) },
    cwd: process.cwd(),
    config: () => loadConfig({}),
    withDatabase: () => Promise.reject(new Error('no database in this test')),
    server: null,
    exitCode: 0,
  };
  const code = await runProgram(argv, ctx);
  return { code, ...c };
}

const LENTL_FILLS = {
  channels: 'web_form,email,phone,in_person',
  complaint_mailbox: 'klachten@werkmaatschappij.nl',
  acknowledgement_term: '5 werkdagen',
  inadmissibility_term: '4 weken',
  decision_term: '6 weken',
  okc_contact: 'Klachtencommissie Voorbeeld, Postbus 2, 3500 AA Utrecht',
  client_file_retention: '20 jaar',
  adopted_by: 'de directie van de werkmaatschappij',
  adopted_date: '2024-06-01',
};
const fillArgs = (fills: Record<string, string>) => Object.entries(fills).flatMap(([k, v]) => ['--fill', `${k}=${v}`]);

describe('klachtwijs regulations: the models as files', () => {
  it('list: per model its title, sector, terms and laws', async () => {
    const r = await run('regulations', 'list');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^Voorbeeld- en modelregelingen \(\d+\):\n/);
    assert.match(
      r.out,
      /\n {2}stadsring51 +Klachtenregeling voor cliënten Stadsring51\n +sector: welzijn\n +termijnen: ontvangstbevestiging binnen 1 week, beslissing binnen 8 weken\n +wetten: geen opgegeven\n +naar 002_7574131e7849fb6c\.txt · geen open punten\n/,
    );
    assert.match(r.out, /\n {2}hss +.*\n.*\n +termijnen: ontvangstbevestiging binnen 7 werkdagen, beslissing binnen 6 weken\n/);
    assert.match(
      r.out,
      /\n {2}lentl +Klachtenbeleid Lentl \(per werkmaatschappij\)\n +sector: jeugdhulp en Wmo-ondersteuning\n +termijnen: ontvangstbevestiging vult u zelf in, beslissing vult u zelf in\n +wetten: Wmo 2015, Jeugdwet\n +naar 004_bd15a81773cf4a2d\.txt · 9 open punten\n/,
    );
    assert.match(r.out, /regulations new --from <naam> > mijn-regeling\.yaml/);
  });

  it('the five files are in the layout regulationToYaml writes (the same layout show --yaml and new print), under their own notes', () => {
    for (const key of ['conneqt', 'hss', 'stadsring51', 'cbf-template', 'lentl']) {
      const p = presets[key]!;
      const header = fileHeader(p.text);
      assert.deepEqual(header.slice(0, 2), presetHeader(p), key);
      assert.match(header.join('\n'), /\n\n(Keuzes waar de regeling zwijgt|De plekken in het sjabloon|Het klachtenbeleid van een holding)/, key);
      const { format, ...rest } = p.build();
      assert.equal(regulationToYaml({ format, model: p.model, ...rest }, { header }), p.text, key);
    }
  });

  it('show --yaml: a model prints its file; filled in, it prints in the same layout and parses back', async () => {
    const plain = await run('regulations', 'show', 'stadsring51', '--yaml');
    assert.equal(plain.code, 0, plain.err);
    assert.equal(plain.out, readFileSync(path.join(REGULATIONS_DIR, 'stadsring51.yaml'), 'utf8'));

    const filled = await run('regulations', 'show', 'lentl', '--yaml', ...fillArgs(LENTL_FILLS));
    assert.equal(filled.code, 0, filled.err);
    assert.ok(filled.out.startsWith(presets.lentl!.text.slice(0, presets.lentl!.text.indexOf('\nformat:'))), 'the same header and notes as the file');
    assert.match(filled.out, /\n {2}# artikel|\n {2}# §|\n {2}# kop/);
    assert.match(filled.out, /\n {2}decision:\n {4}amount: 6\n {4}unit: weeks\n/);
    assert.doesNotMatch(filled.out, /# Open punt/);
    const parsed = parseRegulationDocument(filled.out);
    assert.ok(parsed.success, parsed.success ? '' : parsed.issues.map((i) => i.text).join('\n'));
    assert.deepEqual(activationProblems(parsed.data), []);

    const both = await run('regulations', 'show', 'hss', '--yaml', '--json');
    assert.equal(both.code, 1);
    assert.match(both.err, /Kies --json of --yaml/);
  });

  it('new --from: the model as a starting file (no model block, preset kept, open points with their question), which activates once filled', async () => {
    const r = await run('regulations', 'new', '--from', 'lentl');
    assert.equal(r.code, 0, r.err);
    const lines = r.out.split('\n');
    assert.equal(lines[0], '# yaml-language-server: $schema=./schema.json');
    assert.match(r.out, /# Het schema .*: klachtwijs regulations schema > schema\.json\n/);
    assert.match(r.out, /# Open punten \(9\): vul ze hier in/);
    assert.match(r.out, /\n {2}# Open punt "decision_term": Binnen welke termijn wordt een klacht afgehandeld/);
    const raw = parseYaml(r.out) as Record<string, unknown>;
    assert.equal(raw.model, undefined);
    assert.equal(raw.preset, 'lentl');
    const parsed = parseRegulationDocument(r.out);
    assert.ok(parsed.success, parsed.success ? '' : parsed.issues.map((i) => i.text).join('\n'));
    assert.deepEqual(parsed.data, presets.lentl!.build());
    assert.equal(activationProblems(parsed.data).length, 9);
    const filled = applyFills(parsed.data, LENTL_FILLS);
    assert.ok(filled.ok);
    if (filled.ok) assert.deepEqual(activationProblems(filled.regulation), []);
  });

  it('new --from … --name: the name of the organisation where the model names its own', async () => {
    const r = await run('regulations', 'new', '--from', 'stadsring51', '--name', 'Stichting Voorbeeldzorg');
    assert.equal(r.code, 0, r.err);
    const parsed = parseRegulationDocument(r.out);
    assert.ok(parsed.success);
    if (!parsed.success) return;
    assert.equal(parsed.data.metadata.title, 'Klachtenregeling voor cliënten Stichting Voorbeeldzorg');
    const { metadata, ...rest } = parsed.data;
    const withoutSources = JSON.stringify({ ...rest, metadata: { ...metadata, source: null } }, (k, v: unknown) => (k === 'source' ? undefined : v));
    assert.doesNotMatch(withoutSources, /Stadsring\s?51/);
  });

  it('new --from refuses what is neither a model nor a file', async () => {
    const r = await run('regulations', 'new', '--from', 'bestaat-niet');
    assert.equal(r.code, 1);
    assert.match(r.err, /"bestaat-niet" is geen/);
  });

  it('schema prints regulations/schema.json', async () => {
    const r = await run('regulations', 'schema');
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, readFileSync(path.join(REGULATIONS_DIR, 'schema.json'), 'utf8'));
    assert.equal((JSON.parse(r.out) as { $schema: string }).$schema, 'https://json-schema.org/draft/2020-12/schema');
  });
});
