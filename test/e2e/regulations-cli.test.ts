import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../support/cli.ts';

/**
 * The regulation commands as a user runs them. The due dates below were worked out by hand from the
 * 2026 calendar (Easter Sunday 5 April: Goede Vrijdag 3 April, Tweede Paasdag 6 April; Koningsdag
 * Monday 27 April; Bevrijdingsdag Tuesday 5 May; Hemelvaart Thursday 14 May; Tweede Pinksterdag Monday
 * 25 May; Christmas Friday 25 and Saturday 26 December; Nieuwjaarsdag Friday 1 January 2027), not with
 * the engine.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'kw-reg-cli-'));
/** A data folder that must never be created by the commands that need no database. */
const untouched = path.join(dir, 'never-created');
const pureEnv = { KLACHTWIJS_DATA_DIR: untouched, KLACHTWIJS_DEMO: 'false' };

after(() => rmSync(dir, { recursive: true, force: true }));

async function deadlines(args: string[]): Promise<Record<string, string>> {
  const res = await runCli(['deadlines', ...args, '--json'], pureEnv);
  assert.equal(res.code, 0, res.stderr);
  const lines = res.stdout.trim().split('\n');
  assert.equal(lines.length, 1, 'exactly one JSON object');
  return JSON.parse(lines[0]!) as Record<string, string>;
}

const CBF_FILLS = [
  'adopted_date=2025-03-01',
  'org_email=klachten@goeddoel.nl',
  'org_phone=030 123 45 67',
  'org_postal_address=Goed Doel, Postbus 10, 3500 AA Utrecht',
  'complaint_form_url=https://goeddoel.nl/klacht',
  'privacy_statement=We gebruiken uw gegevens alleen om uw klacht te behandelen.',
];
const LENTL_TERMS = ['acknowledgement_term=5 werkdagen', 'inadmissibility_term=geen', 'decision_term=6 weken'];
const LENTL_FILLS = [
  ...LENTL_TERMS,
  'channels=web_form,email,phone',
  'complaint_mailbox=klachten@lentl-wm.nl',
  'okc_contact=Onafhankelijke Klachtencommissie, Postbus 2, 2300 AA Leiden',
  'client_file_retention=15 jaar',
  'adopted_by=de directie van de werkmaatschappij',
  'adopted_date=2024-06-01',
];

describe('klachtwijs regulations list / show / check', () => {
  it('lists the five voorbeeldregelingen with title and seed file', async () => {
    const res = await runCli(['regulations', 'list'], pureEnv);
    assert.equal(res.code, 0, res.stderr);
    for (const [key, seed] of [['conneqt', '000_'], ['hss', '001_'], ['stadsring51', '002_'], ['cbf-template', '003_'], ['lentl', '004_']]) {
      assert.match(res.stdout, new RegExp(`^\\s+${key}\\s+\\S.*\\n(?:.*\\n){3}\\s+naar ${seed}\\w+\\.txt`, 'm'), key);
    }
    assert.match(res.stdout, /Klachtenregeling voor cliënten Stadsring51/);
  });

  it('shows a preset as readable Dutch, its open points, and the document with --json', async () => {
    const text = await runCli(['regulations', 'show', 'stadsring51'], pureEnv);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^Klachtenregeling voor cliënten Stadsring51\n/);
    assert.match(text.stdout, /\nHoor en wederhoor\n/);
    assert.match(text.stdout, /binnen 8 weken na ontvangst/);
    assert.match(text.stdout, /Open punten: geen\./);

    const lentl = await runCli(['regulations', 'show', 'lentl'], pureEnv);
    assert.equal(lentl.code, 0, lentl.stderr);
    assert.match(lentl.stdout, /Open punten \(9\)/); // seven of the procedure, plus who adopted it and when
    assert.match(lentl.stdout, /- decision_term \(deadlines\.decision\): Binnen welke termijn/);

    const json = await runCli(['regulations', 'show', 'hss', '--json'], pureEnv);
    assert.equal(json.code, 0, json.stderr);
    const doc = JSON.parse(json.stdout) as { format: string; preset: string; deadlines: { acknowledgement: { amount: number; unit: string } } };
    assert.equal(doc.format, 'klachtwijs/regulation@1');
    assert.equal(doc.preset, 'hss');
    assert.deepEqual([doc.deadlines.acknowledgement.amount, doc.deadlines.acknowledgement.unit], [7, 'workingDays']);

    const missing = await runCli(['regulations', 'show', 'bestaat-niet'], pureEnv);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /"bestaat-niet" is geen preset en geen bestand/);
  });

  it('checks a file: errors name the field and exit 1; a valid file shows open points and legal findings', async () => {
    const exported = await runCli(['regulations', 'show', 'stadsring51', '--json'], pureEnv);
    const doc = JSON.parse(exported.stdout) as { deadlines: { decision: { amount: number } }; intake: Record<string, unknown> };

    const good = path.join(dir, 'stadsring51.json');
    writeFileSync(good, JSON.stringify(doc));
    const ok = await runCli(['regulations', 'check', good, '--framework', 'awb9', '--framework', 'wkkgz'], pureEnv);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /De regeling is geldig/);
    assert.match(ok.stdout, /\[fout\] Wkkgz: beslistermijn 8 weken is langer dan 6 weken \(art\. 17\)/);
    assert.match(ok.stdout, /\[info\] Awb 9:12a/);

    doc.deadlines.decision.amount = 0;
    doc.intake['kanalen'] = ['email'];
    const bad = path.join(dir, 'kapot.json');
    writeFileSync(bad, JSON.stringify(doc));
    const res = await runCli(['regulations', 'check', bad], pureEnv);
    assert.equal(res.code, 1);
    assert.match(res.stderr, /deadlines\.decision\.amount: moet een geheel getal van 1 of meer zijn/);
    assert.match(res.stderr, /intake\.kanalen: onbekend veld/);

    const yaml = path.join(dir, 'kapot.yaml');
    writeFileSync(yaml, 'format: klachtwijs/regulation@1\nmetadata:\n  title: [niet afgesloten\n');
    const broken = await runCli(['regulations', 'check', yaml], pureEnv);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /geen geldige YAML of JSON/);

    const lentl = await runCli(['regulations', 'check', 'lentl', '--framework', 'wmo2015'], pureEnv);
    assert.equal(lentl.code, 0, 'open points are not errors');
    assert.match(lentl.stdout, /Open punten \(9\)/); // seven of the procedure, plus who adopted it and when

    const framework = await runCli(['regulations', 'check', good, '--framework', 'grondwet'], pureEnv);
    assert.equal(framework.code, 1);
    assert.match(framework.stderr, /onbekend wettelijk kader "grondwet"/);
  });
});

