// OpenStreetMap elements (from XML or PBF) to our layers: walkable ways with their tags, buildings
// with levels/height and entrances, facilities through the editable tag table, parks/water/rail,
// gated compounds, community boundaries (admin_level 9–10). OSM ids survive as `way/123`, `node/45`.

import TAGS from '../../data/osm-tags.json';
import { CATEGORY_IDS, type CategoryId, type Position } from '../model/dataset.ts';
import { ImportError, type LayerParts } from './source.ts';
import { pedestrianAllowed } from '../network/network.ts';
import Flatbush from 'flatbush';

export type Tags = Record<string, string>;
export interface OsmWay { id: number; refs: ArrayLike<number>; tags: Tags }
export interface OsmMember { type: 'node' | 'way' | 'relation'; ref: number; role: string }
export interface OsmRelation { id: number; members: OsmMember[]; tags: Tags }

/** Nodes as parallel typed arrays sorted by id (looked up by binary search); tags only for tagged nodes. */
export class OsmData {
  ids: Float64Array = new Float64Array(1024);
  lon: Float64Array = new Float64Array(1024);
  lat: Float64Array = new Float64Array(1024);
  count = 0;
  private sorted = true;
  nodeTags = new Map<number, Tags>();
  ways: OsmWay[] = [];
  relations: OsmRelation[] = [];
  bounds: [number, number, number, number] | null = null;
  /** Nodes whose lat/lon lie off the globe: not kept (ways through them are cut there); the first id for the message. */
  offGlobe = 0;
  offGlobeFirst: number | null = null;
  offGlobeIds = new Set<number>();

  addNode(id: number, lon: number, lat: number, tags: Tags | null): void {
    if (!(Math.abs(lat) <= 90 && Math.abs(lon) <= 180)) {
      if (this.offGlobe++ === 0) this.offGlobeFirst = id;
      this.offGlobeIds.add(id);
      return;
    }
    if (this.count === this.ids.length) {
      const grow = (a: Float64Array) => { const b = new Float64Array(a.length * 2); b.set(a); return b; };
      this.ids = grow(this.ids); this.lon = grow(this.lon); this.lat = grow(this.lat);
    }
    if (this.count > 0 && id <= this.ids[this.count - 1]) this.sorted = false;
    this.ids[this.count] = id; this.lon[this.count] = lon; this.lat[this.count] = lat;
    this.count++;
    if (tags) this.nodeTags.set(id, tags);
  }

  /** Sorts nodes by id when they did not arrive in order; call once after reading. */
  finish(): this {
    if (!this.sorted) {
      const order = Array.from({ length: this.count }, (_, i) => i).sort((a, b) => this.ids[a] - this.ids[b]);
      this.ids = Float64Array.from(order, (i) => this.ids[i]);
      this.lon = Float64Array.from(order, (i) => this.lon[i]);
      this.lat = Float64Array.from(order, (i) => this.lat[i]);
      this.sorted = true;
    }
    return this;
  }

  /** Index of a node id, -1 when the extract does not hold it. */
  index(id: number): number {
    let lo = 0, hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.ids[mid];
      if (v === id) return mid;
      if (v < id) lo = mid + 1; else hi = mid - 1;
    }
    return -1;
  }
}

export interface OsmTagTable {
  facilities: Array<[string, string]>;
  landuse: Array<[string, string]>;
  residential_buildings: string[];
  not_streets: string[];
}
export const DEFAULT_TAG_TABLE = TAGS as unknown as OsmTagTable & { about: string };

type Cond = { key: string; test: (v: string | undefined) => boolean };
interface Rule { conds: Cond[]; value: string; text: string }

