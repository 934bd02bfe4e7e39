// Isochrones from a finished search. Every cell of a grid is valued exactly as a building standing
// at its centre would be (the same snapping onto the network, only onto its own compound's paths
// inside a gated compound, the same straight walk on and off), and every building in the grid gives
// the grid points around it its own walk; then the grid is contoured by marching squares. So a building
// drawn inside a band always has a walk within that band, holes (land far from any path) stay holes,
// and a compound wall is crossed only where its gates let the network through.

import { contours } from 'd3-contour';
import type { Graph } from '../network/graph.ts';
import type { Costs } from '../network/profile.ts';
import { zonesOnGrid, type Zones } from '../network/network.ts';
import { pointDistance, type Seeds } from './access.ts';
import type { Searcher } from './search.ts';
import { MASKED, type EdgeIndex, type Snaps } from './spatial.ts';
import { pointInPolygon } from '../model/geo.ts';
import { LIMITS } from '../model/limits.ts';

/**
 * Where nobody stands: water, in metres. Grid points there get no value. (A railway needs no mask: a
 * point beside it snaps to the nearest path, and the band ends where the nearest path changes.)
 */
export interface Barriers {
  water: Float64Array[][];
}

/** What valuing a point as a building there takes: the engine provides all of it. */
export interface PointRule {
  graph: Graph;
  index: EdgeIndex;
  zones: Zones;
  snapLimit: number;
  barriers: Barriers;
  buildingXY: Float64Array;
  buildingSnaps: Snaps;
}

export interface IsochroneOptions {
  /** Band limits in metre-equivalents, ascending. */
  limits: number[];
  /** Grid cell in metres (grown automatically for very large areas). */
  cell?: number;
}

export type MultiPolygonXY = number[][][][];

export interface IsochroneResult {
  bands: Array<{ limit: number; polygons: MultiPolygonXY }>;
}

