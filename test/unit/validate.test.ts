// The one validation stage: each bad-input class is tried and its message checked; multi-part
// geometry reaches the engine in a form it measures correctly.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatasetRefused, validateDataset, type ValidationReport } from '../../workers/model/validate.ts';
import { importFiles } from '../../workers/io/import.ts';
import { ImportError } from '../../workers/io/source.ts';
import { Engine } from '../../workers/engine.ts';
import { buildingPoint } from '../../workers/model/shape.ts';
import { makeProjection } from '../../workers/model/geo.ts';
import { ll } from './fixtures.ts';
import { problemText } from '../../src/i18n/importer.ts';

type XY = [number, number];
const sq = (c: XY, h: number) => [[c[0] - h, c[1] - h], [c[0] + h, c[1] - h], [c[0] + h, c[1] + h], [c[0] - h, c[1] + h], [c[0] - h, c[1] - h]].map((p) => ll(p as XY));
const fc = (features: unknown[]) => ({ type: 'FeatureCollection', features });
const feat = (id: string | undefined, geometry: unknown, props: Record<string, unknown> = {}) =>
  ({ type: 'Feature', geometry, properties: id === undefined ? props : { id, ...props } });
const street = (id: string, pts: XY[], props: Record<string, unknown> = {}) => feat(id, { type: 'LineString', coordinates: pts.map(ll) }, { class: 'residential', ...props });
const building = (id: string | undefined, c: XY, props: Record<string, unknown> = {}) => feat(id, { type: 'Polygon', coordinates: [sq(c, 5)] }, { population: 100, ...props });

/** A small valid district: a street grid, two buildings, one clinic. */
function base() {
  return {
    streets: fc([street('s1', [[0, 0], [100, 0], [200, 0]]), street('s2', [[100, 0], [100, 200]])]),
    buildings: fc([building('b1', [50, 20]), building('b2', [120, 150])]),
    facilities: fc([feat('f1', { type: 'Point', coordinates: ll([0, 0]) }, { category: 'health_station', capacity: 10 })]),
  };
}

