// Analysis zones from the street network, for a dataset without community boundaries: the blocks
// the major streets enclose, merged with their neighbours until each holds a planning-sized
// population. The planar arrangement is computed here rather than with turf's polygonize, which
// expects noded input and walks its rings in quadratic time on a city: the major streets (and the
// data extent's frame) are noded with a segment index, dangles are pruned, faces are traced over
// half-edges sorted by angle, and merged zones are dissolved by tracing only the half-edges whose
// two sides lie in different zones.

import Flatbush from 'flatbush';
import type { Dataset, Position } from './dataset.ts';
import { makeProjection, pointInRing, toLonLat, toXY, type Projection } from './geo.ts';
import { buildingPoint } from './shape.ts';

/**
 * The streets that bound zones: OSM's trunk, primary, secondary and tertiary roads with their links
 * (our `class` values are OSM highway values, workers/network/network.ts); `arterial` and
 * `collector` as some shapefiles name them. Motorways are left out: a motorway through a community
 * does not divide it for people on foot, its junctions do not form blocks.
 */
export const ZONE_STREET_CLASSES = new Set([
  'trunk', 'trunk_link', 'primary', 'primary_link', 'secondary', 'secondary_link', 'tertiary', 'tertiary_link',
  'arterial', 'collector',
]);

export interface StreetZoneOptions {
  /**
   * Blocks with fewer residents are merged with a neighbour: 5,000, the lower end of a 5-minute
   * circle's 5,000–12,000 residents (GB 50180-2018; /work/shared/design/STANDARDS.md).
   */
  minPopulation: number;
  /** A merge that would pass this (the 5-minute circle's upper end) is avoided while another neighbour allows it. */
  maxPopulation: number;
  /** A major street ending this close to another is joined to it: OSM ways that stop a few metres short still close a block. */
  snapM: number;
}

export const STREET_ZONE_DEFAULTS: StreetZoneOptions = { minPopulation: 5000, maxPopulation: 12000, snapM: 20 };

/** Zones are clipped to the box around the buildings and facilities grown by this much… */
const FRAME_MARGIN_M = 100;
/** …and around the streets grown by this much (within joining distance of their cut ends). */
const STREET_MARGIN_M = 10;
/** Shape points this close to the straight run through their neighbours are dropped. */
const SIMPLIFY_M = 0.05;
/** Points closer than this are one node: shared OSM nodes coincide, clipped ends land within rounding of the frame. */
const EPS = 0.25;
/**
 * The major streets form no usable blocks when more than this share of the residents live in
 * blocks of over OVERSIZE × the maximum population (two 5-minute circles and more): one or two
 * streets across the data, or a few streets in one corner leaving the rest as one outer piece.
 */
const MAX_OVERSIZED_SHARE = 0.5;
const OVERSIZE = 2;

export interface StreetZone {
  /** Outer ring then holes, WGS84, closed. */
  rings: Position[][];
  population: number;
  households: number;
  buildings: number;
  /** The longest named streets on the zone's boundary, longest first. */
  streets: string[];
}

export type StreetZoneResult =
  | {
    ok: true;
    zones: StreetZone[];
    /** Index into `zones` per building: every building with a location has one (-1: none). */
    buildingZone: Int32Array;
    /** Index into `zones` per facility (-1: no location). */
    facilityZone: Int32Array;
    /** Blocks holding buildings before merging. */
    blocks: number;
  }
  | { ok: false; reason: string };

interface Segments { ax: number[]; ay: number[]; bx: number[]; by: number[]; line: number[] }

