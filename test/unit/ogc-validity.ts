// An independent OGC validity check for exported polygons, written for the tests (it shares no code
// with the engine): the rules QGIS "check validity" and PostGIS ST_IsValid apply.
//  - a ring is closed, has at least 4 positions and no repeated consecutive position;
//  - a ring is simple: no two of its segments meet except neighbours at their shared vertex
//    (a ring touching itself at a point is invalid);
//  - each hole lies inside its shell; rings of one polygon never cross and touch at most at one
//    point per pair; no hole lies inside another hole;
//  - the polygons of a MultiPolygon have disjoint interiors (they may touch at points).
// Coordinates are turned into integers of 1e-7 degree around the first position, so every
// orientation test below is exact.

type Pt = [number, number];
type Seg = { a: Pt; b: Pt; ring: number; k: number; n: number };

export interface Invalidity {
  polygon: number;
  problem: string;
}

function orient(a: Pt, b: Pt, c: Pt): number {
  return Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
}
const onSeg = (a: Pt, b: Pt, p: Pt) =>
  Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
const same = (p: Pt, q: Pt) => p[0] === q[0] && p[1] === q[1];

/** The points two segments share: none, one point, or an overlap (returned as 'overlap'). */
function meet(s: Seg, t: Seg): Pt[] | 'overlap' {
  const o1 = orient(s.a, s.b, t.a), o2 = orient(s.a, s.b, t.b), o3 = orient(t.a, t.b, s.a), o4 = orient(t.a, t.b, s.b);
  if (o1 === 0 && o2 === 0) {
    const pts = [t.a, t.b].filter((p) => onSeg(s.a, s.b, p)).concat([s.a, s.b].filter((p) => onSeg(t.a, t.b, p)));
    const uniq = pts.filter((p, i) => pts.findIndex((q) => same(p, q)) === i);
    return uniq.length > 1 ? 'overlap' : uniq;
  }
  if (o1 !== o2 && o3 !== o4) {
    if (o1 === 0) return [t.a];
    if (o2 === 0) return [t.b];
    if (o3 === 0) return [s.a];
    if (o4 === 0) return [s.b];
    return [[NaN, NaN]]; // a proper crossing
  }
  return [];
}

/** Point in ring by crossing number; null when on the boundary. */
function inRing(p: Pt, ring: Pt[]): boolean | null {
  let inside = false;
  for (let i = 0, j = ring.length - 2; i < ring.length - 1; j = i++) {
    const a = ring[i], b = ring[j];
    if (orient(a, b, p) === 0 && onSeg(a, b, p)) return null;
    if ((a[1] > p[1]) !== (b[1] > p[1]) && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
  }
  return inside;
}

/** A point of `ring` that is not on `other`'s boundary decides which side of `other` the ring lies. */
function ringInside(ring: Pt[], other: Pt[]): boolean | null {
  for (let k = 0; k < ring.length - 1; k++) {
    const r = inRing(ring[k], other);
    if (r !== null) return r;
    const mid: Pt = [(ring[k][0] + ring[k + 1][0]) / 2, (ring[k][1] + ring[k + 1][1]) / 2];
    const m = inRing(mid, other);
    if (m !== null) return m;
  }
  return null;
}

/** All pairs of segments (from the given rings) whose boxes overlap, through a uniform grid. */
function candidatePairs(segs: Seg[], visit: (s: Seg, t: Seg) => void) {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const s of segs) {
    minX = Math.min(minX, s.a[0], s.b[0]); maxX = Math.max(maxX, s.a[0], s.b[0]);
    minY = Math.min(minY, s.a[1], s.b[1]); maxY = Math.max(maxY, s.a[1], s.b[1]);
  }
  const side = Math.max(1, Math.ceil(Math.sqrt(segs.length)));
  const cw = Math.max(1, (maxX - minX) / side), ch = Math.max(1, (maxY - minY) / side);
  const cells = new Map<number, number[]>();
  segs.forEach((s, i) => {
    const i0 = Math.floor((Math.min(s.a[0], s.b[0]) - minX) / cw), i1 = Math.floor((Math.max(s.a[0], s.b[0]) - minX) / cw);
    const j0 = Math.floor((Math.min(s.a[1], s.b[1]) - minY) / ch), j1 = Math.floor((Math.max(s.a[1], s.b[1]) - minY) / ch);
    for (let ii = i0; ii <= i1; ii++) for (let jj = j0; jj <= j1; jj++) {
      const key = ii * 1_000_003 + jj;
      const list = cells.get(key);
      if (list) list.push(i); else cells.set(key, [i]);
    }
  });
  const seen = new Set<string>();
  for (const list of cells.values()) {
    for (let x = 0; x < list.length; x++) for (let y = x + 1; y < list.length; y++) {
      const key = `${list[x]}:${list[y]}`;
      if (seen.has(key)) continue;
      seen.add(key);
      visit(segs[list[x]], segs[list[y]]);
    }
  }
}