/** The isochrone bands of a finished search from `seeds` (run up to the largest limit). */
export function isochrone(rule: PointRule, costs: Costs, search: Searcher, seeds: Seeds, opts: IsochroneOptions): IsochroneResult {
  const g = rule.graph;
  const limits = [...opts.limits].sort((a, b) => a - b);
  const maxCost = limits[limits.length - 1] ?? 0;
  const ov = costs.overlay?.ov ?? null;
  const nodeX = (n: number) => (ov ? ov.nodeX(n) : g.x[n]), nodeY = (n: number) => (ov ? ov.nodeY(n) : g.y[n]);
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const extend = (x: number, y: number) => {
    if (x < minX) minX = x; if (x > maxX) maxX = x;
    if (y < minY) minY = y; if (y > maxY) maxY = y;
  };
  const reached = search.reached(), dist = search.dist;
  for (let k = 0; k < reached.length; k++) if (dist[reached[k]] <= maxCost) extend(nodeX(reached[k]), nodeY(reached[k]));
  // A source partway along a long edge reaches along it even when neither end is within reach.
  for (const [e, list] of seeds.onEdge) {
    const u = ov ? ov.edgeU(e) : g.edgeU[e], v = ov ? ov.edgeV(e) : g.edgeV[e];
    for (const p of list) extend(nodeX(u) + p.t * (nodeX(v) - nodeX(u)), nodeY(u) + p.t * (nodeY(v) - nodeY(u)));
  }
  if (!Number.isFinite(minX)) return { bands: limits.map((limit) => ({ limit, polygons: [] })) };
  // Nobody further than the snap limit from a path, or than the largest limit, is inside a band.
  const base = Math.max(opts.cell ?? 10, 1);
  const margin = Math.min(rule.snapLimit, maxCost) + 2 * base;
  minX -= margin; minY -= margin; maxX += margin; maxY += margin;
  const cell = Math.max(base, Math.sqrt(((maxX - minX) * (maxY - minY)) / LIMITS.isochroneCells));
  const nx = Math.ceil((maxX - minX) / cell) + 1, ny = Math.ceil((maxY - minY) / cell) + 1;
  // Grid point (i, j) is the centre of cell i, j: minX + (i + 0.5)·cell, as d3-contour places values.
  const x0 = minX + cell / 2, y0 = minY + cell / 2;
  const n = nx * ny;

  const zone = cellZones(rule, x0, y0, cell, nx, ny);
  const snaps: Snaps = { edge: new Int32Array(n), t: new Float32Array(n), offset: new Float32Array(n), reason: new Uint8Array(n) };
  // Without network edits a cell's walk is at least the nearer end's of its edge (or 0 on a source's
  // edge), so a tile none of whose candidate edges is reached stays out of every band unsnapped.
  const wanted = ov ? undefined : (edges: ArrayLike<number>) => {
    for (let k = 0; k < edges.length; k++) {
      const e = edges[k];
      if (search.distOf(g.edgeU[e]) <= maxCost || search.distOf(g.edgeV[e]) <= maxCost || seeds.onEdge.has(e)) return true;
    }
    return false;
  };
  rule.index.snapGrid(x0, y0, cell, nx, ny, zone, rule.snapLimit, snaps, wanted);
  const val = new Float64Array(n);
  const src = new Int32Array(n);
  for (let c = 0; c < n; c++) pointDistance(g, costs, search, seeds, snaps.edge[c], snaps.t[c], snaps.offset[c], val, src, c);

  // Each building sets the four grid points around it to its own walk (the largest where buildings
  // share a point): marching squares then keeps that square wholly inside or outside each band.
  const own = new Float64Array(n).fill(-1);
  const bxy = rule.buildingXY, bs = rule.buildingSnaps;
  const one = new Float64Array(1), oneSrc = new Int32Array(1);
  for (let b = 0; b < bs.edge.length; b++) {
    const gx = (bxy[2 * b] - x0) / cell, gy = (bxy[2 * b + 1] - y0) / cell;
    if (!(gx > -1 && gy > -1 && gx < nx && gy < ny)) continue;
    pointDistance(g, costs, search, seeds, bs.edge[b], bs.t[b], bs.offset[b], one, oneSrc, 0);
    const i0 = Math.floor(gx), j0 = Math.floor(gy);
    for (let j = j0; j <= j0 + 1; j++) {
      for (let i = i0; i <= i0 + 1; i++) {
        if (i < 0 || j < 0 || i >= nx || j >= ny) continue;
        const c = j * nx + i;
        if (one[0] > own[c]) own[c] = one[0];
      }
    }
  }
  for (let c = 0; c < n; c++) if (own[c] >= 0) val[c] = own[c];

  // Marching squares on negated costs: "value ≥ -limit" is "cost ≤ limit". Unreached cells get a
  // value far below every threshold so the contour hugs the reached cells.
  const neg = new Float64Array(n);
  for (let c = 0; c < n; c++) neg[c] = val[c] === Infinity ? -1e12 : -val[c];
  const gen = contours().size([nx, ny]).smooth(false);
  const bands = limits.map((limit) => {
    const mp = gen.contour(neg as unknown as number[], -limit);
    const rings = mp.coordinates.flat();
    for (const ring of rings) placeOnEdges(ring, neg, nx, ny, -limit);
    const polygons = assemble(rings).map((poly) => poly.map((ring) => ring.map(([gx, gy]) => [minX + gx * cell, minY + gy * cell])));
    return { limit, polygons };
  });
  return { bands };
}

/** The compound of each grid point (see zonesOnGrid), and MASKED on water. */
function cellZones(rule: PointRule, x0: number, y0: number, cell: number, nx: number, ny: number): Int32Array {
  const zone = zonesOnGrid(rule.zones, x0, y0, cell, nx, ny);
  maskBarriers(rule.barriers, zone, x0, y0, cell, nx, ny);
  return zone;
}

/** How far from a grid point a contour vertex may come, as a share of the cell. */
const EDGE_MARGIN = 0.05;