export function deriveStreetZones(ds: Dataset, options: Partial<StreetZoneOptions> = {}): StreetZoneResult {
  const opts = { ...STREET_ZONE_DEFAULTS, ...options };
  const c = ds.meta.center;
  const proj = makeProjection(c[0], c[1]);

  const nb = ds.buildings.features.length;
  const bx = new Float64Array(nb), by = new Float64Array(nb), pop = new Float64Array(nb), hh = new Float64Array(nb);
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  const grow = (x: number, y: number) => {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
  };
  ds.buildings.features.forEach((f, i) => {
    const [x, y] = buildingPoint(proj, f.geometry);
    bx[i] = x; by[i] = y;
    pop[i] = positive(f.properties.population);
    hh[i] = positive(f.properties.households);
    grow(x, y);
  });
  const nf = ds.facilities.features.length;
  const fx = new Float64Array(nf), fy = new Float64Array(nf);
  ds.facilities.features.forEach((f, i) => {
    const [x, y] = facilityPoint(proj, f.geometry);
    fx[i] = x; fy[i] = y;
    grow(x, y);
  });
  if (!Number.isFinite(x0)) return { ok: false, reason: 'no buildings to divide' };
  // The data extent: around the buildings and facilities, but no farther than the streets reach,
  // so that streets cut at an extract's edge meet the frame there (complete OSM ways run on beyond
  // it; an extract's buildings stop at it).
  let sx0 = Infinity, sy0 = Infinity, sx1 = -Infinity, sy1 = -Infinity;
  for (const f of ds.streets.features) {
    if (f.geometry?.type !== 'LineString') continue;
    for (const p of f.geometry.coordinates) {
      const [x, y] = toXY(proj, p[0], p[1]);
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      sx0 = Math.min(sx0, x); sx1 = Math.max(sx1, x); sy0 = Math.min(sy0, y); sy1 = Math.max(sy1, y);
    }
  }
  const fx0 = Math.max(x0 - FRAME_MARGIN_M, sx0 - STREET_MARGIN_M), fx1 = Math.min(x1 + FRAME_MARGIN_M, sx1 + STREET_MARGIN_M);
  const fy0 = Math.max(y0 - FRAME_MARGIN_M, sy0 - STREET_MARGIN_M), fy1 = Math.min(y1 + FRAME_MARGIN_M, sy1 + STREET_MARGIN_M);
  if (!(fx1 - fx0 > 1 && fy1 - fy0 > 1)) return { ok: false, reason: 'the streets and the buildings do not overlap' };
  [x0, y0, x1, y1] = [fx0, fy0, fx1, fy1];

  // Major streets, clipped to the frame; their ends inside it, for joining ends that stop short.
  const names: string[] = [];
  const seg: Segments = { ax: [], ay: [], bx: [], by: [], line: [] };
  const lineEnds: Array<[number, number]> = [];
  let majorLines = 0;
  for (const f of ds.streets.features) {
    if (!ZONE_STREET_CLASSES.has(String(f.properties.class)) || f.geometry?.type !== 'LineString') continue;
    const pts = simplify(f.geometry.coordinates.map((p) => toXY(proj, p[0], p[1])));
    const line = names.length;
    names.push(typeof f.properties.name === 'string' ? f.properties.name : '');
    let any = false;
    for (let k = 1; k < pts.length; k++) {
      const clipped = clip(pts[k - 1], pts[k], x0, y0, x1, y1);
      if (!clipped || Math.hypot(clipped[2] - clipped[0], clipped[3] - clipped[1]) < EPS) continue;
      seg.ax.push(clipped[0]); seg.ay.push(clipped[1]); seg.bx.push(clipped[2]); seg.by.push(clipped[3]); seg.line.push(line);
      any = true;
    }
    if (!any) continue;
    majorLines++;
    for (const p of [pts[0], pts[pts.length - 1]]) if (p[0] > x0 && p[0] < x1 && p[1] > y0 && p[1] < y1) lineEnds.push(p);
  }
  if (majorLines === 0) return { ok: false, reason: 'no major streets (trunk, primary, secondary, tertiary) in the data extent' };
  const frameLine = names.length;
  names.push('');
  const corners: Array<[number, number]> = [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];
  for (let k = 0; k < 4; k++) {
    const [a, b] = [corners[k], corners[(k + 1) % 4]];
    seg.ax.push(a[0]); seg.ay.push(a[1]); seg.bx.push(b[0]); seg.by.push(b[1]); seg.line.push(frameLine);
  }
  joinDangles(seg, lineEnds, opts.snapM);

  const graph = nodeSegments(seg);
  pruneDangles(graph);
  const faces = traceFaces(graph);
  const blockOf = assignPoints(faces, bx, by);
  const facilityFace = assignPoints(faces, fx, fy);

  const nFaces = faces.area.length;
  const faceBuildings = new Int32Array(nFaces);
  const facePop = new Float64Array(nFaces);
  for (let i = 0; i < nb; i++) if (blockOf[i] >= 0) { faceBuildings[blockOf[i]]++; facePop[blockOf[i]] += pop[i]; }
  let blocks = 0, total = 0, oversized = 0;
  for (let f = 0; f < nFaces; f++) {
    if (faceBuildings[f] === 0) continue;
    blocks++;
    total += facePop[f];
    if (facePop[f] > OVERSIZE * opts.maxPopulation) oversized += facePop[f];
  }
  if (blocks < 2) return { ok: false, reason: `the ${majorLines} major streets do not divide the buildings into two or more blocks` };
  if (oversized > MAX_OVERSIZED_SHARE * total) {
    return {
      ok: false,
      reason: `${Math.round((100 * oversized) / total)} % of the residents live in blocks of the ${majorLines} major streets holding over ${OVERSIZE * opts.maxPopulation} residents each`,
    };
  }

  const zoneOfFace = mergeFaces(graph, faces, facePop, faceBuildings, opts);
  const facesOf = new Map<number, number[]>();
  for (let f = 0; f < nFaces; f++) {
    const z = zoneOfFace[f];
    if (z < 0) continue;
    const list = facesOf.get(z);
    if (list) list.push(f); else facesOf.set(z, [f]);
  }
  const roots = [...facesOf.keys()];
  // Each boundary half-edge belongs to exactly one zone's outline.
  const used = new Uint8Array(2 * graph.eu.length);
  const built = roots.map((root) => dissolve(graph, faces, zoneOfFace, root, facesOf.get(root)!, names, frameLine, used));
  // Zones in reading order: rows (about one zone high) from the north, west to east within a row.
  const totalArea = built.reduce((s, z) => s + z.area, 0);
  const band = Math.sqrt(totalArea / Math.max(1, built.length));
  const row = (k: number) => Math.floor((y1 - built[k].anchor[1]) / band);
  const order = built.map((_, k) => k).sort((a, b) => row(a) - row(b) || built[a].anchor[0] - built[b].anchor[0]);
  const indexOfRoot = new Map<number, number>();
  order.forEach((k, n) => indexOfRoot.set(roots[k], n));

  const zones: StreetZone[] = order.map((k) => ({
    rings: built[k].rings.map((r) => ringToLonLat(proj, r)), population: 0, households: 0, buildings: 0, streets: built[k].streets,
  }));
  const buildingZone = new Int32Array(nb).fill(-1);
  for (let i = 0; i < nb; i++) {
    if (blockOf[i] < 0) continue;
    const z = indexOfRoot.get(zoneOfFace[blockOf[i]])!;
    buildingZone[i] = z;
    zones[z].population += pop[i];
    zones[z].households += hh[i];
    zones[z].buildings++;
  }
  const facilityZone = new Int32Array(nf).fill(-1);
  for (let i = 0; i < nf; i++) {
    const f = facilityFace[i];
    if (f >= 0 && zoneOfFace[f] >= 0) facilityZone[i] = indexOfRoot.get(zoneOfFace[f])!;
  }
  return { ok: true, zones, buildingZone, facilityZone, blocks };
}

