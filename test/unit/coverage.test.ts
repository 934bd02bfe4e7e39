import { describe, expect, it } from 'vitest';
import { Engine } from '../../workers/engine.ts';
import { analyze, gapFeatures } from '../../workers/analysis/coverage.ts';
import { parseStandards, type Standards } from '../../workers/analysis/standards.ts';
import { pointInPolygon, toXY } from '../../workers/model/geo.ts';
import defaults from '../../data/standards/gb50180-2018.json';
import { fixture } from './fixtures.ts';

const table = (): Standards => parseStandards(structuredClone(defaults));

// A straight street y=0, x from -1000 to 1000. Buildings are 4 m squares centred 5 m off the street.
const street = [{ pts: [[-1000, 0], [1000, 0]] as [number, number][] }];
const communities = [
  { id: 'west', ring: [[-1000, -100], [400, -100], [400, 100], [-1000, 100], [-1000, -100]] as [number, number][] },
  { id: 'east', ring: [[400, -100], [1000, -100], [1000, 100], [400, 100], [400, -100]] as [number, number][] },
];

describe('coverage', () => {
  const ds = fixture({
    streets: street, communities,
    facilities: [{ id: 'k', category: 'kindergarten', at: [100, 0], capacity: 100 }],
    buildings: [
      { id: 'a', at: [100, 5], cohorts: { age3_6: 10 } },
      { id: 'b', at: [350, 5], cohorts: { age3_6: 20 } },
      { id: 'c', at: [500, 5], cohorts: { age3_6: 30 } },
      { id: 'd', at: [900, 5], cohorts: { age3_6: 40 } },
    ],
  });
  const e = new Engine(ds);

  it('measures network walks and covers the target cohort within the threshold', () => {
    const r = analyze(e, table()).categories.kindergarten!;
    expect(Array.from(r.dist).map((d) => Math.round(d))).toEqual([5, 255, 405, 805]);
    expect(Array.from(r.nearest)).toEqual([0, 0, 0, 0]);
    // Threshold 300 m: a and b covered, 30 of 100 children.
    expect(r.district).toEqual({ target: 100, covered: 30, share: 0.3 });
    expect(r.byCommunity.west).toEqual({ target: 30, covered: 30, share: 1 });
    expect(r.byCommunity.east).toEqual({ target: 70, covered: 0, share: 0 });
  });

  it('an edited standard changes the result and the table fingerprint', () => {
    const edited = table();
    edited.categories.find((c) => c.id === 'kindergarten')!.threshold_m = 450;
    const before = analyze(e, table());
    const after = analyze(e, edited, { edited: true });
    expect(after.categories.kindergarten!.district.share).toBeCloseTo(0.6, 10);
    expect(after.table.fingerprint).not.toBe(before.table.fingerprint);
    expect(after.table.edited).toBe(true);
  });

  it('rejects a broken table with a clear message', () => {
    const bad = table();
    bad.categories[0].threshold_m = -5;
    expect(() => parseStandards(bad)).toThrow(/threshold_m: -5 is outside 50…5000/);
    const unknown = structuredClone(defaults) as { categories: Array<{ id: string }> };
    unknown.categories[0].id = 'casino';
    expect(() => parseStandards(unknown)).toThrow(/unknown category "casino"/);
  });
});

describe('2SFCA and facility load', () => {
  // Nursery A (30 places) at x=0, nursery B (10 places) at x=600; threshold 300 m.
  // Children 0–3: p at 100 (10), q at 250 (20), r at 450 (30), s at 700 (40); each 5 m off the street.
  // Catchments: A reaches p (105 m) and q (255 m) -> R_A = 30 / 30 = 1.
  //             B reaches r (155 m) and s (105 m) -> R_B = 10 / 70.
  const ds = fixture({
    streets: street, communities,
    facilities: [
      { id: 'A', category: 'nursery', at: [0, 0], capacity: 30 },
      { id: 'B', category: 'nursery', at: [600, 0], capacity: 10 },
    ],
    buildings: [
      { id: 'p', at: [100, 5], cohorts: { age0_3: 10 } },
      { id: 'q', at: [250, 5], cohorts: { age0_3: 20 } },
      { id: 'r', at: [450, 5], cohorts: { age0_3: 30 } },
      { id: 's', at: [700, 5], cohorts: { age0_3: 40 } },
      // u is 455 m from A: outside every catchment, but in A's service area.
      { id: 'u', at: [-450, 5], cohorts: { age0_3: 5 } },
    ],
  });
  const e = new Engine(ds);
  const r = analyze(e, table()).categories.nursery!;

  it('computes the supply ratio per facility and the access per building', () => {
    expect(r.facilities.map((f) => f.ratio)).toEqual([1, expect.closeTo(10 / 70, 10)]);
    expect(Array.from(r.access!)).toEqual([1, 1, expect.closeTo(10 / 70, 10), expect.closeTo(10 / 70, 10), 0]);
  });

  it('loads each facility with the cohort in its network service area', () => {
    expect(r.facilities.map((f) => [f.id, f.load, f.utilisation])).toEqual([['A', 35, 35 / 30], ['B', 70, 7]]);
  });

  it('balances supply against the quota per community', () => {
    // Quota 4.5 places per 1000 residents; each fixture building has 100 residents; p, q and u are west of x=400.
    expect(r.supplyDemand.west.supply).toBe(30);
    expect(r.supplyDemand.west.demand).toBeCloseTo(1.35, 10);
    expect(r.supplyDemand.west.balance).toBeCloseTo(28.65, 10);
    expect(r.supplyDemand.east.supply).toBe(10);
    expect(r.supplyDemand.district.demand).toBeCloseTo(2.25, 10);
  });

  it('a gaussian decay weights nearer demand more (G2SFCA)', () => {
    const g = analyze(e, table(), { decay: 'gaussian' }).categories.nursery!;
    const w = (d: number) => (Math.exp(-0.5 * (d / 300) ** 2) - Math.exp(-0.5)) / (1 - Math.exp(-0.5));
    const RA = 30 / (10 * w(105) + 20 * w(255));
    expect(g.facilities[0].ratio).toBeCloseTo(RA, 6);
    expect(g.access![0]).toBeCloseTo(RA * w(105), 6);
  });

  it('reports facilities with zero or missing capacity and keeps going', () => {
    const broken = fixture({
      streets: street, communities,
      facilities: [
        { id: 'none', category: 'nursery', at: [0, 0], capacity: null },
        { id: 'zero', category: 'nursery', at: [600, 0], capacity: 0 },
      ],
      buildings: [{ id: 'p', at: [100, 5], cohorts: { age0_3: 10 } }],
    });
    const res = analyze(new Engine(broken), table());
    expect(res.problems).toEqual([
      { kind: 'facility', id: 'none', category: 'nursery', issue: 'missing_capacity' },
      { kind: 'facility', id: 'zero', category: 'nursery', issue: 'zero_capacity' },
    ]);
    const n = res.categories.nursery!;
    expect(n.district.share).toBe(1);
    expect(Array.from(n.access!)).toEqual([0]);
    expect(n.facilities.map((f) => f.utilisation)).toEqual([null, null]);
  });
});