function refused(input: unknown, opts = {}): ValidationReport {
  try {
    validateDataset(input, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(DatasetRefused);
    return (e as DatasetRefused).report;
  }
  throw new Error('expected the dataset to be refused');
}
const messages = (r: ValidationReport) => r.items.map((i) => `${i.severity} ${i.file} ${i.feature ?? '-'} ${i.problem}`).join('\n');

describe('validation refuses what cannot be analysed', () => {
  it('not parseable: names the file', () => {
    expect(() => importFiles([{ name: 'streets.geojson', data: '{"type": "FeatureCollection", "features": [' }])).toThrow(ImportError);
    expect(() => importFiles([{ name: 'streets.geojson', data: '{oops' }])).toThrow(/streets\.geojson: not parseable as JSON/);
    expect(() => importFiles([{ name: 'streets.geojson', data: '{"type": "Topology"}' }])).toThrow(/streets\.geojson: not GeoJSON/);
  });

  it('a layer that is not a FeatureCollection', () => {
    const r = refused({ ...base(), buildings: { type: 'FeatureCollection', features: 'x' } });
    expect(messages(r)).toMatch(/buildings\.geojson.*not a GeoJSON FeatureCollection/);
  });

  it('metres given as degrees', () => {
    const metres = (p: XY) => [500000 + p[0], 3500000 + p[1]];
    const r = refused({
      streets: fc([feat('s1', { type: 'LineString', coordinates: [metres([0, 0]), metres([100, 0])] })]),
      buildings: fc([feat('b1', { type: 'Polygon', coordinates: [[metres([0, 5]), metres([5, 5]), metres([5, 9]), metres([0, 5])]] })]),
    }, { source: 'gk.geojson' });
    expect(messages(r)).toMatch(/gk\.geojson.*projected metres \(for example 500000, 35000\d+\).*projection/);
  });

  it('lat/lon swapped: repaired when unambiguous', () => {
    const swap = (fcx: { features: unknown[] }) => {
      const flip = (c: unknown): unknown => (typeof (c as number[])[0] === 'number' ? [(c as number[])[1], (c as number[])[0]] : (c as unknown[]).map(flip));
      for (const f of fcx.features as Array<{ geometry: { coordinates: unknown } }>) f.geometry.coordinates = flip(f.geometry.coordinates);
      return fcx;
    };
    const b = base();
    const { dataset, report } = validateDataset({ streets: swap(b.streets), buildings: swap(b.buildings), facilities: swap(b.facilities) });
    expect(messages(report)).toMatch(/repaired .*latitude and longitude were swapped/);
    expect(dataset.streets.features[0].geometry.coordinates[0][0]).toBeCloseTo(ll([0, 0])[0], 9);
  });

  it('outside China for a Chinese coordinate system', () => {
    const helsinki = (p: XY) => [24.94 + p[0] * 1e-5, 60.17 + p[1] * 1e-5];
    const r = refused({
      streets: fc([feat('s1', { type: 'LineString', coordinates: [helsinki([0, 0]), helsinki([100, 0])] })]),
      buildings: fc([feat('b1', { type: 'Polygon', coordinates: [[helsinki([0, 5]), helsinki([5, 5]), helsinki([5, 9]), helsinki([0, 5])]] })]),
    }, { china: true, source: 'pois.csv' });
    expect(messages(r)).toMatch(/pois\.csv.*outside China.*Chinese coordinate system/);
  });

  it('no streets, no walkable street, no buildings', () => {
    expect(messages(refused({ ...base(), streets: fc([]) }))).toMatch(/streets\.geojson.*no usable streets/);
    const motorways = fc([street('m1', [[0, 0], [200, 0]], { class: 'motorway' }), street('p1', [[0, 10], [200, 10]], { access: 'private' })]);
    expect(messages(refused({ ...base(), streets: motorways }))).toMatch(/none of the 2 streets may be walked/);
    expect(messages(refused({ ...base(), buildings: fc([building('b1', [0, 0], {})].map((f) => ({ ...f, geometry: null }))) })))
      .toMatch(/buildings\.geojson.*no usable buildings/);
  });
});

describe('validation repairs or drops bad features, naming them', () => {
  it('null and wrong geometry, NaN/Infinity and non-numeric coordinates', () => {
    const b = base();
    b.buildings.features.push(
      feat('nullgeom', null),
      feat('pointbuilding', { type: 'Point', coordinates: ll([10, 10]) }),
      feat('nanb', { type: 'Polygon', coordinates: [[[117, 32], [NaN, 32], [117.001, 32.001], [117, 32]]] }),
      feat('infb', { type: 'Polygon', coordinates: [[[117, 32], [Infinity, 32], [117.001, 32.001], [117, 32]]] }),
      feat('strb', { type: 'Polygon', coordinates: [[[117, 32], ['117.1', 32], [117.001, 32.001], [117, 32]]] }),
      feat('nested', { type: 'Polygon', coordinates: [[117, 32], [117.001, 32], [117, 32.001]] }),
    );
    const { dataset, report } = validateDataset(b);
    const m = messages(report);
    expect(m).toMatch(/error buildings\.geojson nullgeom null or missing geometry: dropped/);
    expect(m).toMatch(/error buildings\.geojson pointbuilding Point geometry where Polygon or MultiPolygon is expected: dropped/);
    expect(m).toMatch(/error buildings\.geojson nanb a coordinate is NaN or infinite \(NaN, 32\): dropped/);
    expect(m).toMatch(/error buildings\.geojson infb a coordinate is NaN or infinite \(Infinity, 32\): dropped/);
    expect(m).toMatch(/error buildings\.geojson strb a coordinate is not a number/);
    expect(m).toMatch(/error buildings\.geojson nested a position is not a \[longitude, latitude\] pair: dropped/);
    expect(dataset.buildings.features.map((f) => f.properties.id)).toEqual(['b1', 'b2']);
  });

  it('one absurd coordinate is dropped, not stretched into the city', () => {
    const b = base();
    b.buildings.features.push(feat('zero', { type: 'Polygon', coordinates: [[[0, 0], [0.0001, 0], [0.0001, 0.0001], [0, 0]]] }));
    const { dataset, report } = validateDataset(b);
    expect(messages(report)).toMatch(/error buildings\.geojson zero coordinate 0, 0 lies more than 500 km from the rest of the data: dropped/);
    expect(dataset.buildings.features).toHaveLength(2);
    expect(dataset.meta.bbox[2] - dataset.meta.bbox[0]).toBeLessThan(0.01);
  });

  it('self-intersecting footprint: split into simple parts, area kept', () => {
    const b = base();
    // A figure-of-eight: two 10 m triangles meeting at (60, 40).
    const bow = [[50, 30], [70, 50], [70, 30], [50, 50], [50, 30]].map((p) => ll(p as XY));
    b.buildings.features.push(feat('bow', { type: 'Polygon', coordinates: [bow] }));
    const { dataset, report } = validateDataset({ ...b, meta: { center: [117, 32] } });
    expect(messages(report)).toMatch(/repaired buildings\.geojson bow self-intersecting outline repaired: split into 2 simple parts/);
    const bowOut = dataset.buildings.features.find((f) => f.properties.id === 'bow')!;
    expect(bowOut.geometry.type).toBe('MultiPolygon');
    const e = new Engine(dataset);
    const i = e.buildingIds.indexOf('bow');
    // The parts' joint centroid is their touching point (60, 40), on the outline: a point inside
    // one triangle is used instead (left: x − 50 < 10 − |y − 40|; right: 70 − x < 10 − |y − 40|).
    const x = e.buildingXY[2 * i], y = e.buildingXY[2 * i + 1];
    expect(x - 50 < 10 - Math.abs(y - 40) || 70 - x < 10 - Math.abs(y - 40)).toBe(true);
    expect(e.buildingSnaps.edge[i]).toBeGreaterThanOrEqual(0);
  });

  it('unclosed ring closed; duplicate and missing ids renamed', () => {
    const b = base();
    b.buildings.features.push(building('b1', [150, 20]), building(undefined, [150, 60]));
    const open = sq([20, 60], 5).slice(0, 4);
    b.buildings.features.push(feat('open', { type: 'Polygon', coordinates: [open] }));
    const { dataset, report } = validateDataset(b);
    const m = messages(report);
    expect(m).toMatch(/repaired buildings\.geojson b1 duplicate id \(feature #3\): renamed b1~2/);
    expect(m).toMatch(/repaired buildings\.geojson #4 no id: named buildings-4/);
    expect(m).toMatch(/repaired buildings\.geojson open ring was not closed: closed/);
    const ids = dataset.buildings.features.map((f) => f.properties.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('a capacity no facility of its category reaches becomes unknown, so it cannot pass an indicator alone', () => {
    const b = base();
    b.facilities.features.push(
      feat('home', { type: 'Point', coordinates: ll([10, 0]) }, { category: 'elderly_home', capacity: 1_000_000 }),
      feat('park', { type: 'Point', coordinates: ll([20, 0]) }, { category: 'park', capacity: 1_000_000 }),
    );
    const { dataset, report } = validateDataset(b, { estimate: false });
    expect(messages(report)).toMatch(/repaired facilities\.geojson home capacity 1000000 is beyond any real value \(over 5000\)/);
    const cap = (id: string) => dataset.facilities.features.find((f) => f.properties.id === id)!.properties.capacity;
    expect(cap('home')).toBeNull();
    expect(cap('park')).toBe(1_000_000);
  });

  it('negative, NaN and absurd numbers become unknown; unknown categories are dropped', () => {
    const b = base();
    b.buildings.features.push(
      building('neg', [150, 20], { population: -5 }),
      building('nan', [150, 60], { population: 'many' }),
      building('tall', [150, 100], { floors: 2000 }),
    );
    b.facilities.features.push(
      feat('hosp', { type: 'Point', coordinates: ll([10, 0]) }, { category: 'hospitalx' }),
      feat('cap', { type: 'Point', coordinates: ll([20, 0]) }, { category: 'nursery', capacity: -3 }),
    );
    const { dataset, report } = validateDataset(b, { estimate: false });
    const m = messages(report);
    expect(m).toMatch(/repaired buildings\.geojson neg population -5 is negative: treated as unknown/);
    expect(m).toMatch(/repaired buildings\.geojson nan population "many" is not a number: treated as unknown/);
    expect(m).toMatch(/repaired buildings\.geojson tall floors 2000 is beyond any real value \(over 200\)/);
    expect(m).toMatch(/error facilities\.geojson hosp unknown category "hospitalx" \(known: health_station.*\): dropped/);
    expect(m).toMatch(/repaired facilities\.geojson cap capacity -3 is negative/);
    expect(dataset.facilities.features.map((f) => f.properties.id)).toEqual(['f1', 'cap']);
    expect(dataset.facilities.features[1].properties.capacity).toBeNull();
  });

  it('fragmented network: warned', () => {
    const b = base();
    b.streets.features.push(street('far1', [[0, 1000], [300, 1000]]), street('far2', [[2000, 0], [2000, 300]]));
    const { report } = validateDataset(b);
    expect(messages(report)).toMatch(/warning streets\.geojson - fragmented network: 3 separate parts, the largest holding only 40 %/);
  });

  it('no population: estimated from footprint and floors, and marked', () => {
    const b = base();
    b.buildings.features = [feat('e1', { type: 'Polygon', coordinates: [sq([50, 20], 10)] }, { floors: 6 })];
    const { dataset, report } = validateDataset(b, { estimate: { floorAreaPerPerson: 40 } });
    const p = dataset.buildings.features[0].properties as unknown as Record<string, unknown>;
    // 20 m × 20 m × 6 floors ÷ 40 m² = 60 residents.
    expect(p.population).toBe(60);
    expect(p.population_estimated).toBe(true);
    expect(report.populationEstimated).toBe(1);
    expect(messages(report)).toMatch(/1 residential buildings have no population: estimated/);
  });

  it('no communities: grid zones derived and said so', () => {
    const { dataset, report } = validateDataset(base());
    expect(dataset.communities.features.length).toBeGreaterThan(0);
    expect(dataset.communities.features.every((c) => (c.properties as unknown as { derived: boolean }).derived)).toBe(true);
    expect(messages(report)).toMatch(/no community boundaries: \d+ grid zones of 1 km/);
  });
});

describe('multi-part geometry in the engine', () => {
  it('MultiLineString streets, MultiPolygon buildings and facilities are measured', () => {
    const ds = {
      streets: fc([feat('ml', { type: 'MultiLineString', coordinates: [[[0, 0], [100, 0]].map((p) => ll(p as XY)), [[100, 0], [200, 0]].map((p) => ll(p as XY))] }, { class: 'residential' })]),
      // Two equal 10 m squares; their joint centroid (100, 20) lies between them, outside both.
      buildings: fc([feat('mp', { type: 'MultiPolygon', coordinates: [[sq([50, 20], 5)], [sq([150, 20], 5)]] }, { population: 10 })]),
      facilities: fc([feat('park', { type: 'MultiPolygon', coordinates: [[sq([190, 20], 8)], [sq([10, 100], 2)]] }, { category: 'park', capacity: 300 })]),
    };
    const { dataset, report } = validateDataset({ ...ds, meta: { center: [117, 32] } });
    expect(messages(report)).toMatch(/repaired streets\.geojson ml MultiLineString split into 2 streets sharing its id/);
    expect(messages(report)).toMatch(/repaired facilities\.geojson park 2-part polygon: its largest part \(94 % of the area\) is used/);
    const e = new Engine(dataset);
    expect(e.graph.edgeCount).toBeGreaterThan(0);
    const [x, y] = [e.buildingXY[0], e.buildingXY[1]];
    expect(Math.abs(x - 50) < 5.01 || Math.abs(x - 150) < 5.01).toBe(true);
    expect(Math.abs(y - 20)).toBeLessThan(5.01);
    const { dist } = e.distancesFrom(e.categorySources('park').refs, 1000);
    expect(Number.isFinite(dist[0])).toBe(true);
    // The park's outline nearest the street lies at y = 12; the walk runs along the street.
    expect(dist[0]).toBeGreaterThan(Math.abs(182 - x) - 1);
    expect(dist[0]).toBeLessThan(Math.abs(190 - x) + 40);
  });

  it('building point: area centroid, point on surface for a U, entrance when mapped', () => {
    const proj = makeProjection(117, 32);
    // A U open to the north: its centroid falls in the courtyard, outside the footprint.
    const U = [[0, 0], [30, 0], [30, 30], [20, 30], [20, 10], [10, 10], [10, 30], [0, 30], [0, 0]].map((p) => ll(p as XY));
    const [ux, uy] = buildingPoint(proj, { type: 'Polygon', coordinates: [U] });
    const inside = (ux >= 0 && ux <= 10 && uy >= 0 && uy <= 30) || (ux >= 20 && ux <= 30 && uy >= 0 && uy <= 30) || (uy >= 0 && uy <= 10 && ux >= 0 && ux <= 30);
    expect(inside).toBe(true);
    // An L: the vertex average (20, 20) lies off the area centroid.
    const L = [[0, 0], [40, 0], [40, 20], [20, 20], [20, 40], [0, 40], [0, 0]].map((p) => ll(p as XY));
    const [lx, ly] = buildingPoint(proj, { type: 'Polygon', coordinates: [L] });
    // Hand computed: arms 40×20 (centroid 20,10) and 20×20 (centroid 10,30): (800·20 + 400·10)/1200, (800·10 + 400·30)/1200.
    expect(lx).toBeCloseTo(20000 / 1200, 1);
    expect(ly).toBeCloseTo(20000 / 1200, 1);
    const [ex, ey] = buildingPoint(proj, { type: 'Polygon', coordinates: [L] }, { entrances: [ll([40, 5])] });
    expect(ex).toBeCloseTo(40, 3);
    expect(ey).toBeCloseTo(5, 3);
  });
});

describe('the analyze CLI on plain GeoJSON', () => {
  const run = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/analyze.ts', ...args], { encoding: 'utf8' });

  it('a folder without meta.json and with MultiPolygon buildings gives distances', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-plain-'));
    const b = base();
    b.buildings.features = b.buildings.features.map((f: unknown, i) => feat(`mb${i}`, { type: 'MultiPolygon', coordinates: [((f as { geometry: { coordinates: unknown } }).geometry).coordinates] }, { population: 50 }));
    for (const [k, v] of Object.entries(b)) writeFileSync(join(dir, `${k}.geojson`), JSON.stringify(v));
    const out = join(mkdtempSync(join(tmpdir(), 'ct-out-')), 'out');
    const r = run(['--data', dir, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const rows = readFileSync(join(out, 'access.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(','));
    const col = rows[0].indexOf('health_station_m');
    expect(rows.slice(1).map((r) => r[col]).every((v) => v !== '' && Number(v) > 0)).toBe(true);
  });

  it('a single GeoJSON file with mixed layers loads', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-one-'));
    const b = base();
    const file = join(dir, 'city.geojson');
    writeFileSync(file, JSON.stringify(fc([...b.streets.features, ...b.buildings.features, ...b.facilities.features])));
    const r = run(['--data', file, '--out', join(mkdtempSync(join(tmpdir(), 'ct-out-')), 'out')]);
    expect(r.status, r.stderr).toBe(0);
  });

  it('a folder with no buildings is refused with a message, exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-empty-'));
    mkdirSync(join(dir, 'x'));
    writeFileSync(join(dir, 'streets.geojson'), JSON.stringify(base().streets));
    const out = join(mkdtempSync(join(tmpdir(), 'ct-out-')), 'out');
    const r = run(['--data', dir, '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/refused: buildings\.geojson: no usable buildings/);
    expect(() => execFileSync('ls', [out])).toThrow();
  });
});

describe('the report in Chinese', () => {
  it('every message the validator wrote above has a Chinese form', () => {
    const b = base();
    b.buildings.features.push(
      feat('nullgeom', null), feat('pointbuilding', { type: 'Point', coordinates: ll([10, 10]) }),
      feat('nanb', { type: 'Polygon', coordinates: [[[117, 32], [NaN, 32], [117.001, 32.001], [117, 32]]] }),
      feat('zero', { type: 'Polygon', coordinates: [[[0, 0], [0.0001, 0], [0.0001, 0.0001], [0, 0]]] }),
      feat('bow', { type: 'Polygon', coordinates: [[[50, 30], [70, 50], [70, 30], [50, 50], [50, 30]].map((p) => ll(p as XY))] }),
      building('b1', [150, 20], { population: -5, floors: 2000 }), building(undefined, [150, 60], { population: 'many' }),
      feat('open', { type: 'Polygon', coordinates: [sq([20, 60], 5).slice(0, 4)] }),
    );
    b.facilities.features.push(feat('hosp', { type: 'Point', coordinates: ll([10, 0]) }, { category: 'hospitalx' }));
    b.streets.features.push(street('far1', [[0, 1000], [300, 1000]]), street('far2', [[2000, 0], [2000, 300]]),
      feat('ml', { type: 'MultiLineString', coordinates: [[[0, 0], [0, -50]].map((p) => ll(p as XY)), [[0, -60], [0, -90]].map((p) => ll(p as XY))] }, { class: 'path' }));
    const { report } = validateDataset(b);
    const untranslated = report.items.map((i) => problemText(i.problem, 'zh')).filter((t) => !/[\u4e00-\u9fff]/.test(t));
    expect(report.items.length).toBeGreaterThan(12);
    expect(untranslated).toEqual([]);
    for (const bad of [refused({ ...base(), streets: fc([]) }), refused({ ...base(), buildings: fc([]) })]) {
      expect(problemText(bad.items[bad.items.length - 1].problem, 'zh')).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('the engine worker API', () => {
  it('passes unvalidated datasets through the validation stage before the engine', async () => {
    const { EngineApi } = await import('../../workers/api.ts');
    const api = new EngineApi();
    const b = base();
    expect(() => api.load({ ...b, buildings: fc([]) } as never)).toThrow(/no usable buildings/);
    // A bad feature is dropped before the engine sees it; the rest loads.
    b.buildings.features.push(feat('nanb', { type: 'Polygon', coordinates: [[[117, 32], [NaN, 32], [117.001, 32.001], [117, 32]]] }));
    const report = api.load({ ...b, meta: { center: [117, 32] } } as never);
    expect(report.problems.some((p) => p.id === 'nanb')).toBe(false);
    expect(report.edges).toBeGreaterThan(0);
  });
});
