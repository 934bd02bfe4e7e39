// Zones derived from the street network for datasets without community boundaries: hand-built
// street grids whose blocks are known, the merge rule worked out by hand, every building in
// exactly one zone (by its property and by the zone outlines), and the grid fallback with its reason.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fixture, CENTER, type FixtureSpec } from './fixtures.ts';
import { deriveZones, type DerivedZone } from '../../workers/model/zones.ts';
import { validateDataset } from '../../workers/model/validate.ts';
import { importFiles } from '../../workers/io/import.ts';
import { makeProjection, pointInPolygon, toXY } from '../../workers/model/geo.ts';
import { buildingPoint } from '../../workers/model/shape.ts';
import type { Dataset } from '../../workers/model/dataset.ts';
import { Engine } from '../../workers/engine.ts';

type XY = [number, number];
const proj = makeProjection(CENTER[0], CENTER[1]);

// Uneven spacing, so that blocks have different widths and heights and every merge has one answer.
const XS = [0, 500, 1200, 1800];
const YS = [0, 600, 1300, 1800];
/** Block (col, row) of the 3 × 3 grid, row 0 the southern one. */
const blockAt = (x: number, y: number): XY => [XS.findIndex((v, k) => x >= v && x < XS[k + 1]), YS.findIndex((v, k) => y >= v && y < YS[k + 1])];

function arterialGrid(cls = 'primary'): FixtureSpec['streets'] {
  return [
    ...XS.map((x) => ({ pts: [[x, -100], [x, 1900]] as XY[], cls })),
    ...YS.map((y) => ({ pts: [[-100, y], [1900, y]] as XY[], cls })),
  ];
}

/** Four buildings per block, one of each corner quarter, sharing the block's population. */
function blockBuildings(pop: (col: number, row: number) => number): NonNullable<FixtureSpec['buildings']> {
  const out: NonNullable<FixtureSpec['buildings']> = [];
  for (let c = 0; c < 3; c++) {
    for (let r = 0; r < 3; r++) {
      const [x0, x1, y0, y1] = [XS[c], XS[c + 1], YS[r], YS[r + 1]];
      for (const [u, v] of [[0.25, 0.25], [0.75, 0.25], [0.25, 0.75], [0.75, 0.75]]) {
        out.push({ id: `b${c}${r}-${u}${v}`, at: [x0 + u * (x1 - x0), y0 + v * (y1 - y0)], population: pop(c, r) / 4 });
      }
    }
  }
  return out;
}

// The data extent of blockBuildings: the quarter points' box (125–1650, 150–1675) grown by 100 m;
// the outer streets lie beyond it, so the outer blocks end at the extent.
const EXTENT = [25, 50, 1750, 1775];
const clippedBlock = (c: number, r: number) =>
  (Math.min(XS[c + 1], EXTENT[2]) - Math.max(XS[c], EXTENT[0])) * (Math.min(YS[r + 1], EXTENT[3]) - Math.max(YS[r], EXTENT[1]));

const xyOf = (ds: Dataset, i: number) => buildingPoint(proj, ds.buildings.features[i].geometry);
const ringsOf = (z: DerivedZone) => z.geometry.coordinates.map((r) => Float64Array.from(r.flatMap((p) => toXY(proj, p[0], p[1]))));
function ringArea(r: Float64Array): number {
  let a = 0;
  for (let k = 0; k + 3 < r.length; k += 2) a += r[k] * r[k + 3] - r[k + 2] * r[k + 1];
  return Math.abs(a / 2);
}
/** Areas agree to the rounding of zone outlines to 1e-7° (about 1 cm). */
const expectArea = (a: number, b: number) => expect(Math.abs(a - b) / b).toBeLessThan(1e-4);
const zoneArea = (z: DerivedZone) => ringsOf(z).reduce((s, r, k) => s + (k === 0 ? 1 : -1) * ringArea(r), 0);

/** Every building's property names one zone, and that zone's outline, and no other, holds the building's point. */
function expectOneZoneEach(ds: Dataset, zones: DerivedZone[]) {
  const rings = zones.map(ringsOf);
  const ids = zones.map((z) => z.properties.id);
  ds.buildings.features.forEach((f, i) => {
    const [x, y] = xyOf(ds, i);
    const holding = rings.flatMap((r, k) => (pointInPolygon(x, y, r) ? [ids[k]] : []));
    expect(holding, `building ${f.properties.id}`).toEqual([f.properties.community]);
  });
  expect(zones.reduce((s, z) => s + z.properties.buildings, 0)).toBe(ds.buildings.features.length);
}

