// Isochrones from a finished search: a travel-cost grid filled from the reached streets, spread a
// short way off the network without crossing barriers, then contoured by marching squares.
// Unlike concave hulls, this keeps holes (land far from any path) and never bridges a railway or
// river that the network itself does not cross.

import { contours } from 'd3-contour';
import type { Graph } from '../network/graph.ts';
import type { Costs } from '../network/profile.ts';
import type { Seeds } from './access.ts';
import { pointInPolygon } from '../model/geo.ts';
import { LIMITS } from '../model/limits.ts';

export interface Barriers {
  /** Polylines nobody walks across (railways, compound walls), flat x,y in metres. */
  lines: Float64Array[];
  /** Areas nobody walks into (water), each a list of flat rings. */
  polygons: Float64Array[][];
  /** Openings in the lines (compound gates), flat x,y. */
  gaps: Float64Array;
}

export interface IsochroneOptions {
  /** Band limits in metre-equivalents, ascending. */
  limits: number[];
  /** Grid cell in metres (grown automatically for very large areas). */
  cell?: number;
  /** How far one may walk off the network onto open land, metres. */
  offNetwork?: number;
}

export type MultiPolygonXY = number[][][][];

export interface IsochroneResult {
  bands: Array<{ limit: number; polygons: MultiPolygonXY }>;
}

export function isochrone(g: Graph, costs: Costs, dist: Float64Array, reached: ArrayLike<number>, seeds: Seeds,
  origins: Float64Array, barriers: Barriers, opts: IsochroneOptions): IsochroneResult {
  const limits = [...opts.limits].sort((a, b) => a - b);
  const maxCost = limits[limits.length - 1] ?? 0;
  const off = opts.offNetwork ?? 80;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let k = 0; k < reached.length; k++) {
    const v = reached[k];
    if (v >= g.nodeCount || dist[v] > maxCost) continue;
    if (g.x[v] < minX) minX = g.x[v]; if (g.x[v] > maxX) maxX = g.x[v];
    if (g.y[v] < minY) minY = g.y[v]; if (g.y[v] > maxY) maxY = g.y[v];
  }
  for (let k = 0; k < origins.length; k += 2) {
    minX = Math.min(minX, origins[k]); maxX = Math.max(maxX, origins[k]);
    minY = Math.min(minY, origins[k + 1]); maxY = Math.max(maxY, origins[k + 1]);
  }
  if (!Number.isFinite(minX)) {
    return { bands: limits.map((limit) => ({ limit, polygons: [] })) };
  }
  const margin = off + 60;
  minX -= margin; minY -= margin; maxX += margin; maxY += margin;
  const cell = Math.max(opts.cell ?? 10, Math.sqrt(((maxX - minX) * (maxY - minY)) / LIMITS.isochroneCells));
  const nx = Math.ceil((maxX - minX) / cell) + 1, ny = Math.ceil((maxY - minY) / cell) + 1;
  const val = new Float64Array(nx * ny).fill(Infinity);
  const offUsed = new Float32Array(nx * ny);
  const blocked = rasterBarriers(barriers, minX, minY, cell, nx, ny);
  const cellOf = (x: number, y: number) => {
    const i = Math.floor((x - minX) / cell), j = Math.floor((y - minY) / cell);
    return i < 0 || j < 0 || i >= nx || j >= ny ? -1 : j * nx + i;
  };
  const put = (x: number, y: number, v: number) => {
    const c = cellOf(x, y);
    if (c >= 0 && v < val[c]) val[c] = v;
  };

  // Seed every cell a reached edge passes through with the cost at that point of the edge. With a
  // network overlay, closed edges are skipped, added edges drawn, and join points on an edge count.
  const ov = costs.overlay?.ov ?? null;
  const E = g.edgeCount;
  const nx_ = (n: number) => (ov ? ov.nodeX(n) : g.x[n]), ny_ = (n: number) => (ov ? ov.nodeY(n) : g.y[n]);
  const step = cell / 2;
  const seedEdge = (e: number) => {
    const u = e < E ? g.edgeU[e] : ov!.edgeU(e), v = e < E ? g.edgeV[e] : ov!.edgeV(e);
    const du = dist[u], dv = dist[v];
    const c = costs.edgeCost[e], L = e < E ? g.edgeLen[e] : ov!.edgeLen(e);
    const n = Math.max(1, Math.ceil(L / step));
    const direct = seeds.onEdge.get(e);
    const sp = ov && e < E ? ov.splits.get(e) : undefined;
    const ux = nx_(u), uy = ny_(u), vx = nx_(v), vy = ny_(v);
    for (let s = 0; s <= n; s++) {
      const f = s / n;
      let d = Math.min(du + f * c, dv + (1 - f) * c);
      if (direct) for (const p of direct) d = Math.min(d, p.offset + Math.abs(p.t - f) * c);
      if (sp) for (let k = 0; k < sp.t.length; k++) d = Math.min(d, dist[sp.node[k]] + Math.abs(sp.t[k] - f) * c);
      if (d <= maxCost) put(ux + f * (vx - ux), uy + f * (vy - uy), d);
    }
  };
  const N = g.nodeCount;
  for (let k = 0; k < reached.length; k++) {
    const w = reached[k];
    if (w >= N || !(dist[w] <= maxCost)) continue;
    for (let a = g.offsets[w]; a < g.offsets[w + 1]; a++) {
      const e = g.arcEdge[a];
      if (ov && ov.disabled(e)) continue;
      // Each edge once: from its U end, or from V when U is out of reach.
      if (w === g.edgeU[e] || !(dist[g.edgeU[e]] <= maxCost)) seedEdge(e);
    }
  }
  if (ov) {
    for (let x = 0; x < ov.xU.length; x++) seedEdge(E + x);
    for (const e of ov.splitEdges) if (!ov.disabled(e)) seedEdge(e);
  }
  // A source partway along a long edge reaches along it even when neither end is within reach.
  for (const e of seeds.onEdge.keys()) seedEdge(e);
  for (let k = 0; k < origins.length; k += 2) put(origins[k], origins[k + 1], 0);

  // Spread off the network: Dijkstra over the grid, bounded by `off` metres, never into or out of barriers.
  const heap = new CellHeap(nx * ny);
  for (let c = 0; c < val.length; c++) if (val[c] <= maxCost) heap.push(c, val[c]);
  const diag = cell * Math.SQRT2;
  while (heap.size > 0) {
    const c = heap.pop();
    if (blocked[c]) continue;
    const i = c % nx, j = (c - i) / nx;
    const vc = val[c], oc = offUsed[c];
    for (let dj = -1; dj <= 1; dj++) {
      for (let di = -1; di <= 1; di++) {
        if (di === 0 && dj === 0) continue;
        const ii = i + di, jj = j + dj;
        if (ii < 0 || jj < 0 || ii >= nx || jj >= ny) continue;
        const nc = jj * nx + ii;
        if (blocked[nc]) continue;
        if (di !== 0 && dj !== 0 && (blocked[j * nx + ii] || blocked[jj * nx + i])) continue;
        const w = di !== 0 && dj !== 0 ? diag : cell;
        const no = oc + w;
        const nv = vc + w;
        if (no > off || nv > maxCost || nv >= val[nc]) continue;
        val[nc] = nv;
        offUsed[nc] = no;
        heap.push(nc, nv);
      }
    }
  }

  // Marching squares on negated costs: "value ≥ -limit" is "cost ≤ limit". Unreached cells get a
  // value far below every threshold so the contour hugs the reached cells.
  const neg = new Float64Array(val.length);
  for (let c = 0; c < val.length; c++) neg[c] = val[c] === Infinity ? -1e12 : -val[c];
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

