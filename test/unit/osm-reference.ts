// An independent reference for per-building walking distances on raw OpenStreetMap data, written
// from the walking rules in the README without any engine or importer code: its own readers (XML by
// regular expressions, PBF by the tiny-osmpbf package), its own rules, ring assembly, centroids,
// compound detection, haversine lengths, snapping through a plain grid of cells, and a textbook
// binary-heap Dijkstra on a graph whose nodes are OSM node ids (ways join only where they share a
// node, as in OSM itself).
import { createRequire } from 'node:module';

type Tags = Record<string, string>;
type LL = [number, number];
export interface RefOsm {
  nodes: Map<number, LL>;
  nodeTags: Map<number, Tags>;
  ways: Map<number, { refs: number[]; tags: Tags }>;
  relations: Map<number, { members: Array<{ type: string; ref: number; role: string }>; tags: Tags }>;
}

const tagsIn = (body: string): Tags => Object.fromEntries([...body.matchAll(/<tag k="([^"]*)" v="([^"]*)"\s*\/>/g)].map((t) => [unescape(t[1]), unescape(t[2])]));
const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

export function refFromXml(xml: string): RefOsm {
  const osm: RefOsm = { nodes: new Map(), nodeTags: new Map(), ways: new Map(), relations: new Map() };
  for (const m of xml.matchAll(/<node\b([^>]*?)(\/>|>([\s\S]*?)<\/node>)/g)) {
    const id = Number(/\bid="(-?\d+)"/.exec(m[1])![1]);
    const lon = Number(/\blon="([^"]+)"/.exec(m[1])?.[1]), lat = Number(/\blat="([^"]+)"/.exec(m[1])?.[1]);
    // A node off the globe is no position at all: ways through it are cut there, as at an extract's edge.
    if (!(Math.abs(lat) <= 90 && Math.abs(lon) <= 180)) continue;
    osm.nodes.set(id, [lon, lat]);
    if (m[3]) osm.nodeTags.set(id, tagsIn(m[3]));
  }
  for (const m of xml.matchAll(/<way\b[^>]*\bid="(-?\d+)"[^>]*>([\s\S]*?)<\/way>/g)) {
    osm.ways.set(Number(m[1]), { refs: [...m[2].matchAll(/<nd ref="(-?\d+)"/g)].map((r) => Number(r[1])), tags: tagsIn(m[2]) });
  }
  for (const m of xml.matchAll(/<relation\b[^>]*\bid="(-?\d+)"[^>]*>([\s\S]*?)<\/relation>/g)) {
    const members = [...m[2].matchAll(/<member type="(\w+)" ref="(-?\d+)" role="([^"]*)"/g)].map((r) => ({ type: r[1], ref: Number(r[2]), role: r[3] }));
    osm.relations.set(Number(m[1]), { members, tags: tagsIn(m[2]) });
  }
  return osm;
}

type TinyElement = { type: 'node'; id: number; lat: number; lon: number; tags: Tags }
  | { type: 'way'; id: number; nodes: number[]; tags: Tags }
  | { type: 'relation'; id: number; members: Array<{ type: string; ref: number; role: string }>; tags: Tags };
const tinyOsmPbf = createRequire(import.meta.url)('tiny-osmpbf') as (buf: Uint8Array) => { elements: TinyElement[] };

export function refFromPbf(buf: Uint8Array): RefOsm {
  const osm: RefOsm = { nodes: new Map(), nodeTags: new Map(), ways: new Map(), relations: new Map() };
  for (const e of tinyOsmPbf(buf).elements) {
    if (e.type === 'node') {
      if (!(Math.abs(e.lat) <= 90 && Math.abs(e.lon) <= 180)) continue;
      osm.nodes.set(e.id, [e.lon, e.lat]);
      if (Object.keys(e.tags).length) osm.nodeTags.set(e.id, e.tags);
    } else if (e.type === 'way') osm.ways.set(e.id, { refs: e.nodes, tags: e.tags });
    else osm.relations.set(e.id, { members: e.members, tags: e.tags });
  }
  return osm;
}