function positive(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0;
}

function facilityPoint(proj: Projection, g: Dataset['facilities']['features'][number]['geometry']): [number, number] {
  if (g?.type === 'Point') return toXY(proj, g.coordinates[0], g.coordinates[1]);
  if (g?.type === 'Polygon' && g.coordinates[0]?.length) return buildingPoint(proj, g);
  return [NaN, NaN];
}

function ringToLonLat(proj: Projection, r: number[]): Position[] {
  const out: Position[] = [];
  for (let k = 0; k < r.length; k += 2) {
    const [lon, lat] = toLonLat(proj, r[k], r[k + 1]);
    out.push([Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7]);
  }
  out.push(out[0]);
  return out;
}

/**
 * The line without shape points that lie within SIMPLIFY_M of the straight run through their
 * neighbours (Douglas–Peucker): a city's streets carry one every 50 m, and every point costs
 * noding, tracing and point tests. Far below EPS, it moves no junction off its street.
 */
function simplify(pts: Array<[number, number]>): Array<[number, number]> {
  if (pts.length < 3) return pts;
  const keep = new Uint8Array(pts.length);
  keep[0] = keep[pts.length - 1] = 1;
  const stack: Array<[number, number]> = [[0, pts.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop()!;
    const [ax, ay] = pts[a], dx = pts[b][0] - ax, dy = pts[b][1] - ay;
    const len = Math.hypot(dx, dy);
    let worst = -1, far = SIMPLIFY_M;
    for (let k = a + 1; k < b; k++) {
      const d = len > 0 ? Math.abs((pts[k][0] - ax) * dy - (pts[k][1] - ay) * dx) / len : Math.hypot(pts[k][0] - ax, pts[k][1] - ay);
      if (d > far) { far = d; worst = k; }
    }
    if (worst < 0) continue;
    keep[worst] = 1;
    stack.push([a, worst], [worst, b]);
  }
  return pts.filter((_, k) => keep[k]);
}

/** Liang–Barsky: the part of segment AB inside the box, or null. */
function clip(a: [number, number], b: [number, number], x0: number, y0: number, x1: number, y1: number): [number, number, number, number] | null {
  const dx = b[0] - a[0], dy = b[1] - a[1];
  let t0 = 0, t1 = 1;
  const p = [-dx, dx, -dy, dy], q = [a[0] - x0, x1 - a[0], a[1] - y0, y1 - a[1]];
  for (let k = 0; k < 4; k++) {
    if (p[k] === 0) { if (q[k] < 0) return null; continue; }
    const r = q[k] / p[k];
    if (p[k] < 0) { if (r > t1) return null; if (r > t0) t0 = r; } else { if (r < t0) return null; if (r < t1) t1 = r; }
  }
  // A clipped end is put exactly on the frame so that it nodes with the frame's edge.
  const snap = (x: number, lo: number, hi: number) => (Math.abs(x - lo) < 1e-6 ? lo : Math.abs(x - hi) < 1e-6 ? hi : x);
  return [
    snap(a[0] + t0 * dx, x0, x1), snap(a[1] + t0 * dy, y0, y1),
    snap(a[0] + t1 * dx, x0, x1), snap(a[1] + t1 * dy, y0, y1),
  ];
}

function segmentIndex(s: Segments, pad: number): Flatbush {
  const n = s.ax.length;
  const tree = new Flatbush(Math.max(1, n));
  for (let i = 0; i < n; i++) {
    tree.add(Math.min(s.ax[i], s.bx[i]) - pad, Math.min(s.ay[i], s.by[i]) - pad, Math.max(s.ax[i], s.bx[i]) + pad, Math.max(s.ay[i], s.by[i]) + pad);
  }
  if (n === 0) tree.add(0, 0, 0, 0);
  tree.finish();
  return tree;
}

/** Distance from P to segment i and the parameter of its foot. */
function footOn(s: Segments, i: number, px: number, py: number): { d: number; t: number } {
  const ax = s.ax[i], ay = s.ay[i], dx = s.bx[i] - ax, dy = s.by[i] - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2)) : 0;
  return { d: Math.hypot(ax + t * dx - px, ay + t * dy - py), t };
}