/** Parses and checks a tag table (the user may have edited it): a bad rule is an error naming it. */
export function compileTagTable(t: unknown): { facilities: Rule[]; landuse: Rule[]; residential: Set<string>; notStreets: Set<string> } {
  const table = t as Partial<OsmTagTable>;
  if (typeof t !== 'object' || t === null || !Array.isArray(table.facilities)) throw new ImportError('OSM tag table', 'needs a "facilities" list of [condition, category] pairs');
  const compile = (rows: unknown, allowed: readonly string[] | null, what: string): Rule[] => (Array.isArray(rows) ? rows : []).map((row, i) => {
    if (!Array.isArray(row) || row.length !== 2 || typeof row[0] !== 'string' || typeof row[1] !== 'string') {
      throw new ImportError('OSM tag table', `${what} rule ${i + 1} is not a [condition, ${what === 'facilities' ? 'category' : 'kind'}] pair`);
    }
    if (allowed && !allowed.includes(row[1])) throw new ImportError('OSM tag table', `${what} rule ${i + 1} (${row[0]}): unknown ${what === 'facilities' ? 'category' : 'kind'} "${row[1]}"; one of ${allowed.join(', ')}`);
    const conds = row[0].split(';').map((c: string) => c.trim()).filter(Boolean).map((c: string): Cond => {
      const m = /^([^=~]+)(=|~)(.*)$/.exec(c);
      if (!m) throw new ImportError('OSM tag table', `${what} rule ${i + 1}: "${c}" is not key=value, key=* or key~regex`);
      const [, key, op, val] = m;
      if (op === '~') {
        let re: RegExp;
        try { re = new RegExp(val, 'i'); } catch { throw new ImportError('OSM tag table', `${what} rule ${i + 1}: bad pattern ${val}`); }
        return { key: key.trim(), test: (v) => v !== undefined && re.test(v) };
      }
      const want = val.trim();
      return { key: key.trim(), test: want === '*' ? (v) => v !== undefined && v !== 'no' : (v) => v === want };
    });
    if (conds.length === 0) throw new ImportError('OSM tag table', `${what} rule ${i + 1} has no condition`);
    return { conds, value: row[1], text: row[0] };
  });
  return {
    facilities: compile(table.facilities, CATEGORY_IDS, 'facilities'),
    landuse: compile(table.landuse, ['green', 'water', 'rail', 'commercial', 'industrial', 'hightech'], 'landuse'),
    residential: new Set(Array.isArray(table.residential_buildings) ? table.residential_buildings : DEFAULT_TAG_TABLE.residential_buildings),
    notStreets: new Set(Array.isArray(table.not_streets) ? table.not_streets : DEFAULT_TAG_TABLE.not_streets),
  };
}

/** Where Chinese names stand: many features carry an English `name` with the Chinese in `name:zh`. */
const NAME_KEYS = ['name', 'name:zh', 'name:zh-Hans', 'name:zh-Hant', 'name:en'];

function match(rules: Rule[], tags: Tags): Rule | null {
  for (const r of rules) {
    if (r.conds.every((c) => (c.key === 'name' ? NAME_KEYS.some((k) => c.test(tags[k])) : c.test(tags[c.key])))) return r;
  }
  return null;
}

/** Barrier nodes a street is cut at, so that a compound's inside part ends at its gate. */
const CUT_BARRIERS = new Set(['gate', 'lift_gate', 'swing_gate', 'sliding_gate', 'entrance', 'turnstile', 'full-height_turnstile', 'kissing_gate', 'bollard']);
/** Nodes that show a residential area is closed off: gates and entrances, not bollards (they stop cars, not people). */
const GATE_NODES = new Set(['gate', 'lift_gate', 'swing_gate', 'sliding_gate', 'entrance', 'turnstile', 'full-height_turnstile', 'kissing_gate']);
const COMPOUND_PATH_CLASSES = new Set(['service', 'footway', 'path', 'pedestrian', 'living_street', 'residential', 'steps', 'track', 'cycleway', 'unclassified']);
/** Barrier ways that enclose a compound when drawn along its outline. */
const ENCLOSING_BARRIERS = new Set(['wall', 'fence']);
/** A wall counts as the compound's when half its nodes lie this close to the outline (metres). */
const WALL_NEAR_M = 5;
/** A gate counts as the compound's when it lies this close to the outline (metres). */
const GATE_NEAR_M = 20;
/** A stretch of way closer than this to the outline runs along it (a street the area is drawn against). */
const ON_OUTLINE_M = 0.5;

export interface OsmOptions { file: string; tagTable?: unknown }

type F = { type: 'Feature'; id: string; geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> };

/**
 * A stretch of a street way: node indices into OsmData (a negative number is a vertex added where
 * the way crosses a compound outline), its positions, and the gated compound it lies in.
 */
interface Piece { way: OsmWay; idx: number[]; coords: Position[]; zone: string | null }
interface ResidentialArea { id: string; rings: Position[][]; tags: Tags; box: number[]; size: number }

