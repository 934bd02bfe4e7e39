// Real OpenStreetMap extracts (../shared/osm-samples, not part of the project: skipped with a
// message where absent) import into a usable analysis, and on each of them every building's walk
// agrees with an independent reference (osm-reference.ts: its own readers, tiny-osmpbf for PBF, its
// own rules, compounds, building points, snapping and Dijkstra) for every building and category.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { loadDataset } from '../../scripts/lib/load.ts';
import { parseOsmPbf } from '../../workers/io/osm-pbf.ts';
import { reference, refFromPbf, refFromXml, type RefOsm } from './osm-reference.ts';
import { Engine } from '../../workers/engine.ts';
import { analyze } from '../../workers/analysis/coverage.ts';
import { loadStandards } from '../../scripts/lib/standards.ts';
import type { CategoryId } from '../../workers/model/dataset.ts';

const DIR = '../shared/osm-samples';
const SAMPLES = {
  wudaokou: `${DIR}/cn-beijing-wudaokou-2017/map.osm`,
  helsinki: `${DIR}/e2e-helsinki-2019/Helsinki.osm.pbf`,
  monaco: `${DIR}/e2e-monaco-2020/monaco.osm.pbf`,
};
const present = Object.values(SAMPLES).every((f) => existsSync(f));
if (!present) console.warn(`import-samples: ${DIR} (or a file in it) is absent; the real-extract tests are skipped`);
const quiet = { log: () => {} };
/** Each extract is read once, when a test first needs it (never at collection, so absence skips cleanly). */
const loaded = new Map<string, ReturnType<typeof loadDataset>>();
const load = (file: string) => {
  if (!loaded.has(file)) loaded.set(file, loadDataset(file, quiet));
  return loaded.get(file)!;
};