/**
 * A major street's end that stops short of another street (within snapM) gets a connector to the
 * nearest point of it. An end shared by two lines (OSM splits a street at every tag change) or
 * lying on another street already is a junction, not a gap.
 */
function joinDangles(s: Segments, ends: Array<[number, number]>, snapM: number) {
  if (snapM <= 0 || ends.length === 0) return;
  const tree = segmentIndex(s, 0);
  const isVertex = (i: number, px: number, py: number) =>
    (Math.abs(s.ax[i] - px) < EPS && Math.abs(s.ay[i] - py) < EPS) || (Math.abs(s.bx[i] - px) < EPS && Math.abs(s.by[i] - py) < EPS);
  for (const [px, py] of ends) {
    const lines = new Set<number>();
    let best = Infinity, bt = 0, bi = -1, touching = false;
    for (const i of tree.search(px - snapM, py - snapM, px + snapM, py + snapM)) {
      if (isVertex(i, px, py)) { lines.add(s.line[i]); continue; }
      const { d, t } = footOn(s, i, px, py);
      if (d < EPS) { touching = true; break; }
      if (d < best) { best = d; bt = t; bi = i; }
    }
    if (touching || lines.size > 1 || bi < 0 || best > snapM) continue;
    s.ax.push(px); s.ay.push(py);
    s.bx.push(s.ax[bi] + bt * (s.bx[bi] - s.ax[bi])); s.by.push(s.ay[bi] + bt * (s.by[bi] - s.ay[bi]));
    s.line.push(s.line[bi]);
  }
}

interface PlanarGraph {
  x: Float64Array;
  y: Float64Array;
  /** Edge e runs eu[e] → ev[e]; half-edge 2e is that way, 2e + 1 the other. */
  eu: Int32Array;
  ev: Int32Array;
  eline: Int32Array;
  alive: Uint8Array;
}

