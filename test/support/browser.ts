/**
 * Browser tests: playwright-core driving Debian's Chromium, and axe-core for accessibility.
 *
 * `launchBrowser()` connects to the one Chromium that `npm test` started for the whole run (its websocket address in
 * KLACHTWIJS_TEST_BROWSER; `browser.close()` then closes this file's contexts and disconnects, the shared browser lives
 * on), or, when a test file runs on its own, starts headless Chromium (`chromiumPath()`: the headless shell or chromium) with
 * a fresh temporary profile that playwright creates and removes on close.
 * `launchBrowserServer()` is what scripts/test.ts starts once.
 * `expectNoAxeViolations(page)` runs axe-core (WCAG 2.0/2.1 A and AA) in the page and throws an
 * AssertionError listing every violation. It injects axe through the DevTools protocol (an init script of the context
 * that defines a loader in its documents, added when `launchBrowser()`'s browser makes the context; page.evaluate for a
 * context made otherwise), which a Content-Security-Policy such as `script-src 'self'` does not block.
 * `loggedInPage(browser, baseUrl, who)` opens a new context and page logged in as `who`, on /start: the first time per
 * (server, user) in this process through the real log-in form, later from that context's saved cookies.
 */
import { AssertionError } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, BrowserContextOptions, BrowserServer, Frame, Page } from 'playwright-core';

/**
 * The Chromium binaries the tests look for, in this order (CHROMIUM_PATH overrides both): Debian's
 * `chromium-headless-shell` (Chromium's own headless build: the same Blink and V8 without the full browser around it;
 * it costs half the CPU per page of the full `chromium` in headless mode, issue 13), then the full `chromium`.
 */
export const CHROMIUM_CANDIDATES = [
  // The binary itself: /usr/bin/chromium-headless-shell is a shell script that runs it as a child (no exec), which
  // playwright's close would stop without stopping the browser.
  '/usr/lib/chromium/chromium-headless-shell',
  '/usr/bin/chromium',
] as const;

/** Flags that work on these machines (STACK.md). playwright adds --headless and the profile dir. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const INSTALL_HINT =
  "Browser tests need Debian's Chromium: apt-get install -y chromium-headless-shell (or chromium; or set CHROMIUM_PATH to a Chromium binary).";

/** The Chromium binary the browser tests run. */
export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`Chromium not found at ${fromEnv} (from CHROMIUM_PATH). ${INSTALL_HINT}`);
  }
  const found = CHROMIUM_CANDIDATES.find((candidate) => existsSync(candidate));
  if (found === undefined) throw new Error(`Chromium not found at ${CHROMIUM_CANDIDATES.join(' or ')}. ${INSTALL_HINT}`);
  return found;
}

/** The env variable with the websocket address of the run's shared Chromium (set by scripts/test.ts). */
export const BROWSER_ENV = 'KLACHTWIJS_TEST_BROWSER';

/** Headless Chromium (the run's shared one, or a fresh one with a temporary user-data-dir). Close it with `browser.close()`. */
export async function launchBrowser(): Promise<Browser> {
  const shared = process.env[BROWSER_ENV];
  const browser =
    shared !== undefined && shared !== ''
      ? await chromium.connect(shared, { timeout: 30_000 })
      : await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
  withAxeLoader(browser);
  return browser;
}

/**
 * Every context `browser` makes (`newContext`, and `newPage`, which makes its context through it) gets axe's loader as an
 * init script from the start: its first check then finds the loader in the page and sends nothing (see `axeViolations`).
 */
function withAxeLoader(browser: Browser): void {
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options?: BrowserContextOptions): Promise<BrowserContext> => {
    const context = await newContext(options);
    contextsWithLoader.add(context);
    await context.addInitScript({ content: axeLoaderScript() });
    return context;
  };
}

/** One headless Chromium for every test process of a run (scripts/test.ts); test files connect with `launchBrowser()`. */
export async function launchBrowserServer(): Promise<BrowserServer> {
  return chromium.launchServer({
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 30_000,
  });
}

/** The WCAG levels we hold every page to. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] as const;

let axeSource: string | undefined;
function loadAxeSource(): string {
  if (axeSource === undefined) {
    const require = createRequire(import.meta.url);
    axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  }
  return axeSource;
}

/** The part of axe's result we report. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[] }[];
}

/** The global function the context's init script defines: it runs axe's source when called (see `axeViolations`). */
const AXE_LOADER = '__klachtwijsLoadAxe';
let axeLoaderSource: string | undefined;
function axeLoaderScript(): string {
  // A function, not axe itself: a page that is never checked only compiles it (V8 caches that across documents).
  axeLoaderSource ??= `globalThis.${AXE_LOADER} = function () {\n${loadAxeSource()}\n};`;
  return axeLoaderSource;
}
/** Contexts whose documents already get the loader. */
const contextsWithLoader = new WeakSet<BrowserContext>();

/** Runs axe in the page with our options when axe is there or its loader is; `null` when neither is. */
async function runAxeInPage(target: Page | Frame): Promise<AxeViolation[] | null> {
  return target.evaluate(
    async ({ tags, loader }: { tags: string[]; loader: string }) => {
      interface AxeRunner {
        run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }>;
      }
      const g = globalThis as unknown as { axe?: AxeRunner; document: unknown } & Record<string, unknown>;
      const load = g[loader];
      if (typeof g.axe !== 'object' && typeof load === 'function') (load as () => void).call(g);
      if (typeof g.axe !== 'object') return null;
      const results = await g.axe.run(g.document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      });
      return results.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target })),
      }));
    },
    { tags: [...AXE_TAGS], loader: AXE_LOADER },
  );
}

