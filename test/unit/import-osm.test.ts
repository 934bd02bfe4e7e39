// OSM import: small hand-drawn OSM files, written as XML and as PBF in the test, import to the
// expected features, and walks through them match distances worked out by hand: the first file
// covers the layers, the later ones the cases real Chinese extracts hold (multipolygon buildings,
// entrances, compounds with walls, gates and holes, access and foot tags, bridges, duplicate and
// missing nodes).
import { describe, expect, it } from 'vitest';
import { gzipSync } from 'fflate';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importFiles } from '../../workers/io/import.ts';
import { ImportError } from '../../workers/io/source.ts';
import { formatReport } from '../../workers/model/validate.ts';
import { problemText } from '../../src/i18n/importer.ts';
import { Engine } from '../../workers/engine.ts';
import { analyze } from '../../workers/analysis/coverage.ts';
import { accessCsv, indicatorsCsv } from '../../workers/io/exports.ts';
import { loadStandards } from '../../scripts/lib/standards.ts';
import { streetArrays, makeZones } from '../../workers/network/network.ts';
import { writeOsmPbf, type WNode, type WRelation, type WWay } from '../../scripts/lib/osm-pbf-writer.ts';
import { CENTER, ll } from './fixtures.ts';
import { makeProjection, toXY } from '../../workers/model/geo.ts';

const proj = makeProjection(CENTER[0], CENTER[1]);

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

