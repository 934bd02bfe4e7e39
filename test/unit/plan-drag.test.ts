// Plans on the engine: facility changes applied, the live drag equal to a full re-analysis at every
// position, and the plan file refusing what it cannot trust.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../workers/engine.ts';
import { analyze, gapFeatures, type GapFeature } from '../../workers/analysis/coverage.ts';
import { parseStandards, type Standards } from '../../workers/analysis/standards.ts';
import { useScenario } from '../../workers/scenario/apply.ts';
import { comparePlans } from '../../workers/scenario/compare.ts';
import { parseScenarioGeoJson, scenarioToGeoJson, staleReferences } from '../../workers/scenario/geojson.ts';
import { DragSession } from '../../workers/siting/drag.ts';
import type { Change, Scenario } from '../../workers/scenario/types.ts';
import { toLonLat } from '../../workers/model/geo.ts';
import { loadDatasetDir } from '../../scripts/lib/load.ts';
import defaults from '../../data/standards/gb50180-2018.json';
import { fixture, rng } from './fixtures.ts';

const table = (): Standards => parseStandards(structuredClone(defaults));

function plan(dataset: string, changes: Change[]): Scenario {
  return {
    format: 'circletwin-scenario', version: 1, id: 'p1', name: '方案一', dataset, created: '2026-11-23T00:00:00Z',
    updated: '2026-11-23T00:00:00Z', revision: 3, changes, time_of_day: null, slides: [],
  };
}

describe('plans on a hand-made street', () => {
  // One street y=0 from -1000 to 1000; buildings 5 m off it; one kindergarten at x=100.
  const ds = fixture({
    streets: [{ pts: [[-1000, 0], [1000, 0]] }],
    communities: [{ id: 'all', ring: [[-1000, -100], [1000, -100], [1000, 100], [-1000, 100], [-1000, -100]] }],
    facilities: [{ id: 'k', category: 'kindergarten', at: [100, 0], capacity: 100 }],
    buildings: [
      { id: 'a', at: [100, 5], cohorts: { age3_6: 10 } },
      { id: 'b', at: [350, 5], cohorts: { age3_6: 20 } },
      { id: 'c', at: [700, 5], cohorts: { age3_6: 30 } },
    ],
  });
  const e = new Engine(ds);
  const at = (x: number): [number, number] => toLonLat(e.proj, x, 0) as [number, number];

  it('adds a candidate, moves and removes existing facilities, never touching the baseline', () => {
    const base = analyze(e, table()).categories.kindergarten!;
    expect(Array.from(base.dist).map(Math.round)).toEqual([5, 255, 605]);
    const applied = useScenario(e, plan(ds.meta.id, [
      { kind: 'facility_add', id: 'c1', category: 'kindergarten', name: '新园', capacity: 90, position: at(650), origin: 'manual' },
    ]));
    expect(applied.problems).toEqual([]);
    const r = analyze(e, table()).categories.kindergarten!;
    // c is 5 m off the street, 50 m along it from the candidate.
    expect(Array.from(r.dist).map(Math.round)).toEqual([5, 255, 55]);
    expect(r.district.covered).toBe(60);
    expect(r.facilities.map((f) => f.id)).toEqual(['k', 'c1']);

    useScenario(e, plan(ds.meta.id, [{ kind: 'facility_move', id: 'm', facility: 'k', position: at(-400) }]));
    expect(Array.from(analyze(e, table()).categories.kindergarten!.dist).map(Math.round)).toEqual([505, 755, 1105].map((d) => (d > 1000 ? Infinity : d)));
    useScenario(e, plan(ds.meta.id, [{ kind: 'facility_remove', id: 'r', facility: 'k' }]));
    expect(analyze(e, table()).categories.kindergarten!.district.covered).toBe(0);
    useScenario(e, null);
    expect(Array.from(analyze(e, table()).categories.kindergarten!.dist).map(Math.round)).toEqual([5, 255, 605]);
    expect(ds.facilities.features).toHaveLength(1);
  });

  it('says what a plan changes: target population gained and lost, by community and cohort', () => {
    const std = table();
    useScenario(e, null);
    const before = analyze(e, std);
    useScenario(e, plan(ds.meta.id, [
      { kind: 'facility_add', id: 'c1', category: 'kindergarten', name: '新园', capacity: 90, position: at(650), origin: 'manual' },
    ]));
    const added = comparePlans(e, std, before, analyze(e, std)).categories.kindergarten!;
    expect(added.gained).toBe(30);
    expect(added.lost).toBe(0);
    expect(added.gainedByCommunity).toEqual({ all: 30 });
    expect(added.gainedByCohort.age3_6).toBe(30);
    expect(added.gainedByCohort.everyone).toBe(100);
    expect([added.closer, added.farther]).toEqual([1, 0]);
    expect(added.district.share).toEqual({ before: 0.5, after: 1, delta: 0.5 });
    useScenario(e, plan(ds.meta.id, [{ kind: 'facility_remove', id: 'r', facility: 'k' }]));
    const removed = comparePlans(e, std, before, analyze(e, std)).categories.kindergarten!;
    expect([removed.gained, removed.lost, removed.farther]).toEqual([0, 30, 3]);
    useScenario(e, null);
  });

  it('reports changes it cannot apply instead of guessing', () => {
    const applied = useScenario(e, plan(ds.meta.id, [
      { kind: 'facility_remove', id: 'x', facility: 'nope' },
      { kind: 'facility_add', id: 'far', category: 'nursery', name: 'far', capacity: 10, position: toLonLat(e.proj, 0, 5000) as [number, number], origin: 'manual' },
      { kind: 'facility_add', id: 'neg', category: 'nursery', name: 'neg', capacity: -5, position: at(0), origin: 'manual' },
    ]));
    expect(applied.problems.map((p) => p.change)).toEqual(['x', 'neg', 'far']);
    expect(applied.problems[0].message).toMatch(/no facility "nope"/);
    expect(applied.problems[1].message).toMatch(/negative/);
    expect(applied.problems[2].message).toMatch(/too far/);
    useScenario(e, null);
  });
});

