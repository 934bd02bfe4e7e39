// Hostile standards tables and stored settings, table-driven: one validator with bounds for every
// field, whether the table comes from the CLI's --standards, the editor or the browser's storage.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { BOUNDS, checkStandards, fingerprint, parseStandards, type Standards } from '../../workers/analysis/standards.ts';
import { isEdited } from '../../scripts/lib/standards.ts';
import type { Outcome } from './hostile-helpers.ts';

const DEFAULT = JSON.parse(readFileSync('data/standards/gb50180-2018.json', 'utf8'));
const counts: Record<Outcome, number> = { error: 0, repaired: 0, correct: 0 };
afterAll(() => console.log(`hostile standards cases by outcome: ${JSON.stringify(counts)}`));

type T = typeof DEFAULT;
const cat = (t: T, id: string) => t.categories.find((c: { id: string }) => c.id === id);
const CASES: Array<[string, (t: T) => unknown, RegExp]> = [
  ['not an object', () => [1, 2], /\(table\): not a JSON object/],
  ['no categories', (t) => { t.categories = []; }, /categories: is empty/],
  ['an unknown category', (t) => { t.categories[0].id = 'casino'; }, /unknown category "casino"/],
  ['a category twice', (t) => { t.categories[1].id = t.categories[0].id; }, /appears twice/],
  ['a threshold of 1e12 m', (t) => { cat(t, 'market').threshold_m = 1e12; }, /categories\[market\]\.threshold_m: 1000000000000 is outside 50…5000/],
  ['a threshold of 1 µm', (t) => { cat(t, 'market').threshold_m = 1e-6; }, /threshold_m: 0\.000001 is outside/],
  ['a threshold as text', (t) => { cat(t, 'market').threshold_m = '500'; }, /threshold_m: must be a number \(got "500"\)/],
  ['a target coverage of 90 (percent, not share)', (t) => { cat(t, 'park').target_coverage = 90; }, /target_coverage: 90 is outside 0…1/],
  ['an unknown cohort', (t) => { cat(t, 'park').cohort = 'dogs'; }, /cohort: unknown cohort "dogs"/],
  ['circle 7', (t) => { cat(t, 'park').circle = 7; }, /circle: must be 5, 10, 15 or null/],
  ['a bad confidence mark', (t) => { cat(t, 'park').threshold_mark = 'sure'; }, /threshold_mark: must be confirmed/],
  ['a quota of 1e300', (t) => { cat(t, 'nursery').quota.value = 1e300; }, /quota\.value: 1e\+300 is outside 0…1000/],
  ['a quota per 0', (t) => { cat(t, 'nursery').quota.per = 0; }, /quota\.per: 0 is outside 1…100000/],
  ['a negative quota minimum', (t) => { cat(t, 'service_station').quota.minimum = -5; }, /quota\.minimum: -5 is outside/],
  ['no walking profiles', (t) => { t.profiles = []; }, /profiles: no walking profiles/],
  ['a walking speed of 1e-9', (t) => { t.profiles[0].speed_m_per_min = 1e-9; }, /speed_m_per_min: 1e-9 is outside 20…120/],
  ['a walking speed of 1e9', (t) => { t.profiles[0].speed_m_per_min = 1e9; }, /speed_m_per_min: 1000000000 is outside/],
  ['a negative steps factor', (t) => { t.profiles[1].steps_factor = -3; }, /profiles\[elderly\]\.steps_factor: -3 is outside 1…10/],
  ['a crossing penalty of 1e15 m', (t) => { t.profiles[1].crossing_penalty_m = 1e15; }, /crossing_penalty_m: 1000000000000000 is outside 0…500/],
  ['a profile twice', (t) => { t.profiles[1].id = 'default'; }, /profiles\[default\]\.id: appears twice/],
  ['an indicator nobody computes', (t) => { t.indicators[0].id = 'bogus'; }, /unknown indicator "bogus": it cannot be computed/],
  ['an indicator target as text', (t) => { t.indicators[0].target = '1'; }, /target: must be a number/],
  ['a share target of 80 (percent)', (t) => { t.indicators.find((i: { unit: string }) => i.unit === 'share').target = 80; }, /target: 80 is outside 0…1/],
  ['a negative indicator target', (t) => { t.indicators[0].target = -1; }, /target: -1 is outside/],
  ['a billion cars per household', (t) => { t.parking.cars_per_household = 1e9; }, /parking\.cars_per_household: 1000000000 is outside 0…3/],
  ['no parking block', (t) => { delete t.parking; }, /parking: missing parking block/],
  ['a circle of -1 m', (t) => { t.circles[0].distance_m = -1; }, /circles\[0\]\.distance_m: -1 is outside/],
  ['version as text', (t) => { t.version = 'one'; }, /version: must be a number/],
  ['an empty name', (t) => { cat(t, 'park').name_zh = ''; }, /name_zh: must be a non-empty text/],
];

