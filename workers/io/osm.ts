// OpenStreetMap elements (from XML or PBF) to our layers: walkable ways with their tags, buildings
// with levels/height and entrances, facilities through the editable tag table, parks/water/rail,
// gated compounds, community boundaries (admin_level 9–10). OSM ids survive as `way/123`, `node/45`.

import TAGS from '../../data/osm-tags.json';
import { CATEGORY_IDS, type CategoryId, type Position } from '../model/dataset.ts';
import { ImportError, type LayerParts } from './source.ts';

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

  addNode(id: number, lon: number, lat: number, tags: Tags | null): void {
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

function match(rules: Rule[], tags: Tags, nameKey = 'name'): Rule | null {
  for (const r of rules) {
    if (r.conds.every((c) => c.test(c.key === 'name' ? tags[nameKey] ?? tags['name:zh'] : tags[c.key]))) return r;
  }
  return null;
}

const GATE_BARRIERS = new Set(['gate', 'lift_gate', 'swing_gate', 'sliding_gate', 'entrance', 'turnstile', 'full-height_turnstile', 'kissing_gate', 'bollard']);
const COMPOUND_PATH_CLASSES = new Set(['service', 'footway', 'path', 'pedestrian', 'living_street', 'residential', 'steps', 'track', 'cycleway', 'unclassified', 'corridor']);

export interface OsmOptions { file: string; tagTable?: unknown }

type F = { type: 'Feature'; id: string; geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> };

export function osmToParts(osm: OsmData, opts: OsmOptions): LayerParts {
  const table = compileTagTable(opts.tagTable ?? DEFAULT_TAG_TABLE);
  const file = opts.file;
  const notes: LayerParts['notes'] = [];
  const streets: F[] = [], buildings: F[] = [], facilities: F[] = [], landuse: F[] = [], communities: F[] = [];
  const residentialAreas: Array<{ id: string; rings: Position[][]; tags: Tags; box: number[] }> = [];
  // Node indices of each street and node ids of each building, beside the features rather than on their properties.
  const streetRefs: number[][] = [];
  const buildingRefs: Array<ArrayLike<number> | undefined> = [];
  let missingRefs = 0;

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
  const name = (t: Tags) => t.name ?? t['name:zh'] ?? t['name:en'] ?? '';
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
    if (tags.landuse === 'residential') residentialAreas.push({ id, rings: polys[0], tags, box: boxOf(polys[0][0]) });
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
    const outers = assembleRings(outer).map((ring) => coordsOf(ring)).filter((c) => c.missing === 0 && c.runs.length === 1).map((c) => c.runs[0]);
    const inners = assembleRings(inner).map((ring) => coordsOf(ring)).filter((c) => c.missing === 0 && c.runs.length === 1).map((c) => c.runs[0]);
    if (outers.length === 0) continue;
    const polys: Position[][][] = outers.map((o) => [o]);
    for (const h of inners) {
      const home = polys.find((p) => pointInRingLL(h[0], p[0]));
      if (home) home.push(h);
    }
    areaTags(t, `relation/${r.id}`, polys);
  }

  for (const w of osm.ways) {
    const t = w.tags;
    const id = `way/${w.id}`;
    const hw = t.highway;
    if (hw && !table.notStreets.has(hw) && !(t.area === 'yes' && !['pedestrian', 'footway'].includes(hw))) {
      // Cut at nodes outside the extract and at gates, so a compound's inside part ends at its gate.
      const pieces: number[][] = [];
      let cur: number[] = [];
      // Pieces hold node indices into OsmData (found once), not node ids.
      for (let k = 0; k < w.refs.length; k++) {
        const ref = w.refs[k];
        const at = osm.index(ref);
        if (at < 0) { missingRefs++; if (cur.length) pieces.push(cur); cur = []; continue; }
        cur.push(at);
        const nt = osm.nodeTags.size ? osm.nodeTags.get(ref) : undefined;
        if (k > 0 && k < w.refs.length - 1 && nt && ((nt.barrier !== undefined && GATE_BARRIERS.has(nt.barrier)) || nt.entrance !== undefined)) {
          pieces.push(cur);
          cur = [at];
        }
      }
      if (cur.length) pieces.push(cur);
      const good = pieces.filter((r) => r.length >= 2);
      good.forEach((refs, k) => {
        const props: Record<string, unknown> = { id: good.length > 1 ? `${id}#${k + 1}` : id, class: hw, name: name(t), compound: null };
        for (const key of ['foot', 'access', 'highway', 'construction']) if (t[key] !== undefined) props[key] = t[key];
        const coords = refs.map((i) => [osm.lon[i], osm.lat[i]] as Position);
        streets.push({ type: 'Feature', id: String(props.id), geometry: { type: 'LineString', coordinates: coords }, properties: props });
        streetRefs.push(refs);
      });
    }
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

  // Entrances: entrance=* nodes on a building's outline; the main one first.
  buildings.forEach((b, bi) => {
    const refs = buildingRefs[bi];
    if (!refs) return;
    const found: Array<{ p: Position; main: boolean }> = [];
    for (let k = 0; k < refs.length - 1; k++) {
      const t = osm.nodeTags.get(refs[k]);
      if (!t?.entrance || t.entrance === 'no' || t.entrance === 'emergency' || t.entrance === 'exit') continue;
      const i = osm.index(refs[k]);
      found.push({ p: [osm.lon[i], osm.lat[i]], main: t.entrance === 'main' });
    }
    if (found.length) b.properties.entrances = found.sort((a, c) => Number(c.main) - Number(a.main)).map((e) => e.p);
  });

  // building=yes counts as housing inside a residential area, and as unknown use (no residents) elsewhere.
  for (const b of buildings) {
    if (b.properties.use !== 'unknown') continue;
    const ring = (b.geometry.type === 'Polygon' ? (b.geometry.coordinates as Position[][]) : (b.geometry.coordinates as Position[][][])[0])[0];
    const p = ring[0];
    const inRes = residentialAreas.some((a) => p[0] >= a.box[0] && p[0] <= a.box[2] && p[1] >= a.box[1] && p[1] <= a.box[3] && pointInRingLL(p, a.rings[0]));
    b.properties.use = inRes ? 'residential' : 'public';
    if (!inRes) b.properties.population = 0;
  }

  const compounds = gatedCompounds(osm, residentialAreas, streets, streetRefs);
  if (missingRefs > 0) notes.push({ file, problem: `${missingRefs} way nodes lie outside the extract: those ways are cut at its edge` });
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
 * landuse=residential areas that are gated: tagged access=private/no or barrier, or with gate or
 * entrance nodes where their internal ways meet the outside. Their internal ways become the
 * compound's own paths (its residents may use private ones), the gates the only ways out. An area
 * without internal ways or without a gate is left open: its buildings join any street.
 */
function gatedCompounds(osm: OsmData, areas: Array<{ id: string; rings: Position[][]; tags: Tags; box: number[] }>, streets: F[], streetRefs: number[][]): F[] {
  const out: F[] = [];
  for (const a of areas) {
    const tagged = ['private', 'no', 'residents'].includes(a.tags.access ?? '') || (a.tags.barrier !== undefined && a.tags.barrier !== 'no');
    const inside: number[] = [];
    const outside: number[] = [];
    streets.forEach((s, si) => {
      const c = s.geometry.coordinates as Position[];
      const [minX, minY, maxX, maxY] = boxOf(c);
      if (maxX < a.box[0] || minX > a.box[2] || maxY < a.box[1] || minY > a.box[3]) return;
      // Its ends may stop at the wall (a gate on the outline): within 20 m of it counts as inside.
      const allIn = c.every((p, k) => pointInRingLL(p, a.rings[0]) || ((k === 0 || k === c.length - 1) && nearRing(p, a.rings[0], 20)));
      if (allIn && COMPOUND_PATH_CLASSES.has(String(s.properties.class))) inside.push(si);
      else outside.push(si);
    });
    if (inside.length === 0) continue;
    const insideNodes = new Set<number>();
    for (const k of inside) for (const r of streetRefs[k]) insideNodes.add(r);
    const outsideNodes = new Set<number>();
    for (const k of outside) for (const r of streetRefs[k]) outsideNodes.add(r);
    const gates: Position[] = [];
    let gateTagged = false;
    for (const n of insideNodes) {
      if (!outsideNodes.has(n)) continue;
      const t = osm.nodeTags.get(osm.ids[n]);
      const isGate = t !== undefined && ((t.barrier !== undefined && GATE_BARRIERS.has(t.barrier)) || t.entrance !== undefined);
      if (isGate) gateTagged = true;
      gates.push([osm.lon[n], osm.lat[n]]);
    }
    if (!(tagged || gateTagged) || gates.length === 0) continue;
    for (const k of inside) streets[k].properties.compound = a.id;
    out.push({ type: 'Feature', id: a.id, geometry: { type: 'Polygon', coordinates: a.rings }, properties: { id: a.id, name: a.tags.name ?? '', community: '', gates } });
  }
  return out;
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

/** Whether p lies within `m` metres of a ring (equirectangular at p's latitude). */
function nearRing(p: Position, ring: Position[], m: number): boolean {
  const kx = 111320 * Math.cos((p[1] * Math.PI) / 180), ky = 110540;
  for (let i = 1; i < ring.length; i++) {
    const ax = (ring[i - 1][0] - p[0]) * kx, ay = (ring[i - 1][1] - p[1]) * ky, bx = (ring[i][0] - p[0]) * kx, by = (ring[i][1] - p[1]) * ky;
    const dx = bx - ax, dy = by - ay;
    const l2 = dx * dx + dy * dy;
    const t = l2 ? Math.max(0, Math.min(1, -(ax * dx + ay * dy) / l2)) : 0;
    if (Math.hypot(ax + t * dx, ay + t * dy) <= m) return true;
  }
  return false;
}
