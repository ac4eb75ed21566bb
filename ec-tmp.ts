import { computeFigures } from './src/domain/reports/compute.ts';
import { parsePeriod } from './src/domain/reports/periods.ts';
import { getPreset } from './src/domain/regulation/presets/index.ts';
import { prng } from './test/support/prng.ts';
const preset = getPreset('hss')! as any;
const reg = preset.build({});
const regulation = reg.regulation ?? reg;
const rand = prng(1);
const pad = (n: number) => String(n).padStart(2, '0');
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const records = Array.from({ length: 70000 }, (_, i) => {
  const year = i < 50000 ? 2026 : 2025 - (i % 4);
  const received = `${year}-${pad(1 + Math.floor(rand() * 12))}-${pad(1 + Math.floor(rand() * 28))}`;
  const ended = addDays(received, Math.floor(rand() * 60));
  return { kind: 'complaint', status: 'decided', channel: 'email', relation: 'client', unit_id: null, received_on: received, ended_on: ended, decided_on: ended, classification: { a: ['x'] }, severity: null, sensitive: false, inadmissible_ground: null, outcome: 'upheld',
    terms: { acknowledgement: { due: addDays(received, 7), metOn: addDays(received, 3), late: false }, decision: { due: addDays(received, 42), metOn: ended, late: false } }, escalations: [], external: [], satisfied: true };
});
const period = parsePeriod('2026')!;
for (let i = 0; i < 4; i++) {
  const t0 = performance.now(); const c0 = process.cpuUsage();
  computeFigures({ regulation, period, scope: { organisationName: 'X', unitName: null }, units: [], records, dataSince: '2022-01-01', measures: { planned: 0, inProgress: 0, done: 0, dropped: 0, overdue: 0 }, now: new Date() });
  const c = process.cpuUsage(c0);
  console.log('compute wall', Math.round(performance.now() - t0), 'cpu', Math.round((c.user + c.system) / 1000));
}
