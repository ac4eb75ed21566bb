/**
 * The regulation library: the voorbeeld- en modelregelingen as YAML files in `regulations/` at the root of
 * the package (ADR 0025), plus the organisation's own model files in `KLACHTWIJS_REGULATIONS_DIR` when set.
 * Every file is read and validated once (parseRegulationDocument, a `model:` block, `preset` equal to the
 * file name); a broken file stops everything with a Dutch message naming the file and every field at fault.
 * The server checks the library at start (`loadRegulationLibrary` in src/server.ts).
 *
 * This is I/O, so it lives outside src/domain; the domain keeps `adoptPreset` and `RegulationFillError`.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import {
  applyFills,
  parseRegulationDocument,
  RegulationFillError,
  type ModelInfo,
  type Regulation,
} from '../domain/regulation/index.ts';
import { PACKAGE_CACHE_DIR } from '../shared/package-cache.ts';

export { adoptPreset, RegulationFillError } from '../domain/regulation/index.ts';

/** The package's own folder of model files, whatever the working directory. */
export const REGULATIONS_DIR = fileURLToPath(new URL('../../regulations/', import.meta.url));

/** A voorbeeld- or modelregeling from the library. */
export interface Preset {
  /** Stable key, the file name without `.yaml` (e.g. `stadsring51`); a regulation built from it records it as `preset`. */
  key: string;
  /** Dutch title (`model.title`). */
  title: string;
  /** One or two Dutch sentences: what kind of organisation it fits (`model.description`). */
  description: string;
  /** The seed document it follows (file name in shared/seeds), for the five voorbeeldregelingen. */
  seedFile?: string;
  /** Seed number, e.g. `002`, for the five voorbeeldregelingen. */
  seed?: string;
  /**
   * How the source document names its own organisation (longest first, e.g. `Stichting ConnEQt`, `ConnEQt`).
   * An organisation that adopts the model gets its own name there (`adoptPreset`).
   */
  organisationNames: readonly string[];
  /** The model information as the file states it. */
  model: ModelInfo;
  /** Absolute path of the file. */
  file: string;
  /** The file's text as written (comments included). */
  text: string;
  /**
   * The regulation as data (without the `model:` block), a fresh copy each time, with the given open points /
   * placeholders filled. Throws `RegulationFillError` when a fill is unknown or invalid.
   */
  build(fills?: Readonly<Record<string, string>>): Regulation;
}

/** One file that cannot be used, with every problem in Dutch (`path: message`). */
export interface LibraryProblem {
  file: string;
  problems: string[];
}

export class RegulationLibraryError extends Error {
  readonly files: LibraryProblem[];
  constructor(files: LibraryProblem[]) {
    const lines = files.flatMap((f) => [`  ${f.file}:`, ...f.problems.map((p) => `    - ${p}`)]);
    super(
      `De voorbeeld- en modelregelingen kunnen niet worden gelezen: ${files.length === 1 ? 'één bestand klopt' : `${files.length} bestanden kloppen`} niet.\n${lines.join('\n')}\nHerstel ${files.length === 1 ? 'het bestand' : 'de bestanden'} en start opnieuw. Controleer een bestand met: klachtwijs regulations check <bestand>`,
    );
    this.name = 'RegulationLibraryError';
    this.files = files;
  }
}

const KEY_PATTERN = /^[a-z][a-z0-9-]*$/;
const SEED_DOCUMENT = /^(\d{3})_[^/]*\.txt$/;

/** The seed number (`001`…) of a model made from one of the five seed regulations, from its document's file name. */
const seedNumber = (model: ModelInfo): string | undefined => SEED_DOCUMENT.exec(model.document ?? '')?.[1];

function preset(key: string, file: string, text: string, model: ModelInfo, base: Regulation): Preset {
  const seed = seedNumber(model);
  return {
    key,
    title: model.title,
    description: model.description,
    ...(seed ? { seed, seedFile: model.document } : {}),
    organisationNames: model.organisationNames,
    model,
    file,
    text,
    build(fills = {}) {
      const reg = structuredClone(base);
      if (Object.keys(fills).length === 0) return reg;
      const result = applyFills(reg, fills);
      if (!result.ok) throw new RegulationFillError(result.errors);
      return result.regulation;
    },
  };
}