/** Whether a gated compound's own residents may walk a way (its private paths included); motorways never. */
function residentsMay(t: Tags): boolean {
  const hw = t.highway;
  if (hw === 'motorway' || hw === 'motorway_link') return false;
  return pedestrianAllowed({ class: hw, highway: hw, foot: t.foot, access: t.access, compound: 'residents' });
}

export function osmToParts(osm: OsmData, opts: OsmOptions): LayerParts {
  const table = compileTagTable(opts.tagTable ?? DEFAULT_TAG_TABLE);
  const file = opts.file;
  const notes: LayerParts['notes'] = [];
  const streets: F[] = [], buildings: F[] = [], facilities: F[] = [], landuse: F[] = [], communities: F[] = [];
  const residentialAreas: ResidentialArea[] = [];
  const pieces: Piece[] = [];
  const barrierWays: OsmWay[] = [];
  // Node ids of each building, beside the features rather than on their properties.
  const buildingRefs: Array<ArrayLike<number> | undefined> = [];
  let missingRefs = 0, cutAreas = 0;

  const coordsOf = (refs: ArrayLike<number>): { runs: Position[][]; missing: number } => {
    const runs: Position[][] = [];
    let cur: Position[] = [];
    let missing = 0;
    for (let k = 0; k < refs.length; k++) {
      const i = osm.index(refs[k]);
      if (i < 0) { missing++; if (cur.length) runs.push(cur); cur = []; continue; }
      cur.push([osm.lon[i], osm.lat[i]]);
    }
    if (cur.length) runs.push(cur);
    return { runs, missing };
  };
  const name = (t: Tags) => t.name ?? t['name:zh'] ?? t['name:zh-Hans'] ?? t['name:zh-Hant'] ?? t['name:en'] ?? '';
  const num = (v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    const m = /^\s*(-?\d+(?:\.\d+)?)\s*(m|metres|meters)?\s*$/i.exec(v.replace(',', '.'));
    return m ? Number(m[1]) : undefined;
  };
  const isClosed = (refs: ArrayLike<number>) => refs.length >= 4 && refs[0] === refs[refs.length - 1];
  const areaTags = (tags: Tags, id: string, polys: Position[][][], buildingNodes?: ArrayLike<number>) => {
    const geometry = polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys };
    if (tags.building && tags.building !== 'no') {
      const props: Record<string, unknown> = { id, osm_building: tags.building, name: name(tags), use: useOf(tags.building) };
      const lv = num(tags['building:levels']);
      if (lv !== undefined) props.floors = lv;
      const h = num(tags.height);
      if (h !== undefined) props.height = h;
      buildings.push({ type: 'Feature', id, geometry, properties: props });
      buildingRefs.push(buildingNodes);
    }
    const fac = match(table.facilities, tags);
    if (fac) facilities.push({ type: 'Feature', id, geometry: { type: 'Polygon', coordinates: largest(polys) }, properties: facilityProps(id, fac, tags) });
    const lu = match(table.landuse, tags);
    if (lu) for (const p of polys) landuse.push({ type: 'Feature', id, geometry: { type: 'Polygon', coordinates: p }, properties: { id, kind: lu.value, name: name(tags) } });
    // Each outer ring of a residential multipolygon is an area of its own, with the holes inside it.
    if (tags.landuse === 'residential') {
      polys.forEach((p, k) => residentialAreas.push({ id: polys.length > 1 ? `${id}#${k + 1}` : id, rings: p, tags, box: boxOf(p[0]), size: Math.abs(ringAreaLL(p[0])) }));
    }
    if (tags.boundary === 'administrative' && (tags.admin_level === '9' || tags.admin_level === '10')) {
      const pop = num(tags.population);
      communities.push({
        type: 'Feature', id, geometry: { type: 'Polygon', coordinates: largest(polys) },
        properties: { id, name: name(tags) || id, name_en: tags['name:en'] ?? name(tags) ?? id, type: 'mixed', households: 0, population: pop ?? 0, groups: 0, admin_level: Number(tags.admin_level) },
      });
    }
  };
  const useOf = (b: string) => {
    if (table.residential.has(b)) return 'residential';
    if (b === 'commercial' || b === 'retail' || b === 'supermarket' || b === 'kiosk') return 'commercial';
    if (b === 'office') return 'office';
    if (b === 'industrial' || b === 'warehouse' || b === 'factory') return 'industrial';
    return b === 'yes' ? 'unknown' : 'public';
  };
  const facilityProps = (id: string, rule: Rule, tags: Tags) => {
    const cap = num(tags.capacity) ?? num(tags.beds);
    return { id, category: rule.value as CategoryId, name: name(tags), capacity: cap ?? null, status: 'existing', community: '', compound: null, osm_tag: rule.text };
  };

  // Multipolygon relations: their member ways' roles decide outer and inner rings.
  const wayById = new Map<number, OsmWay>();
  for (const w of osm.ways) wayById.set(w.id, w);
  for (const r of osm.relations) {
    const t = r.tags;
    if (t.type !== 'multipolygon' && t.type !== 'boundary') continue;
    const outer: ArrayLike<number>[] = [], inner: ArrayLike<number>[] = [];
    for (const m of r.members) {
      if (m.type !== 'way') continue;
      const w = wayById.get(m.ref);
      if (!w) continue;
      (m.role === 'inner' ? inner : outer).push(w.refs);
    }
    // Outer rings in the order of their lowest node id, so that `relation/5#2` names the same part
    // however the member ways are listed.
    const minId = (ring: number[]) => ring.reduce((m, v) => Math.min(m, v), Infinity);
    const outerRings = assembleRings(outer).sort((p, q) => minId(p) - minId(q)), innerRings = assembleRings(inner);
    const whole = (ring: number[]) => { const c = coordsOf(ring); return c.missing === 0 && c.runs.length === 1 ? c.runs[0] : null; };
    const outers = outerRings.map(whole).filter((c): c is Position[] => c !== null);
    const inners = innerRings.map(whole).filter((c): c is Position[] => c !== null);
    if (outers.length < outerRings.length && (t.building || t.landuse === 'residential')) cutAreas++;
    if (outers.length === 0) continue;
    const polys: Position[][][] = outers.map((o) => [o]);
    for (const h of inners) {
      const home = polys.find((p) => pointInRingLL(h[0], p[0]));
      if (home) home.push(h);
    }
    // A building's entrances may sit on any of its rings.
    areaTags(t, `relation/${r.id}`, polys, t.building ? [...outerRings, ...innerRings].flat() : undefined);
  }

  for (const w of osm.ways) {
    const t = w.tags;
    const id = `way/${w.id}`;
    const hw = t.highway;
    if (hw && !table.notStreets.has(hw) && !(t.area === 'yes' && !['pedestrian', 'footway'].includes(hw))) {
      // Cut at nodes outside the extract and at gates, so a compound's inside part ends at its gate.
      const runs: number[][] = [];
      let cur: number[] = [];
      // Pieces hold node indices into OsmData (found once), not node ids.
      for (let k = 0; k < w.refs.length; k++) {
        const ref = w.refs[k];
        const at = osm.index(ref);
        if (at < 0) { if (!osm.offGlobeIds.has(ref)) missingRefs++; if (cur.length) runs.push(cur); cur = []; continue; }
        cur.push(at);
        const nt = osm.nodeTags.size ? osm.nodeTags.get(ref) : undefined;
        if (k > 0 && k < w.refs.length - 1 && nt && ((nt.barrier !== undefined && CUT_BARRIERS.has(nt.barrier)) || nt.entrance !== undefined)) {
          runs.push(cur);
          cur = [at];
        }
      }
      if (cur.length) runs.push(cur);
      for (const idx of runs) if (idx.length >= 2) pieces.push({ way: w, idx, coords: idx.map((i) => [osm.lon[i], osm.lat[i]] as Position), zone: null });
    }
    if (t.barrier !== undefined && ENCLOSING_BARRIERS.has(t.barrier)) barrierWays.push(w);
    if (t.railway && !hw) {
      const lu = match(table.landuse, t);
      if (lu?.value === 'rail' && !isClosed(w.refs)) {
        for (const coords of coordsOf(w.refs).runs.filter((r) => r.length >= 2)) {
          landuse.push({ type: 'Feature', id, geometry: { type: 'LineString', coordinates: coords }, properties: { id, kind: 'rail', name: name(t) } });
        }
      }
    }
    if (isClosed(w.refs) && (!hw || t.area === 'yes' || t.building)) {
      const { runs, missing } = coordsOf(w.refs);
      if (missing === 0 && runs.length === 1 && runs[0].length >= 4) areaTags(t, id, [[runs[0]]], t.building ? w.refs : undefined);
      else if (missing > 0 && (t.building || t.landuse === 'residential')) cutAreas++;
    }
  }

  for (const [nid, t] of osm.nodeTags) {
    const fac = match(table.facilities, t);
    if (!fac) continue;
    const i = osm.index(nid);
    if (i < 0) continue;
    const id = `node/${nid}`;
    facilities.push({ type: 'Feature', id, geometry: { type: 'Point', coordinates: [osm.lon[i], osm.lat[i]] }, properties: facilityProps(id, fac, t) });
  }

  // Entrances: entrance=* nodes on a building's outline; the main ones first and service doors (for
  // staff and deliveries) last, then by node id, so the building stands for the same one whatever
  // order its rings were drawn in.
  buildings.forEach((b, bi) => {
    const refs = buildingRefs[bi];
    if (!refs) return;
    const found = new Map<number, { p: Position; rank: number }>();
    for (let k = 0; k < refs.length; k++) {
      const t = osm.nodeTags.get(refs[k]);
      if (!t?.entrance || t.entrance === 'no' || t.entrance === 'emergency' || t.entrance === 'exit') continue;
      const i = osm.index(refs[k]);
      if (i >= 0) found.set(refs[k], { p: [osm.lon[i], osm.lat[i]], rank: t.entrance === 'main' ? 0 : t.entrance === 'service' ? 2 : 1 });
    }
    if (found.size) b.properties.entrances = [...found].sort((a, c) => a[1].rank - c[1].rank || a[0] - c[0]).map(([, e]) => e.p);
  });

  // building=yes counts as housing inside a residential area, and as unknown use (no residents) elsewhere.
  for (const b of buildings) {
    if (b.properties.use !== 'unknown') continue;
    const ring = (b.geometry.type === 'Polygon' ? (b.geometry.coordinates as Position[][]) : (b.geometry.coordinates as Position[][][])[0])[0];
    const p = ring[0];
    const inRes = residentialAreas.some((a) => p[0] >= a.box[0] && p[0] <= a.box[2] && p[1] >= a.box[1] && p[1] <= a.box[3] && pointInPolygonLL(p, a.rings));
    b.properties.use = inRes ? 'residential' : 'public';
    if (!inRes) b.properties.population = 0;
  }

  const parts = new Map<Piece, Piece[]>();
  const compounds = gatedCompounds(osm, residentialAreas, pieces, barrierWays, parts);
  const apart = separateDuplicateNodes(osm, pieces.flatMap((p) => parts.get(p) ?? [p]));
  for (let k = 0; k < pieces.length;) {
    const w = pieces[k].way;
    const ofWay: Piece[] = [];
    for (; k < pieces.length && pieces[k].way === w; k++) ofWay.push(...(parts.get(pieces[k]) ?? [pieces[k]]));
    const t = w.tags, id = `way/${w.id}`;
    ofWay.forEach((p, n) => {
      const props: Record<string, unknown> = { id: ofWay.length > 1 ? `${id}#${n + 1}` : id, class: t.highway, name: name(t), compound: p.zone };
      for (const key of ['foot', 'access', 'highway', 'construction']) if (t[key] !== undefined) props[key] = t[key];
      streets.push({ type: 'Feature', id: String(props.id), geometry: { type: 'LineString', coordinates: p.coords }, properties: props });
    });
  }
  if (missingRefs > 0) notes.push({ file, problem: `${missingRefs} way nodes lie outside the extract: those ways are cut at its edge` });
  if (cutAreas > 0) notes.push({ file, problem: `${cutAreas} buildings or residential areas are cut by the extract's edge (their outline is not closed inside it): left out` });
  if (osm.offGlobe > 0) notes.push({ file, feature: `node/${osm.offGlobeFirst}`, problem: `${osm.offGlobe} nodes have a latitude beyond ±90° or a longitude beyond ±180°: left out, and ways through them are cut there` });
  if (apart > 0) notes.push({ file, problem: `${apart} street nodes stand exactly where another node stands without being the same node: kept unjoined, as in OSM (ways meet only at shared nodes)`, severity: 'info' });
  const layers: LayerParts['layers'] = {
    streets: fcOf(streets), buildings: fcOf(buildings), facilities: fcOf(facilities), landuse: fcOf(landuse),
    communities: fcOf(communities), compounds: fcOf(compounds),
  };
  const files = Object.fromEntries(Object.keys(layers).map((k) => [k, file]));
  const meta: Record<string, unknown> = { attribution: '© OpenStreetMap contributors, ODbL 1.0', source_format: 'osm' };
  if (osm.bounds) meta.bbox = osm.bounds;
  return { layers, files, notes, meta };
}

