// OSM import: a small hand-drawn OSM file, written as XML and as PBF in the test, imports to the
// expected features, and walks through it match distances worked out by hand.
import { describe, expect, it } from 'vitest';
import { gzipSync } from 'fflate';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importFiles } from '../../workers/io/import.ts';
import { ImportError } from '../../workers/io/source.ts';
import { Engine } from '../../workers/engine.ts';
import { analyze } from '../../workers/analysis/coverage.ts';
import { accessCsv, indicatorsCsv } from '../../workers/io/exports.ts';
import { loadStandards } from '../../scripts/lib/standards.ts';
import { streetArrays, makeZones } from '../../workers/network/network.ts';
import { writeOsmPbf, type WNode, type WRelation, type WWay } from '../../scripts/lib/osm-pbf-writer.ts';
import { ll } from './fixtures.ts';

type XY = [number, number];
const nodes: WNode[] = [];
const ways: WWay[] = [];
const relations: WRelation[] = [];
let nid = 100;
const node = (p: XY, tags?: Record<string, string>) => {
  const [lon, lat] = ll(p);
  nodes.push({ id: ++nid, lon: Math.round(lon * 1e7) / 1e7, lat: Math.round(lat * 1e7) / 1e7, tags });
  return nid;
};
const way = (id: number, refs: number[], tags: Record<string, string>) => { ways.push({ id, refs, tags }); return id; };
const square = (c: XY, h: number) => {
  const ids = [node([c[0] - h, c[1] - h]), node([c[0] + h, c[1] - h]), node([c[0] + h, c[1] + h]), node([c[0] - h, c[1] + h])];
  return [...ids, ids[0]];
};

// Streets: a residential street along y = 0, a footway north at x = 200.
const s0 = node([0, 0]), s200 = node([200, 0]), s300 = node([300, 0]), s400 = node([400, 0]);
way(1, [s0, s200, s300, s400], { highway: 'residential', name: '成府路' });
const f100 = node([200, 100]), f200 = node([200, 200]);
way(2, [s200, f100, f200], { highway: 'footway' });
way(3, [s400, node([400, 200])], { highway: 'construction', construction: 'footway' });
way(4, [f100, node([100, 100])], { highway: 'service', access: 'private' });
way(5, [f200, node([100, 200])], { highway: 'footway', foot: 'no' });
way(6, [node([0, -300]), node([400, -300])], { highway: 'motorway' });
way(7, [f200, node([200, 260])], { highway: 'steps' });
// A gated compound: its private path meets the public service road at a gate on the wall.
const gate = node([300, 100], { barrier: 'gate' });
way(9, [s300, gate], { highway: 'service' });
way(8, [gate, node([300, 150])], { highway: 'footway', access: 'private' });
way(10, square([300, 150], 50), { landuse: 'residential', name: '清华园小区' });
// Buildings.
way(20, square([100, 30], 10), { building: 'apartments', 'building:levels': '6' });
way(21, square([320, 150], 5), { building: 'yes' });
const b22 = square([120, 160], 10);
const door = node([130, 160], { entrance: 'main' });
b22.splice(2, 0, door);
way(22, b22, { building: 'house', height: '6 m' });
way(23, square([420, 200], 5), { building: 'residential' });
way(24, square([60, 220], 8), {});
way(25, square([80, 220], 8), {});
relations.push({ id: 30, tags: { type: 'multipolygon', building: 'dormitory' }, members: [{ type: 'way', ref: 24, role: 'outer' }, { type: 'way', ref: 25, role: 'outer' }] });
// Facilities.
node([0, -10], { amenity: 'clinic', name: '社区卫生服务站' });
node([210, 10], { shop: 'convenience', name: '便利店' });
node([250, -10], { amenity: 'school', name: '第一中学' });
node([260, -10], { amenity: 'school', name: '实验小学' });
node([270, -10], { amenity: 'restaurant', name: '饭馆' });
way(40, square([150, -40], 15), { amenity: 'kindergarten', name: '幼儿园' });
way(41, square([50, -60], 20), { leisure: 'park', name: '小公园' });
// A community boundary (admin_level 10) made of two ways.
const c1 = node([-50, -100]), c2 = node([500, -100]), c3 = node([500, 300]), c4 = node([-50, 300]);
way(50, [c1, c2, c3], {});
way(51, [c3, c4, c1], {});
relations.push({ id: 60, tags: { type: 'boundary', boundary: 'administrative', admin_level: '10', name: '五道口社区', population: '1200' }, members: [{ type: 'way', ref: 50, role: 'outer' }, { type: 'way', ref: 51, role: 'outer' }] });

