import { describe, expect, it } from 'vitest';
import { evaluateHealth, type HealthReport, type HealthRules, type HealthState } from './evaluate-health.ts';

const START = 1_700_000_000_000;
const base: HealthState = {
  startedAtMs: START,
  historyOnly: false,
  lastSuccessfulTickAtMs: undefined,
  lastPatrolActivityAtMs: undefined,
  sinkLagMs: new Map(),
};

const cases: readonly {
  readonly name: string;
  readonly state: Partial<HealthState>;
  readonly rules?: HealthRules;
  readonly afterMs: number;
  readonly report: HealthReport;
}[] = [
  {
    name: 'just started, no tick yet',
    state: {},
    afterMs: 30_000,
    report: { ok: true, lastTickAgeSeconds: null, sinkLagSeconds: null },
  },
  {
    name: 'no tick since a start 183 s ago',
    state: {},
    afterMs: 183_000,
    report: {
      ok: false,
      reason: 'no successful tick for 183 s (limit 150 s)',
      lastTickAgeSeconds: null,
      sinkLagSeconds: null,
    },
  },
  {
    name: 'last tick exactly at the limit',
    state: { lastSuccessfulTickAtMs: START + 10_000 },
    afterMs: 160_000,
    report: { ok: true, lastTickAgeSeconds: 150, sinkLagSeconds: null },
  },
  {
    name: 'last tick just past the limit',
    state: { lastSuccessfulTickAtMs: START + 10_000 },
    afterMs: 160_001,
    report: {
      ok: false,
      reason: 'no successful tick for 150 s (limit 150 s)',
      lastTickAgeSeconds: 150,
      sinkLagSeconds: null,
    },
  },
  {
    name: 'a configured tick age',
    state: { lastSuccessfulTickAtMs: START },
    rules: { maxTickAgeMs: 60_000 },
    afterMs: 61_000,
    report: {
      ok: false,
      reason: 'no successful tick for 61 s (limit 60 s)',
      lastTickAgeSeconds: 61,
      sinkLagSeconds: null,
    },
  },
  {
    name: 'history only: ticks are not expected, patrol activity is',
    state: { historyOnly: true, lastPatrolActivityAtMs: START + 600_000 },
    afterMs: 1_200_000,
    report: { ok: true, lastTickAgeSeconds: null, sinkLagSeconds: null },
  },
  {
    name: 'history only: the patrol is idle too long',
    state: { historyOnly: true, lastPatrolActivityAtMs: START },
    afterMs: 901_000,
    report: {
      ok: false,
      reason: 'no patrol activity for 901 s (limit 900 s)',
      lastTickAgeSeconds: null,
      sinkLagSeconds: null,
    },
  },
  {
    name: 'a sink that keeps up',
    state: { lastSuccessfulTickAtMs: START, sinkLagMs: new Map([['1m', 2_500]]) },
    afterMs: 20_000,
    report: { ok: true, lastTickAgeSeconds: 20, sinkLagSeconds: 2 },
  },
  {
    name: 'a sink behind, and no tick either',
    state: {
      sinkLagMs: new Map([
        ['5m', 400_000],
        ['1m', 301_000],
      ]),
    },
    afterMs: 200_000,
    report: {
      ok: false,
      reason:
        'no successful tick for 200 s (limit 150 s); ' +
        'sink 1m lags 301 s behind the files (limit 300 s); sink 5m lags 400 s behind the files (limit 300 s)',
      lastTickAgeSeconds: null,
      sinkLagSeconds: 400,
    },
  },
  {
    name: 'a configured sink lag',
    state: { lastSuccessfulTickAtMs: START, sinkLagMs: new Map([['1m', 61_000]]) },
    rules: { maxSinkLagMs: 60_000 },
    afterMs: 1_000,
    report: {
      ok: false,
      reason: 'sink 1m lags 61 s behind the files (limit 60 s)',
      lastTickAgeSeconds: 1,
      sinkLagSeconds: 61,
    },
  },
];

describe('evaluateHealth', () => {
  it.each(cases)('$name', ({ state, rules, afterMs, report }) => {
    expect(evaluateHealth({ ...base, ...state }, rules ?? {}, START + afterMs)).toEqual(report);
  });
});