/** Problems with a GeoJSON Polygon or MultiPolygon's coordinates; empty when valid. */
export function ogcProblems(geometry: { type: string; coordinates: unknown }): Invalidity[] {
  const polys = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as number[][][][];
  const out: Invalidity[] = [];
  if (!polys.length || !polys[0]?.length) return out;
  const origin = polys[0][0][0];
  const toInt = (p: number[]): Pt => [Math.round((p[0] - origin[0]) * 1e7), Math.round((p[1] - origin[1]) * 1e7)];
  const rings: Array<{ poly: number; hole: boolean; pts: Pt[] }> = [];
  polys.forEach((poly, pi) => poly.forEach((ring, k) => {
    const pts = ring.map(toInt);
    if (pts.length < 4) out.push({ polygon: pi, problem: `ring ${k} has ${pts.length} positions (at least 4)` });
    else if (!same(pts[0], pts[pts.length - 1])) out.push({ polygon: pi, problem: `ring ${k} is not closed` });
    for (let q = 1; q < pts.length; q++) if (same(pts[q], pts[q - 1])) { out.push({ polygon: pi, problem: `ring ${k} repeats a position at ${q}` }); break; }
    rings.push({ poly: pi, hole: k > 0, pts });
  }));
  if (out.length) return out;

  const segs: Seg[] = [];
  rings.forEach((r, ri) => { for (let k = 0; k + 1 < r.pts.length; k++) segs.push({ a: r.pts[k], b: r.pts[k + 1], ring: ri, k, n: r.pts.length - 1 }); });
  const touches = new Map<string, Set<string>>();
  candidatePairs(segs, (s, t) => {
    const m = meet(s, t);
    if (m === 'overlap') { out.push({ polygon: rings[s.ring].poly, problem: `rings ${s.ring} and ${t.ring} overlap along a segment` }); return; }
    if (m.length === 0) return;
    const p = m[0];
    if (Number.isNaN(p[0])) { out.push({ polygon: rings[s.ring].poly, problem: `rings ${s.ring} and ${t.ring} cross` }); return; }
    if (s.ring === t.ring) {
      const adjacent = Math.abs(s.k - t.k) === 1 || Math.abs(s.k - t.k) === s.n - 1;
      const shared = adjacent && (same(p, s.a) || same(p, s.b)) && (same(p, t.a) || same(p, t.b));
      if (!shared) out.push({ polygon: rings[s.ring].poly, problem: `ring ${s.ring} touches itself at ${p[0] * 1e-7 + origin[0]},${p[1] * 1e-7 + origin[1]}` });
      return;
    }
    const key = s.ring < t.ring ? `${s.ring}:${t.ring}` : `${t.ring}:${s.ring}`;
    const set = touches.get(key) ?? new Set<string>();
    set.add(`${p[0]},${p[1]}`);
    touches.set(key, set);
  });
  for (const [key, pts] of touches) {
    const [a, b] = key.split(':').map(Number);
    if (rings[a].poly === rings[b].poly && pts.size > 1) {
      out.push({ polygon: rings[a].poly, problem: `rings ${a} and ${b} touch at ${pts.size} points (the interior is cut in two)` });
    }
  }
  // Holes inside their shell and not inside each other; polygons' interiors disjoint.
  const shellOf = (pi: number) => rings.find((r) => r.poly === pi && !r.hole)!;
  for (const r of rings) {
    if (!r.hole) continue;
    if (ringInside(r.pts, shellOf(r.poly).pts) === false) out.push({ polygon: r.poly, problem: 'a hole lies outside its shell' });
    for (const h of rings) {
      if (h !== r && h.hole && h.poly === r.poly && ringInside(r.pts, h.pts) === true) out.push({ polygon: r.poly, problem: 'a hole lies inside another hole' });
    }
  }
  for (let a = 0; a < polys.length; a++) {
    for (let b = 0; b < polys.length; b++) {
      if (a === b) continue;
      const sa = shellOf(a), sb = shellOf(b);
      if (ringInside(sa.pts, sb.pts) !== true) continue;
      // a's shell is inside b's shell: allowed only inside one of b's holes.
      const inHole = rings.some((h) => h.poly === b && h.hole && ringInside(sa.pts, h.pts) === true);
      if (!inHole) out.push({ polygon: a, problem: `polygon ${a} lies inside polygon ${b} (interiors overlap)` });
    }
  }
  return out;
}
