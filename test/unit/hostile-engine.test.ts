// Hostile input through the engine's worker API (what the app sends over comlink), table-driven:
// bad requests get a named error, datasets the analysis cannot stand behind get warnings and
// "n/a" (never a pass), absurd coordinates stay cheap, and every exported polygon is valid OGC.
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { EngineApi } from '../../workers/api.ts';
import { Engine, EngineError } from '../../workers/engine.ts';
import { LIMITS } from '../../workers/model/limits.ts';
import type { Dataset } from '../../workers/model/dataset.ts';
import type { WalkProfile } from '../../workers/network/profile.ts';
import { gapFeatures } from '../../workers/analysis/coverage.ts';
import { fixture, ll } from './fixtures.ts';
import { SMALL, smallDataset, type Outcome } from './hostile-helpers.ts';
import { ogcProblems } from './ogc-validity.ts';
import { loadDatasetDir } from '../../scripts/lib/load.ts';

const TABLE = JSON.parse(readFileSync('data/standards/gb50180-2018.json', 'utf8'));
const counts: Record<Outcome, number> = { error: 0, repaired: 0, correct: 0 };
afterAll(() => console.log(`hostile engine cases by outcome: ${JSON.stringify(counts)}`));

const api = new EngineApi();
api.load(smallDataset());
const FROM = ll([200, 5]);
const profile = (p: Partial<WalkProfile>): WalkProfile => ({ ...TABLE.profiles[0], ...p });

interface RequestCase {
  name: string;
  run: () => unknown;
  error: RegExp;
}
const REQUESTS: RequestCase[] = [
  { name: 'no minutes', run: () => api.isochrone({ from: FROM, minutes: [] }), error: /at least one number of minutes/ },
  { name: '13 bands', run: () => api.isochrone({ from: FROM, minutes: Array.from({ length: 13 }, (_, i) => i + 1) }), error: /at most 12 bands/ },
  { name: '5000 bands', run: () => api.isochrone({ from: FROM, minutes: Array.from({ length: 5000 }, (_, i) => i + 1) }), error: /at most 12 bands/ },
  { name: 'NaN minutes', run: () => api.isochrone({ from: FROM, minutes: [NaN, 5] }), error: /minutes must be numbers/ },
  { name: 'minutes as text', run: () => api.isochrone({ from: FROM, minutes: ['5' as unknown as number] }), error: /minutes must be numbers/ },
  { name: 'a billion minutes', run: () => api.isochrone({ from: FROM, minutes: [1e9] }), error: /from 1 to 120/ },
  { name: 'negative minutes', run: () => api.isochrone({ from: FROM, minutes: [-5] }), error: /positive numbers/ },
  { name: 'a repeated band', run: () => api.isochrone({ from: FROM, minutes: [5, 5] }), error: /listed twice/ },
  { name: 'NaN point', run: () => api.isochrone({ from: [NaN, 1] }), error: /invalid coordinates/ },
  { name: 'a point given as text', run: () => api.isochrone({ from: ['117' as unknown as number, 32] }), error: /invalid coordinates/ },
  { name: 'a point 1e300 away', run: () => api.isochrone({ from: [1e300, 1e300] }), error: /invalid coordinates|more than 300 m/ },
  { name: 'walking speed 0', run: () => api.isochrone({ from: FROM, profile: profile({ speed_m_per_min: 0 }) }), error: /speed_m_per_min 0 is outside 20…120/ },
  { name: 'walking speed 1e9', run: () => api.isochrone({ from: FROM, profile: profile({ speed_m_per_min: 1e9 }) }), error: /speed_m_per_min/ },
  { name: 'negative steps factor', run: () => api.isochrone({ from: FROM, profile: profile({ steps_factor: -3 }) }), error: /steps_factor -3 is outside/ },
  { name: 'unknown facility', run: () => api.isochrone({ facilityId: 'nope' }), error: /No facility with id nope/ },
  { name: 'a category without facilities', run: () => api.isochrone({ category: 'bus_stop' }), error: /No reachable facility of category bus_stop/ },
  { name: 'nothing to start from', run: () => api.isochrone({}), error: /needs a point, a facility or a category/ },
  { name: 'a standards table that is not one', run: () => api.analyze({ id: 'x' }, {}), error: /standards table: .*problems/ },
  { name: 'a standards table with a 1e12 m threshold', run: () => api.analyze(withTable((t) => { t.categories[0].threshold_m = 1e12; }), {}), error: /threshold_m: 1000000000000 is outside 50…5000/ },
  { name: 'suggest-style analysis with a NaN target', run: () => api.analyzeFor(null, withTable((t) => { t.categories[2].target_coverage = NaN; }), {}), error: /target_coverage: must be a number/ },
  { name: 'gap hexagons of 0 m', run: () => api.analyze(TABLE, { hexSize: 0 }), error: /gap hexagon size must be 25 to 2000 m \(got 0\)/ },
  { name: 'gap hexagons of NaN m', run: () => api.analyze(TABLE, { hexSize: NaN }), error: /gap hexagon size/ },
  { name: 'an analysis with a NaN steps factor', run: () => api.analyze(TABLE, { profile: profile({ steps_factor: NaN }) }), error: /steps_factor must be a number/ },
  { name: 'an analysis at 1e9 m/min', run: () => api.analyzeFor(null, TABLE, { profile: profile({ speed_m_per_min: 1e9 }) }), error: /speed_m_per_min 1000000000 is outside/ },
  { name: 'an unknown distance decay', run: () => api.analyze(TABLE, { decay: 'cubic' as 'none' }), error: /decay must be "none" or "gaussian"/ },
  { name: 'exports before any analysis', run: () => new EngineApi().exportFiles(), error: /No dataset loaded|Run the analysis/ },
  { name: 'analysis before any dataset', run: () => new EngineApi().analyze(TABLE, {}), error: /No dataset loaded in the engine yet/ },
];