describe('standards tables out of bounds are refused, naming the field', () => {
  for (const [name, mutate, problem] of CASES) {
    it(`${name} → error`, () => {
      const t = structuredClone(DEFAULT);
      const replaced = mutate(t);
      const table = replaced === undefined ? t : replaced;
      expect(checkStandards(table).map((p) => `${p.path}: ${p.message}`).join('\n')).toMatch(problem);
      expect(() => parseStandards(table)).toThrow(/^standards table: /);
      counts.error++;
    });
  }
  it('every problem of a table is listed, not only the first → error', () => {
    const t = structuredClone(DEFAULT);
    t.profiles[0].speed_m_per_min = 0;
    cat(t, 'park').threshold_m = -1;
    t.parking.cars_per_household = -2;
    expect(checkStandards(t)).toHaveLength(3);
    expect(() => parseStandards(t)).toThrow(/3 problems/);
    counts.error++;
  });
  it('the shipped table is within every bound → correct', () => {
    expect(checkStandards(DEFAULT)).toEqual([]);
    counts.correct++;
  });
  it('values at the bounds themselves are accepted → correct', () => {
    const t = structuredClone(DEFAULT);
    cat(t, 'park').threshold_m = BOUNDS.threshold_m[1];
    t.profiles[0].speed_m_per_min = BOUNDS.speed_m_per_min[0];
    t.parking.cars_per_household = BOUNDS.cars_per_household[1];
    expect(checkStandards(t)).toEqual([]);
    counts.correct++;
  });
});

describe('"edited" means a different content, not a different file', () => {
  it('the same table with keys in another order has the same fingerprint and is not edited → correct', () => {
    const reorder = (v: unknown): unknown => (Array.isArray(v) ? v.map(reorder)
      : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reorder(x)])) : v);
    const copy = reorder(DEFAULT) as Standards;
    expect(JSON.stringify(copy)).not.toBe(JSON.stringify(DEFAULT));
    expect(fingerprint(copy)).toBe(fingerprint(DEFAULT));
    expect(isEdited(parseStandards(copy))).toBe(false);
    counts.correct++;
  });
  it('one changed threshold is edited → correct', () => {
    const t = structuredClone(DEFAULT);
    cat(t, 'park').threshold_m = 600;
    expect(isEdited(parseStandards(t))).toBe(true);
    counts.correct++;
  });
});

describe('stored settings in the browser go through the same bounds', () => {
  const load = async (items: Record<string, string>) => {
    const data = new Map(Object.entries(items));
    vi.stubGlobal('localStorage', {
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => { data.set(k, v); },
      removeItem: (k: string) => { data.delete(k); },
    });
    vi.resetModules();
    const m = await import('../../src/state/store.ts');
    vi.unstubAllGlobals();
    return m;
  };
  const settings = (p: object) => ({ 'circletwin.settings.v1': JSON.stringify(p) });
  const cases: Array<[string, Record<string, string>, Outcome, (m: Awaited<ReturnType<typeof load>>) => void]> = [
    ['5000 isochrone bands', settings({ isoMinutes: Array.from({ length: 5000 }, (_, i) => i + 1) }), 'repaired', (m) => {
      expect(m.store.getState().isoMinutes).toEqual([5, 10, 15]);
      expect(m.storedSettingProblems[0]).toMatchObject({ key: 'error.settingsReset', detail: expect.stringMatching(/at most 12 bands/) });
    }],
    ['a billion minutes', settings({ isoMinutes: [1e9] }), 'repaired', (m) => expect(m.store.getState().isoMinutes).toEqual([5, 10, 15])],
    ['minutes as text', settings({ isoMinutes: ['5', '10'] }), 'repaired', (m) => expect(m.store.getState().isoMinutes).toEqual([5, 10, 15])],
    ['minutes not a list', settings({ isoMinutes: 'lots' }), 'repaired', (m) => expect(m.storedSettingProblems).toHaveLength(1)],
    ['truncated settings JSON', { 'circletwin.settings.v1': '{"isoMin' }, 'repaired', (m) => {
      expect(m.store.getState().isoMinutes).toEqual([5, 10, 15]);
      expect(m.storedSettingProblems[0].key).toBe('error.settingsReset');
    }],
    ['a stored table with speed 1e9', { 'circletwin.standards.v1': JSON.stringify({ ...DEFAULT, profiles: [{ ...DEFAULT.profiles[0], speed_m_per_min: 1e9 }] }) }, 'repaired', (m) => {
      expect(m.store.getState().standards.profiles[0].speed_m_per_min).toBe(60);
      expect(m.store.getState().standardsEdited).toBe(false);
      expect(m.storedSettingProblems[0]).toMatchObject({ key: 'error.standardsReset', detail: expect.stringMatching(/speed_m_per_min/) });
    }],
    ['a stored table cut short', { 'circletwin.standards.v1': '{"id":"gb' }, 'repaired', (m) => {
      expect(m.store.getState().standardsEdited).toBe(false);
      expect(m.storedSettingProblems[0].key).toBe('error.standardsReset');
    }],
    ['a valid stored edit is kept', { 'circletwin.standards.v1': JSON.stringify({ ...DEFAULT, categories: DEFAULT.categories.map((c: { id: string }) => (c.id === 'park' ? { ...c, threshold_m: 600 } : c)) }), ...settings({ isoMinutes: [3, 6] }) }, 'correct', (m) => {
      expect(m.store.getState().standardsEdited).toBe(true);
      expect(m.store.getState().isoMinutes).toEqual([3, 6]);
      expect(m.storedSettingProblems).toEqual([]);
    }],
  ];
  for (const [name, items, outcome, check] of cases) {
    it(`${name} → ${outcome}`, async () => {
      check(await load(items));
      counts[outcome]++;
    });
  }
});