/** Splits every segment where another crosses or touches it and joins points within EPS into one node. */
function nodeSegments(s: Segments): PlanarGraph {
  const n = s.ax.length;
  const { ax, ay, bx, by } = s;
  const tree = segmentIndex(s, EPS);
  // Split points: segment, parameter along it, coordinates. Ends meeting ends (consecutive shape
  // points, streets sharing a node) need none: the node table joins them.
  const sSeg: number[] = [], sT: number[] = [], sX: number[] = [], sY: number[] = [];
  const near = (j: number, px: number, py: number) =>
    (Math.abs(ax[j] - px) < EPS && Math.abs(ay[j] - py) < EPS) || (Math.abs(bx[j] - px) < EPS && Math.abs(by[j] - py) < EPS);
  /** Splits j where the point P lies on it (within EPS) away from its ends; whether P touches j at all. */
  const touch = (j: number, px: number, py: number): boolean => {
    const dx = bx[j] - ax[j], dy = by[j] - ay[j];
    const len2 = dx * dx + dy * dy;
    const t = len2 > 0 ? Math.max(0, Math.min(1, ((px - ax[j]) * dx + (py - ay[j]) * dy) / len2)) : 0;
    const ex = ax[j] + t * dx - px, ey = ay[j] + t * dy - py;
    if (ex * ex + ey * ey >= EPS * EPS) return false;
    if (!near(j, px, py)) { sSeg.push(j); sT.push(t); sX.push(px); sY.push(py); }
    return true;
  };
  for (let i = 0; i < n; i++) {
    const x1 = ax[i], y1 = ay[i], x2 = bx[i], y2 = by[i];
    const hits = tree.search(Math.min(x1, x2) - EPS, Math.min(y1, y2) - EPS, Math.max(x1, x2) + EPS, Math.max(y1, y2) + EPS);
    for (let k = 0; k < hits.length; k++) {
      const j = hits[k];
      if (j <= i) continue;
      // An end of one lying on the other: a T junction, a clipped end on the frame, a shared stretch.
      let touched = touch(j, x1, y1);
      touched = touch(j, x2, y2) || touched;
      touched = touch(i, ax[j], ay[j]) || touched;
      touched = touch(i, bx[j], by[j]) || touched;
      if (touched) continue;
      const cx = ax[j], cy = ay[j], dx = bx[j] - cx, dy = by[j] - cy;
      const rx = x2 - x1, ry = y2 - y1;
      const den = rx * dy - ry * dx;
      if (den === 0) continue;
      const t = ((cx - x1) * dy - (cy - y1) * dx) / den;
      const u = ((cx - x1) * ry - (cy - y1) * rx) / den;
      if (t <= 0 || t >= 1 || u <= 0 || u >= 1) continue;
      const px = x1 + t * rx, py = y1 + t * ry;
      sSeg.push(i, j); sT.push(t, u); sX.push(px, px); sY.push(py, py);
    }
  }
  const order = Array.from(sSeg.keys()).sort((p, q) => sSeg[p] - sSeg[q] || sT[p] - sT[q]);

  const xs: number[] = [], ys: number[] = [];
  const cells = new Map<number, number>();
  const more = new Map<number, number[]>();
  const cellKey = (cx: number, cy: number) => (cx + 2 ** 22) * 2 ** 23 + (cy + 2 ** 22);
  const close = (id: number, x: number, y: number) => Math.abs(xs[id] - x) < EPS && Math.abs(ys[id] - y) < EPS;
  const nodeAt = (x: number, y: number): number => {
    const cx = Math.floor(x / EPS), cy = Math.floor(y / EPS);
    for (let a = -1; a <= 1; a++) {
      for (let b = -1; b <= 1; b++) {
        const k = cellKey(cx + a, cy + b);
        const id = cells.get(k);
        if (id === undefined) continue;
        if (close(id, x, y)) return id;
        for (const other of more.get(k) ?? []) if (close(other, x, y)) return other;
      }
    }
    const id = xs.length;
    xs.push(x); ys.push(y);
    const k = cellKey(cx, cy);
    if (!cells.has(k)) cells.set(k, id);
    else { const list = more.get(k); if (list) list.push(id); else more.set(k, [id]); }
    return id;
  };
  const eu: number[] = [], ev: number[] = [], eline: number[] = [];
  const seen = new Set<number>();
  const addEdge = (u: number, v: number, line: number) => {
    if (u === v) return;
    const key = Math.min(u, v) * 2 ** 26 + Math.max(u, v);
    if (seen.has(key)) return;
    seen.add(key);
    eu.push(u); ev.push(v); eline.push(line);
  };
  let o = 0;
  for (let i = 0; i < n; i++) {
    let prev = nodeAt(ax[i], ay[i]);
    for (; o < order.length && sSeg[order[o]] === i; o++) {
      const id = nodeAt(sX[order[o]], sY[order[o]]);
      addEdge(prev, id, s.line[i]);
      prev = id;
    }
    addEdge(prev, nodeAt(bx[i], by[i]), s.line[i]);
  }
  return {
    x: Float64Array.from(xs), y: Float64Array.from(ys), eu: Int32Array.from(eu), ev: Int32Array.from(ev), eline: Int32Array.from(eline),
    alive: new Uint8Array(eu.length).fill(1),
  };
}

/** Removes edges ending at a node of degree one, repeatedly: a dead-end street bounds no block. */
function pruneDangles(g: PlanarGraph) {
  const nn = g.x.length, ne = g.eu.length;
  const deg = new Int32Array(nn);
  const inc: number[][] = Array.from({ length: nn }, () => []);
  for (let e = 0; e < ne; e++) { deg[g.eu[e]]++; deg[g.ev[e]]++; inc[g.eu[e]].push(e); inc[g.ev[e]].push(e); }
  const stack: number[] = [];
  for (let v = 0; v < nn; v++) if (deg[v] === 1) stack.push(v);
  while (stack.length) {
    const v = stack.pop()!;
    if (deg[v] !== 1) continue;
    for (const e of inc[v]) {
      if (!g.alive[e]) continue;
      g.alive[e] = 0;
      const w = g.eu[e] === v ? g.ev[e] : g.eu[e];
      deg[v]--; deg[w]--;
      if (deg[w] === 1) stack.push(w);
    }
  }
}

interface Faces {
  /** Face per half-edge (-1 on dead edges). */
  faceOf: Int32Array;
  next: Int32Array;
  /** Signed area per traced ring: positive for a bounded face (counter-clockwise). */
  area: Float64Array;
  /** First half-edge of each ring. */
  start: Int32Array;
  box: Float64Array;
  /**
   * The bounded face a ring stands for: itself when bounded; for the outer ring of a group of
   * streets lying inside a block and touching nothing else, the block around it; -1 outside.
   */
  alias: Int32Array;
  tree: Flatbush;
  /** Flat rings (x, y, …) of every ring, for point tests. */
  ring: Float64Array[];
}