// ---- the walking rules, restated ----
const NOT_STREETS = new Set(['platform', 'bus_guideway', 'raceway', 'elevator', 'corridor', 'services', 'rest_area', 'bus_stop']);
const NEVER = new Set(['construction', 'proposed', 'abandoned', 'disused', 'razed', 'planned', 'motorway', 'motorway_link']);
const COMPOUND_CLASSES = new Set(['service', 'footway', 'path', 'pedestrian', 'living_street', 'residential', 'steps', 'track', 'cycleway', 'unclassified']);
const GATES = new Set(['gate', 'lift_gate', 'swing_gate', 'sliding_gate', 'entrance', 'turnstile', 'full-height_turnstile', 'kissing_gate']);
const footAllowed = (t: Tags) => t.foot === 'yes' || t.foot === 'designated' || t.foot === 'permissive';
const closedAccess = (t: Tags) => t.access === 'no' || t.access === 'private';
/** A way pedestrians might use at all; 'private' decides later (a gated compound's residents may). */
function candidate(t: Tags): boolean {
  const hw = t.highway;
  if (!hw || NOT_STREETS.has(hw) || NEVER.has(hw)) return false;
  if (t.area === 'yes' && hw !== 'pedestrian' && hw !== 'footway') return false;
  return t.foot !== 'no' && t.foot !== 'use_sidepath';
}

export interface RefFacility { id: string }
export interface Reference {
  buildings: string[];
  compounds: string[];
  distances(facilityIds: string[], limit: number): Map<string, number>;
}