/** `regulations/x.yaml` for a file in the package, else the path as given. */
function shownPath(file: string): string {
  const rel = path.relative(path.dirname(REGULATIONS_DIR), file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}

/** What a preset is made of: what the cache keeps (src/regulations/library.ts, cachedRegulationLibrary). */
interface PresetData {
  key: string;
  file: string;
  text: string;
  model: ModelInfo;
  base: Regulation;
}

const toPreset = (d: PresetData): Preset => preset(d.key, d.file, d.text, d.model, d.base);

/**
 * Read and validate every `*.yaml` file in the given folders (uncached). The five voorbeeldregelingen come
 * first in seed order, then the others by file name. Throws RegulationLibraryError listing every problem.
 */
export function readRegulationLibrary(dirs: readonly string[]): Preset[] {
  return readLibraryData(dirs).map(toPreset);
}

function readLibraryData(dirs: readonly string[]): PresetData[] {
  const found: PresetData[] = [];
  const broken: LibraryProblem[] = [];
  const seen = new Map<string, string>();
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort();
    } catch (err) {
      broken.push({ file: dir, problems: [`de map kan niet worden gelezen (${err instanceof Error ? err.message : String(err)})`] });
      continue;
    }
    for (const name of names) {
      const file = path.join(dir, name);
      const shown = shownPath(file);
      const key = name.slice(0, -'.yaml'.length);
      const problems: string[] = [];
      if (!KEY_PATTERN.test(key)) problems.push('de bestandsnaam mag alleen kleine letters, cijfers en - bevatten en moet met een letter beginnen');
      if (seen.has(key)) problems.push(`er is al een regeling "${key}" (${seen.get(key)}); kies een andere bestandsnaam`);
      let text = '';
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        problems.push(`het bestand kan niet worden gelezen (${err instanceof Error ? err.message : String(err)})`);
      }
      const parsed = problems.length === 0 ? parseRegulationDocument(text) : null;
      if (parsed && !parsed.success) problems.push(...parsed.issues.map((i) => (i.path ? i.text : `(bestand): ${i.text}`)));
      if (parsed?.success) {
        const { model, ...regulation } = parsed.data;
        if (!model) problems.push('model: ontbreekt; een voorbeeld- of modelregeling beschrijft zich in model: (title, description, sector, laws, organisationNames)');
        // A placeholder filled from the organisation's name is not also a name to replace: replacing its token first
        // would leave the placeholder unfillable (issue 12, found with the two modelregelingen).
        for (const name of model?.organisationNames ?? []) {
          if (regulation.placeholders.some((p) => p.token === name)) {
            problems.push(`model.organisationNames: "${name}" is al een plek om in te vullen (placeholders); laat de naam hier weg`);
          }
        }
        if (regulation.preset !== undefined && regulation.preset !== key) {
          problems.push(`preset: is "${regulation.preset}", maar moet gelijk zijn aan de bestandsnaam ("${key}")`);
        }
        if (model && problems.length === 0) {
          // The regulation records the model it came from.
          found.push({ key, file, text, model, base: { ...regulation, preset: key } as Regulation });
        }
      }
      if (problems.length > 0) broken.push({ file: shown, problems });
      seen.set(key, shown);
    }
  }
  if (broken.length > 0) throw new RegulationLibraryError(broken);
  const seedOf = (p: PresetData) => seedNumber(p.model) ?? '\uffff';
  return found.sort((a, b) => seedOf(a).localeCompare(seedOf(b)) || a.key.localeCompare(b.key));
}

/** The folders read: the package's `regulations/`, then `KLACHTWIJS_REGULATIONS_DIR` when set. */
export function libraryFolders(env: NodeJS.ProcessEnv = process.env): string[] {
  const extra = env.KLACHTWIJS_REGULATIONS_DIR?.trim();
  return extra ? [REGULATIONS_DIR, path.resolve(extra)] : [REGULATIONS_DIR];
}

/** The code that reads and checks a file (every import of this module within src/, library.test.ts holds that) and its packages. */
const CODE_DIRS = ['../domain/regulation/', '../domain/deadlines/', '../domain/workflow/', '../shared/', './'].map((d) => fileURLToPath(new URL(d, import.meta.url)));
const CODE_PACKAGES = ['yaml', 'zod'];

/**
 * The cache's key: Node's version, the reading code (every file in CODE_DIRS, the versions of CODE_PACKAGES) and every
 * `*.yaml` file of the folders (path, name and content). Null when something cannot be read: then the files are read
 * without the cache, which reports what is wrong.
 */