function toXml(): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const tags = (t?: Record<string, string>) => Object.entries(t ?? {}).map(([k, v]) => `  <tag k="${esc(k)}" v="${esc(v)}"/>\n`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="test">\n`
    + nodes.map((n) => (n.tags ? `<node id="${n.id}" lat="${n.lat}" lon="${n.lon}">\n${tags(n.tags)}</node>\n` : `<node id="${n.id}" lat="${n.lat}" lon="${n.lon}"/>\n`)).join('')
    + ways.map((w) => `<way id="${w.id}">\n${w.refs.map((r) => `  <nd ref="${r}"/>\n`).join('')}${tags(w.tags)}</way>\n`).join('')
    + relations.map((r) => `<relation id="${r.id}">\n${r.members.map((m) => `  <member type="${m.type}" ref="${m.ref}" role="${m.role}"/>\n`).join('')}${tags(r.tags)}</relation>\n`).join('')
    + '</osm>\n';
}

const xml = importFiles([{ name: 'fixture.osm', data: toXml() }], { name: 'fixture' });
const pbf = importFiles([{ name: 'fixture.osm.pbf', data: writeOsmPbf(nodes, ways, relations) }], { name: 'fixture' });

describe.each([['XML', xml], ['PBF', pbf]])('a small OSM file as %s', (_, { dataset, report }) => {
  const ids = (layer: 'streets' | 'buildings' | 'facilities') => dataset[layer].features.map((f) => f.properties.id);

  it('keeps OSM ids and maps tags onto categories', () => {
    expect(ids('streets')).toEqual(expect.arrayContaining(['way/1', 'way/2', 'way/8', 'way/9']));
    expect(ids('buildings')).toEqual(expect.arrayContaining(['way/20', 'way/21', 'way/22', 'way/23', 'relation/30']));
    const cat = Object.fromEntries(dataset.facilities.features.map((f) => [f.properties.name, f.properties.category]));
    expect(cat).toEqual({
      社区卫生服务站: 'health_station', 便利店: 'convenience', 第一中学: 'middle_school', 实验小学: 'primary_school', 幼儿园: 'kindergarten', 小公园: 'park',
    });
    expect(dataset.facilities.features.find((f) => f.properties.name === '社区卫生服务站')!.properties.id).toMatch(/^node\/\d+$/);
    expect(dataset.landuse.features.some((f) => f.properties.kind === 'green' && f.properties.id === 'way/41')).toBe(true);
  });

  it('buildings: levels, height, entrance, multipolygon, estimated population', () => {
    const b = Object.fromEntries(dataset.buildings.features.map((f) => [f.properties.id, f.properties as unknown as Record<string, unknown>]));
    expect(b['way/20'].floors).toBe(6);
    expect(b['way/22'].height).toBe(6);
    expect(b['way/22'].entrances).toHaveLength(1);
    expect(dataset.buildings.features.find((f) => f.properties.id === 'relation/30')!.geometry.type).toBe('MultiPolygon');
    // The community's 1200 residents spread over its residential buildings by floor area, marked.
    const resid = dataset.buildings.features.filter((f) => f.properties.use === 'residential');
    expect(resid.map((f) => f.properties.id).sort()).toEqual(['relation/30', 'way/20', 'way/21', 'way/22', 'way/23']);
    expect(resid.every((f) => (f.properties as unknown as Record<string, unknown>).population_estimated === true)).toBe(true);
    expect(Math.abs(resid.reduce((s, f) => s + f.properties.population, 0) - 1200)).toBeLessThanOrEqual(3);
    expect(report.populationEstimated).toBe(5);
  });

  it('the community boundary and the gated compound', () => {
    expect(dataset.communities.features.map((f) => f.properties.name)).toEqual(['五道口社区']);
    expect(dataset.compounds.features).toHaveLength(1);
    const c = dataset.compounds.features[0];
    expect(c.properties.id).toBe('way/10');
    expect(c.properties.gates).toHaveLength(1);
    expect(dataset.streets.features.find((f) => f.properties.id === 'way/8')!.properties.compound).toBe('way/10');
    expect(dataset.streets.features.find((f) => f.properties.id === 'way/9')!.properties.compound).toBeNull();
  });

  it('pedestrian rules: construction, private, foot=no and motorway ways are not walked', () => {
    const e = new Engine(dataset);
    const { arrays } = streetArrays(e.proj, dataset, makeZones(e.proj, dataset));
    const blocked = Object.fromEntries(arrays.lineIds!.map((id, k) => [id, arrays.lineFootNo[k] === 1 || arrays.lineClass[k] <= 1]));
    expect(blocked).toMatchObject({ 'way/1': false, 'way/2': false, 'way/3': true, 'way/4': true, 'way/5': true, 'way/6': true, 'way/7': false, 'way/8': false, 'way/9': false });
  });

  it('walks agree with hand-computed distances, end to end through the analysis', () => {
    const e = new Engine(dataset);
    const { dist } = e.distancesFrom(e.categorySources('health_station').refs, 2000);
    const d = (id: string) => dist[e.buildingIds.indexOf(id)];
    // Clinic 10 m south of (0, 0). way/20 centroid (100, 30): 30 + 100 + 10.
    expect(d('way/20')).toBeCloseTo(140, 0);
    // way/21 in the compound: 20 to its path, 50 to the gate, 100 to the street, 300 west, 10.
    expect(d('way/21')).toBeCloseTo(480, 0);
    // way/23 at (420, 200): the construction way 20 m away is not walkable (over it: 20 + 200 + 400 + 10 = 630),
    // so it joins the nearest walkable point, the public road's end at the gate (300, 100).
    expect(d('way/23')).toBeCloseTo(Math.hypot(120, 100) + 100 + 300 + 10, 0);
    // way/22 stands for its entrance (130, 160): nearest walkable edge is the footway x = 200 (70 m).
    // The private way (60 m) and the foot=no way (40 m) are nearer but not walkable.
    expect(d('way/22')).toBeCloseTo(70 + 160 + 200 + 10, 0);
    const result = analyze(e, loadStandards(undefined), { profile: loadStandards(undefined).profiles[0] });
    expect(result.indicators.length).toBeGreaterThan(0);
    // The export marks estimated residents per building.
    const rows = accessCsv(e, result).replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(','));
    const col = rows[0].indexOf('population_estimated');
    expect(col).toBe(5);
    const flag = Object.fromEntries(rows.slice(1).map((r) => [r[0], r[col]]));
    expect(flag['way/20']).toBe('yes');
    expect(flag['relation/30']).toBe('yes');
    // indicators.csv: every resident of this fixture is estimated, so each scope's share is 1.
    const ind = indicatorsCsv(e, result).replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(','));
    const sc = ind[0].indexOf('population_estimated_share');
    expect(sc).toBe(ind[0].length - 1);
    expect(ind.slice(1).filter((row) => Number(row[2]) > 0).every((row) => row[sc] === '1')).toBe(true);
  });
});

describe('gzipped OSM', () => {
  it('map.osm.gz imports as its content', () => {
    const { dataset } = importFiles([{ name: 'fixture.osm.gz', data: gzipSync(new TextEncoder().encode(toXml())) }]);
    expect(dataset.buildings.features).toHaveLength(xml.dataset.buildings.features.length);
    expect(() => importFiles([{ name: 'bad.osm.gz', data: new TextEncoder().encode('not gzip') }])).toThrow(/bad\.osm\.gz: not a readable gzip file/);
  });
});

describe('OSM input that cannot be read', () => {
  it('refuses truncated XML, non-OSM XML and a corrupt PBF, naming the file', () => {
    expect(() => importFiles([{ name: 'cut.osm', data: toXml().slice(0, 2000) }])).toThrow(/cut\.osm: (OSM XML is cut short|XML ends inside a tag)/);
    const whole = toXml();
    expect(() => importFiles([{ name: 'cut.osm', data: whole.slice(0, whole.lastIndexOf('<way')) }])).toThrow(/cut\.osm: OSM XML is cut short/);
    expect(() => importFiles([{ name: 'x.osm', data: '<gpx></gpx>' }])).toThrow(/x\.osm: not OpenStreetMap XML/);
    const bytes = writeOsmPbf(nodes, ways, relations);
    expect(() => importFiles([{ name: 'bad.osm.pbf', data: bytes.slice(0, bytes.length - 50) }])).toThrow(ImportError);
    expect(() => importFiles([{ name: 'text.osm.pbf', data: 'hello world, not a pbf' }])).toThrow(/text\.osm\.pbf: not an OSM PBF file/);
  });

  it('refuses a tag table with an unknown category', () => {
    expect(() => importFiles([{ name: 'fixture.osm', data: toXml() }], { tagTable: { facilities: [['amenity=clinic', 'hospitalz']] } }))
      .toThrow(/OSM tag table: facilities rule 1 \(amenity=clinic\): unknown category "hospitalz"/);
  });
});

describe('the analyze CLI on OSM files', () => {
  it.each([['fixture.osm', () => toXml()], ['fixture.osm.pbf', () => writeOsmPbf(nodes, ways, relations)]] as const)('%s: validated, analysed, written', (name, make) => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-osm-'));
    const file = join(dir, name);
    writeFileSync(file, make());
    const out = join(mkdtempSync(join(tmpdir(), 'ct-osm-out-')), 'out');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/analyze.ts', '--data', file, '--out', out], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/5 residential buildings have no population: estimated/);
    const rows = readFileSync(join(out, 'access.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(','));
    const hs = rows[0].indexOf('health_station_m');
    const byId = Object.fromEntries(rows.slice(1).map((row) => [row[0], row[hs]]));
    expect(Number(byId['way/21'])).toBe(480);
    expect(Number(byId['way/20'])).toBe(140);
  });
});