function toXml(ns: WNode[] = nodes, ws: WWay[] = ways, rs: WRelation[] = relations): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const tags = (t?: Record<string, string>) => Object.entries(t ?? {}).map(([k, v]) => `  <tag k="${esc(k)}" v="${esc(v)}"/>\n`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="test">\n`
    + ns.map((n) => (n.tags ? `<node id="${n.id}" lat="${n.lat}" lon="${n.lon}">\n${tags(n.tags)}</node>\n` : `<node id="${n.id}" lat="${n.lat}" lon="${n.lon}"/>\n`)).join('')
    + ws.map((w) => `<way id="${w.id}">\n${w.refs.map((r) => `  <nd ref="${r}"/>\n`).join('')}${tags(w.tags)}</way>\n`).join('')
    + rs.map((r) => `<relation id="${r.id}">\n${r.members.map((m) => `  <member type="${m.type}" ref="${m.ref}" role="${m.role}"/>\n`).join('')}${tags(r.tags)}</relation>\n`).join('')
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

/** A fresh hand-drawn OSM file in metres around the fixture centre, imported as XML and as PBF. */
function osmCase() {
  const ns: WNode[] = [], ws: WWay[] = [], rs: WRelation[] = [];
  let id = 1000;
  const api = {
    node(p: XY, tags?: Record<string, string>) {
      const [lon, lat] = ll(p);
      ns.push({ id: ++id, lon: Math.round(lon * 1e7) / 1e7, lat: Math.round(lat * 1e7) / 1e7, tags });
      return id;
    },
    /** A node at a raw position (off the globe, for the bad-input cases). */
    rawNode(lon: number, lat: number) { ns.push({ id: ++id, lon, lat }); return id; },
    way(refs: number[], tags: Record<string, string> = {}) { ws.push({ id: ++id, refs, tags }); return id; },
    /** A closed way through the corners, in order. */
    ring(corners: XY[], tags: Record<string, string> = {}) { const r = corners.map((c) => api.node(c)); return api.way([...r, r[0]], tags); },
    box(x0: number, y0: number, x1: number, y1: number, tags: Record<string, string> = {}) { return api.ring([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], tags); },
    rel(members: Array<[number, string]>, tags: Record<string, string>) { rs.push({ id: ++id, members: members.map(([ref, role]) => ({ type: 'way', ref, role })), tags }); return id; },
    imports(): Array<[string, ReturnType<typeof importFiles>]> {
      return [
        ['XML', importFiles([{ name: 'case.osm', data: toXml(ns, ws, rs) }], { name: 'case' })],
        ['PBF', importFiles([{ name: 'case.osm.pbf', data: writeOsmPbf(ns, ws, rs) }], { name: 'case' })],
      ];
    },
  };
  return api;
}

/** Walk from every building of the dataset to the nearest facility of the category, by building id. */
function walks(dataset: ReturnType<typeof importFiles>['dataset'], category: string): Record<string, number> {
  const e = new Engine(dataset);
  const { dist } = e.distancesFrom(e.categorySources(category as never).refs, 3000);
  return Object.fromEntries(e.buildingIds.map((id, i) => [id, dist[i]]));
}

describe('building points on real footprints', () => {
  const c = osmCase();
  // A street along y = 0 and a clinic 10 m south of (0, 0): a walk is offset + |x of the foot| + 10.
  c.way([c.node([-200, 0]), c.node([0, 0]), c.node([200, 0])], { highway: 'residential' });
  c.node([0, -10], { amenity: 'clinic' });
  // A courtyard block: outer 60 × 60 m, inner 40 × 40 m; its centroid (0, 60) is in the courtyard,
  // so it stands for the middle of the widest stretch of y = 60 inside it, the west wing (-25, 60).
  const court = c.rel([[c.box(-30, 30, 30, 90), 'outer'], [c.box(-20, 40, 20, 80), 'inner']], { type: 'multipolygon', building: 'apartments' });
  // Two parts, 10 m and 12 m square: the joint centroid (100, 43.6) is in neither, so the larger part's middle (100, 60).
  const twin = c.rel([[c.box(95, 15, 105, 25), 'outer'], [c.box(94, 54, 106, 66), 'outer']], { type: 'multipolygon', building: 'residential' });
  // An outline drawn as two open ways, with a plain entrance (-100, 30) and the main one (-110, 45).
  const ya = c.node([-110, 30]), yes = c.node([-100, 30], { entrance: 'yes' }), yb = c.node([-90, 30]), yc = c.node([-90, 50]), yd = c.node([-110, 50]), main = c.node([-110, 45], { entrance: 'main' });
  const joined = c.rel([[c.way([ya, yes, yb, yc]), 'outer'], [c.way([yc, yd, main, ya]), 'outer']], { type: 'multipolygon', building: 'residential' });
  // A service door (drawn first, so the lower id) and a plain entrance: the plain one, (150, 30).
  const wa = c.node([140, 30]), svc = c.node([160, 35], { entrance: 'service' }), plain = c.node([150, 30], { entrance: 'yes' });
  const served = c.way([wa, plain, c.node([160, 30]), svc, c.node([160, 50]), c.node([140, 50]), wa], { building: 'residential' });
  // Two plain entrances: the lower id, (-150, 50), not the nearer (-140, 40).
  const za = c.node([-160, 30]), top = c.node([-150, 50], { entrance: 'yes' }), side = c.node([-140, 40], { entrance: 'yes' });
  const twoDoors = c.way([za, c.node([-140, 30]), side, c.node([-140, 50]), top, c.node([-160, 50]), za], { building: 'residential' });
  // An L south of the street: arms x -60..0 × y -100..-90 and x -60..-50 × y -90..-40. The centroid
  // (-41.4, -81.4) falls in the notch, so the middle of y = -70 inside it: (-55, -70).
  const ell = c.ring([[-60, -100], [0, -100], [0, -90], [-50, -90], [-50, -40], [-60, -40]], { building: 'residential' });
  // A building:part is a piece of a building drawn for 3D, not a building.
  const part = c.box(60, 100, 70, 110, { 'building:part': 'yes', 'building:levels': '3' });

  it.each(c.imports())('%s: centroid, point on surface, entrances by rank and id', (_, { dataset }) => {
    const d = walks(dataset, 'health_station');
    expect(Object.keys(d).sort()).toEqual([`relation/${court}`, `relation/${joined}`, `relation/${twin}`, `way/${ell}`, `way/${served}`, `way/${twoDoors}`].sort());
    expect(d[`relation/${court}`]).toBeCloseTo(60 + 25 + 10, 0);
    expect(d[`relation/${twin}`]).toBeCloseTo(60 + 100 + 10, 0);
    expect(d[`relation/${joined}`]).toBeCloseTo(45 + 110 + 10, 0);
    expect(d[`way/${served}`]).toBeCloseTo(30 + 150 + 10, 0);
    expect(d[`way/${twoDoors}`]).toBeCloseTo(50 + 150 + 10, 0);
    // The vertex average (-36.7, -76.7) would give 123.3.
    expect(d[`way/${ell}`]).toBeCloseTo(70 + 55 + 10, 0);
    expect(dataset.buildings.features.some((f) => f.properties.id === `way/${part}`)).toBe(false);
  });
});

describe('gated compounds as Chinese extracts draw them', () => {
  const c = osmCase();
  // The public street y = 180; a shop 10 m south of (450, 180) and a kindergarten 10 m south of (550, 180).
  const s50 = c.node([50, 180]), s250 = c.node([250, 180]), s450 = c.node([450, 180]);
  c.way([c.node([-50, 180]), s50, s250, s450, c.node([550, 180])], { highway: 'tertiary' });
  c.node([450, 170], { shop: 'convenience' });
  c.node([550, 170], { amenity: 'kindergarten' });
  // 建新小区: an untagged area inside a wall drawn as its own way; its road enters from the street
  // and crosses the outline at (50, 200) without a node there.
  const walled = c.box(0, 200, 100, 300, { landuse: 'residential', name: '建新小区' });
  c.box(0, 200, 100, 300, { barrier: 'wall' });
  c.way([s50, c.node([50, 280])], { highway: 'service' });
  const inWalled = c.box(87, 207, 93, 213, { building: 'residential' });
  const north = c.box(17, 317, 23, 323, { building: 'residential' });
  // 东风里: the same drawing without a wall, gate, private path or tag: left open.
  const open = c.box(200, 200, 300, 300, { landuse: 'residential', name: '东风里' });
  c.way([s250, c.node([250, 280])], { highway: 'service' });
  const inOpen = c.box(287, 207, 293, 213, { building: 'residential' });
  // 阳光小区: a multipolygon with access=private, a courtyard hole and a second outer without paths;
  // a gate on the outline at (450, 200) and a private footway inside.
  const gate = c.node([450, 200], { barrier: 'gate' });
  c.way([s450, gate], { highway: 'footway' });
  c.way([gate, c.node([450, 220]), c.node([480, 220]), c.node([480, 280])], { highway: 'footway', access: 'private' });
  const sunny = c.rel([[c.box(400, 200, 500, 300), 'outer'], [c.box(430, 230, 470, 270), 'inner'], [c.box(520, 200, 560, 240), 'outer']], { type: 'multipolygon', landuse: 'residential', access: 'private', name: '阳光小区' });
  const inSunny = c.box(487, 267, 493, 273, { building: 'residential' });
  const inHole = c.box(462, 252, 468, 258, { building: 'residential' });

  it.each(c.imports())('%s: which areas are gated, and their openings', (_, { dataset }) => {
    const byId = Object.fromEntries(dataset.compounds.features.map((f) => [f.properties.id, f.properties.gates]));
    // The second outer of 阳光小区 has no paths: left open, like 东风里.
    expect(Object.keys(byId).sort()).toEqual([`relation/${sunny}#1`, `way/${walled}`].sort());
    const metres = (g: number[][]) => g.map((p) => toXY(proj, p[0], p[1]).map((v) => Math.round(v)));
    expect(metres(byId[`way/${walled}`])).toEqual([[50, 200]]);
    expect(metres(byId[`relation/${sunny}#1`])).toEqual([[450, 200]]);
    expect(dataset.compounds.features.some((f) => f.properties.id === `way/${open}`)).toBe(false);
  });

  it.each(c.imports())('%s: residents leave through the openings; outsiders and the courtyard hole use public streets', (_, { dataset }) => {
    const shop = walks(dataset, 'convenience');
    // Inside the wall: 40 m to its road, 30 m down to the street, 400 m east, 10 m to the shop (the street is 30 m away but behind the wall).
    expect(shop[`way/${inWalled}`]).toBeCloseTo(40 + 30 + 400 + 10, 0);
    // North of the wall: the compound road's end is 50 m away, but not its to use; the road's public
    // stub outside the wall ends at (50, 200), √(30² + 120²) away: then 20 m down, 400 m, 10 m.
    expect(shop[`way/${north}`]).toBeCloseTo(Math.hypot(30, 120) + 20 + 400 + 10, 0);
    // The open area's building joins the street 30 m south: 30 + 160 + 10.
    expect(shop[`way/${inOpen}`]).toBeCloseTo(30 + 160 + 10, 0);
    const kg = walks(dataset, 'kindergarten');
    // 阳光小区's resident: 10 m to the private footway, 50 + 30 + 20 to the gate, 20 to the street, 100 east, 10.
    expect(kg[`way/${inSunny}`]).toBeCloseTo(10 + 50 + 30 + 20 + 20 + 100 + 10, 0);
    // The courtyard hole is outside the compound: the nearest public edge is the gate footway's end (450, 200), √3250 m away.
    expect(kg[`way/${inHole}`]).toBeCloseTo(Math.sqrt(15 ** 2 + 55 ** 2) + 20 + 100 + 10, 0);
  });
});