/**
 * Gated compounds among the landuse=residential areas. An area's own paths are the walkable ways of
 * compound classes (service, footway, residential …), or the stretches of them, inside its outline:
 * a way crossing the outline is cut there, with a vertex at the crossing, and a way running along
 * the outline (an area drawn against its streets) stays public. An area with such paths is a gated
 * compound when it is closed off: tagged access=private/no/residents or barrier=*, drawn along a
 * barrier=wall/fence way, with a gate or entrance node on one of its paths near the outline, or
 * with private paths inside (whom else would they be for). Its paths then become the compound's
 * (its residents may use the private ones) and every point where one meets a way outside is an
 * opening. An area without paths, or whose paths meet nothing outside, is left open: its buildings
 * join any street. Smaller areas go first, so a compound drawn inside a larger residential area
 * claims its own paths. `parts` receives the stretches each cut piece became.
 */
function gatedCompounds(osm: OsmData, areas: ResidentialArea[], pieces: Piece[], barriers: OsmWay[], parts: Map<Piece, Piece[]>): F[] {
  const out: F[] = [];
  if (areas.length === 0 || pieces.length === 0) return out;
  const tree = new Flatbush(pieces.length);
  for (const p of pieces) { const b = boxOf(p.coords); tree.add(b[0], b[1], b[2], b[3]); }
  tree.finish();
  let crossing = 0;
  const originOf = new Map<Piece, Piece>();
  const order = areas.map((_, i) => i).sort((i, j) => areas[i].size - areas[j].size || i - j);
  for (const ai of order) {
    const a = areas[ai];
    const kx = 111320 * Math.cos((a.rings[0][0][1] * Math.PI) / 180), ky = 110540;
    const near = (p: Position, m: number) => ringsDistance(p, a.rings, kx, ky) <= m;
    const hits = tree.search(a.box[0], a.box[1], a.box[2], a.box[3]);
    const cuts = new Map<Piece, Array<{ p: Piece; inside: boolean }>>();
    const outsideKeys = new Set<number>();
    const insideWays = new Set<OsmWay>();
    let privateInside = false;
    for (const h of hits) {
      for (const p of parts.get(pieces[h]) ?? [pieces[h]]) {
        const walkable = residentsMay(p.way.tags);
        const split = p.zone === null && walkable && COMPOUND_PATH_CLASSES.has(p.way.tags.highway) ? splitAtOutline(p, a.rings, kx, ky, () => -(++crossing)) : null;
        if (!split || !split.some((s) => s.inside)) {
          if (walkable) for (const i of p.idx) outsideKeys.add(i);
          continue;
        }
        cuts.set(p, split);
        insideWays.add(p.way);
        for (const s of split) if (!s.inside) for (const i of s.p.idx) outsideKeys.add(i);
        if (!pedestrianAllowed({ highway: p.way.tags.highway, class: p.way.tags.highway, foot: p.way.tags.foot, access: p.way.tags.access })) privateInside = true;
      }
    }
    if (cuts.size === 0) continue;
    const openings: Position[] = [];
    const opened = new Set<number>();
    for (const split of cuts.values()) {
      for (const s of split) {
        if (!s.inside) continue;
        s.p.idx.forEach((i, k) => { if (outsideKeys.has(i) && !opened.has(i)) { opened.add(i); openings.push(s.p.coords[k]); } });
      }
    }
    if (openings.length === 0) continue;
    const t = a.tags;
    const tagged = ['private', 'no', 'residents'].includes(t.access ?? '') || (t.barrier !== undefined && t.barrier !== 'no');
    const walled = !tagged && barriers.some((w) => {
      const c = wayCoords(osm, w.refs);
      if (!c || c.length < 2) return false;
      const b = boxOf(c);
      if (b[2] < a.box[0] || b[0] > a.box[2] || b[3] < a.box[1] || b[1] > a.box[3]) return false;
      return c.filter((q) => near(q, WALL_NEAR_M)).length * 2 >= c.length;
    });
    const gate = !tagged && !walled && [...insideWays].some((w) => Array.from(w.refs).some((ref) => {
      const nt = osm.nodeTags.get(ref);
      if (!nt || !((nt.barrier !== undefined && GATE_NODES.has(nt.barrier)) || (nt.entrance !== undefined && nt.entrance !== 'no'))) return false;
      const i = osm.index(ref);
      return i >= 0 && near([osm.lon[i], osm.lat[i]], GATE_NEAR_M);
    }));
    if (!(tagged || walled || gate || privateInside)) continue;
    for (const [p, split] of cuts) {
      const replaced = split.map((s) => (s.inside ? { ...s.p, zone: a.id } : s.p));
      const orig = originOf.get(p) ?? p;
      const list = parts.get(orig) ?? [orig];
      list.splice(list.indexOf(p), 1, ...replaced);
      parts.set(orig, list);
      for (const r of replaced) originOf.set(r, orig);
    }
    out.push({ type: 'Feature', id: a.id, geometry: { type: 'Polygon', coordinates: a.rings }, properties: { id: a.id, name: a.tags.name ?? a.tags['name:zh'] ?? '', community: '', gates: openings } });
  }
  return out;
}