describe('dragging on the embedded district', () => {
  const ds = loadDatasetDir('data/jidong');
  const e = new Engine(ds);
  const std = table();
  const profile = std.profiles[0];
  const [minLon, minLat, maxLon, maxLat] = ds.meta.bbox;

  it('gives at every position exactly what a full analysis of the plan gives', () => {
    const random = rng(7);
    const start: [number, number] = [(minLon + maxLon) / 2, (minLat + maxLat) / 2];
    const p = plan(ds.meta.id, [{ kind: 'facility_add', id: 'cand', category: 'health_station', name: '候选', capacity: null, position: start, origin: 'manual' }]);
    useScenario(e, p);
    const session = new DragSession(e, std, profile, e.facilities, 'cand');
    for (let k = 0; k < 12; k++) {
      const pos: [number, number] = [minLon + random() * (maxLon - minLon), minLat + random() * (maxLat - minLat)];
      const live = session.move(pos[0], pos[1]);
      const liveDist = Float64Array.from(live.dist);
      useScenario(e, plan(ds.meta.id, [{ ...p.changes[0], position: pos } as Change]));
      const result = analyze(e, std);
      const full = result.categories.health_station!;
      expect(liveDist).toEqual(full.dist);
      const byHex = (fs: GapFeature[]) => fs.map((f) => JSON.stringify(f)).sort();
      expect(byHex(live.gaps)).toEqual(byHex(gapFeatures(result, 'health_station')));
      expect(live.district.covered).toBeCloseTo(full.district.covered, 6);
      for (const [id, c] of Object.entries(full.byCommunity)) expect(live.byCommunity[id].covered).toBeCloseTo(c.covered, 6);
      if (live.snapped) expect(live.isochrone?.geometry.coordinates.length).toBeGreaterThan(0);
      useScenario(e, p);
    }
    useScenario(e, null);
  });
});

