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
  // Groups of polygons whose boxes touch, through a union-find: most greens stand alone and are summed as they are.
  const parent = polys.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const order = polys.map((_, i) => i).sort((a, b) => box[a][0] - box[b][0]);
  for (let a = 0; a < order.length; a++) {
    const i = order[a];
    for (let b = a + 1; b < order.length && box[order[b]][0] <= box[i][2]; b++) {
      const j = order[b];
      if (box[j][1] <= box[i][3] && box[i][1] <= box[j][3]) parent[find(i)] = find(j);
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
