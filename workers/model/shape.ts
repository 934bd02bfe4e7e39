// Planar shape helpers for footprints: area centroid, point-on-surface and self-intersection.
// A building stands for one point on the walking network; the vertex average used before drifts
// towards densely digitised corners and, on real L- and U-shaped footprints, lands tens of metres
// off or outside the building, so it could pick the wrong street.

import type { Position } from './dataset.ts';
import { pointInPolygon, toXY, type Projection } from './geo.ts';
import { projectRing } from '../network/network.ts';

interface Centroid { x: number; y: number; area: number }

/** Signed area and area centroid of a flat ring [x0, y0, x1, y1, ...] (closed or not). */
export function ringCentroid(r: ArrayLike<number>): Centroid {
  let a = 0, cx = 0, cy = 0;
  const n = r.length;
  if (n < 6) return { x: NaN, y: NaN, area: 0 };
  // Relative to the first vertex, so large metric offsets do not cost precision.
  const x0 = r[0], y0 = r[1];
  for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
    const xi = r[i] - x0, yi = r[i + 1] - y0, xj = r[j] - x0, yj = r[j + 1] - y0;
    const f = xj * yi - xi * yj;
    a += f;
    cx += (xj + xi) * f;
    cy += (yj + yi) * f;
  }
  a /= 2;
  if (a === 0) return { x: NaN, y: NaN, area: 0 };
  return { x: x0 + cx / (6 * a), y: y0 + cy / (6 * a), area: a };
}

/** Area (m²) and centroid of a polygon with holes given as flat rings; holes subtract. */
export function polygonCentroid(rings: ArrayLike<number>[]): Centroid {
  let area = 0, sx = 0, sy = 0;
  rings.forEach((r, k) => {
    const c = ringCentroid(r);
    if (!c.area) return;
    const a = k === 0 ? Math.abs(c.area) : -Math.abs(c.area);
    area += a; sx += c.x * a; sy += c.y * a;
  });
  return area > 0 ? { x: sx / area, y: sy / area, area } : { x: NaN, y: NaN, area: 0 };
}

/**
 * A point strictly inside the polygon: the midpoint of the widest inside stretch of a horizontal
 * line through the middle of its height (the idea behind GEOS's interior point), tried at a few
 * heights so thin wings and holes cannot defeat it.
 */
export function pointOnSurface(rings: ArrayLike<number>[]): [number, number] {
  const outer = rings[0];
  if (!outer || outer.length < 6) return [NaN, NaN];
  let minY = Infinity, maxY = -Infinity;
  for (let i = 1; i < outer.length; i += 2) { minY = Math.min(minY, outer[i]); maxY = Math.max(maxY, outer[i]); }
  let best: [number, number] = [NaN, NaN], bestW = -1;
  for (const f of [0.5, 0.25, 0.75, 0.125, 0.375, 0.625, 0.875]) {
    const y = minY + (maxY - minY) * f;
    const xs: number[] = [];
    for (const r of rings) {
      for (let i = 0, j = r.length - 2; i < r.length; j = i, i += 2) {
        const yi = r[i + 1], yj = r[j + 1];
        if (yi > y !== yj > y) xs.push(r[i] + ((y - yi) * (r[j] - r[i])) / (yj - yi));
      }
    }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const w = xs[k + 1] - xs[k];
      if (w > bestW) { bestW = w; best = [(xs[k] + xs[k + 1]) / 2, y]; }
    }
    if (bestW > 0 && f === 0.5) break;
  }
  return best;
}

type AnyGeom = { type: string; coordinates: unknown } | null | undefined;

/** The polygons of a Polygon or MultiPolygon, each as projected flat rings. */
export function projectedPolygons(proj: Projection, geom: AnyGeom): Float64Array[][] {
  if (geom?.type === 'Polygon') return [(geom.coordinates as Position[][]).map((r) => projectRing(proj, r))];
  if (geom?.type === 'MultiPolygon') return (geom.coordinates as Position[][][]).map((p) => p.map((r) => projectRing(proj, r)));
  return [];
}

/**
 * The point a building stands for, in the metric plane: its mapped entrance when it has one
 * (`entrances` property, WGS84), else the area centroid of all its parts, else (the centroid
 * falls outside a concave or multi-part footprint) a point on the surface of its largest part.
 */