/**
 * Moves each contour vertex (d3 puts them at edge midpoints) to where the cost crosses the limit
 * along its grid edge, kept at least EDGE_MARGIN of a cell from either grid point. Linear
 * interpolation alone puts every crossing next to an unreached cell (cost "infinite") on the grid
 * point itself, so up to four crossings coincide and the rings touch themselves there, which
 * QGIS and PostGIS reject. With the margin, crossings on different edges are always apart, and
 * marching squares then gives simple rings that neither touch nor cross.
 */
function placeOnEdges(ring: number[][], v: Float64Array, nx: number, ny: number, threshold: number) {
  const at = (a: number, b: number) => {
    const t = (threshold - v[a]) / (v[b] - v[a]);
    return Number.isFinite(t) ? Math.min(1 - EDGE_MARGIN, Math.max(EDGE_MARGIN, t)) : 0.5;
  };
  for (const p of ring) {
    const x = p[0], y = p[1], xt = Math.floor(x), yt = Math.floor(y);
    if (x > 0 && x < nx && xt === x) p[0] = x - 0.5 + at(yt * nx + xt - 1, yt * nx + xt);
    if (y > 0 && y < ny && yt === y) p[1] = y - 0.5 + at((yt - 1) * nx + xt, yt * nx + xt);
  }
}

function ringArea(ring: number[][]): number {
  let a = 0;
  for (let k = 0, j = ring.length - 1; k < ring.length; j = k++) a += ring[j][0] * ring[k][1] - ring[k][0] * ring[j][1];
  return a / 2;
}

/**
 * Rings to polygons: each hole goes to the smallest shell around it. (d3 gives a hole to the first
 * shell that contains it, which puts the hole of an island inside a lake into the outer shell.)
 * The rings neither touch nor cross, so one vertex tells which side of a ring another lies on.
 */
function assemble(rings: number[][][]): MultiPolygonXY {
  const shells: Array<{ ring: number[][]; area: number; holes: number[][][]; box: number[] }> = [];
  const holes: number[][][] = [];
  for (const r of rings) {
    // d3-contour's rings run clockwise in grid coordinates around filled areas: negative signed area here.
    const a = ringArea(r);
    if (a < 0) {
      let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (const [x, y] of r) { if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y; }
      shells.push({ ring: r, area: -a, holes: [], box: [x0, y0, x1, y1] });
    } else if (a > 0) holes.push(r);
  }
  shells.sort((p, q) => p.area - q.area);
  for (const h of holes) {
    const [x, y] = h[0];
    const home = shells.find((s) => x > s.box[0] && x < s.box[2] && y > s.box[1] && y < s.box[3] && pointInRing(x, y, s.ring));
    home?.holes.push(h);
  }
  return shells.map((s) => [s.ring, ...s.holes]);
}

function pointInRing(x: number, y: number, ring: number[][]): boolean {
  let inside = false;
  for (let k = 0, j = ring.length - 1; k < ring.length; j = k++) {
    const [xk, yk] = ring[k], [xj, yj] = ring[j];
    if ((yk > y) !== (yj > y) && x < ((xj - xk) * (y - yk)) / (yj - yk) + xk) inside = !inside;
  }
  return inside;
}

/** Marks grid points on water as MASKED. */
function maskBarriers(b: Barriers, zone: Int32Array, x0: number, y0: number, cell: number, nx: number, ny: number) {
  for (const rings of b.water) {
    const outer = rings[0];
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let k = 0; k < outer.length; k += 2) {
      minX = Math.min(minX, outer[k]); maxX = Math.max(maxX, outer[k]);
      minY = Math.min(minY, outer[k + 1]); maxY = Math.max(maxY, outer[k + 1]);
    }
    const i0 = Math.max(0, Math.ceil((minX - x0) / cell)), i1 = Math.min(nx - 1, Math.floor((maxX - x0) / cell));
    const j0 = Math.max(0, Math.ceil((minY - y0) / cell)), j1 = Math.min(ny - 1, Math.floor((maxY - y0) / cell));
    for (let j = j0; j <= j1; j++) {
      for (let i = i0; i <= i1; i++) if (pointInPolygon(x0 + i * cell, y0 + j * cell, rings)) zone[j * nx + i] = MASKED;
    }
  }
}