/**
 * A piece cut where it crosses the area's outline, as runs inside and outside. A vertex is added at
 * each crossing (its key from newKey); a stretch within ON_OUTLINE_M of the outline counts as outside.
 */
function splitAtOutline(p: Piece, rings: Position[][], kx: number, ky: number, newKey: () => number): Array<{ p: Piece; inside: boolean }> {
  const runs: Array<{ p: Piece; inside: boolean }> = [];
  let cur: { idx: number[]; coords: Position[]; inside: boolean } | null = null;
  for (let k = 0; k + 1 < p.coords.length; k++) {
    const a = p.coords[k], b = p.coords[k + 1];
    const stops: Array<{ i: number; c: Position }> = [{ i: p.idx[k], c: a }];
    for (const t of crossingsLL(a, b, rings)) stops.push({ i: newKey(), c: [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])] });
    stops.push({ i: p.idx[k + 1], c: b });
    for (let s = 1; s < stops.length; s++) {
      const m: Position = [(stops[s - 1].c[0] + stops[s].c[0]) / 2, (stops[s - 1].c[1] + stops[s].c[1]) / 2];
      const inside = ringsDistance(m, rings, kx, ky) > ON_OUTLINE_M && pointInPolygonLL(m, rings);
      if (!cur || cur.inside !== inside) {
        if (cur) runs.push({ p: { way: p.way, idx: cur.idx, coords: cur.coords, zone: null }, inside: cur.inside });
        cur = { idx: [stops[s - 1].i], coords: [stops[s - 1].c], inside };
      }
      cur.idx.push(stops[s].i);
      cur.coords.push(stops[s].c);
    }
  }
  if (cur) runs.push({ p: { way: p.way, idx: cur.idx, coords: cur.coords, zone: null }, inside: cur.inside });
  return runs;
}

