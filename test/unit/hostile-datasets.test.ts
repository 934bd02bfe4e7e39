// Hostile datasets through the one validation stage (workers/model/validate.ts) and on into the
// analysis, table-driven: each is refused with the file and problem named, or repaired with a
// report item naming the file, the feature and the problem, and the analysis then runs.
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DatasetRefused, validateDataset, type ReportItem } from '../../workers/model/validate.ts';
import { Engine } from '../../workers/engine.ts';
import { analyze } from '../../workers/analysis/coverage.ts';
import { parseStandards } from '../../workers/analysis/standards.ts';
import type { Dataset } from '../../workers/model/dataset.ts';
import { fixture } from './fixtures.ts';
import { SMALL, smallDataset, type Outcome } from './hostile-helpers.ts';

const TABLE = parseStandards(JSON.parse(readFileSync('data/standards/gb50180-2018.json', 'utf8')));
const counts: Record<Outcome, number> = { error: 0, repaired: 0, correct: 0 };
afterAll(() => console.log(`hostile dataset cases by outcome: ${JSON.stringify(counts)}`));

type Raw = Record<string, { type: string; features: Array<{ type: string; geometry: { type: string; coordinates: unknown } | null; properties: Record<string, unknown>; id?: unknown }> }>;
const raw = (change: (d: Raw) => void = () => {}): Raw => {
  const d = structuredClone(smallDataset()) as unknown as Raw;
  change(d);
  return d;
};
const mapCoords = (c: unknown, f: (p: number[]) => number[]): unknown =>
  Array.isArray(c) && typeof c[0] === 'number' ? f(c as number[]) : Array.isArray(c) ? c.map((x) => mapCoords(x, f)) : c;

interface Case {
  name: string;
  input: () => unknown;
  outcome: Outcome;
  /** For a refusal: the message. For a repair: a report item (file, feature, problem). */
  says?: RegExp;
  feature?: string;
  file?: RegExp;
  check?: (ds: Dataset) => void;
  china?: boolean;
}