describe('klachtwijs deadlines', () => {
  it('hss: 7 working days over Easter, 6 weeks onto Hemelvaart moves to Friday', async () => {
    // Thu 2 Apr: working days skip Goede Vrijdag 3/4 and Tweede Paasdag 6/4 → 7th is Wed 15/4.
    // 2 Apr + 6 weeks = Thu 14 May (Hemelvaart) → Fri 15 May.
    assert.deepEqual(await deadlines(['--regulation', 'hss', '--received', '2026-04-02']), { acknowledgement: '2026-04-15', decision: '2026-05-15' });
    // Fri 20 Nov: 7th working day is Tue 1 Dec. + 6 weeks = Fri 1 Jan 2027 (Nieuwjaarsdag) → Mon 4 Jan.
    assert.deepEqual(await deadlines(['--regulation', 'hss', '--received', '2026-11-20']), { acknowledgement: '2026-12-01', decision: '2027-01-04' });
    // Wed 13 May: Hemelvaart 14/5 closed → Fri 15 (1), 18–22 (2–6), Tweede Pinksterdag 25/5 closed → Tue 26 May (7).
    // + 6 weeks = Wed 24 Jun (an ordinary day: day 0 one day off would show here).
    assert.deepEqual(await deadlines(['--regulation', 'hss', '--received', '2026-05-13']), { acknowledgement: '2026-05-26', decision: '2026-06-24' });
  });

  it('stadsring51: week terms land on Tweede Paasdag, Koningsdag and Tweede Pinksterdag; extension counts from the moved end', async () => {
    // Mon 30 Mar + 1 week = Mon 6 Apr → Tue 7 Apr; + 4 weeks = Mon 27 Apr → Tue 28 Apr;
    // + 8 weeks = Mon 25 May → Tue 26 May; + 4 weeks extension from Tue 26 May = Tue 23 Jun.
    assert.deepEqual(await deadlines(['--regulation', 'stadsring51', '--received', '2026-03-30']), {
      acknowledgement: '2026-04-07',
      inadmissibilityNotice: '2026-04-28',
      decision: '2026-05-26',
      decisionMaxExtended: '2026-06-23',
    });
    // Tue 7 Apr + 1 week = Tue 14 Apr; + 4 weeks = Tue 5 May (Bevrijdingsdag) → Wed 6 May; + 8 weeks = Tue 2 Jun;
    // + 4 weeks from 2 Jun = Tue 30 Jun.
    assert.deepEqual(await deadlines(['--regulation', 'stadsring51', '--received', '2026-04-07']), {
      acknowledgement: '2026-04-14',
      inadmissibilityNotice: '2026-05-06',
      decision: '2026-06-02',
      decisionMaxExtended: '2026-06-30',
    });
  });

  it('conneqt: only a decision term; 4 weeks onto Christmas and onto 5 May', async () => {
    // Fri 27 Nov + 4 weeks = Fri 25 Dec → Sat 26 Dec (Tweede Kerstdag) → Sun → Mon 28 Dec.
    assert.deepEqual(await deadlines(['--regulation', 'conneqt', '--received', '2026-11-27']), { decision: '2026-12-28' });
    // Tue 7 Apr + 4 weeks = Tue 5 May (Bevrijdingsdag) → Wed 6 May.
    assert.deepEqual(await deadlines(['--regulation', 'conneqt', '--received', '2026-04-07']), { decision: '2026-05-06' });
    // Thu 3 Dec + 4 weeks = Thu 31 Dec: an ordinary working day, not moved.
    assert.deepEqual(await deadlines(['--regulation', 'conneqt', '--received', '2026-12-03']), { decision: '2026-12-31' });
  });

  it('cbf-template (with fills): working days over Christmas and New Year; no maximum extension', async () => {
    // Thu 24 Dec: 25 Dec, weekend → Mon 28 (1), Tue 29 (2) = acknowledgement; Wed 30 (3), Thu 31 (4),
    // 1 Jan closed, weekend → Mon 4 Jan 2027 (5) = decision.
    assert.deepEqual(await deadlines(['--regulation', 'cbf-template', '--received', '2026-12-24', '--fill', ...CBF_FILLS]), {
      acknowledgement: '2026-12-29',
      decision: '2027-01-04',
    });
    // Tue 22 Dec: Wed 23 (1), Thu 24 (2) = acknowledgement; Christmas and the weekend skipped, Mon 28 (3),
    // Tue 29 (4), Wed 30 (5) = decision.
    assert.deepEqual(await deadlines(['--regulation', 'cbf-template', '--received', '2026-12-22', '--fill', ...CBF_FILLS]), {
      acknowledgement: '2026-12-24',
      decision: '2026-12-30',
    });
  });

  it('lentl: refused while its terms are open, then computed with --fill', async () => {
    const refused = await runCli(['deadlines', '--regulation', 'lentl', '--received', '2026-04-28', '--json'], pureEnv);
    assert.equal(refused.code, 1);
    assert.equal(refused.stdout, '', 'no half answer');
    assert.match(refused.stderr, /termijnen van "lentl" liggen nog niet vast/);
    for (const key of ['acknowledgement_term', 'inadmissibility_term', 'decision_term']) assert.match(refused.stderr, new RegExp(`${key}: `));
    assert.doesNotMatch(refused.stderr, /complaint_mailbox/, 'only the points that decide the dates');

    const partly = await runCli(['deadlines', '--regulation', 'lentl', '--received', '2026-04-28', '--fill', 'decision_term=6 weken'], pureEnv);
    assert.equal(partly.code, 1);
    assert.match(partly.stderr, /acknowledgement_term: /);
    assert.doesNotMatch(partly.stderr, /decision_term: /);

    // Tue 28 Apr: Wed 29 (1), Thu 30 (2), Fri 1 May (3), Mon 4 (4), Tue 5 May closed, Wed 6 May (5).
    // + 6 weeks = Tue 9 Jun. "geen" inadmissibility term: no key.
    assert.deepEqual(await deadlines(['--regulation', 'lentl', '--received', '2026-04-28', '--fill', ...LENTL_TERMS]), {
      acknowledgement: '2026-05-06',
      decision: '2026-06-09',
    });
  });

  it('prints a Dutch table with weekdays, and refuses a wrong date', async () => {
    const res = await runCli(['deadlines', '--regulation', 'hss', '--received', '2026-04-02'], pureEnv);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /Ontvangen: donderdag 2 april 2026 \(dag 0\)/);
    assert.match(res.stdout, /Ontvangstbevestiging\s+7 werkdagen\s+woensdag 15 april 2026/);
    assert.match(res.stdout, /Beslissing\s+6 weken\s+vrijdag 15 mei 2026 \(verschoven: 14 mei 2026 is Hemelvaartsdag\)/);

    const bad = await runCli(['deadlines', '--regulation', 'hss', '--received', '2026-02-30'], pureEnv);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /"2026-02-30" is geen geldige datum/);
  });

  it('reads a regulation file as well', async () => {
    const exported = await runCli(['regulations', 'show', 'conneqt', '--json'], pureEnv);
    const file = path.join(dir, 'conneqt.yaml');
    writeFileSync(file, exported.stdout); // JSON is valid YAML
    assert.deepEqual(await deadlines(['--regulation', file, '--received', '2026-11-27']), { decision: '2026-12-28' });
  });

  it('list, show, check and deadlines never open the database', () => {
    assert.equal(existsSync(untouched), false);
  });
});