function traceFaces(g: PlanarGraph): Faces {
  const nn = g.x.length, ne = g.eu.length, nh = 2 * ne;
  const org = (h: number) => (h & 1 ? g.ev[h >> 1] : g.eu[h >> 1]);
  const dst = (h: number) => (h & 1 ? g.eu[h >> 1] : g.ev[h >> 1]);
  // Outgoing half-edges per node, counter-clockwise by angle.
  const count = new Int32Array(nn + 1);
  for (let h = 0; h < nh; h++) if (g.alive[h >> 1]) count[org(h) + 1]++;
  for (let v = 0; v < nn; v++) count[v + 1] += count[v];
  const out = new Int32Array(count[nn]);
  const fill = count.slice(0, nn);
  for (let h = 0; h < nh; h++) if (g.alive[h >> 1]) out[fill[org(h)]++] = h;
  const angle = new Float64Array(nh);
  for (let h = 0; h < nh; h++) {
    if (g.alive[h >> 1] && count[org(h) + 1] - count[org(h)] > 2) angle[h] = Math.atan2(g.y[dst(h)] - g.y[org(h)], g.x[dst(h)] - g.x[org(h)]);
  }
  const pos = new Int32Array(nh);
  for (let v = 0; v < nn; v++) {
    const lo = count[v], hi = count[v + 1];
    // Two edges need no order: each is the other's successor either way.
    if (hi - lo > 2) out.subarray(lo, hi).sort((a, b) => angle[a] - angle[b]);
    for (let k = lo; k < hi; k++) pos[out[k]] = k - lo;
  }
  // Arriving along h at v, the face on h's left goes on along the next edge clockwise from h's twin.
  const next = new Int32Array(nh).fill(-1);
  for (let h = 0; h < nh; h++) {
    if (!g.alive[h >> 1]) continue;
    const v = dst(h), tw = h ^ 1, deg = count[v + 1] - count[v];
    next[h] = out[count[v] + ((pos[tw] - 1 + deg) % deg)];
  }
  const faceOf = new Int32Array(nh).fill(-1);
  const area: number[] = [], start: number[] = [], box: number[] = [], ring: Float64Array[] = [];
  for (let h0 = 0; h0 < nh; h0++) {
    if (!g.alive[h0 >> 1] || faceOf[h0] >= 0) continue;
    const f = area.length;
    let a = 0, h = h0;
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    const pts: number[] = [];
    do {
      faceOf[h] = f;
      const u = org(h), v = dst(h);
      a += g.x[u] * g.y[v] - g.x[v] * g.y[u];
      pts.push(g.x[u], g.y[u]);
      minX = Math.min(minX, g.x[u]); maxX = Math.max(maxX, g.x[u]); minY = Math.min(minY, g.y[u]); maxY = Math.max(maxY, g.y[u]);
      h = next[h];
    } while (h !== h0);
    area.push(a / 2); start.push(h0); box.push(minX, minY, maxX, maxY);
    ring.push(Float64Array.from(pts));
  }
  const nr = area.length;
  const tree = new Flatbush(Math.max(1, nr));
  for (let f = 0; f < nr; f++) tree.add(box[4 * f], box[4 * f + 1], box[4 * f + 2], box[4 * f + 3]);
  if (nr === 0) tree.add(0, 0, 0, 0);
  tree.finish();

  // Connected groups of streets: the outer ring of a group other than the frame's lies inside a block.
  const comp = new Int32Array(nn).map((_, i) => i);
  const find = (v: number): number => { while (comp[v] !== v) { comp[v] = comp[comp[v]]; v = comp[v]; } return v; };
  for (let e = 0; e < ne; e++) if (g.alive[e]) comp[find(g.eu[e])] = find(g.ev[e]);
  const alias = new Int32Array(nr);
  const areaArr = Float64Array.from(area);
  for (let f = 0; f < nr; f++) {
    if (areaArr[f] > 0) { alias[f] = f; continue; }
    alias[f] = -1;
    const v = org(start[f]), group = find(v);
    let best = -1;
    for (const k of tree.search(g.x[v], g.y[v], g.x[v], g.y[v])) {
      if (areaArr[k] <= 0 || find(org(start[k])) === group) continue;
      if (!pointInRing(g.x[v], g.y[v], ring[k])) continue;
      if (best < 0 || areaArr[k] < areaArr[best]) best = k;
    }
    alias[f] = best;
  }
  return { faceOf, next, area: areaArr, start: Int32Array.from(start), box: Float64Array.from(box), alias, tree, ring };
}

/**
 * The bounded face holding each point: the smallest one whose outline contains it (a block
 * inside a block wins over the one around it); a point in none (on an edge, within rounding)
 * takes the face whose box is nearest. -1 only for a point without finite coordinates.
 */