const CASES: Case[] = [
  { name: 'not an object', input: () => 'streets', outcome: 'error', says: /not a dataset/ },
  { name: 'a layer that is not a FeatureCollection', input: () => raw((d) => { (d.streets as unknown) = [1, 2]; }), outcome: 'error', says: /streets\.geojson: not a GeoJSON FeatureCollection/ },
  { name: 'no streets', input: () => raw((d) => { d.streets.features = []; }), outcome: 'error', says: /no usable streets/ },
  { name: 'only motorways', input: () => raw((d) => { for (const f of d.streets.features) f.properties.class = 'motorway'; }), outcome: 'error', says: /may be walked/ },
  { name: 'no buildings', input: () => raw((d) => { d.buildings.features = []; }), outcome: 'error', says: /no usable buildings/ },
  { name: 'every building without geometry', input: () => raw((d) => { for (const f of d.buildings.features) f.geometry = null; }), outcome: 'error', says: /no usable buildings/ },
  {
    name: 'coordinates in projected metres', outcome: 'error', says: /projected metres/,
    input: () => raw((d) => { for (const l of Object.values(d)) if (l?.features) for (const f of l.features) if (f.geometry) f.geometry.coordinates = mapCoords(f.geometry.coordinates, ([x, y]) => [x * 111000, y * 111000]); }),
  },
  {
    name: 'a Chinese system, but outside China', outcome: 'error', says: /outside China/, china: true,
    input: () => raw((d) => { for (const l of Object.values(d)) if (l?.features) for (const f of l.features) if (f.geometry) f.geometry.coordinates = mapCoords(f.geometry.coordinates, ([x, y]) => [x - 120, y + 10]); }),
  },
  {
    name: 'latitude and longitude swapped', outcome: 'repaired', says: /swapped/,
    input: () => raw((d) => { for (const l of Object.values(d)) if (l?.features) for (const f of l.features) if (f.geometry) f.geometry.coordinates = mapCoords(f.geometry.coordinates, ([x, y]) => [y, x + 60]); }),
    check: (ds) => expect(ds.streets.features.length).toBe(10),
  },
  {
    name: 'a NaN coordinate in a street', outcome: 'repaired', file: /streets\.geojson/, feature: 's3', says: /dropped/,
    input: () => raw((d) => { (d.streets.features[3].geometry!.coordinates as number[][])[1] = [NaN, NaN]; }),
    check: (ds) => expect(ds.streets.features.map((f) => f.properties.id)).not.toContain('s3'),
  },
  {
    name: 'an Infinity coordinate in a building', outcome: 'repaired', file: /buildings\.geojson/, feature: 'b2', says: /dropped/,
    input: () => raw((d) => { (d.buildings.features[1].geometry!.coordinates as number[][][])[0][2] = [Infinity, 32]; }),
    check: (ds) => expect(ds.buildings.features.map((f) => f.properties.id)).not.toContain('b2'),
  },
  {
    name: 'a coordinate given as text', outcome: 'repaired', file: /buildings\.geojson/, feature: 'b1', says: /dropped/,
    input: () => raw((d) => { (d.buildings.features[0].geometry!.coordinates as unknown[][])[0][1] = ['117', '32']; }),
  },
  {
    name: 'one building 8,000 km away', outcome: 'repaired', file: /buildings\.geojson/, feature: 'b4', says: /more than \d+ km/,
    input: () => raw((d) => { (d.buildings.features[3].geometry!.coordinates as number[][][])[0][0] = [40, 10]; }),
  },
  { name: 'a building without geometry', input: () => raw((d) => { d.buildings.features[0].geometry = null; }), outcome: 'repaired', file: /buildings/, feature: 'b1', says: /null or missing geometry/ },
  {
    name: 'a building drawn as a point', outcome: 'repaired', file: /buildings/, feature: 'b1', says: /Point geometry where Polygon or MultiPolygon/,
    input: () => raw((d) => { d.buildings.features[0].geometry = { type: 'Point', coordinates: [117, 32] }; }),
  },
  {
    name: 'a MultiPolygon building (as osmium and QGIS write them)', outcome: 'correct',
    input: () => raw((d) => { const g = d.buildings.features[0].geometry!; d.buildings.features[0].geometry = { type: 'MultiPolygon', coordinates: [g.coordinates] }; }),
    check: (ds) => expect(ds.buildings.features.map((f) => f.properties.id)).toContain('b1'),
  },
  {
    name: 'a MultiLineString street', outcome: 'repaired', file: /streets/, feature: 's0', says: /split into 2 streets/,
    input: () => raw((d) => { const c = d.streets.features[0].geometry!.coordinates as number[][]; d.streets.features[0].geometry = { type: 'MultiLineString', coordinates: [c.slice(0, 3), c.slice(2)] }; }),
  },
  {
    name: 'a self-intersecting (bow-tie) building', outcome: 'repaired', file: /buildings/, feature: 'b3',
    input: () => raw((d) => { const r = (d.buildings.features[2].geometry!.coordinates as number[][][])[0]; [r[1], r[2]] = [r[2], r[1]]; }),
  },
  { name: 'duplicate facility ids', input: () => raw((d) => { d.facilities.features[1].properties.id = 'hs1'; }), outcome: 'repaired', file: /facilities/, feature: 'hs1', says: /duplicate id.*renamed hs1~2/ },
  {
    name: 'a nursery mapped twice (same category, name, place and capacity)', outcome: 'repaired', file: /facilities/, feature: 'n1-copy',
    says: /same category, name, place and capacity as n1: a duplicate, dropped/,
    input: () => raw((d) => { d.facilities.features.push({ ...structuredClone(d.facilities.features[3]), properties: { ...d.facilities.features[3].properties, id: 'n1-copy' } }); }),
    check: (ds) => expect(ds.facilities.features.filter((f) => f.properties.category === 'nursery')).toHaveLength(1),
  },
  {
    name: 'two nurseries at one place with different names', outcome: 'correct',
    input: () => raw((d) => { d.facilities.features.push({ ...structuredClone(d.facilities.features[3]), properties: { ...d.facilities.features[3].properties, id: 'n2', name: 'n2' } }); }),
    check: (ds) => expect(ds.facilities.features.filter((f) => f.properties.category === 'nursery')).toHaveLength(2),
  },
  { name: 'a facility without id', input: () => raw((d) => { delete d.facilities.features[1].properties.id; }), outcome: 'repaired', file: /facilities/, says: /no id/ },
  { name: 'a negative population', input: () => raw((d) => { d.buildings.features[0].properties.population = -100; }), outcome: 'repaired', file: /buildings/, feature: 'b1', says: /negative|population/ },
  { name: 'a population of a trillion', input: () => raw((d) => { d.buildings.features[0].properties.population = 1e12; }), outcome: 'repaired', file: /buildings/, feature: 'b1', says: /population/ },
  { name: 'a capacity written as text', input: () => raw((d) => { d.facilities.features[0].properties.capacity = 'lots'; }), outcome: 'repaired', file: /facilities/, feature: 'hs1', says: /capacity/ },
  { name: 'an unknown category', input: () => raw((d) => { d.facilities.features[0].properties.category = 'hospital'; }), outcome: 'repaired', file: /facilities/, feature: 'hs1', says: /unknown category "hospital"/ },
  { name: 'no facilities at all', input: () => raw((d) => { d.facilities.features = []; }), outcome: 'repaired', file: /facilities/, says: /no facilities/ },
  {
    name: 'a fragmented network', outcome: 'repaired', file: /streets/, says: /fragmented network/,
    input: () => fixture({ ...SMALL, streets: [0, 1, 2, 3, 4].map((k) => ({ pts: [[k * 300, 0], [k * 300 + 100, 0]] as [number, number][] })) }),
  },
  {
    name: 'gates with broken coordinates', outcome: 'repaired', file: /compounds/, says: /gates without valid coordinates/,
    input: () => {
      const d = raw();
      d.compounds = { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: (d.buildings.features[0].geometry!.coordinates) }, properties: { id: 'c1', gates: [[117, 32], ['x', null]] } }] };
      return d;
    },
  },
  { name: 'the small dataset', input: () => raw(), outcome: 'correct' },
];