describe('klachtwijs regulations activate / orgs create --regulation', () => {
  const env = { KLACHTWIJS_DATA_DIR: path.join(dir, 'data'), KLACHTWIJS_DEMO: 'false' };

  it('refuses a preset while open points are unfilled, naming them, and accepts it with --fill', async () => {
    assert.equal((await runCli(['orgs', 'create', '--slug', 'lentl-wm', '--name', 'Lentl Werkmaatschappij'], env)).code, 0);

    const refused = await runCli(['regulations', 'activate', '--org', 'lentl-wm', '--regulation', 'lentl', '--fill', 'decision_term=6 weken'], env);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /kan nog niet worden geactiveerd/);
    assert.match(refused.stderr, /--fill SLEUTEL=WAARDE/);
    for (const key of ['channels', 'acknowledgement_term', 'complaint_mailbox', 'okc_contact', 'client_file_retention']) assert.match(refused.stderr, new RegExp(`\\n  ${key}: `));
    assert.doesNotMatch(refused.stderr, /\n {2}decision_term: /);

    const wrong = await runCli(['regulations', 'activate', '--org', 'lentl-wm', '--regulation', 'lentl', '--fill', ...LENTL_FILLS.filter((f) => !f.startsWith('decision_term')), 'decision_term=spoedig'], env);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /decision_term: "spoedig" is geen termijn/);

    const ok = await runCli(['regulations', 'activate', '--org', 'lentl-wm', '--regulation', 'lentl', '--fill', ...LENTL_FILLS, '--framework', 'wmo2015'], env);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /geactiveerd voor Lentl Werkmaatschappij: versie 1, preset lentl/);
    assert.match(ok.stdout, /Wettelijke toets \(Wmo 2015\)/);

    const again = await runCli(['regulations', 'activate', '--org', 'lentl-wm', '--regulation', 'stadsring51'], env);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /versie 2, preset stadsring51/);

    const noUnit = await runCli(['regulations', 'activate', '--org', 'lentl-wm', '--regulation', 'hss', '--unit', 'bestaat-niet'], env);
    assert.equal(noUnit.code, 1);
    assert.match(noUnit.stderr, /Eenheid "bestaat-niet" bestaat niet/);
    const noOrg = await runCli(['regulations', 'activate', '--org', 'bestaat-niet', '--regulation', 'hss'], env);
    assert.equal(noOrg.code, 1);
    assert.match(noOrg.stderr, /Organisatie "bestaat-niet" bestaat niet/);
  });

  it('activates a file, and refuses an invalid one with the field', async () => {
    const exported = await runCli(['regulations', 'show', 'hss', '--json'], pureEnv);
    const doc = JSON.parse(exported.stdout) as { metadata: { title: string }; calendar: Record<string, unknown> };
    doc.metadata.title = 'Klachtenprocedure Eigen Versie';
    const good = path.join(dir, 'eigen.yaml');
    writeFileSync(good, JSON.stringify(doc, null, 2));
    const ok = await runCli(['regulations', 'activate', '--org', 'lentl-wm', '--regulation', good], env);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /"Klachtenprocedure Eigen Versie" geactiveerd .*versie 3/);

    doc.calendar['atw'] = 'ja';
    const bad = path.join(dir, 'eigen-kapot.yml');
    writeFileSync(bad, JSON.stringify(doc));
    const refused = await runCli(['regulations', 'activate', '--org', 'lentl-wm', '--regulation', bad], env);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /calendar\.atw: moet true of false zijn/);
  });

  it('orgs create --regulation: refused (and nothing created) without fills, created with them', async () => {
    const refused = await runCli(['orgs', 'create', '--slug', 'goed-doel', '--name', 'Stichting Goed Doel', '--regulation', 'cbf-template'], env);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /org_email: /);
    assert.doesNotMatch(refused.stderr, /org_name/, 'the name comes from the organisation');

    const ok = await runCli(['orgs', 'create', '--slug', 'goed-doel', '--name', 'Stichting Goed Doel', '--regulation', 'cbf-template', '--fill', ...CBF_FILLS], env);
    assert.equal(ok.code, 0, `the first attempt left nothing behind: ${ok.stderr}`);
    assert.match(ok.stdout, /Stichting Goed Doel/);
  });
});