/** Fractions 0 < t < 1 along AB where it crosses an edge of the rings, sorted (affine-invariant, so in degrees). */
function crossingsLL(a: Position, b: Position, rings: Position[][]): number[] {
  const ts: number[] = [];
  const ex = b[0] - a[0], ey = b[1] - a[1];
  for (const r of rings) {
    for (let i = 0; i + 1 < r.length; i++) {
      const cx = r[i][0] - a[0], cy = r[i][1] - a[1], fx = r[i + 1][0] - r[i][0], fy = r[i + 1][1] - r[i][1];
      const den = ex * fy - ey * fx;
      if (den === 0) continue;
      const t = (cx * fy - cy * fx) / den, u = (cx * ey - cy * ex) / den;
      if (t > 1e-9 && t < 1 - 1e-9 && u >= 0 && u <= 1) ts.push(t);
    }
  }
  return ts.sort((x, y) => x - y);
}

/** Metres from p to the nearest edge of the rings (equirectangular with the given scales). */
function ringsDistance(p: Position, rings: Position[][], kx: number, ky: number): number {
  let best = Infinity;
  for (const r of rings) {
    for (let i = 1; i < r.length; i++) {
      const ax = (r[i - 1][0] - p[0]) * kx, ay = (r[i - 1][1] - p[1]) * ky, bx = (r[i][0] - p[0]) * kx, by = (r[i][1] - p[1]) * ky;
      const dx = bx - ax, dy = by - ay;
      const l2 = dx * dx + dy * dy;
      const t = l2 ? Math.max(0, Math.min(1, -(ax * dx + ay * dy) / l2)) : 0;
      best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
    }
  }
  return best;
}