/**
 * Run axe-core in the page (or frame) and return its violations for the WCAG 2.1 A/AA rules.
 *
 * Sending axe's 650 kB source through the protocol is what cost most (issue 13: ~0.7-1 s per check on this machine, more
 * than axe's own run; ~0.25 s of CPU per send in the test process, the runner's browser server and Chromium together, session
 * 13). A context of `launchBrowser()` gets an init script that defines a loader in every document from its creation on
 * (`withAxeLoader`): every check calls it, nothing sent. Another context's first check sends it twice, once into the page
 * and once as that init script for its later documents. What axe checks is the same either way: the same axe, in the
 * page's main world, with the same options.
 */
export async function axeViolations(page: Page | Frame): Promise<AxeViolation[]> {
  const found = await runAxeInPage(page);
  if (found !== null) return found;
  const context = ('context' in page ? page : page.page()).context();
  if (!contextsWithLoader.has(context)) {
    contextsWithLoader.add(context);
    await context.addInitScript({ content: axeLoaderScript() });
  }
  // A string is evaluated as a script through CDP (Runtime.evaluate): not subject to the page's CSP.
  await page.evaluate(loadAxeSource());
  const violations = await runAxeInPage(page);
  if (violations === null) throw new Error('axe-core did not load in the page');
  return violations;
}

/** A readable list: one line per violation with its first targets. */
export function formatAxeViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => {
      const targets = v.nodes.slice(0, 3).map((n) => n.target.map(String).join(' >> '));
      const more = v.nodes.length > 3 ? ` (+${v.nodes.length - 3} more)` : '';
      return `- ${v.id} [${v.impact ?? 'unknown'}] ${v.help}: ${targets.join(', ')}${more}\n  ${v.helpUrl}`;
    })
    .join('\n');
}

/** Throw an AssertionError when axe finds any WCAG 2.1 A/AA violation on the page. */
export async function expectNoAxeViolations(page: Page | Frame, label?: string): Promise<void> {
  const violations = await axeViolations(page);
  if (violations.length === 0) return;
  const where = label ?? page.url();
  throw new AssertionError({
    message: `axe: ${violations.length} accessibility violation(s) on ${where}:\n${formatAxeViolations(violations)}`,
    actual: violations.map((v) => v.id),
    expected: [],
    operator: 'expectNoAxeViolations',
  });
}

/** Throw an AssertionError when the page is wider than its window (it would scroll sideways, WCAG 1.4.10 at 375 px). */
export async function expectNoSidewaysScroll(page: Page, label: string): Promise<void> {
  const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
  if (overflow > 0) throw new AssertionError({ message: `${label}: no sideways scrolling (${overflow} px too wide)`, actual: overflow, expected: 0, operator: '<=' });
}

/**
 * The checks every page of a browser walk gets: axe (WCAG 2.1 A/AA) and no sideways scrolling; with KW_SCREENSHOTS set
 * to a folder, a full-page screenshot there first (named after the label), to look at the page.
 */
export async function expectAccessibleFit(page: Page, label: string): Promise<void> {
  const folder = process.env['KW_SCREENSHOTS'];
  if (folder) await page.screenshot({ path: join(folder, `${label.replace(/[^\w-]+/g, '_')}.png`), fullPage: true });
  await expectNoAxeViolations(page, label);
  await expectNoSidewaysScroll(page, label);
}

/** Who logs in through the form. */
export interface LogIn {
  email: string;
  password: string;
}

/** Log `page` in through the real form at `baseUrl`/inloggen and wait for /start. */
export async function logInThroughForm(page: Page, baseUrl: string, who: LogIn): Promise<void> {
  await page.goto(baseUrl + '/inloggen');
  await page.getByLabel('E-mailadres').fill(who.email);
  await page.getByLabel('Wachtwoord').fill(who.password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL('**/start');
}

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;
/** The cookies of a context that logged in through the form, per server and user (`${baseUrl} ${email}`). */
const savedLogIns = new Map<string, StorageState>();

/**
 * A new context (with `options`) and page of `browser`, logged in as `who` on the server at `baseUrl`, at /start.
 *
 * A log-in through the form in every new context cost 1.3-4.5 s a time on the shared machine (issue 13): the first call per
 * (server, user) in this process logs in through the real form and keeps the context's cookies (the session and the known
 * device); a later call starts its context with those cookies and opens /start. When the server no longer takes that session
 * (logged out, ended), it lands on /inloggen and logs in through the form again. Tests of the log-in itself (and of what a
 * log-in records) keep the form in a context of their own.
 */
export async function loggedInPage(browser: Browser, baseUrl: string, who: LogIn, options: BrowserContextOptions = {}): Promise<Page> {
  const key = `${baseUrl} ${who.email}`;
  const saved = savedLogIns.get(key);
  const context = await browser.newContext(saved === undefined ? options : { ...options, storageState: saved });
  const page = await context.newPage();
  // As `browser.newPage()`: closing the page closes its context (a context already gone with the browser is no error).
  page.once('close', () => void context.close().catch(() => undefined));
  if (saved !== undefined) {
    await page.goto(baseUrl + '/start');
    if (new URL(page.url()).pathname === '/start') return page;
    savedLogIns.delete(key);
  }
  await logInThroughForm(page, baseUrl, who);
  savedLogIns.set(key, await context.storageState());
  return page;
}