describe('hostile datasets through the validation stage', () => {
  for (const c of CASES) {
    it(`${c.name} → ${c.outcome}`, () => {
      if (c.outcome === 'error') {
        let err: unknown;
        try { validateDataset(c.input(), { source: 'test', china: c.china }); } catch (e) { err = e; }
        expect(err).toBeInstanceOf(DatasetRefused);
        expect((err as Error).message).toMatch(c.says!);
        counts.error++;
        return;
      }
      const { dataset, report } = validateDataset(c.input(), { source: 'test', china: c.china });
      const items = report.items.filter((i: ReportItem) => i.severity !== 'warning' || c.outcome === 'repaired');
      if (c.outcome === 'repaired') {
        const hit = items.find((i) => (!c.says || c.says.test(i.problem)) && (!c.file || c.file.test(i.file)) && (!c.feature || i.feature === c.feature));
        expect(hit, JSON.stringify(report.items, null, 1)).toBeDefined();
      } else {
        expect(report.items.filter((i) => i.severity === 'error')).toEqual([]);
      }
      c.check?.(dataset);
      // The analysis runs on what was kept and says what it cannot stand behind.
      const result = analyze(new Engine(dataset), TABLE, {});
      expect(result.indicators.length).toBeGreaterThan(0);
      if (dataset.facilities.features.length === 0) expect(result.warnings.filter((w) => w.code === 'no_facility')).toHaveLength(TABLE.categories.length);
      counts[c.outcome]++;
    });
  }
});