describe('plan files', () => {
  const p = plan('jidong', [
    { kind: 'facility_add', id: 'c1', category: 'health_station', name: '卫生站', capacity: null, position: [117.31, 31.86], origin: 'suggested', site_id: 's3' },
    { kind: 'facility_remove', id: 'r1', facility: 'f-1' },
    { kind: 'path_add', id: 'p1', path_type: 'footbridge', coordinates: [[117.3, 31.86], [117.301, 31.861]], penalty_m: 30, name: '人行天桥' },
    { kind: 'gate_hours', id: 'g1', gate: 'c-1/0', hours: { open: '06:00', close: '22:00' } },
  ]);

  it('round-trips every change', () => {
    expect(parseScenarioGeoJson(scenarioToGeoJson(p), 'jidong')).toEqual(p);
  });

  it('refuses malformed, foreign and mismatched files with a message naming the problem', () => {
    const good = JSON.parse(scenarioToGeoJson(p));
    const cases: Array<[string, RegExp]> = [
      ['{ not json', /not valid JSON/],
      [JSON.stringify({ type: 'FeatureCollection', features: [] }), /not a CircleTwin plan/],
      [JSON.stringify([1, 2]), /not a GeoJSON FeatureCollection/],
      [JSON.stringify({ ...good, circletwin: { ...good.circletwin, version: 99 } }), /version 99/],
      [JSON.stringify({ ...good, circletwin: { ...good.circletwin, dataset: 'beijing' } }), /for dataset "beijing"/],
      [JSON.stringify({ ...good, features: [{ ...good.features[0], properties: { ...good.features[0].properties, category: 'casino' } }] }), /Feature 1 \(change "c1"\): unknown category "casino"/],
      [JSON.stringify({ ...good, features: [{ ...good.features[0], geometry: { type: 'Point', coordinates: [500, 31] } }] }), /valid longitude\/latitude/],
      [JSON.stringify({ ...good, features: [{ ...good.features[0], properties: { ...good.features[0].properties, capacity: -3 } }] }), /negative/],
      [JSON.stringify({ ...good, features: [good.features[0], good.features[0]] }), /appears twice/],
      [JSON.stringify({ ...good, features: [{ ...good.features[2], geometry: { type: 'LineString', coordinates: [[117.3, 31.86]] } }] }), /2 to 5000 points/],
      [JSON.stringify({ ...good, features: [{ ...good.features[3], properties: { ...good.features[3].properties, hours: { open: '25:00', close: '1' } } }] }), /HH:MM/],
      [JSON.stringify({ ...good, features: [{ ...good.features[1], properties: { change: 'teleport' } }] }), /unknown change "teleport"/],
    ];
    for (const [text, message] of cases) expect(() => parseScenarioGeoJson(text, 'jidong')).toThrow(message);
  });
});

describe('plans opened on changed data', () => {
  const ds = loadDatasetDir('data/jidong');
  const street = ds.streets.features[5];
  const gate = `${ds.compounds.features[0].properties.id}/0`;
  const p = plan('jidong', [
    { kind: 'way_close', id: 'w', street: street.properties.id, reason: '施工', coordinates: street.geometry.coordinates },
    { kind: 'gate_state', id: 'g', gate, open: false },
    { kind: 'facility_remove', id: 'f', facility: String(ds.facilities.features[0].properties.id) },
  ]);

  it('finds nothing stale on the data the plan was made on, and keeps the closed street geometry through a file', () => {
    const back = parseScenarioGeoJson(scenarioToGeoJson(p, ds), 'jidong');
    expect(staleReferences(back, ds)).toEqual([]);
    expect(back.changes[0]).toEqual(p.changes[0]);
  });

  it('names every reference that no longer holds', () => {
    const changed = structuredClone(ds);
    changed.streets.features[5].geometry.coordinates = changed.streets.features[9].geometry.coordinates;
    changed.compounds.features[0].properties.gates = [];
    changed.facilities.features.shift();
    const stale = staleReferences(p, changed);
    expect(stale.map((s) => s.change)).toEqual(['w', 'g', 'f']);
    expect(stale[0].message).toMatch(/no longer where the plan closed it/);
  });
});