/** Positions of a way's nodes, or null when the extract lacks one. */
function wayCoords(osm: OsmData, refs: ArrayLike<number>): Position[] | null {
  const out: Position[] = [];
  for (let k = 0; k < refs.length; k++) {
    const i = osm.index(refs[k]);
    if (i < 0) return null;
    out.push([osm.lon[i], osm.lat[i]]);
  }
  return out;
}

/**
 * Ways meet only at shared nodes. The walking graph joins lines at equal positions, so a node that
 * stands exactly where a different node stands (a bridge vertex over a tunnel vertex, a footway
 * drawn to a road without being glued to it) is moved 3 cm north per earlier twin, which keeps the
 * two apart at no visible cost. Returns how many nodes were moved.
 */
function separateDuplicateNodes(osm: OsmData, list: Piece[]): number {
  // Keyed by a number built from both coordinates; a key shared by two different positions (it can
  // round alike) falls back to the exact text of the position.
  const first = new Map<number, number>(), exact = new Map<string, number>();
  const twins = new Map<number, number>();
  const shift = new Int32Array(osm.count).fill(-1);
  let moved = 0;
  for (const p of list) {
    p.idx.forEach((i, k) => {
      if (i < 0) return;
      if (shift[i] < 0) {
        const key = Math.round((osm.lon[i] + 180) * 1e7) * 2e9 + Math.round((osm.lat[i] + 90) * 1e7);
        let f = first.get(key);
        if (f === undefined) { first.set(key, i); f = i; }
        else if (osm.lon[f] !== osm.lon[i] || osm.lat[f] !== osm.lat[i]) {
          const text = `${osm.lon[i]},${osm.lat[i]}`;
          f = exact.get(text) ?? i;
          if (f === i) exact.set(text, i);
        }
        const n = twins.get(f) ?? 0;
        shift[i] = f === i ? 0 : n + 1;
        if (f !== i) { twins.set(f, n + 1); moved++; }
      }
      if (shift[i] > 0) p.coords[k] = [osm.lon[i], osm.lat[i] + shift[i] * 3e-7];
    });
  }
  return moved;
}