describe.skipIf(!present).each(Object.entries(SAMPLES))('real extract %s', (_, file) => {
  it('imports into a usable analysis', () => {
    const { dataset, report } = load(file);
    const e = new Engine(dataset);
    // Connected streets: most of the network in one piece.
    expect(e.report.mainComponentShare).toBeGreaterThan(0.9);
    expect(dataset.streets.features.every((f) => /^way\/\d+(#\d+)?$/.test(f.properties.id))).toBe(true);
    expect(report.populationEstimated).toBeGreaterThan(0);
    const est = dataset.buildings.features.filter((f) => (f.properties as unknown as Record<string, unknown>).population_estimated === true);
    expect(est.length).toBe(report.populationEstimated);
    expect(est.every((f) => f.properties.population >= 0)).toBe(true);
    expect(est.reduce((s, f) => s + f.properties.population, 0)).toBeGreaterThan(1000);
    const standards = loadStandards(undefined);
    const result = analyze(e, standards, { profile: standards.profiles[0] });
    const cats = new Set(dataset.facilities.features.map((f) => f.properties.category));
    for (const c of ['park', 'parking', 'bus_stop', 'convenience'] as CategoryId[]) expect(cats.has(c)).toBe(true);
    const reached = e.distancesFrom(e.categorySources('bus_stop').refs, 3000).dist.filter(Number.isFinite).length;
    expect(reached / e.buildingIds.length).toBeGreaterThan(0.8);
    expect(result.indicators.length).toBeGreaterThan(0);
  }, 60_000);
});

describe.skipIf(!present)('Beijing Wudaokou: tags', () => {
  it('amenities land in the right categories', () => {
    const { dataset } = load(SAMPLES.wudaokou);
    const byTag = (tag: string) => dataset.facilities.features.filter((f) => (f.properties as unknown as Record<string, unknown>).osm_tag === tag).map((f) => f.properties.category);
    // Counts from the extract's SOURCE.txt (osmium): 2 hospitals, 1 kindergarten, 26 parking, 9 convenience, 4 supermarkets, 12 parks.
    expect(byTag('amenity=hospital')).toEqual(['health_centre', 'health_centre']);
    expect(byTag('amenity=kindergarten')).toEqual(['kindergarten']);
    expect(byTag('amenity=parking')).toHaveLength(26);
    expect(byTag('shop=convenience')).toHaveLength(9);
    // Of the 4 supermarkets, 快到家便利超市 is a convenience store by its name.
    expect(byTag('shop=supermarket')).toEqual(['market', 'market', 'market']);
    const named = (n: string) => dataset.facilities.features.filter((f) => f.properties.name === n).map((f) => f.properties.category);
    expect(named('快到家便利超市')).toEqual(['convenience']);
    // 清华大学洁华幼儿园 is mapped as amenity=school.
    expect(named('清华大学洁华幼儿园')).toEqual(['kindergarten']);
    // 清华附中 (附属中学, also the name of its bus stops) is a middle school.
    expect(named('清华附中')).toContain('middle_school');
    expect(named('清华附中')).not.toContain('primary_school');
    expect(byTag('leisure=park')).toHaveLength(12);
    // Its six residential areas show no wall, gate, private path or access tag: none is gated.
    expect(dataset.compounds.features).toHaveLength(0);
  });
});

describe.skipIf(!present).each([['Helsinki', SAMPLES.helsinki], ['Monaco', SAMPLES.monaco]])('%s: our PBF decoder', (_, file) => {
  it('reads the same nodes, ways and area relations as tiny-osmpbf', () => {
    const bytes = new Uint8Array(readFileSync(file));
    const ours = parseOsmPbf(bytes, file), theirs = refFromPbf(bytes);
    expect(ours.count).toBe(theirs.nodes.size);
    let far = 0;
    for (let i = 0; i < ours.count; i++) {
      const p = theirs.nodes.get(ours.ids[i]);
      if (!p || Math.abs(p[0] - ours.lon[i]) > 1e-9 || Math.abs(p[1] - ours.lat[i]) > 1e-9) far++;
    }
    expect(far).toBe(0);
    expect(new Map([...ours.nodeTags].map(([id, t]) => [id, t]))).toEqual(theirs.nodeTags);
    expect(ours.ways.length).toBe(theirs.ways.size);
    for (const w of ours.ways) expect({ refs: Array.from(w.refs), tags: w.tags }).toEqual(theirs.ways.get(w.id));
    const areas = [...theirs.relations].filter(([, r]) => r.tags.type === 'multipolygon' || r.tags.type === 'boundary');
    expect(ours.relations.map((r) => [r.id, { members: r.members, tags: r.tags }])).toEqual(areas);
  }, 30_000);
});

const raw = (file: string): RefOsm => (file.endsWith('.pbf') ? refFromPbf(new Uint8Array(readFileSync(file))) : refFromXml(readFileSync(file, 'utf8')));

describe.skipIf(!present).each(Object.entries(SAMPLES))('%s against an independent reference', (_, file) => {
  it('per-building walks agree for ≥ 99 % of buildings per category within max(10 m, 2 %)', () => {
    const { dataset } = load(file);
    const ref = reference(raw(file), dataset.facilities.features.map((f) => f.properties.id));
    const e = new Engine(dataset);
    // The same buildings and the same gated compounds, found independently.
    expect([...ref.buildings].sort()).toEqual([...e.buildingIds].sort());
    expect([...ref.compounds].sort()).toEqual(dataset.compounds.features.map((f) => f.properties.id).sort());
    const cats = [...new Set(dataset.facilities.features.map((f) => f.properties.category))];
    const shares: string[] = [];
    let failed = 0;
    for (const cat of cats) {
      const srcIds = dataset.facilities.features.filter((f) => f.properties.category === cat).map((f) => f.properties.id);
      const mine = e.distancesFrom(e.categorySources(cat).refs, 3000).dist;
      const theirs = ref.distances(srcIds, 3000);
      let ok = 0;
      const bad: string[] = [];
      e.buildingIds.forEach((id, i) => {
        const a = mine[i], b = theirs.get(id)!;
        const agree = (a === Infinity && b === Infinity) || Math.abs(a - b) <= Math.max(10, 0.02 * Math.min(a, b));
        if (agree) ok++; else if (bad.length < 5) bad.push(`${id}: ${a.toFixed(1)} vs ${b.toFixed(1)}`);
      });
      const n = e.buildingIds.length;
      shares.push(`${cat} ${(100 * ok / n).toFixed(1)} % of ${n}${ok / n < 0.99 ? ` (${bad.join('; ')})` : ''}`);
      if (ok / n < 0.99) failed++;
    }
    expect(failed, shares.join('\n')).toBe(0);
    expect(e.buildingIds.length).toBeGreaterThan(400);
    expect(shares.length).toBeGreaterThanOrEqual(10);
  }, 120_000);
});