function rasterBarriers(b: Barriers, x0: number, y0: number, cell: number, nx: number, ny: number): Uint8Array {
  const blocked = new Uint8Array(nx * ny);
  const x1 = x0 + nx * cell, y1 = y0 + ny * cell;
  const mark = (x: number, y: number, v: number) => {
    const i = Math.floor((x - x0) / cell), j = Math.floor((y - y0) / cell);
    if (i >= 0 && j >= 0 && i < nx && j < ny) blocked[j * nx + i] = v;
  };
  const step = cell / 3;
  for (const line of b.lines) {
    for (let k = 0; k + 3 < line.length; k += 2) {
      const ax = line[k], ay = line[k + 1], bx = line[k + 2], by = line[k + 3];
      if (Math.max(ax, bx) < x0 || Math.min(ax, bx) > x1 || Math.max(ay, by) < y0 || Math.min(ay, by) > y1) continue;
      const n = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) / step));
      for (let s = 0; s <= n; s++) mark(ax + ((bx - ax) * s) / n, ay + ((by - ay) * s) / n, 1);
    }
  }
  for (const rings of b.polygons) {
    const outer = rings[0];
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let k = 0; k < outer.length; k += 2) {
      minX = Math.min(minX, outer[k]); maxX = Math.max(maxX, outer[k]);
      minY = Math.min(minY, outer[k + 1]); maxY = Math.max(maxY, outer[k + 1]);
    }
    const i0 = Math.max(0, Math.floor((minX - x0) / cell)), i1 = Math.min(nx - 1, Math.floor((maxX - x0) / cell));
    const j0 = Math.max(0, Math.floor((minY - y0) / cell)), j1 = Math.min(ny - 1, Math.floor((maxY - y0) / cell));
    for (let j = j0; j <= j1; j++) {
      for (let i = i0; i <= i1; i++) {
        if (pointInPolygon(x0 + (i + 0.5) * cell, y0 + (j + 0.5) * cell, rings)) blocked[j * nx + i] = 1;
      }
    }
  }
  // A gate is an opening: clear its cell and the ring around it.
  for (let k = 0; k < b.gaps.length; k += 2) {
    for (let dj = -1; dj <= 1; dj++) for (let di = -1; di <= 1; di++) mark(b.gaps[k] + di * cell, b.gaps[k + 1] + dj * cell, 0);
  }
  return blocked;
}

/** Binary min-heap of grid cells keyed by cost, with lazy deletion (stale entries are skipped by value). */
class CellHeap {
  private cells: Int32Array;
  private keys: Float64Array;
  size = 0;
  constructor(capacity: number) {
    this.cells = new Int32Array(Math.max(16, capacity));
    this.keys = new Float64Array(Math.max(16, capacity));
  }
  push(cell: number, key: number) {
    if (this.size === this.cells.length) {
      const c = new Int32Array(this.size * 2); c.set(this.cells); this.cells = c;
      const k = new Float64Array(this.size * 2); k.set(this.keys); this.keys = k;
    }
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.keys[p] <= key) break;
      this.cells[i] = this.cells[p]; this.keys[i] = this.keys[p];
      i = p;
    }
    this.cells[i] = cell; this.keys[i] = key;
  }
  pop(): number {
    const top = this.cells[0];
    const lastC = this.cells[--this.size], lastK = this.keys[this.size];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= this.size) break;
      if (c + 1 < this.size && this.keys[c + 1] < this.keys[c]) c++;
      if (this.keys[c] >= lastK) break;
      this.cells[i] = this.cells[c]; this.keys[i] = this.keys[c];
      i = c;
    }
    this.cells[i] = lastC; this.keys[i] = lastK;
    return top;
  }
}