/** Joins member ways end to end into closed rings (node-id lists); open leftovers are dropped. */
export function assembleRings(ways: ArrayLike<number>[]): number[][] {
  const pool = ways.map((w) => Array.from(w)).filter((w) => w.length >= 2);
  const rings: number[][] = [];
  while (pool.length) {
    let ring = pool.pop()!;
    let grown = true;
    while (ring[0] !== ring[ring.length - 1] && grown) {
      grown = false;
      const end = ring[ring.length - 1];
      for (let k = 0; k < pool.length; k++) {
        const w = pool[k];
        if (w[0] === end) ring = ring.concat(w.slice(1));
        else if (w[w.length - 1] === end) ring = ring.concat(w.slice(0, -1).reverse());
        else continue;
        pool.splice(k, 1);
        grown = true;
        break;
      }
    }
    if (ring.length >= 4 && ring[0] === ring[ring.length - 1]) rings.push(ring);
  }
  return rings;
}

function fcOf(features: F[]) {
  return { type: 'FeatureCollection' as const, features };
}

function largest(polys: Position[][][]): Position[][] {
  let best = polys[0], bestA = -1;
  for (const p of polys) {
    const a = Math.abs(ringAreaLL(p[0]));
    if (a > bestA) { bestA = a; best = p; }
  }
  return best;
}

function ringAreaLL(r: Position[]): number {
  let a = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) a += (r[j][0] - r[i][0]) * (r[j][1] + r[i][1]);
  return a / 2;
}

function boxOf(r: Position[]): number[] {
  let a = Infinity, b = Infinity, c = -Infinity, d = -Infinity;
  for (const p of r) { if (p[0] < a) a = p[0]; if (p[0] > c) c = p[0]; if (p[1] < b) b = p[1]; if (p[1] > d) d = p[1]; }
  return [a, b, c, d];
}

function pointInRingLL(p: Position, ring: Position[]): boolean {
  let inside = false;
  const [x, y] = p;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i], [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside the outer ring and outside every hole. */
function pointInPolygonLL(p: Position, rings: Position[][]): boolean {
  if (!pointInRingLL(p, rings[0])) return false;
  for (let k = 1; k < rings.length; k++) if (pointInRingLL(p, rings[k])) return false;
  return true;
}