describe('zones from the major streets', () => {
  it('a grid of arterials gives its blocks, in reading order, with every building in the block it stands in', () => {
    const ds = fixture({ streets: arterialGrid(), buildings: blockBuildings(() => 6000) });
    const d = deriveZones(ds, { minPopulation: 0 });
    expect(d.method).toBe('streets');
    expect(d.blocks).toBe(9);
    expect(d.zones).toHaveLength(9);
    expectOneZoneEach(ds, d.zones);
    // Reading order: 片区 1 the north-west block, 3 the north-east, 9 the south-east.
    const byName = new Map(d.zones.map((z) => [z.properties.name, z]));
    const expected: Array<[string, XY]> = [['片区 1', [0, 2]], ['片区 2', [1, 2]], ['片区 3', [2, 2]], ['片区 4', [0, 1]], ['片区 9', [2, 0]]];
    for (const [name, [c, r]] of expected) {
      const z = byName.get(name)!;
      expect(z.properties.name_en).toBe(name.replace('片区', 'Zone'));
      const inside = ds.buildings.features.flatMap((f, i) => (f.properties.community === z.properties.id ? [i] : []));
      expect(inside).toHaveLength(4);
      for (const i of inside) expect(blockAt(...xyOf(ds, i))).toEqual([c, r]);
      // The zone is the block clipped to the data extent.
      expectArea(zoneArea(z), clippedBlock(c, r));
      expect(z.properties.population).toBe(6000);
      expect(z.properties.derived).toBe(true);
      expect(z.properties.method).toBe('streets');
    }
  });

  it('collectors and tertiary streets bound blocks too; residential streets and motorways do not', () => {
    const streets = arterialGrid('secondary')!.map((s, k) => ({ ...s, cls: k % 2 ? 'tertiary' : 'secondary' }));
    expect(deriveZones(fixture({ streets, buildings: blockBuildings(() => 6000) }), { minPopulation: 0 }).zones).toHaveLength(9);
    // The inner streets demoted to residential and motorway: only the outer ring is major, and it
    // lies beyond the data extent.
    const outer = arterialGrid()!.map((s, k) => (k % 4 === 1 || k % 4 === 2 ? { ...s, cls: k < 4 ? 'residential' : 'motorway' } : s));
    const d = deriveZones(fixture({ streets: outer, buildings: blockBuildings(() => 6000) }), { minPopulation: 0 });
    expect(d.method).toBe('grid');
    expect(d.fallback).toBe('no major streets (trunk, primary, secondary, tertiary) in the data extent');
  });

  it('blocks below the minimum merge into the neighbour with the longest shared boundary', () => {
    // North-middle block (x 500–1200, y 1300–1800) has 1,000 residents; its borders: west 500 m,
    // east 500 m, south 700 m. The rest have 6,000 each.
    const pop = (c: number, r: number) => (c === 1 && r === 2 ? 1000 : 6000);
    const ds = fixture({ streets: arterialGrid(), buildings: blockBuildings(pop) });
    const d = deriveZones(ds);
    expect(d.zones).toHaveLength(8);
    expectOneZoneEach(ds, d.zones);
    const nm = ds.buildings.features.find((f) => f.properties.id.startsWith('b12'))!.properties.community;
    const mm = ds.buildings.features.find((f) => f.properties.id.startsWith('b11'))!.properties.community;
    expect(nm).toBe(mm);
    expect(d.zones.find((z) => z.properties.id === nm)!.properties.population).toBe(7000);
    expect(d.zones.every((z) => z.properties.population >= 5000)).toBe(true);
  });

  it('…among the neighbours the merge keeps within the maximum; else into the smallest neighbour', () => {
    // South (700 m) and east would pass 12,000: the west neighbour (500 m) takes it.
    const within = (c: number, r: number) => (c === 1 && r === 2 ? 1000 : (c === 1 && r === 1) || (c === 2 && r === 2) ? 11500 : 6000);
    const a = fixture({ streets: arterialGrid(), buildings: blockBuildings(within) });
    deriveZones(a);
    const zoneOf = (ds: Dataset, prefix: string) => ds.buildings.features.find((f) => f.properties.id.startsWith(prefix))!.properties.community;
    expect(zoneOf(a, 'b12')).toBe(zoneOf(a, 'b02'));
    expect(zoneOf(a, 'b12')).not.toBe(zoneOf(a, 'b11'));
    // Every neighbour would pass 12,000: the smallest (south, 11,200) takes it.
    const over = (c: number, r: number) => (c === 1 && r === 2 ? 1000 : c === 0 && r === 2 ? 11500 : c === 2 && r === 2 ? 11800 : c === 1 && r === 1 ? 11200 : 6000);
    const b = fixture({ streets: arterialGrid(), buildings: blockBuildings(over) });
    const d = deriveZones(b);
    expect(zoneOf(b, 'b12')).toBe(zoneOf(b, 'b11'));
    expect(d.zones.find((z) => z.properties.id === zoneOf(b, 'b12'))!.properties.population).toBe(12200);
  });

  it('small blocks keep merging until each zone reaches the minimum, and all of it is covered', () => {
    // Nine blocks of 2,000: no zone may stay under 5,000, so they end in groups of three or more.
    const ds = fixture({ streets: arterialGrid(), buildings: blockBuildings(() => 2000) });
    const d = deriveZones(ds);
    expectOneZoneEach(ds, d.zones);
    expect(d.zones.every((z) => z.properties.population >= 5000)).toBe(true);
    expect(d.zones.reduce((s, z) => s + z.properties.population, 0)).toBe(18000);
    // The merged zones tile the data extent: buildings' box grown by 100 m, within 10 m of the streets.
    const total = d.zones.reduce((s, z) => s + zoneArea(z), 0);
    const [x0, y0, x1, y1] = EXTENT;
    expectArea(total, (x1 - x0) * (y1 - y0));
  });

  it('a street ending 10 m short of another still closes its block; 40 m short it does not', () => {
    // x = 500 in two ways: the northern one meets y = 1300; the southern one stops m metres below it.
    const gap = (m: number) => [
      ...arterialGrid()!.filter((_, k) => k !== 1),
      { pts: [[500, -100], [500, 1300 - m]] as XY[], cls: 'primary' }, { pts: [[500, 1300], [500, 1900]] as XY[], cls: 'primary' },
    ];
    const near = fixture({ streets: gap(10), buildings: blockBuildings(() => 6000) });
    expect(deriveZones(near, { minPopulation: 0 }).zones).toHaveLength(9);
    // 40 m short: the two western blocks of the middle row are one.
    const far = fixture({ streets: gap(40), buildings: blockBuildings(() => 6000) });
    const d = deriveZones(far, { minPopulation: 0 });
    expect(d.zones).toHaveLength(8);
    expectOneZoneEach(far, d.zones);
    expect(new Set(far.buildings.features.filter((f) => /^b[01]1-/.test(f.properties.id)).map((f) => f.properties.community)).size).toBe(1);
  });

  it('a loop of streets inside a block is a zone of its own and a hole in the block around it', () => {
    const loop: XY[] = [[1400, 200], [1650, 200], [1650, 450], [1400, 450], [1400, 200]];
    const ds = fixture({
      streets: [...arterialGrid()!, { pts: loop, cls: 'tertiary' }],
      buildings: [...blockBuildings(() => 6000), { id: 'inloop', at: [1525, 325], population: 300 }],
    });
    const d = deriveZones(ds, { minPopulation: 0 });
    expect(d.zones).toHaveLength(10);
    expectOneZoneEach(ds, d.zones);
    const inner = d.zones.find((z) => z.properties.id === ds.buildings.features.at(-1)!.properties.community)!;
    expect(inner.properties.buildings).toBe(1);
    expectArea(zoneArea(inner), 250 * 250);
    const se = d.zones.find((z) => z.properties.id === ds.buildings.features.find((f) => f.properties.id.startsWith('b20'))!.properties.community)!;
    expect(se.geometry.coordinates).toHaveLength(2);
    expectArea(zoneArea(se), clippedBlock(2, 0) - 250 * 250);
  });

  it('names the longest streets on each zone outline', () => {
    const ds = fixture({ streets: arterialGrid(), buildings: blockBuildings(() => 6000) });
    ds.streets.features.forEach((f, k) => { f.properties.name = ['西环路', '中路', '东路', '东环路', '南环路', '一路', '二路', '北环路'][k]; });
    const d = deriveZones(ds, { minPopulation: 0 });
    // 片区 2, the north-middle block (x 500–1200, y 1300 to the extent at 1775): 二路 along its
    // south (700 m), 中路 and 东路 along its sides (475 m); its north is the data extent's edge.
    const z = d.zones.find((q) => q.properties.name === '片区 2')!;
    const names = z.properties.streets!.split('、');
    expect(names[0]).toBe('二路');
    expect(names.slice(1).sort()).toEqual(['东路', '中路']);
  });

  it('falls back to the grid, saying why, when the major streets cover only a corner of a large population', () => {
    // A 3 × 3 block grid in one corner; 60,000 residents spread far beyond it, in one outer piece.
    const far: NonNullable<FixtureSpec['buildings']> = [];
    for (let k = 0; k < 60; k++) far.push({ id: `far${k}`, at: [2500 + (k % 10) * 200, 2500 + Math.floor(k / 10) * 200], population: 1000 });
    const ds = fixture({
      streets: [...arterialGrid()!, { pts: [[1900, 1900], [5000, 1900], [5000, 5000]], cls: 'residential' }],
      buildings: [...blockBuildings(() => 1000), ...far],
    });
    const d = deriveZones(ds);
    expect(d.method).toBe('grid');
    expect(d.fallback).toMatch(/^\d+ % of the residents live in blocks of the 6 major streets holding over 24000 residents each$/);
    expect(d.zones.every((z) => z.properties.method === 'grid' && z.properties.name.startsWith('网格'))).toBe(true);
    expectOneZoneEach(ds, d.zones);
  });
});