export function buildingPoint(proj: Projection, geom: AnyGeom, props?: { entrances?: unknown } | null): [number, number] {
  const ent = props?.entrances;
  if (Array.isArray(ent) && ent.length > 0) {
    const e = ent[0] as unknown;
    if (Array.isArray(e) && Number.isFinite(e[0]) && Number.isFinite(e[1])) return toXY(proj, e[0] as number, e[1] as number);
  }
  const polys = projectedPolygons(proj, geom);
  let area = 0, sx = 0, sy = 0, largest = -1, largestArea = 0;
  polys.forEach((p, k) => {
    const c = polygonCentroid(p);
    if (!(c.area > 0)) return;
    area += c.area; sx += c.x * c.area; sy += c.y * c.area;
    if (c.area > largestArea) { largestArea = c.area; largest = k; }
  });
  if (!(area > 0)) return vertexAverage(polys[0]?.[0]);
  const x = sx / area, y = sy / area;
  for (const p of polys) if (pointInPolygon(x, y, p)) return [x, y];
  return pointOnSurface(polys[largest]);
}

function vertexAverage(r: Float64Array | undefined): [number, number] {
  if (!r || r.length === 0) return [NaN, NaN];
  let sx = 0, sy = 0;
  for (let i = 0; i < r.length; i += 2) { sx += r[i]; sy += r[i + 1]; }
  return [sx / (r.length / 2), sy / (r.length / 2)];
}

/**
 * Footprint area in m² of a Polygon or MultiPolygon (holes subtracted), straight from the WGS84
 * positions: population estimates run over every building of a city, so nothing is allocated.
 */
export function footprintArea(proj: Projection, geom: AnyGeom): number {
  const polys = geom?.type === 'Polygon' ? [geom.coordinates as Position[][]]
    : geom?.type === 'MultiPolygon' ? (geom.coordinates as Position[][][]) : [];
  let total = 0;
  for (const poly of polys) {
    let a = 0;
    for (let k = 0; k < poly.length; k++) {
      const r = Math.abs(ringAreaLonLat(poly[k])) * proj.kx * proj.ky;
      a += k === 0 ? r : -r;
    }
    if (a > 0) total += a;
  }
  return total;
}

/** Shoelace area of a lon/lat ring in square degrees, relative to its first vertex for precision. */
function ringAreaLonLat(ring: Position[]): number {
  const n = ring.length;
  if (n < 3) return 0;
  const x0 = ring[0][0], y0 = ring[0][1];
  let a = 0;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    a += (ring[j][0] - x0) * (ring[i][1] - y0) - (ring[i][0] - x0) * (ring[j][1] - y0);
  }
  return a / 2;
}

/**
 * First pair of non-adjacent edges that cross or touch in a flat closed ring (last vertex equal
 * to the first), or null. Quadratic, with a box test; footprints have tens of vertices.
 */
export function ringSelfIntersection(r: ArrayLike<number>): [number, number] | null {
  const m = r.length / 2 - 1; // edges
  for (let i = 0; i < m; i++) {
    const ax = r[2 * i], ay = r[2 * i + 1], bx = r[2 * i + 2], by = r[2 * i + 3];
    for (let j = i + 2; j < m; j++) {
      if (i === 0 && j === m - 1) continue;
      const cx = r[2 * j], cy = r[2 * j + 1], dx = r[2 * j + 2], dy = r[2 * j + 3];
      if (Math.max(cx, dx) < Math.min(ax, bx) || Math.min(cx, dx) > Math.max(ax, bx)) continue;
      if (Math.max(cy, dy) < Math.min(ay, by) || Math.min(cy, dy) > Math.max(ay, by)) continue;
      if (segmentsIntersect(ax, ay, bx, by, cx, cy, dx, dy)) return [i, j];
    }
  }
  return null;
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function segmentsIntersect(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): boolean {
  const o1 = orient(ax, ay, bx, by, cx, cy), o2 = orient(ax, ay, bx, by, dx, dy);
  const o3 = orient(cx, cy, dx, dy, ax, ay), o4 = orient(cx, cy, dx, dy, bx, by);
  if (o1 !== o2 && o3 !== o4) return true;
  const on = (px: number, py: number, qx: number, qy: number, sx: number, sy: number) =>
    Math.min(px, qx) <= sx && sx <= Math.max(px, qx) && Math.min(py, qy) <= sy && sy <= Math.max(py, qy);
  return (o1 === 0 && on(ax, ay, bx, by, cx, cy)) || (o2 === 0 && on(ax, ay, bx, by, dx, dy))
    || (o3 === 0 && on(cx, cy, dx, dy, ax, ay)) || (o4 === 0 && on(cx, cy, dx, dy, bx, by));
}