function libraryKey(dirs: readonly string[]): string | null {
  try {
    const hash = createHash('sha256').update(process.version);
    const require = createRequire(import.meta.url);
    for (const name of CODE_PACKAGES) hash.update('\0').update(readFileSync(require.resolve(`${name}/package.json`)));
    const files = (dir: string, ext: string) => readdirSync(dir).filter((n) => n.endsWith(ext)).sort().map((n) => path.join(dir, n));
    for (const file of [...CODE_DIRS.flatMap((d) => files(d, '.ts')), ...dirs.flatMap((d) => [d, ...files(d, '.yaml')])]) {
      hash.update('\0').update(file).update('\0');
      if (file.endsWith('.ts') || file.endsWith('.yaml')) hash.update(readFileSync(file));
    }
    return hash.digest('hex').slice(0, 16);
  } catch {
    return null;
  }
}

/** How many library caches of other keys the cache folder keeps (other checkouts may share it; each is ~0.2 MB). */
const KEEP_OTHER_CACHES = 4;

/**
 * The library of `dirs`, read and checked as readRegulationLibrary does, but kept parsed in `cacheDir` (issue 13: parsing
 * and checking the YAML took ~250 ms of CPU at every start): a start whose files and code are unchanged reads the kept
 * result; any change in a file, the code or a package gives another key, so the files are read and checked again. A file
 * that cannot be written or read only costs speed.
 */
export function cachedRegulationLibrary(dirs: readonly string[], cacheDir: string): Preset[] {
  const key = libraryKey(dirs);
  const file = key === null ? null : path.join(cacheDir, `regulations-${key}.v8`);
  if (file) {
    try {
      return (deserialize(readFileSync(file)) as PresetData[]).map(toPreset);
    } catch {
      /* not made yet (or unreadable): read the files */
    }
  }
  const data = readLibraryData(dirs);
  if (file) {
    try {
      mkdirSync(cacheDir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, serialize(data));
      renameSync(tmp, file);
      const others = readdirSync(cacheDir)
        .filter((n) => /^regulations-[0-9a-f]{16}\.v8$/.test(n) && path.join(cacheDir, n) !== file)
        .map((n) => ({ n, mtime: statSync(path.join(cacheDir, n), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
        .sort((a, b) => b.mtime - a.mtime);
      for (const { n } of others.slice(KEEP_OTHER_CACHES)) rmSync(path.join(cacheDir, n), { force: true });
    } catch {
      /* not writable: the next start reads the files again */
    }
  }
  return data.map(toPreset);
}

let cache: readonly Preset[] | null = null;

/** The library, read and validated on first use (or from the package cache) and cached. Throws RegulationLibraryError on a broken file. */
export function loadRegulationLibrary(): readonly Preset[] {
  cache ??= Object.freeze(cachedRegulationLibrary(libraryFolders(), PACKAGE_CACHE_DIR));
  return cache;
}

/**
 * `target` filled from the library on first touch: `presets` and `PRESET_KEYS` keep the shape the rest of the
 * code used when the presets were TypeScript (a record, an array), yet nothing is read before they are used.
 */
function filledOnFirstUse<T extends object>(target: T, fill: (target: T, library: readonly Preset[]) => void): T {
  let filled = false;
  const ensure = () => {
    if (filled) return;
    fill(target, loadRegulationLibrary());
    Object.freeze(target);
    filled = true;
  };
  return new Proxy(target, {
    get: (t, p, r) => (ensure(), Reflect.get(t, p, r)),
    has: (t, p) => (ensure(), Reflect.has(t, p)),
    ownKeys: (t) => (ensure(), Reflect.ownKeys(t)),
    getOwnPropertyDescriptor: (t, p) => (ensure(), Reflect.getOwnPropertyDescriptor(t, p)),
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
}

/** Every voorbeeld- and modelregeling by key, in library order. */
export const presets: Readonly<Record<string, Preset>> = filledOnFirstUse({} as Record<string, Preset>, (t, lib) => {
  for (const p of lib) t[p.key] = p;
});

/** Keys in library order: the five voorbeeldregelingen in seed order, then the others by file name. */
export const PRESET_KEYS: readonly string[] = filledOnFirstUse([] as string[], (t, lib) => {
  t.push(...lib.map((p) => p.key));
});

/** The voorbeeld- or modelregeling with this key, or undefined. */
export function getPreset(key: string): Preset | undefined {
  return loadRegulationLibrary().find((p) => p.key === key);
}