describe('zones in the validation stage', () => {
  it('a dataset without communities gets street zones, said so, marked in meta, and the engine reads them per building', () => {
    const base = fixture({ streets: arterialGrid(), buildings: blockBuildings((c) => (c === 1 ? 1000 : 6000)) });
    const input = { ...base, communities: { type: 'FeatureCollection', features: [] }, meta: { center: CENTER } };
    const { dataset, report } = validateDataset(input);
    expect(report.zonesMethod).toBe('streets');
    expect(report.zonesDerived).toBe(true);
    expect((dataset.meta as unknown as Record<string, unknown>).zones_method).toBe('streets');
    const msg = report.items.map((i) => i.problem).join('\n');
    expect(msg).toMatch(new RegExp(`no community boundaries: ${dataset.communities.features.length} zones derived from the major streets \\(9 blocks, merged with neighbours to at least 5000 residents`));
    const e = new Engine(dataset);
    const ids = dataset.communities.features.map((c) => c.properties.id);
    dataset.buildings.features.forEach((f, i) => expect(ids[e.facts.buildingCommunity[i]]).toBe(f.properties.community));
    // The middle column's 1,000-resident blocks joined neighbours: no zone under 5,000.
    expect(dataset.communities.features.every((c) => c.properties.population >= 5000)).toBe(true);
  });

  it('a network that cannot form blocks falls back to 1 km grid zones with the reason', () => {
    const ds = fixture({
      streets: [
        { pts: [[0, 0], [900, 0]], cls: 'residential' }, { pts: [[0, 0], [0, 900]], cls: 'residential' }, { pts: [[0, 900], [900, 900]], cls: 'residential' },
        // A primary coming in from the south that stops: a dead end bounds nothing.
        { pts: [[300, -5], [300, 60]], cls: 'primary' },
      ],
      buildings: [{ id: 'a', at: [100, 100], population: 50 }, { id: 'b', at: [1500, 100], population: 50 }],
    });
    const { dataset, report } = validateDataset({ ...ds, communities: { type: 'FeatureCollection', features: [] } });
    expect(report.zonesMethod).toBe('grid');
    expect(report.items.map((i) => i.problem).join('\n'))
      .toMatch(/no community boundaries: 2 grid zones of 1 km are used as analysis scopes instead \(the major streets form no usable blocks: the 1 major streets do not divide the buildings into two or more blocks\)/);
    expect(dataset.buildings.features.map((f) => f.properties.community)).toEqual(['zone-A1', 'zone-A2']);
    expect(dataset.communities.features.map((c) => c.properties.name)).toEqual(['网格 A1', '网格 A2']);
  });
});

const SAMPLES = '/work/shared/osm-samples';
describe.skipIf(!existsSync(SAMPLES))('zones on real OSM, admin boundaries stripped', () => {
  for (const file of ['cn-beijing-wudaokou-2017/map.osm', 'e2e-helsinki-2019/Helsinki.osm.pbf', 'e2e-monaco-2020/monaco.osm.pbf']) {
    it(file, () => {
      const { dataset } = importFiles([{ name: file.split('/').pop()!, data: readFileSync(`${SAMPLES}/${file}`) }]);
      dataset.communities.features = [];
      // A low minimum keeps many zones (these extracts hold few residents), to try the outlines hard.
      const d = deriveZones(dataset, { minPopulation: 500 });
      expect(d.method).toBe('streets');
      expect(d.zones.length).toBeGreaterThan(1);
      expectOneZoneEach(dataset, d.zones);
    });
  }
});
