import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { ReportView, reportHtmlDocument } from '../../src/reports/html.tsx';
import { expectNoAxeViolations, launchBrowser } from '../support/browser.ts';
import { fixtureDocument } from '../support/report-fixture.ts';

/**
 * The report's HTML (issue 10, ADR 0016) in Chromium with axe, at desktop width and at 375 px: the standalone
 * page of `reports generate --format html`, and the `ReportView` with the app's own CSS (utrecht + klachtwijs.css,
 * as the report pages show it). Charts are inline SVG with an accessible name; nothing scrolls sideways on a phone
 * except the tables inside their own labelled scroll region; no script is needed.
 */
const require = createRequire(import.meta.url);
const APP_CSS = readFileSync(require.resolve('@utrecht/component-library-css/dist/index.css'), 'utf8') + readFileSync(new URL('../../src/http/static/klachtwijs.css', import.meta.url), 'utf8');

function appPage(html: string): string {
  return `<!DOCTYPE html><html lang="nl" class="utrecht-theme"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Rapportage · Klachtwijs</title><style>${APP_CSS}</style></head><body class="utrecht-document utrecht-document--surface"><main id="inhoud" class="kw-wrap kw-main">${html}</main></body></html>`;
}

describe('report view in Chromium', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  for (const audience of ['board', 'staff'] as const) {
    it(`passes axe at desktop and 375 px without sideways scrolling (${audience})`, async () => {
      const doc = fixtureDocument(audience);
      const pages: [string, string][] = [
        ['standalone', reportHtmlDocument(doc)],
        ['in the app', appPage(String(await (<ReportView doc={doc} />).toString()))],
      ];
      for (const [label, html] of pages) {
        for (const width of [1280, 375]) {
          const page = await browser.newPage({ viewport: { width, height: 900 }, javaScriptEnabled: true });
          await page.setContent(html, { waitUntil: 'load' });
          await expectNoAxeViolations(page, `${label} ${audience} ${width}px`);
          const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
          assert.ok(overflow <= 0, `${label} ${audience} at ${width}px scrolls sideways by ${overflow}px`);
          const chart = page.getByRole('img', { name: /Staafdiagram: Ontvangen meldingen per soort/ });
          assert.equal(await chart.count(), 1);
          const box = await chart.boundingBox();
          assert.ok(box && box.width <= width && box.height > 50, `the chart fits the page at ${width}px`);
          if (audience === 'board') assert.equal(await page.getByRole('row', { name: /^Telefoon < 5 < 5 < 5$/ }).count(), 1);
          else assert.equal(await page.getByRole('row', { name: /^Telefoon 3 3 3$/ }).count(), 1);
          await page.close();
        }
      }
    });
  }
});