describe('walking rules on the tags of real streets', () => {
  const c = osmCase();
  const tagged: Array<[Record<string, string>, boolean]> = [
    [{ highway: 'service', access: 'private', foot: 'yes' }, true],
    [{ highway: 'service', access: 'destination' }, true],
    [{ highway: 'service', access: 'customers' }, true],
    [{ highway: 'secondary', foot: 'use_sidepath' }, false],
    [{ highway: 'pedestrian' }, true],
    [{ highway: 'footway', footway: 'sidewalk' }, true],
    [{ highway: 'footway', footway: 'crossing' }, true],
    [{ highway: 'service', service: 'driveway' }, true],
    [{ highway: 'service', service: 'parking_aisle' }, true],
    [{ highway: 'track' }, true],
    [{ highway: 'steps', conveying: 'yes' }, true],
    [{ highway: 'proposed' }, false],
    [{ highway: 'abandoned' }, false],
    [{ highway: 'residential', access: 'no' }, false],
  ];
  const ids = tagged.map(([t], k) => c.way([c.node([k * 20, -500]), c.node([k * 20 + 10, -500])], t));
  // Areas: a pedestrian square is walked along its outline (as routers do); a service area is no street.
  const s0 = c.node([0, 0]), s100 = c.node([100, 0]);
  c.way([s0, s100], { highway: 'residential' });
  const sq = [c.node([0, 50]), c.node([100, 50]), c.node([100, 150]), c.node([0, 150])];
  const square = c.way([...sq, sq[0]], { highway: 'pedestrian', area: 'yes' });
  c.way([s0, sq[0]], { highway: 'footway' });
  const yard = c.box(200, 50, 250, 100, { highway: 'service', area: 'yes' });
  c.node([100, 160], { shop: 'convenience' });
  // An escalator (steps, conveying) up from the street's east end; a market at its top.
  const top = c.node([140, 0]);
  c.way([s100, top], { highway: 'residential' });
  c.way([top, c.node([140, 40])], { highway: 'steps', conveying: 'forward' });
  c.node([150, 40], { shop: 'supermarket' });
  const home = c.box(-5, -25, 5, -15, { building: 'residential' });

  it.each(c.imports())('%s: which ways are walked', (_, { dataset }) => {
    const e = new Engine(dataset);
    const { arrays } = streetArrays(e.proj, dataset, makeZones(e.proj, dataset));
    const walked = Object.fromEntries(arrays.lineIds!.map((id, k) => [id, arrays.lineFootNo[k] === 0]));
    expect(ids.map((id) => walked[`way/${id}`])).toEqual(tagged.map(([, w]) => w));
    expect(walked[`way/${square}`]).toBe(true);
    expect(`way/${yard}` in walked).toBe(false);
  });

  it.each(c.imports())('%s: a pedestrian square walked round its edge, steps costing half again', (_, { dataset }) => {
    // 20 m to the street, 50 m up the footway, 100 + 100 round the square, 10 m to the shop.
    expect(walks(dataset, 'convenience')[`way/${home}`]).toBeCloseTo(20 + 50 + 200 + 10, 0);
    // 20 + 140 along the street, 40 m of escalator × 1.5, 10 m to the market.
    expect(walks(dataset, 'market')[`way/${home}`]).toBeCloseTo(20 + 140 + 60 + 10, 0);
  });
});

