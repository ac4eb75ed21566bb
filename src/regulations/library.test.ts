import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { legalCheck, parseRegulationDocument } from '../domain/regulation/index.ts';
import { cachedRegulationLibrary, getPreset, libraryFolders, PRESET_KEYS, presets, readRegulationLibrary, REGULATIONS_DIR, RegulationLibraryError, type Preset } from './library.ts';

const tmp = mkdtempSync(path.join(tmpdir(), 'kw-library-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A folder with these files (name → text). */
function folder(name: string, files: Record<string, string>): string {
  const dir = path.join(tmp, name);
  mkdirSync(dir);
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  return dir;
}

/** A valid model file's text, from stadsring51's, under another key. */
function modelFile(key: string, change: (doc: Record<string, unknown>) => void = () => {}): string {
  const doc = parseYaml(readFileSync(path.join(REGULATIONS_DIR, 'stadsring51.yaml'), 'utf8')) as Record<string, unknown>;
  doc.preset = key;
  (doc.model as Record<string, unknown>).document = 'Eigen klachtenregeling';
  change(doc);
  return toYaml(doc);
}

function libraryError(fn: () => unknown): RegulationLibraryError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof RegulationLibraryError, String(err));
    return err;
  }
  assert.fail('no error');
}

describe('the regulation library (regulations/*.yaml)', () => {
  it('holds the five voorbeeldregelingen in seed order, the folder of the package whatever the cwd', () => {
    assert.deepEqual(PRESET_KEYS.slice(0, 5), ['conneqt', 'hss', 'stadsring51', 'cbf-template', 'lentl']);
    assert.deepEqual(Object.keys(presets), [...PRESET_KEYS]);
    assert.equal(path.basename(REGULATIONS_DIR), 'regulations');
    assert.equal(presets.stadsring51!.file, path.join(REGULATIONS_DIR, 'stadsring51.yaml'));
    assert.equal(getPreset('toString'), undefined);
    assert.equal(getPreset('nope'), undefined);
  });

  it('is read only: the shared records cannot be changed by a caller', () => {
    assert.throws(() => {
      (presets as Record<string, unknown>).extra = 1;
    }, TypeError);
    assert.throws(() => (PRESET_KEYS as string[]).push('x'), TypeError);
    assert.equal(getPreset('extra'), undefined);
  });

  for (const key of ['conneqt', 'hss', 'stadsring51', 'cbf-template', 'lentl']) {
    it(`${key}: the file starts with the schema line, validates, and build() is the file without its model block`, () => {
      const p = getPreset(key)!;
      const text = readFileSync(p.file, 'utf8');
      assert.match(text, /^# yaml-language-server: \$schema=\.\/schema\.json\n/);
      const parsed = parseRegulationDocument(text);
      assert.ok(parsed.success, parsed.success ? '' : parsed.issues.map((i) => i.text).join('\n'));
      const { model, ...regulation } = parsed.data;
      assert.deepEqual(p.build(), regulation);
      assert.deepEqual(p.model, model);
      assert.equal(p.build().preset, key);
      assert.equal(p.title, model!.title);
      assert.equal(p.description, model!.description);
      assert.match(p.seedFile ?? '', /^\d{3}_[0-9a-f]+\.txt$/);
      assert.equal(p.seed, p.seedFile!.slice(0, 3));
      // Comments a reader needs: the article of each term.
      if (key === 'stadsring51') assert.match(text, /\n {2}# artikel 6\.8: beslissing binnen 8 weken\n {2}decision:\n/);
      if (key === 'lentl') assert.match(text, /\n {2}# Open punt "decision_term": Binnen welke termijn/);
    });
  }

  it('each model passes the legal check for the laws it claims', () => {
    for (const p of Object.values(presets)) {
      const errors = legalCheck(p.build(), p.model.laws).filter((f) => f.severity === 'error');
      assert.deepEqual(errors, [], p.key);
    }
    assert.deepEqual(presets.lentl!.model.laws, ['wmo2015', 'jeugdwet']); // 004 §2: Wmo art. 2.1.3 lid 2d, Jeugdwet art. 4.2.1
  });

  it('picks up an extra folder (KLACHTWIJS_REGULATIONS_DIR) after the package files, by file name', () => {
    assert.deepEqual(libraryFolders({}), [REGULATIONS_DIR]);
    const extra = folder('extra', { 'zz-eigen.yaml': modelFile('zz-eigen'), 'aa-eigen.yaml': modelFile('aa-eigen', (d) => delete d.preset), 'notities.txt': 'geen regeling' });
    assert.deepEqual(libraryFolders({ KLACHTWIJS_REGULATIONS_DIR: extra }), [REGULATIONS_DIR, extra]);
    const lib = readRegulationLibrary(libraryFolders({ KLACHTWIJS_REGULATIONS_DIR: extra }));
    // The five voorbeeldregelingen first, then every other model by file name (the extra folder's among them).
    const keys = lib.map((p) => p.key);
    assert.deepEqual(keys.slice(0, 5), ['conneqt', 'hss', 'stadsring51', 'cbf-template', 'lentl']);
    assert.deepEqual(keys.slice(5), [...keys.slice(5)].sort());
    assert.ok(keys.includes('aa-eigen') && keys.includes('zz-eigen'));
    assert.equal(lib.find((p) => p.key === 'aa-eigen')!.build().preset, 'aa-eigen', 'a file without preset records its own key');
  });

  it('refuses a broken library with one Dutch message naming every file and every field at fault', () => {
    const broken = folder('broken', {
      'kapot.yaml': modelFile('kapot', (d) => {
        (d.deadlines as { decision: { amount: number } }).decision.amount = 0;
        (d.metadata as Record<string, unknown>).titel = 'x';
      }),
      'zonder-model.yaml': modelFile('zonder-model', (d) => delete d.model),
      'andere-naam.yaml': modelFile('iets-anders'),
      'Hoofdletter.yaml': modelFile('hoofdletter'),
      'stadsring51.yaml': modelFile('stadsring51'),
      'geen-yaml.yaml': 'format: [',
      'naam-als-plek.yaml': modelFile('naam-als-plek', (d) => {
        (d.placeholders as unknown[]).push({ key: 'org_name', token: '[naam]', question: 'Naam?', expects: 'text', fromOrganisation: 'name', source: { article: '1' } });
        (d.model as { organisationNames: string[] }).organisationNames = ['[naam]'];
      }),
    });
    const err = libraryError(() => readRegulationLibrary([REGULATIONS_DIR, broken]));
    const byFile = Object.fromEntries(err.files.map((f) => [path.basename(f.file), f.problems.join('\n')]));
    assert.deepEqual(Object.keys(byFile).sort(), ['Hoofdletter.yaml', 'andere-naam.yaml', 'geen-yaml.yaml', 'kapot.yaml', 'naam-als-plek.yaml', 'stadsring51.yaml', 'zonder-model.yaml']);
    assert.match(byFile['kapot.yaml']!, /deadlines\.decision\.amount: moet een geheel getal van 1 of meer zijn/);
    assert.match(byFile['kapot.yaml']!, /metadata\.titel: onbekend veld/);
    assert.match(byFile['zonder-model.yaml']!, /^model: ontbreekt/);
    assert.match(byFile['andere-naam.yaml']!, /preset: is "iets-anders", maar moet gelijk zijn aan de bestandsnaam \("andere-naam"\)/);
    assert.match(byFile['Hoofdletter.yaml']!, /bestandsnaam mag alleen kleine letters/);
    assert.match(byFile['stadsring51.yaml']!, /er is al een regeling "stadsring51" \(regulations\/stadsring51\.yaml\)/);
    assert.match(byFile['geen-yaml.yaml']!, /geen geldige YAML/);
    assert.match(byFile['naam-als-plek.yaml']!, /model\.organisationNames: "\[naam\]" is al een plek om in te vullen/);
    assert.match(err.message, /^De voorbeeld- en modelregelingen kunnen niet worden gelezen: 7 bestanden kloppen niet\.\n/);
    assert.ok(err.message.includes(`${path.join(broken, 'kapot.yaml')}:\n    - metadata.titel: onbekend veld`), err.message);
  });

  it('keeps the parsed library in the cache folder: the same presets back, and any changed file is read and checked again', () => {
    const cacheDir = path.join(tmp, 'cache');
    const extra = folder('cached-extra', { 'eigen.yaml': modelFile('eigen') });
    const fresh = readRegulationLibrary([REGULATIONS_DIR, extra]);
    const first = cachedRegulationLibrary([REGULATIONS_DIR, extra], cacheDir);
    const kept = readdirSync(cacheDir).filter((n) => n.startsWith('regulations-'));
    assert.equal(kept.length, 1, 'the first read leaves one cache file');
    // From the cache file now (the files are not parsed): the same data, and build() fills as before.
    const second = cachedRegulationLibrary([REGULATIONS_DIR, extra], cacheDir);
    const data = (ps: readonly Preset[]) => ps.map(({ build, ...rest }) => ({ ...rest, built: build() }));
    assert.deepEqual(data(second), data(fresh));
    assert.deepEqual(data(first), data(fresh));
    assert.deepEqual(second.find((p) => p.key === 'cbf-template')!.build({ org_name: 'Stichting Test' }), fresh.find((p) => p.key === 'cbf-template')!.build({ org_name: 'Stichting Test' }));
    // A cache file that holds something else under that key would be believed: so the key must change with every file.
    writeFileSync(path.join(extra, 'eigen.yaml'), modelFile('eigen', (d) => ((d.model as Record<string, unknown>).title = 'Een andere titel')));
    assert.equal(cachedRegulationLibrary([REGULATIONS_DIR, extra], cacheDir).find((p) => p.key === 'eigen')!.model.title, 'Een andere titel');
    // A broken file is never served from a cache: it stops the start as without one.
    writeFileSync(path.join(extra, 'eigen.yaml'), 'format: [');
    libraryError(() => cachedRegulationLibrary([REGULATIONS_DIR, extra], cacheDir));
    // A cache file that cannot be read only costs speed.
    for (const n of readdirSync(cacheDir)) writeFileSync(path.join(cacheDir, n), 'not a v8 value');
    rmSync(path.join(extra, 'eigen.yaml'));
    assert.deepEqual(data(cachedRegulationLibrary([REGULATIONS_DIR, extra], cacheDir)), data(readRegulationLibrary([REGULATIONS_DIR])));
  });

  it('keys the cache on every source file of the reading code (CODE_DIRS covers what library.ts imports from src/)', async () => {
    const { build } = await import('esbuild');
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const result = await build({ absWorkingDir: root, entryPoints: ['src/regulations/library.ts'], bundle: true, platform: 'node', format: 'esm', packages: 'external', write: false, metafile: true, logLevel: 'silent' });
    // src/shared is in CODE_DIRS since the workflow and render code import src/shared/text.ts (session 14).
    const covered = ['src/domain/regulation/', 'src/domain/deadlines/', 'src/domain/workflow/', 'src/regulations/', 'src/shared/'];
    const inputs = Object.keys(result.metafile.inputs);
    assert.ok(inputs.includes('src/domain/regulation/parse.ts'), inputs.join(', '));
    assert.deepEqual(inputs.filter((f) => !covered.some((c) => f.startsWith(c))), [], 'a new import outside CODE_DIRS: add its folder to CODE_DIRS in library.ts');
  });
});