function assignPoints(F: Faces, xs: Float64Array, ys: Float64Array): Int32Array {
  const out = new Int32Array(xs.length).fill(-1);
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i], y = ys[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    let best = -1;
    const hits = F.tree.search(x, y, x, y, (f) => F.area[f] > 0);
    // Smallest first: the first outline holding the point is the answer.
    if (hits.length > 1) hits.sort((p, q) => F.area[p] - F.area[q]);
    for (const f of hits) if (pointInRing(x, y, F.ring[f])) { best = f; break; }
    if (best < 0) best = F.tree.neighbors(x, y, 1, Infinity, (f) => F.area[f] > 0)[0] ?? -1;
    out[i] = best;
  }
  return out;
}

/**
 * Merges blocks below the minimum population into neighbours, smallest first: into the neighbour
 * with the longest shared boundary among those the merge keeps within the maximum, else into the
 * smallest neighbour. Returns the zone (its root face) per face; -1 for faces outside or left empty.
 */
function mergeFaces(g: PlanarGraph, F: Faces, facePop: Float64Array, faceBuildings: Int32Array, o: StreetZoneOptions): Int32Array {
  const nr = F.area.length;
  const zoneOf = (f: number) => (f < 0 ? -1 : F.alias[f]);
  const parent = new Int32Array(nr).map((_, i) => i);
  const find = (f: number): number => { while (parent[f] !== f) { parent[f] = parent[parent[f]]; f = parent[f]; } return f; };
  const popOf = Float64Array.from(facePop);
  const bldOf = Float64Array.from(faceBuildings);
  const adj: Array<Map<number, number> | null> = Array.from({ length: nr }, () => null);
  for (let e = 0; e < g.eu.length; e++) {
    if (!g.alive[e]) continue;
    const a = zoneOf(F.faceOf[2 * e]), b = zoneOf(F.faceOf[2 * e + 1]);
    if (a < 0 || b < 0 || a === b) continue;
    const len = Math.hypot(g.x[g.ev[e]] - g.x[g.eu[e]], g.y[g.ev[e]] - g.y[g.eu[e]]);
    for (const [p, q] of [[a, b], [b, a]]) {
      const m = (adj[p] ??= new Map());
      m.set(q, (m.get(q) ?? 0) + len);
    }
  }
  const heap = new MinHeap();
  for (let f = 0; f < nr; f++) if (F.area[f] > 0 && F.alias[f] === f) heap.push(popOf[f], f);
  while (heap.size) {
    const [p, f] = heap.pop();
    if (find(f) !== f || p !== popOf[f]) continue;
    if (p >= o.minPopulation) break;
    const nbrs = adj[f];
    if (!nbrs || nbrs.size === 0) continue;
    let best = -1, bestLen = -1, smallest = -1;
    for (const [n, len] of nbrs) {
      if (p + popOf[n] <= o.maxPopulation && (len > bestLen || (len === bestLen && n < best))) { best = n; bestLen = len; }
      if (smallest < 0 || popOf[n] < popOf[smallest] || (popOf[n] === popOf[smallest] && len > nbrs.get(smallest)!)) smallest = n;
    }
    const into = best >= 0 ? best : smallest;
    // The larger neighbour list is kept and the smaller folded into it.
    const [keep, gone] = (adj[into]?.size ?? 0) >= nbrs.size ? [into, f] : [f, into];
    parent[gone] = keep;
    popOf[keep] = popOf[f] + popOf[into];
    bldOf[keep] = bldOf[f] + bldOf[into];
    const km = (adj[keep] ??= new Map());
    for (const [n, len] of adj[gone] ?? []) {
      if (n === keep) continue;
      km.set(n, (km.get(n) ?? 0) + len);
      const nm = adj[n]!;
      nm.set(keep, (nm.get(keep) ?? 0) + (nm.get(gone) ?? 0));
      nm.delete(gone);
    }
    km.delete(gone);
    adj[gone] = null;
    heap.push(popOf[keep], keep);
  }
  const out = new Int32Array(nr).fill(-1);
  for (let f = 0; f < nr; f++) {
    const z = zoneOf(f);
    if (z < 0) continue;
    const root = find(z);
    // A zone holding no building (an empty block no neighbour took) is no scope.
    out[f] = bldOf[root] > 0 ? root : -1;
  }
  return out;
}

class MinHeap {
  private k: number[] = [];
  private v: number[] = [];
  get size() { return this.k.length; }
  push(key: number, val: number) {
    this.k.push(key); this.v.push(val);
    let i = this.k.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.less(p, i)) break;
      this.swap(i, p); i = p;
    }
  }
  pop(): [number, number] {
    const top: [number, number] = [this.k[0], this.v[0]];
    const lk = this.k.pop()!, lv = this.v.pop()!;
    if (this.k.length) {
      this.k[0] = lk; this.v[0] = lv;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < this.k.length && this.less(l, m)) m = l;
        if (r < this.k.length && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m); i = m;
      }
    }
    return top;
  }
  // Ties go to the lower face number, so the result does not depend on the heap's shape.
  private less(a: number, b: number) { return this.k[a] < this.k[b] || (this.k[a] === this.k[b] && this.v[a] < this.v[b]); }
  private swap(a: number, b: number) {
    [this.k[a], this.k[b]] = [this.k[b], this.k[a]];
    [this.v[a], this.v[b]] = [this.v[b], this.v[a]];
  }
}

