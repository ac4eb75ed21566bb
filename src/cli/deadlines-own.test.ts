import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadConfig } from '../config.ts';
import { procedureRegulation } from '../domain/workflow/procedure-fixture.ts';
import type { CliContext } from './context.ts';
import { runProgram } from './program.ts';

/**
 * `klachtwijs deadlines` with the regulation's own milestones and a decision term that runs from a later event
 * (issue 12): own milestones from receipt are dated, the others and the decision say from which event they run.
 */
describe('klachtwijs deadlines with own milestones', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kw-deadlines-'));
  const file = join(dir, 'commissie.json');
  writeFileSync(file, JSON.stringify(procedureRegulation()));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const run = async (args: string[]) => {
    const c = { out: '', err: '' };
    const ctx: CliContext = {
      io: { stdout: (s) => void (c.out += s), stderr: (s) => void (c.err += s) },
      cwd: dir,
      config: () => loadConfig({}),
      withDatabase: () => Promise.reject(new Error('no database in this test')),
      server: null,
      exitCode: 0,
    };
    const code = await runProgram(args, ctx);
    assert.equal(code, 0, c.err);
    return c.out;
  };

  it('--json: the own milestone from receipt is dated; no decision date before forwarding', async () => {
    // Received Mon 2 March 2026: 1 week → 9 Mar; 4 weeks → 30 Mar; written_confirmation 5 working days → Mon 9 Mar.
    assert.deepEqual(JSON.parse(await run(['deadlines', '--regulation', file, '--received', '2026-03-02', '--json'])), {
      acknowledgement: '2026-03-09',
      inadmissibilityNotice: '2026-03-30',
      written_confirmation: '2026-03-09',
    });
  });

  it('the table lists the later terms as "loopt vanaf <gebeurtenis>"', async () => {
    const out = await run(['deadlines', '--regulation', file, '--received', '2026-03-02']);
    assert.match(out, /Schriftelijke bevestiging van de klacht\s+5 werkdagen\s+maandag 9 maart 2026/);
    assert.match(out, /Beslissing\s+8 weken\s+loopt vanaf het doorsturen naar de klachtencommissie/);
    assert.match(out, /Klacht doorsturen naar de klachtencommissie\s+5 werkdagen\s+loopt vanaf het verzoek van de klager om een oordeel/);
    assert.match(out, /Reactie van de bestuurder op het oordeel\s+1 maand\s+loopt vanaf het oordeel/);
  });
});
