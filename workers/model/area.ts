// Area covered by a set of polygons, each place counted once. Summing areas counts twice whatever
// two features share (a park mapped twice, a green strip drawn over a larger green): the green cover
// of a district then passes its target on paper. Overlapping polygons are merged first.
import { featureCollection, polygon, union } from '@turf/turf';

type Rings = number[][][];

function ringArea(r: number[][]): number {
  let a = 0;
  for (let k = 0, j = r.length - 1; k < r.length; j = k++) a += r[j][0] * r[k][1] - r[k][0] * r[j][1];
  return Math.abs(a) / 2;
}
const polyArea = (p: Rings) => p.reduce((s, r, k) => s + (k === 0 ? 1 : -1) * ringArea(r), 0);

/** Area of the union of planar polygons (metre coordinates: outer ring first, then holes). */
export function unionArea(polys: Rings[]): number {
  const box = polys.map((p) => {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const [x, y] of p[0]) { x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y); }
    return [x0, y0, x1, y1];
  });
  // Groups of polygons that overlap, through a union-find: most greens stand alone (or only share an
  // edge with a neighbour) and are summed as they are; the clipper runs only where areas overlap.
  const parent = polys.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const order = polys.map((_, i) => i).sort((a, b) => box[a][0] - box[b][0]);
  for (let a = 0; a < order.length; a++) {
    const i = order[a];
    for (let b = a + 1; b < order.length && box[order[b]][0] <= box[i][2]; b++) {
      const j = order[b];
      if (box[j][1] <= box[i][3] && box[i][1] <= box[j][3] && interiorsOverlap(polys[i][0], polys[j][0])) parent[find(i)] = find(j);
    }
  }
  const groups = new Map<number, number[]>();
  polys.forEach((_, i) => { const r = find(i); groups.set(r, [...(groups.get(r) ?? []), i]); });
  let total = 0;
  for (const members of groups.values()) {
    if (members.length === 1) { total += polyArea(polys[members[0]]); continue; }
    const valid = members.map((i) => polys[i]).filter((p) => p[0].length >= 4);
    try {
      const merged = union(featureCollection(valid.map((p) => polygon(p))));
      const g = merged?.geometry;
      if (!g) continue;
      const parts = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
      for (const p of parts) total += polyArea(p as Rings);
    } catch {
      // A polygon the clipper cannot take (self-crossing): the largest member stands for the group,
      // an undercount rather than a double count.
      total += Math.max(...valid.map(polyArea));
    }
  }
  return total;
}

const orient = (a: number[], b: number[], c: number[]) => Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));

/** Strictly inside (a point on the boundary is not). */
function strictlyInside(p: number[], ring: number[][]): boolean {
  let inside = false;
  for (let k = 0, j = ring.length - 1; k < ring.length; j = k++) {
    const a = ring[k], b = ring[j];
    if (orient(a, b, p) === 0 && Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1])) return false;
    if ((a[1] > p[1]) !== (b[1] > p[1]) && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
  }
  return inside;
}

/** A point inside a ring: the centroid when it lies inside, else the middle of a short cut across a corner. */
function innerPoint(ring: number[][]): number[] | null {
  let cx = 0, cy = 0;
  const n = ring.length - 1;
  for (let k = 0; k < n; k++) { cx += ring[k][0]; cy += ring[k][1]; }
  const c = [cx / n, cy / n];
  if (strictlyInside(c, ring)) return c;
  for (let k = 1; k < n; k++) {
    const p = [(ring[k - 1][0] + ring[k][0] + ring[k + 1][0]) / 3, (ring[k - 1][1] + ring[k][1] + ring[k + 1][1]) / 3];
    if (strictlyInside(p, ring)) return p;
  }
  return null;
}

/** Do two outer rings share interior (not just an edge or a corner)? */
function interiorsOverlap(a: number[][], b: number[][]): boolean {
  for (let i = 0; i + 1 < a.length; i++) {
    for (let j = 0; j + 1 < b.length; j++) {
      const p = a[i], q = a[i + 1], r = b[j], t = b[j + 1];
      const o1 = orient(p, q, r), o2 = orient(p, q, t), o3 = orient(r, t, p), o4 = orient(r, t, q);
      if (o1 * o2 < 0 && o3 * o4 < 0) return true;
    }
  }
  for (const p of a) if (strictlyInside(p, b)) return true;
  for (const p of b) if (strictlyInside(p, a)) return true;
  const ia = innerPoint(a), ib = innerPoint(b);
  return (ia !== null && strictlyInside(ia, b)) || (ib !== null && strictlyInside(ib, a));
}