/**
 * A zone's outline: the half-edges with the zone on their left and another zone (or the outside)
 * on their right, linked into rings. Rings that touch at a node are spliced into one (an outline
 * pinched at a corner stays one ring; the even-odd point test and the area still hold).
 */
function dissolve(g: PlanarGraph, F: Faces, zoneOfFace: Int32Array, root: number, faces: number[], names: string[], frameLine: number, used: Uint8Array) {
  const inZone = (h: number) => F.faceOf[h] >= 0 && zoneOfFace[F.faceOf[h]] === root;
  const org = (h: number) => (h & 1 ? g.ev[h >> 1] : g.eu[h >> 1]);
  const shells: number[][] = [], holes: number[][] = [];
  const streetLen = new Map<string, number>();
  let area = 0;
  for (const f of faces) {
    // Every half-edge of the zone's faces: boundary ones start rings.
    let h0 = F.start[f], h = h0;
    do {
      if (!used[h] && !inZone(h ^ 1)) {
        const nodes: number[] = [];
        let a = 0, b = h;
        do {
          used[b] = 1;
          const u = org(b), v = org(b ^ 1);
          nodes.push(u);
          a += g.x[u] * g.y[v] - g.x[v] * g.y[u];
          const line = g.eline[b >> 1];
          if (line !== frameLine && names[line]) {
            streetLen.set(names[line], (streetLen.get(names[line]) ?? 0) + Math.hypot(g.x[v] - g.x[u], g.y[v] - g.y[u]));
          }
          let c = F.next[b];
          while (inZone(c ^ 1)) c = F.next[c ^ 1];
          b = c;
        } while (b !== h);
        (a > 0 ? shells : holes).push(nodes);
        area += a / 2;
      }
      h = F.next[h];
    } while (h !== h0);
  }
  while (shells.length > 1) {
    let joined = false;
    for (let i = 1; i < shells.length && !joined; i++) {
      const at = new Map(shells[0].map((v, k) => [v, k]));
      const k2 = shells[i].findIndex((v) => at.has(v));
      if (k2 < 0) continue;
      const k1 = at.get(shells[i][k2])!;
      const a = shells[0], b = shells[i];
      shells[0] = [...a.slice(0, k1), ...b.slice(k2), ...b.slice(0, k2), ...a.slice(k1)];
      shells.splice(i, 1);
      joined = true;
    }
    // Blocks merged across shared edges make one connected area, whose outer rings meet at nodes.
    if (!joined) throw new Error('derived zone outline in separate parts');
  }
  const flat = (nodes: number[]) => {
    const r = new Array<number>(2 * nodes.length);
    nodes.forEach((v, k) => { r[2 * k] = g.x[v]; r[2 * k + 1] = g.y[v]; });
    return r;
  };
  const shell = flat(shells[0] ?? []);
  const anchor = interiorPoint(shell);
  const streets = [...streetLen.entries()].sort((p, q) => q[1] - p[1]).slice(0, 3).map(([n]) => n);
  return { rings: [shell, ...holes.map(flat)], area, anchor, streets };
}

/** A point inside a flat ring: its centroid when inside, else the middle of the widest stretch across its middle. */
function interiorPoint(r: number[]): [number, number] {
  let a = 0, cx = 0, cy = 0;
  const n = r.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const w = r[2 * j] * r[2 * i + 1] - r[2 * i] * r[2 * j + 1];
    a += w; cx += (r[2 * j] + r[2 * i]) * w; cy += (r[2 * j + 1] + r[2 * i + 1]) * w;
  }
  if (a !== 0) { cx /= 3 * a; cy /= 3 * a; if (pointInRing(cx, cy, r)) return [cx, cy]; }
  let minY = Infinity, maxY = -Infinity;
  for (let i = 1; i < r.length; i += 2) { minY = Math.min(minY, r[i]); maxY = Math.max(maxY, r[i]); }
  const y = (minY + maxY) / 2;
  const xs: number[] = [];
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const yi = r[2 * i + 1], yj = r[2 * j + 1];
    if (yi > y !== yj > y) xs.push(r[2 * i] + ((y - yi) * (r[2 * j] - r[2 * i])) / (yj - yi));
  }
  xs.sort((p, q) => p - q);
  let best: [number, number] = [r[0], r[1]], w = -1;
  for (let k = 0; k + 1 < xs.length; k += 2) if (xs[k + 1] - xs[k] > w) { w = xs[k + 1] - xs[k]; best = [(xs[k] + xs[k + 1]) / 2, y]; }
  return best;
}