describe('gap areas', () => {
  // Market (threshold 500 m, households) at x=-800. Households: u at 0 (805 m), v at 10 (815 m),
  // w at -500 (305 m, covered), z at 450 (1255 m: beyond the 1000 m search limit).
  const ds = fixture({
    streets: street, communities,
    facilities: [{ id: 'm', category: 'market', at: [-800, 0], capacity: 500 }],
    buildings: [
      { id: 'u', at: [0, 5], population: 250 },
      { id: 'v', at: [10, 5], population: 500 },
      { id: 'w', at: [-500, 5], population: 100 },
      { id: 'z', at: [450, 5], population: 50 },
    ],
  });
  const e = new Engine(ds);
  const res = analyze(e, table(), { hexSize: 150 });
  const gaps = gapFeatures(res, 'market');

  it('aggregates uncovered households per hexagon with mean and worst walks', () => {
    expect(gaps).toHaveLength(2);
    const near = gaps.find((g) => g.properties.buildings === 2)!;
    // Households are population / 2.5, rounded: 100 and 200.
    expect(near.properties).toMatchObject({
      uncovered: 300, uncovered_population: 750, mean_walk_m: 810, worst_walk_m: 815, beyond_limit_buildings: 0,
      threshold_m: 500, community: 'west', cohort: 'households',
    });
    const far = gaps.find((g) => g.properties.buildings === 1)!;
    expect(far.properties).toMatchObject({ uncovered: 20, mean_walk_m: null, worst_walk_m: null, beyond_limit_buildings: 1, community: 'east' });
  });

  it('draws each hexagon around the buildings it counts', () => {
    const near = gaps.find((g) => g.properties.buildings === 2)!;
    const ring = Float64Array.from(near.geometry.coordinates[0].flatMap(([lon, lat]) => toXY(e.proj, lon, lat)));
    expect(pointInPolygon(0, 5, [ring])).toBe(true);
    expect(pointInPolygon(10, 5, [ring])).toBe(true);
    expect(pointInPolygon(450, 5, [ring])).toBe(false);
    expect(near.geometry.coordinates[0]).toHaveLength(7);
  });
});

describe('indicators', () => {
  it('parking per household, beds per 1000 elderly and service area against the quota', () => {
    const ds = fixture({
      streets: street, communities,
      facilities: [
        { id: 'p1', category: 'parking', at: [0, 0], capacity: 120 },
        { id: 'h1', category: 'elderly_home', at: [0, 0], capacity: 7 },
        { id: 's1', category: 'service_station', at: [0, 0], capacity: 300 },
      ],
      // 1000 residents -> 400 households; 200 aged 60+.
      buildings: [{ id: 'x', at: [0, 5], population: 1000, cohorts: { age60plus: 200 } }],
    });
    const rows = analyze(new Engine(ds), table()).indicators.filter((r) => r.scope === 'west');
    const get = (id: string) => rows.find((r) => r.id === id)!;
    expect(get('parking_per_household')).toMatchObject({ value: 0.3, target: 1, pass: false });
    expect(get('elderly_beds_per_1000')).toMatchObject({ value: 35, target: 35, pass: true });
    // Needs max(400, 30 × 400 / 100 = 120) = 400 m²; has 300.
    expect(get('service_station_area')).toMatchObject({ value: 0.75, pass: false });
  });
});
