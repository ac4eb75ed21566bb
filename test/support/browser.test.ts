import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { axeViolations, chromiumPath, expectNoAxeViolations, launchBrowser } from './browser.ts';

const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'";

const GOOD = `<!DOCTYPE html>
<html lang="nl">
<head><meta charset="utf-8"><title>Klacht indienen</title></head>
<body>
<main>
  <h1>Klacht indienen</h1>
  <form method="post" action="/good">
    <label for="naam">Naam</label>
    <input id="naam" name="naam" type="text" autocomplete="name">
    <label for="omschrijving">Omschrijving</label>
    <textarea id="omschrijving" name="omschrijving"></textarea>
    <button type="submit">Versturen</button>
  </form>
</main>
</body>
</html>`;

// No lang, no title, an image without alt, an unlabelled field, unreadable contrast.
// (The colours come from a stylesheet: the CSP blocks inline style attributes.)
const BAD = `<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><link rel="stylesheet" href="/bad.css"></head>
<body>
  <img src="/logo.png">
  <input type="text" name="naam">
  <p class="faint">Lichtgrijs op wit</p>
</body>
</html>`;

describe('browser + axe', () => {
  let server: Server;
  let base: string;
  let browser: Browser;

  before(async () => {
    server = createServer((req, res) => {
      if (req.url === '/bad.css') {
        res.writeHead(200, { 'content-type': 'text/css' }).end('.faint { color: #eeeeee; background: #ffffff; }');
        return;
      }
      const body = req.url === '/bad' ? BAD : req.url === '/good' ? GOOD : undefined;
      if (body === undefined) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': STRICT_CSP });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  test('axe passes on an accessible page served with a strict CSP', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${base}/good`);
      await expectNoAxeViolations(page, 'good page');
      // The CSP is really enforced: an inline script tag is refused ...
      await assert.rejects(page.addScriptTag({ content: 'window.inlineRan = true' }));
      assert.equal(await page.evaluate(() => (globalThis as { inlineRan?: boolean }).inlineRan ?? false), false);
      // ... while axe, injected through the DevTools protocol, did load.
      assert.equal(await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe), 'object');
    } finally {
      await page.close();
    }
  });

  test('axe fails on an inaccessible page and names each violation', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${base}/bad`);
      await assert.rejects(expectNoAxeViolations(page, 'bad page'), (error: unknown) => {
        assert.ok(error instanceof assert.AssertionError);
        for (const id of ['html-has-lang', 'document-title', 'image-alt', 'label', 'color-contrast']) {
          assert.match(error.message, new RegExp(`- ${id} \\[`), `expected ${id} in:\n${error.message}`);
        }
        assert.match(error.message, /on bad page:/);
        assert.match(error.message, /image-alt \[critical\] .*: img/);
        return true;
      });
    } finally {
      await page.close();
    }
  });

  test("a context of launchBrowser() has axe's loader from its first document: its first check sends nothing and finds every violation", async () => {
    const inDocument = () => [typeof (globalThis as { axe?: unknown }).axe, typeof (globalThis as { __klachtwijsLoadAxe?: unknown }).__klachtwijsLoadAxe];
    const page = await browser.newPage(); // its context is made through newContext
    const context = await browser.newContext();
    try {
      await page.goto(`${base}/bad`);
      assert.deepEqual(await page.evaluate(inDocument), ['undefined', 'function']);
      const violations = await axeViolations(page);
      assert.deepEqual(
        ['html-has-lang', 'document-title', 'image-alt', 'label', 'color-contrast'].filter((id) => !violations.some((v) => v.id === id)),
        [],
        'every violation is found through the loader',
      );
      const second = await context.newPage();
      await second.goto(`${base}/good`);
      assert.deepEqual(await second.evaluate(inDocument), ['undefined', 'function']);
      await expectNoAxeViolations(second, 'good page in a context of its own');
    } finally {
      await page.close();
      await context.close();
    }
  });

  test('later documents of a context load axe from the init script, and it still finds every violation', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${base}/good`);
      await expectNoAxeViolations(page, 'good page');
      await page.goto(`${base}/bad`);
      // A new document: axe is not there, its loader is (nothing is sent again).
      assert.deepEqual(
        await page.evaluate(() => [typeof (globalThis as { axe?: unknown }).axe, typeof (globalThis as { __klachtwijsLoadAxe?: unknown }).__klachtwijsLoadAxe]),
        ['undefined', 'function'],
      );
      const violations = await axeViolations(page);
      assert.deepEqual(
        ['html-has-lang', 'document-title', 'image-alt', 'label', 'color-contrast'].filter((id) => !violations.some((v) => v.id === id)),
        [],
        'every violation is found through the loader',
      );
      const other = await context.newPage();
      await other.goto(`${base}/good`);
      await expectNoAxeViolations(other, 'good page in a second page of the context');
    } finally {
      await context.close();
    }
  });
});

test('a missing Chromium is an error that says how to install it', () => {
  const saved = process.env.CHROMIUM_PATH;
  process.env.CHROMIUM_PATH = '/nonexistent/chromium';
  try {
    assert.throws(() => chromiumPath(), /Chromium not found at \/nonexistent\/chromium \(from CHROMIUM_PATH\)\. .*apt-get install -y chromium-headless-shell/);
  } finally {
    if (saved === undefined) delete process.env.CHROMIUM_PATH;
    else process.env.CHROMIUM_PATH = saved;
  }
});