describe('topology as OSM has it: bridges, shared and duplicate nodes, clipped and broken extracts', () => {
  const c = osmCase();
  // A street y = 0 from x = 0 to 200, and a footbridge x = 100 from y = -100 to 100 crossing it
  // without a node; a lane joins the bridge's north end to the street's east end.
  const a = c.node([0, 0]), m50 = c.node([50, 0]), e200 = c.node([200, 0]);
  c.way([a, m50, e200], { highway: 'residential' });
  const bn = c.node([100, 100]);
  c.way([c.node([100, -100]), bn], { highway: 'footway', bridge: 'yes', layer: '1' });
  c.way([bn, c.node([200, 100]), e200], { highway: 'service' });
  c.node([100, -110], { shop: 'convenience' });
  // A footway ending at (50, 0) on its own node, standing exactly on the street's node there,
  // and reaching the street properly only round by (200, -60).
  const twin = c.node([50, 0]);
  c.way([twin, c.node([50, -60]), c.node([200, -60]), e200], { highway: 'footway' });
  c.node([50, -70], { shop: 'supermarket' });
  // Two ways sharing one node in the middle of both: a junction there.
  const mid = c.node([300, 0]);
  c.way([e200, mid, c.node([400, 0])], { highway: 'residential' });
  c.way([c.node([300, -50]), mid, c.node([300, 50])], { highway: 'footway' });
  c.node([300, 60], { amenity: 'kindergarten' });
  const home = c.box(-5, 15, 5, 25, { building: 'residential' });
  // A clipped extract: a way through a node the file lacks is cut there; a building missing a node is left out.
  const gone = 999999;
  const cut = c.way([c.node([0, 300]), c.node([50, 300]), gone, c.node([150, 300]), c.node([200, 300])], { highway: 'residential' });
  const corner = c.node([0, 310]);
  const clipped = c.way([corner, c.node([10, 310]), gone, c.node([0, 320]), corner], { building: 'yes' });
  // A node off the globe.
  const off = c.rawNode(117, 95);
  const offWay = c.way([c.node([0, 400]), off, c.node([100, 400])], { highway: 'footway' });

  it.each(c.imports())('%s: walks over the bridge only where it meets a street, never through a twin node', (_, { dataset }) => {
    // 20 m down, 200 east, 100 north, 100 west, 200 over the bridge south, 10 m: not 20 + 100 + 100 + 10 at a crossing.
    expect(walks(dataset, 'convenience')[`way/${home}`]).toBeCloseTo(20 + 200 + 100 + 100 + 200 + 10, 0);
    // 20 + 200 to the east end, 60 south, 150 west, 10: not 20 + 50 + 60 + 10 through the twin.
    expect(walks(dataset, 'market')[`way/${home}`]).toBeCloseTo(20 + 200 + 60 + 150 + 10, 0);
    // 20 + 300 to the shared middle node, 50 north, 10.
    expect(walks(dataset, 'kindergarten')[`way/${home}`]).toBeCloseTo(20 + 300 + 50 + 10, 0);
  });

  it.each(c.imports())('%s: clipped ways are cut, cut buildings and off-globe nodes are named', (_, { dataset, report }) => {
    const pieces = dataset.streets.features.filter((f) => f.properties.id.startsWith(`way/${cut}#`));
    expect(pieces.map((f) => f.geometry.coordinates.map((p) => Math.round(toXY(proj, p[0], p[1])[0])))).toEqual([[0, 50], [150, 200]]);
    // The footway through the off-globe node is cut there, leaving no stretch of two nodes.
    expect(dataset.streets.features.filter((f) => f.properties.id.startsWith(`way/${offWay}`))).toHaveLength(0);
    expect(dataset.buildings.features.some((f) => f.properties.id === `way/${clipped}`)).toBe(false);
    const lines = formatReport(report).join('\n');
    expect(lines).toMatch(/1 way nodes lie outside the extract: those ways are cut at its edge/);
    expect(lines).toMatch(/1 buildings or residential areas are cut by the extract's edge/);
    expect(lines).toMatch(new RegExp(`node/${off}.*1 nodes have a latitude beyond ±90° or a longitude beyond ±180°`));
    expect(lines).toMatch(/1 street nodes stand exactly where another node stands/);
    // The app shows each of them in Chinese.
    expect(report.items.map((i) => problemText(i.problem, 'zh')).filter((t) => !/[\u4e00-\u9fff]/.test(t))).toEqual([]);
  });
});

describe('a compound drawn inside a larger residential area', () => {
  const c = osmCase();
  const s150 = c.node([150, 0]);
  c.way([c.node([-100, 0]), s150, c.node([400, 0])], { highway: 'residential' });
  c.node([300, -10], { amenity: 'kindergarten' });
  // 清华园 (private) holds 西院, which has its own entrance (entrance=main on its outline at (200, 140)).
  const outer = c.box(0, 20, 300, 220, { landuse: 'residential', access: 'private', name: '清华园' });
  const inner = c.box(200, 100, 280, 180, { landuse: 'residential', name: '西院' });
  const a140 = c.node([150, 140]), a90 = c.node([150, 90]);
  c.way([s150, a90, a140, c.node([150, 200])], { highway: 'service' });
  c.way([a90, c.node([290, 90])], { highway: 'footway' });
  c.way([a140, c.node([200, 140], { entrance: 'main' }), c.node([240, 140])], { highway: 'footway' });
  const inInner = c.box(207, 102, 213, 108, { building: 'residential' });
  const inOuter = c.box(97, 97, 103, 103, { building: 'residential' });

  it.each(c.imports())('%s: the inner compound keeps its own path and residents', (_, { dataset }) => {
    // The smaller first, so that a point in both belongs to it.
    expect(dataset.compounds.features.map((f) => f.properties.id)).toEqual([`way/${inner}`, `way/${outer}`]);
    const d = walks(dataset, 'kindergarten');
    // 西院's resident: 35 m to its own path (not the 15 m to 清华园's footway), 10 to its entrance,
    // 50 to 清华园's road, 140 down it, 150 east, 10.
    expect(d[`way/${inInner}`]).toBeCloseTo(35 + 10 + 50 + 140 + 150 + 10, 0);
    // 清华园's resident: 50 m to its road (the street is 100 m away, behind its outline), 100, 150, 10.
    expect(d[`way/${inOuter}`]).toBeCloseTo(50 + 100 + 150 + 10, 0);
  });
});