function withTable(mutate: (t: typeof TABLE) => void) {
  const t = structuredClone(TABLE);
  mutate(t);
  return t;
}

describe('bad requests to the engine get a named error', () => {
  for (const c of REQUESTS) {
    it(`${c.name} → error`, () => {
      expect(c.run).toThrow(c.error);
      counts.error++;
    });
  }
  it('an engine error is an EngineError with a code', () => {
    try {
      api.isochrone({ from: FROM, minutes: [500] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(EngineError);
      expect((e as EngineError).code).toBe('BAD_REQUEST');
    }
    counts.error++;
  });
});

interface DatasetCase {
  name: string;
  dataset: () => Partial<Dataset>;
  outcome: Outcome;
  check: (e: Engine, a: ReturnType<EngineApi['analyze']>) => void;
}
const districtValue = (a: ReturnType<EngineApi['analyze']>, id: string) => a.indicators.find((r) => r.scope === 'district' && r.id === id)!;

const DATASETS: DatasetCase[] = [
  {
    name: 'no walkable street', outcome: 'repaired',
    dataset: () => fixture({ ...SMALL, streets: [] }),
    check: (e, a) => {
      expect(a.warnings.map((w) => w.code)).toContain('no_walkable_street');
      expect(() => e.isochrone({ from: FROM })).toThrow(/no walkable streets/);
      expect(districtValue(a, 'health_station_coverage').pass).toBe(false);
    },
  },
  {
    name: 'no building', outcome: 'repaired',
    dataset: () => fixture({ ...SMALL, buildings: [] }),
    check: (_e, a) => {
      expect(a.warnings.map((w) => w.code)).toContain('no_building');
      for (const id of ['health_station_coverage', 'green_300m', 'park_500m', 'parking_per_household', 'elderly_beds_per_1000', 'childcare_places', 'service_station_area']) {
        expect(districtValue(a, id)).toMatchObject({ value: null, pass: null });
      }
    },
  },
  {
    name: 'nobody lives anywhere', outcome: 'repaired',
    dataset: () => fixture({ ...SMALL, buildings: SMALL.buildings!.map((b) => ({ ...b, population: 0 })) }),
    check: (_e, a) => {
      expect(a.warnings.map((w) => w.code)).toContain('no_population');
      expect(a.indicators.filter((r) => r.pass === true && !['green_cover', 'road_density'].includes(r.id))).toEqual([]);
    },
  },
  {
    name: 'no facility of an analysed category', outcome: 'repaired',
    dataset: () => fixture({ ...SMALL, facilities: SMALL.facilities!.filter((f) => f.category !== 'health_station') }),
    check: (_e, a) => {
      expect(a.warnings).toContainEqual(expect.objectContaining({ code: 'no_facility', category: 'health_station' }));
      expect(a.categories.health_station!.district.share).toBe(0);
      expect(districtValue(a, 'health_station_coverage')).toMatchObject({ value: 0, pass: false });
    },
  },
  {
    name: 'the only market is far from every street', outcome: 'repaired',
    dataset: () => fixture({ ...SMALL, facilities: [...SMALL.facilities!.filter((f) => f.category !== 'market'), { id: 'far', category: 'market', at: [5000, 5000] }] }),
    check: (e, a) => {
      expect(a.warnings).toContainEqual(expect.objectContaining({ code: 'no_reachable_facility', category: 'market' }));
      expect(e.report.problems).toContainEqual({ kind: 'facility', id: 'far', reason: 'too_far' });
    },
  },
  {
    name: 'a park outline with one vertex on the other side of the world', outcome: 'repaired',
    dataset: () => {
      const ds = smallDataset();
      const park = ds.facilities.features.find((f) => f.properties.id === 'p1')!;
      (park.geometry.coordinates as number[][][])[0].splice(2, 0, [-170, -80]);
      return ds;
    },
    check: (e) => {
      const k = e.facilityIds.indexOf('p1');
      // Without the cap, 40 m sampling of a 30,000 km outline would be ~750,000 access points.
      expect(e.facilityAccess[k].length).toBeLessThanOrEqual(LIMITS.outlineSamples + 6);
    },
  },
  {
    name: 'a building at an absurd coordinate, straight into the engine', outcome: 'repaired',
    dataset: () => {
      const ds = smallDataset();
      ds.buildings.features[0].geometry.coordinates[0] = ds.buildings.features[0].geometry.coordinates[0].map(() => [170, 85]);
      return ds;
    },
    check: (e, a) => {
      expect(e.report.problems).toContainEqual({ kind: 'building', id: 'b1', reason: 'too_far' });
      expect(a.categories.market!.dist[0]).toBe(Infinity);
    },
  },
  {
    name: 'a green area mapped twice and a strip drawn over it count once', outcome: 'correct',
    dataset: () => {
      const ds = fixture({ ...SMALL, communities: [{ id: 'c1', ring: [[0, 0], [800, 0], [800, 800], [0, 800], [0, 0]] }] });
      const square = (x: number, y: number, w: number, h: number) => ({
        type: 'Feature' as const, properties: { id: `g${x}-${y}-${w}`, kind: 'green' as const, name: '' },
        geometry: { type: 'Polygon' as const, coordinates: [[[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]].map((p) => ll(p as [number, number]))] },
      });
      // 100 × 100 m twice, and a 100 × 20 m strip of which 50 × 10 m lies over it: 10,000 + 1,500 m² (summing gives 22,000).
      (ds.landuse.features as unknown[]).push(square(250, 250, 100, 100), square(250, 250, 100, 100), square(300, 340, 100, 20));
      return ds;
    },
    check: (_e, a) => expect(districtValue(a, 'green_cover').value).toBeCloseTo(11_500 / 640_000, 4),
  },
  {
    name: 'a nursery mapped twice (same place, same name)', outcome: 'repaired',
    dataset: () => {
      const ds = fixture({ ...SMALL, facilities: [...SMALL.facilities!, { id: 'n1-copy', category: 'nursery', at: [600, 200], capacity: 40 }] });
      ds.facilities.features.at(-1)!.properties.name = 'n1';
      return ds;
    },
    check: (_e, a) => {
      const w = a.warnings.find((x) => x.code === 'duplicate_facility');
      expect(w).toMatchObject({ category: 'nursery', message: expect.stringMatching(/n1 and n1-copy/) });
    },
  },
  {
    name: 'the small dataset', outcome: 'correct',
    dataset: () => smallDataset(),
    check: (_e, a) => {
      expect(a.warnings.map((w) => w.code).filter((c) => c !== 'no_facility')).toEqual([]);
      // b1 at (100, 10): 10 m to the street y=0, 100 m along it to x=200, 200 m up to the station at (200, 200).
      expect(a.categories.health_station!.dist[0]).toBeCloseTo(10 + 100 + 200, 0);
    },
  },
];

describe('datasets the analysis cannot fully stand behind', () => {
  for (const c of DATASETS) {
    it(`${c.name} → ${c.outcome}`, () => {
      const e = new Engine(c.dataset());
      const local = new EngineApi();
      (local as unknown as { engine: Engine }).engine = e;
      const a = local.analyze(TABLE, {});
      c.check(e, a);
      counts[c.outcome]++;
    });
  }
});

describe('every exported polygon is valid OGC geometry', () => {
  const district = new EngineApi();
  district.load(loadDatasetDir('data/jidong', { log: () => {} }));
  const requests: Array<[string, Parameters<EngineApi['isochrone']>[0]]> = [
    ['a point', { from: [117.312, 31.8643], minutes: [5, 10, 15] }],
    ['another point, fine bands', { from: [117.3, 31.85], minutes: [1, 2, 3, 4, 6, 8, 12, 20, 30] }],
    ['every market', { category: 'market', minutes: [3, 5, 10, 15] }],
    ['every park, elderly', { category: 'park', minutes: [5, 10], profile: TABLE.profiles[1] }],
    ['every bus stop', { category: 'bus_stop', minutes: [2, 5, 10] }],
    ['every health station, an hour', { category: 'health_station', minutes: [60] }],
  ];
  for (const [name, req] of requests) {
    it(`isochrone: ${name} → correct`, () => {
      const fc = district.isochrone(req);
      expect(fc.features.length).toBe(req.minutes!.length);
      for (const f of fc.features) {
        expect(f.geometry.coordinates.length).toBeGreaterThan(0);
        expect(ogcProblems(f.geometry), `${name}, ${f.properties.minutes} min`).toEqual([]);
      }
      counts.correct++;
    });
  }
  it('gap hexagons → correct', () => {
    const a = district.analyze(TABLE, {});
    const features = gapFeatures(a);
    expect(features.length).toBeGreaterThan(100);
    for (const f of features) expect(ogcProblems(f.geometry)).toEqual([]);
    counts.correct++;
  });
});

describe('the validity check itself catches invalid polygons', () => {
  const sq = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]];
  const cases: Array<[string, number[][][][], RegExp]> = [
    ['a bow tie', [[[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]], /cross/],
    ['a ring touching itself at a point', [[[[0, 0], [2, 0], [2, 2], [1, 0], [0, 2], [0, 0]].map(([x, y]) => [x, y])]], /touches itself|cross/],
    ['a repeated position', [[[[0, 0], [1, 0], [1, 0], [1, 1], [0, 0]]]], /repeats a position/],
    ['an open ring', [[[[0, 0], [1, 0], [1, 1], [0, 1]]]], /not closed/],
    ['a hole outside its shell', [[sq, [[2, 2], [2, 3], [3, 3], [3, 2], [2, 2]]]], /outside its shell/],
    ['a hole in a hole', [[[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[1, 1], [1, 9], [9, 9], [9, 1], [1, 1]], [[2, 2], [2, 8], [8, 8], [8, 2], [2, 2]]]], /inside another hole/],
    ['overlapping polygons', [[sq], [[[0.5, 0.5], [1.5, 0.5], [1.5, 1.5], [0.5, 1.5], [0.5, 0.5]]]], /cross/],
    ['a polygon inside another', [[[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]], [[[1, 1], [2, 1], [2, 2], [1, 2], [1, 1]]]], /lies inside polygon/],
  ];
  for (const [name, coords, problem] of cases) {
    it(name, () => {
      const scaled = coords.map((p) => p.map((r) => r.map(([x, y]) => [117 + x * 1e-3, 32 + y * 1e-3])));
      const found = ogcProblems({ type: 'MultiPolygon', coordinates: scaled });
      expect(found.map((f) => f.problem).join('; ')).toMatch(problem);
    });
  }
  it('a valid polygon with a hole touching the shell at one point passes', () => {
    const coords = [[[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], [[0, 2], [2, 1], [2, 3], [0, 2]]]];
    const scaled = coords.map((p) => p.map((r) => r.map(([x, y]) => [117 + x * 1e-3, 32 + y * 1e-3])));
    expect(ogcProblems({ type: 'MultiPolygon', coordinates: scaled })).toEqual([]);
  });
});