export function reference(osm: RefOsm, facilityIds: string[], opts: { snapLimit?: number } = {}): Reference {
  const snapLimit = opts.snapLimit ?? 300;
  const R = 6371008.8, rad = Math.PI / 180;
  let latSum = 0, lonSum = 0;
  for (const [lon, lat] of osm.nodes.values()) { lonSum += lon; latSum += lat; }
  const lat0 = latSum / Math.max(1, osm.nodes.size), lon0 = lonSum / Math.max(1, osm.nodes.size);
  const kx = R * rad * Math.cos(lat0 * rad), ky = R * rad;
  const xy = (p: LL): [number, number] => [(p[0] - lon0) * kx, (p[1] - lat0) * ky];
  const haversine = (p: LL, q: LL) => {
    const h = Math.sin(((q[1] - p[1]) * rad) / 2) ** 2 + Math.cos(p[1] * rad) * Math.cos(q[1] * rad) * Math.sin(((q[0] - p[0]) * rad) / 2) ** 2;
    return 2 * R * Math.asin(Math.sqrt(h));
  };

  /** Closed rings (node id lists) from member ways joined end to end. */
  const rings = (wayIds: number[]): number[][] => {
    const pool = wayIds.map((id) => osm.ways.get(id)?.refs).filter((r): r is number[] => !!r && r.length > 1).map((r) => [...r]);
    const out: number[][] = [];
    while (pool.length) {
      let cur = pool.shift()!;
      for (let found = true; found && cur[0] !== cur[cur.length - 1];) {
        found = false;
        for (let i = 0; i < pool.length; i++) {
          const w = pool[i], last = cur[cur.length - 1];
          if (w[0] === last) cur = [...cur, ...w.slice(1)];
          else if (w[w.length - 1] === last) cur = [...cur, ...[...w].reverse().slice(1)];
          else if (w[w.length - 1] === cur[0]) cur = [...w, ...cur.slice(1)];
          else if (w[0] === cur[0]) cur = [...[...w].reverse(), ...cur.slice(1)];
          else continue;
          pool.splice(i, 1);
          found = true;
          break;
        }
      }
      if (cur.length >= 4 && cur[0] === cur[cur.length - 1]) out.push(cur);
    }
    return out;
  };
  const complete = (ring: number[]) => ring.every((r) => osm.nodes.has(r));
  const planar = (ring: number[]) => ring.map((r) => xy(osm.nodes.get(r)!));
  const inRing = (x: number, y: number, r: Array<[number, number]>) => {
    let c = false;
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
      if ((r[i][1] > y) !== (r[j][1] > y) && x < ((r[j][0] - r[i][0]) * (y - r[i][1])) / (r[j][1] - r[i][1]) + r[i][0]) c = !c;
    }
    return c;
  };
  type Poly = Array<Array<[number, number]>>; // outer ring, then holes, planar
  const inPoly = (x: number, y: number, p: Poly) => inRing(x, y, p[0]) && !p.slice(1).some((h) => inRing(x, y, h));
  /** Areas of a closed way or a multipolygon relation: each outer ring with the inner rings inside it. */
  const areasOf = (kind: 'way' | 'relation', id: number): { polys: Poly[]; nodeIds: number[] } | null => {
    if (kind === 'way') {
      const w = osm.ways.get(id)!;
      if (w.refs.length < 4 || w.refs[0] !== w.refs[w.refs.length - 1] || !complete(w.refs)) return null;
      return { polys: [[planar(w.refs)]], nodeIds: w.refs };
    }
    const r = osm.relations.get(id)!;
    const ways = r.members.filter((m) => m.type === 'way');
    // Outer rings by their lowest node id: the order that numbers a residential relation's parts.
    const outer = rings(ways.filter((m) => m.role !== 'inner').map((m) => m.ref)).filter(complete).sort((p, q) => Math.min(...p) - Math.min(...q));
    const inner = rings(ways.filter((m) => m.role === 'inner').map((m) => m.ref)).filter(complete);
    if (!outer.length) return null;
    const polys: Poly[] = outer.map((o) => [planar(o)]);
    for (const h of inner.map(planar)) polys.find((p) => inRing(h[0][0], h[0][1], p[0]))?.push(h);
    return { polys, nodeIds: [...outer, ...inner].flat() };
  };
  const ringArea = (r: Array<[number, number]>) => {
    let a = 0;
    for (let i = 0; i + 1 < r.length; i++) a += (r[i][0] - r[0][0]) * (r[i + 1][1] - r[0][1]) - (r[i + 1][0] - r[0][0]) * (r[i][1] - r[0][1]);
    return Math.abs(a / 2);
  };

  // ---- gated compounds ----
  interface Area { id: string; poly: Poly; box: [number, number, number, number]; tags: Tags }
  const residential: Area[] = [];
  const addArea = (id: string, polys: Poly[], tags: Tags) => polys.forEach((p, k) => {
    const xs = p[0].map((q) => q[0]), ys = p[0].map((q) => q[1]);
    residential.push({ id: polys.length > 1 ? `${id}#${k + 1}` : id, poly: p, box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], tags });
  });
  for (const [id, w] of osm.ways) if (w.tags.landuse === 'residential') { const a = areasOf('way', id); if (a) addArea(`way/${id}`, a.polys, w.tags); }
  for (const [id, r] of osm.relations) if (r.tags.type === 'multipolygon' && r.tags.landuse === 'residential') { const a = areasOf('relation', id); if (a) addArea(`relation/${id}`, a.polys, r.tags); }
  // Smallest first: a compound drawn inside a larger residential area claims its own paths, and a
  // point inside both belongs to it.
  const bySize = residential.map((a, i) => ({ a, i, size: ringArea(a.poly[0]) })).sort((p, q) => p.size - q.size || p.i - q.i);
  residential.splice(0, residential.length, ...bySize.map((e) => e.a));
  const distToOutline = (x: number, y: number, p: Poly) => {
    let best = Infinity;
    for (const r of p) {
      for (let i = 0; i + 1 < r.length; i++) {
        const [ax, ay] = r[i], [bx, by] = r[i + 1];
        const dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy;
        const t = l2 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / l2)) : 0;
        best = Math.min(best, Math.hypot(ax + t * dx - x, ay + t * dy - y));
      }
    }
    return best;
  };
  /** Fractions 0 < t < 1 where segment AB crosses the outline. */
  const crossings = (a: [number, number], b: [number, number], p: Poly): number[] => {
    const ts: number[] = [];
    for (const r of p) {
      for (let i = 0; i + 1 < r.length; i++) {
        const [cx, cy] = r[i], [dx, dy] = r[i + 1];
        const den = (b[0] - a[0]) * (dy - cy) - (b[1] - a[1]) * (dx - cx);
        if (den === 0) continue;
        const t = ((cx - a[0]) * (dy - cy) - (cy - a[1]) * (dx - cx)) / den;
        const u = ((cx - a[0]) * (b[1] - a[1]) - (cy - a[1]) * (b[0] - a[0])) / den;
        if (t > 1e-9 && t < 1 - 1e-9 && u >= 0 && u <= 1) ts.push(t);
      }
    }
    return ts.sort((s, q) => s - q);
  };

  // Segments of candidate ways between nodes both present.
  interface Seg { a: number; b: number; way: number; steps: boolean; closed: boolean; compoundClass: boolean }
  const segs: Seg[] = [];
  for (const [id, w] of osm.ways) {
    if (!candidate(w.tags)) continue;
    for (let k = 1; k < w.refs.length; k++) {
      const a = w.refs[k - 1], b = w.refs[k];
      if (a === b || !osm.nodes.has(a) || !osm.nodes.has(b)) continue;
      segs.push({ a, b, way: id, steps: w.tags.highway === 'steps', closed: closedAccess(w.tags) && !footAllowed(w.tags), compoundClass: COMPOUND_CLASSES.has(w.tags.highway) });
    }
  }
  /** Pieces of every segment: [t0, t1] with the gated area (index) it lies in, -1 outside all. */
  const pieces: Array<Array<{ t0: number; t1: number; zone: number }>> = segs.map(() => [{ t0: 0, t1: 1, zone: -1 }]);
  const gated: Area[] = [];
  for (const area of residential) {
    const near = (s: Seg) => {
      const [ax, ay] = xy(osm.nodes.get(s.a)!), [bx, by] = xy(osm.nodes.get(s.b)!);
      return !(Math.max(ax, bx) < area.box[0] || Math.min(ax, bx) > area.box[2] || Math.max(ay, by) < area.box[1] || Math.min(ay, by) > area.box[3]);
    };
    const cut: Array<{ s: number; parts: Array<{ t0: number; t1: number; inside: boolean }> }> = [];
    let privateInside = false;
    segs.forEach((s, si) => {
      if (!near(s)) return;
      const a = xy(osm.nodes.get(s.a)!), b = xy(osm.nodes.get(s.b)!);
      const ts = [0, ...crossings(a, b, area.poly), 1];
      const parts = [];
      for (let k = 1; k < ts.length; k++) {
        const tm = (ts[k - 1] + ts[k]) / 2, mx = a[0] + tm * (b[0] - a[0]), my = a[1] + tm * (b[1] - a[1]);
        // A stretch running along the outline (a street the area is drawn against) is outside.
        const inside = s.compoundClass && distToOutline(mx, my, area.poly) > 0.5 && inPoly(mx, my, area.poly);
        parts.push({ t0: ts[k - 1], t1: ts[k], inside });
        if (inside && s.closed) privateInside = true;
      }
      if (parts.some((q) => q.inside)) cut.push({ s: si, parts });
    });
    if (cut.length === 0) continue;
    // An opening: where an inside stretch meets a way, or a stretch of one, outside.
    const key = (si: number, t: number) => (t === 0 ? String(segs[si].a) : t === 1 ? String(segs[si].b) : `x${si}:${t}`);
    const inKeys = new Set<string>(), outKeys = new Set<string>();
    const cutSegs = new Set(cut.map((c) => c.s));
    for (const c of cut) for (const q of c.parts) for (const k of [key(c.s, q.t0), key(c.s, q.t1)]) (q.inside ? inKeys : outKeys).add(k);
    segs.forEach((s, si) => {
      if (cutSegs.has(si) || !near(s)) return;
      for (const p of pieces[si]) for (const k of [key(si, p.t0), key(si, p.t1)]) outKeys.add(k);
    });
    if (![...inKeys].some((k) => outKeys.has(k))) continue;
    const t = area.tags;
    const tagged = t.access === 'private' || t.access === 'no' || t.access === 'residents' || (t.barrier !== undefined && t.barrier !== 'no');
    const walled = [...osm.ways.values()].some((w) => (w.tags.barrier === 'wall' || w.tags.barrier === 'fence') && w.refs.length >= 2 && w.refs.every((r) => osm.nodes.has(r))
      && w.refs.filter((r) => { const [x, y] = xy(osm.nodes.get(r)!); return distToOutline(x, y, area.poly) <= 5; }).length * 2 >= w.refs.length);
    const insideWays = new Set(cut.map((c) => segs[c.s].way));
    const gate = [...insideWays].some((wid) => osm.ways.get(wid)!.refs.some((r) => {
      const nt = osm.nodeTags.get(r);
      if (!nt || !((nt.barrier && GATES.has(nt.barrier)) || (nt.entrance && nt.entrance !== 'no')) || !osm.nodes.has(r)) return false;
      const [x, y] = xy(osm.nodes.get(r)!);
      return distToOutline(x, y, area.poly) <= 20;
    }));
    if (!(tagged || walled || gate || privateInside)) continue;
    const zone = gated.length;
    gated.push(area);
    for (const c of cut) {
      // Split this area's inside stretches out of the pieces the segment already has.
      const next: Array<{ t0: number; t1: number; zone: number }> = [];
      for (const p of pieces[c.s]) {
        for (const q of c.parts) {
          const t0 = Math.max(p.t0, q.t0), t1 = Math.min(p.t1, q.t1);
          if (t1 > t0) next.push({ t0, t1, zone: q.inside && p.zone < 0 ? zone : p.zone });
        }
      }
      pieces[c.s] = next;
    }
  }
  const zoneOf = (x: number, y: number) => gated.findIndex((a) => inPoly(x, y, a.poly));

  // ---- the graph: OSM nodes, plus a node where a segment crosses a compound outline ----
  const nodeNo = new Map<string, number>();
  const nodeOf = (key: string) => { let n = nodeNo.get(key); if (n === undefined) nodeNo.set(key, n = nodeNo.size); return n; };
  const links: number[] = []; // u, v, and the weight's index in linkW
  const linkW: number[] = [];
  const link = (u: number, v: number, w: number) => { links.push(u, v); linkW.push(w); };
  interface Edge { u: number; v: number; ax: number; ay: number; bx: number; by: number; len: number; zone: number; at: Array<{ t: number; n: number }> }
  const edges: Edge[] = [];
  segs.forEach((s, si) => {
    const pa = osm.nodes.get(s.a)!, pb = osm.nodes.get(s.b)!;
    const a = xy(pa), b = xy(pb);
    const len = haversine(pa, pb) * (s.steps ? 1.5 : 1);
    for (const p of pieces[si]) {
      if (s.closed && p.zone < 0) continue;
      const u = nodeOf(p.t0 === 0 ? String(s.a) : `x${si}:${p.t0}`), v = nodeOf(p.t1 === 1 ? String(s.b) : `x${si}:${p.t1}`);
      edges.push({ u, v, ax: a[0] + p.t0 * (b[0] - a[0]), ay: a[1] + p.t0 * (b[1] - a[1]), bx: a[0] + p.t1 * (b[0] - a[0]), by: a[1] + p.t1 * (b[1] - a[1]), len: (p.t1 - p.t0) * len, zone: p.zone, at: [] });
    }
  });
  // A grid of 50 m cells over the edges' boxes: the nearest edge within r lies in the cells within r.
  const CELL = 50;
  const grid = new Map<string, Edge[]>();
  for (const e of edges) {
    for (let i = Math.floor(Math.min(e.ax, e.bx) / CELL); i <= Math.floor(Math.max(e.ax, e.bx) / CELL); i++) {
      for (let j = Math.floor(Math.min(e.ay, e.by) / CELL); j <= Math.floor(Math.max(e.ay, e.by) / CELL); j++) {
        const k = `${i},${j}`;
        if (!grid.has(k)) grid.set(k, []);
        grid.get(k)!.push(e);
      }
    }
  }
  let virt = 0;
  /** Joins a point to the nearest edge of its own zone within the snap limit: a new node on the edge, reached by a straight walk. */
  const attach = (x: number, y: number): number | null => {
    const zone = zoneOf(x, y);
    let best = null as { e: Edge; t: number; d: number } | null;
    const ci = Math.floor(x / CELL), cj = Math.floor(y / CELL);
    const reach = Math.ceil(snapLimit / CELL);
    for (let r = 1; r <= reach + 1; r++) {
      const seen = new Set<Edge>();
      for (let i = ci - r; i <= ci + r; i++) {
        for (let j = cj - r; j <= cj + r; j++) {
          for (const e of grid.get(`${i},${j}`) ?? []) {
            if (e.zone !== zone || seen.has(e)) continue;
            seen.add(e);
            const dx = e.bx - e.ax, dy = e.by - e.ay, l2 = dx * dx + dy * dy;
            const t = l2 ? Math.max(0, Math.min(1, ((x - e.ax) * dx + (y - e.ay) * dy) / l2)) : 0;
            const d = Math.hypot(e.ax + t * dx - x, e.ay + t * dy - y);
            if (!best || d < best.d) best = { e, t, d };
          }
        }
      }
      // Every edge nearer than r cells' width has been seen once the square reaches r cells out.
      if (best && best.d <= (r - 1) * CELL) break;
    }
    if (!best || best.d > snapLimit) return null;
    const p = nodeOf(`p${virt++}`), foot = nodeOf(`f${virt++}`);
    link(p, foot, best.d);
    best.e.at.push({ t: best.t, n: foot });
    return p;
  };

  // ---- buildings: entrances, else the area centroid, else a point inside ----
  const entranceOf = (nodeIds: number[]): LL | null => {
    const ents = [...new Set(nodeIds)].filter((r) => { const e = osm.nodeTags.get(r)?.entrance; return e !== undefined && e !== 'no' && e !== 'emergency' && e !== 'exit' && osm.nodes.has(r); });
    // The main entrance first, a service door (staff, deliveries) last, then by node id.
    const rank = (r: number) => { const e = osm.nodeTags.get(r)!.entrance; return e === 'main' ? 0 : e === 'service' ? 2 : 1; };
    ents.sort((a, b) => rank(a) - rank(b) || a - b);
    return ents.length ? osm.nodes.get(ents[0])! : null;
  };
  const buildingPoint = (polys: Poly[]): [number, number] => {
    // Area centroid of every part, holes subtracted, relative to a vertex for precision.
    const [ox, oy] = polys[0][0][0];
    let A = 0, cx = 0, cy = 0;
    for (const p of polys) {
      p.forEach((ring, k) => {
        let a = 0, sx = 0, sy = 0;
        for (let i = 0; i + 1 < ring.length; i++) {
          const x0 = ring[i][0] - ox, y0 = ring[i][1] - oy, x1 = ring[i + 1][0] - ox, y1 = ring[i + 1][1] - oy;
          const f = x0 * y1 - x1 * y0;
          a += f; sx += (x0 + x1) * f; sy += (y0 + y1) * f;
        }
        if (a === 0) return;
        const sign = (k === 0 ? 1 : -1) * Math.sign(a);
        A += sign * a / 2; cx += sign * sx / 6; cy += sign * sy / 6;
      });
    }
    const c: [number, number] = [cx / A + ox, cy / A + oy];
    if (polys.some((p) => inPoly(c[0], c[1], p))) return c;
    // Point on the surface of the largest part, as GEOS defines it: the middle of the widest inside
    // stretch of the horizontal line halfway up its bounding box.
    const big = polys.reduce((m, p) => (ringArea(p[0]) - p.slice(1).reduce((s, h) => s + ringArea(h), 0) > ringArea(m[0]) - m.slice(1).reduce((s, h) => s + ringArea(h), 0) ? p : m));
    const ys = big[0].map((q) => q[1]);
    const y = (Math.min(...ys) + Math.max(...ys)) / 2;
    const xs: number[] = [];
    for (const ring of big) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const [ax, ay] = ring[i], [bx, by] = ring[i + 1];
        if ((ay > y) !== (by > y)) xs.push(ax + ((y - ay) / (by - ay)) * (bx - ax));
      }
    }
    xs.sort((p, q) => p - q);
    let w = -1, px = NaN;
    for (let k = 0; k + 1 < xs.length; k += 2) if (xs[k + 1] - xs[k] > w) { w = xs[k + 1] - xs[k]; px = (xs[k] + xs[k + 1]) / 2; }
    return [px, y];
  };
  const buildings = new Map<string, number | null>();
  const addBuilding = (id: string, a: { polys: Poly[]; nodeIds: number[] } | null) => {
    if (!a) return;
    const e = entranceOf(a.nodeIds);
    const [x, y] = e ? xy(e) : buildingPoint(a.polys);
    buildings.set(id, attach(x, y));
  };
  for (const [id, w] of osm.ways) if (w.tags.building && w.tags.building !== 'no') addBuilding(`way/${id}`, areasOf('way', id));
  for (const [id, r] of osm.relations) if (r.tags.type === 'multipolygon' && r.tags.building && r.tags.building !== 'no') addBuilding(`relation/${id}`, areasOf('relation', id));

  // ---- facilities: a node, or points every 40 m along the outline of an area (its largest part) ----
  const access = new Map<string, number[]>();
  for (const fid of facilityIds) {
    const [kind, sid] = fid.split('/');
    const id = Number(sid);
    let pts: Array<[number, number]> = [];
    if (kind === 'node') pts = osm.nodes.has(id) ? [xy(osm.nodes.get(id)!)] : [];
    else {
      const a = areasOf(kind as 'way' | 'relation', id);
      if (a) {
        const ring = a.polys.reduce((m, p) => (ringArea(p[0]) > ringArea(m[0]) ? p : m))[0];
        let per = 0;
        for (let i = 0; i + 1 < ring.length; i++) per += Math.hypot(ring[i + 1][0] - ring[i][0], ring[i + 1][1] - ring[i][1]);
        const spacing = Math.max(40, per / 2000);
        for (let i = 0; i + 1 < ring.length; i++) {
          const n = Math.max(1, Math.ceil(Math.hypot(ring[i + 1][0] - ring[i][0], ring[i + 1][1] - ring[i][1]) / spacing));
          for (let s = 0; s < n; s++) pts.push([ring[i][0] + ((ring[i + 1][0] - ring[i][0]) * s) / n, ring[i][1] + ((ring[i + 1][1] - ring[i][1]) * s) / n]);
        }
      }
    }
    access.set(fid, pts.map(([x, y]) => attach(x, y)).filter((v): v is number => v !== null));
  }
  // Every edge is laid once all points joined to it are known, split at their feet.
  for (const e of edges) {
    const stops = [{ t: 0, n: e.u }, ...e.at.sort((p, q) => p.t - q.t), { t: 1, n: e.v }];
    for (let k = 1; k < stops.length; k++) link(stops[k - 1].n, stops[k].n, (stops[k].t - stops[k - 1].t) * e.len);
  }
  const n = nodeNo.size;
  const start = new Uint32Array(n + 1);
  for (let k = 0; k < links.length; k++) start[links[k] + 1]++;
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, n), to = new Uint32Array(links.length), w = new Float64Array(links.length);
  for (let k = 0; k < links.length; k += 2) {
    const u = links[k], v = links[k + 1], c = linkW[k / 2];
    to[fill[u]] = v; w[fill[u]++] = c;
    to[fill[v]] = u; w[fill[v]++] = c;
  }

  return {
    buildings: [...buildings.keys()],
    compounds: gated.map((a) => a.id),
    distances(ids: string[], limit: number): Map<string, number> {
      const dist = new Float64Array(n).fill(Infinity);
      // Binary heap of [cost, node]; stale entries are skipped when popped.
      const heap: Array<[number, number]> = [];
      const push = (c: number, v: number) => {
        heap.push([c, v]);
        for (let i = heap.length - 1; i > 0;) {
          const up = (i - 1) >> 1;
          if (heap[up][0] <= heap[i][0]) break;
          [heap[up], heap[i]] = [heap[i], heap[up]];
          i = up;
        }
      };
      const pop = (): [number, number] => {
        const top = heap[0], last = heap.pop()!;
        if (heap.length) {
          heap[0] = last;
          for (let i = 0; ;) {
            const l = 2 * i + 1, r = l + 1;
            let m = i;
            if (l < heap.length && heap[l][0] < heap[m][0]) m = l;
            if (r < heap.length && heap[r][0] < heap[m][0]) m = r;
            if (m === i) break;
            [heap[m], heap[i]] = [heap[i], heap[m]];
            i = m;
          }
        }
        return top;
      };
      for (const fid of ids) for (const v of access.get(fid) ?? []) if (dist[v] > 0) { dist[v] = 0; push(0, v); }
      while (heap.length) {
        const [c, u] = pop();
        if (c > dist[u] || c > limit) continue;
        for (let k = start[u]; k < start[u + 1]; k++) {
          const nc = c + w[k];
          if (nc < dist[to[k]]) { dist[to[k]] = nc; push(nc, to[k]); }
        }
      }
      const out = new Map<string, number>();
      for (const [b, v] of buildings) out.set(b, v === null || dist[v] > limit ? Infinity : dist[v]);
      return out;
    },
  };
}
