// Snapping points onto the walking network through a flatbush index over edges. A point inside a
// gated compound may only join that compound's own paths, so its residents leave through the gates.
import Flatbush from 'flatbush';
import type { Graph } from '../network/graph.ts';
import { segmentT } from '../model/geo.ts';
import type { NetworkOverlay, OverlaySnap } from '../network/overlay.ts';

export const SNAP_OK = 0;
export const SNAP_TOO_FAR = 1;
export const SNAP_NO_ZONE_PATHS = 2;
export const SNAP_BAD_COORDS = 3;
export const SNAP_REASONS = ['ok', 'too_far', 'compound_has_no_paths', 'invalid_coordinates'] as const;

/** A grid cell nobody can stand in (water, a railway): snapGrid leaves it unsnapped. */
export const MASKED = -2;
/** Cells per side of a snapGrid tile. */
const GRID_TILE = 4;
/** How far past its own extent a tile first looks for edges, metres: most cells are this near a path. */
const GRID_REACH = 30;

export interface Snaps {
  /** Edge each point joins, -1 when it could not be snapped. */
  edge: Int32Array;
  /** Position of the foot along the edge from edgeU, 0..1. */
  t: Float32Array;
  /** Straight-line walk from the point to the foot, metres. */
  offset: Float32Array;
  reason: Uint8Array;
}

export class EdgeIndex {
  private tree: Flatbush | null;
  private zoneHasEdges: Set<number>;
  constructor(private g: Graph) {
    this.zoneHasEdges = new Set();
    if (g.edgeCount === 0) {
      this.tree = null;
      return;
    }
    const tree = new Flatbush(g.edgeCount);
    for (let e = 0; e < g.edgeCount; e++) {
      const u = g.edgeU[e], v = g.edgeV[e];
      tree.add(Math.min(g.x[u], g.x[v]), Math.min(g.y[u], g.y[v]), Math.max(g.x[u], g.x[v]), Math.max(g.y[u], g.y[v]));
      if (g.edgeZone[e] >= 0) this.zoneHasEdges.add(g.edgeZone[e]);
    }
    tree.finish();
    this.tree = tree;
  }

  /** Snaps many points; xy holds x,y pairs in metres, zone the compound each point lies in (-1: public). */
  snapAll(xy: Float64Array, zone: Int32Array, maxDist: number): Snaps {
    const n = zone.length;
    const out: Snaps = { edge: new Int32Array(n), t: new Float32Array(n), offset: new Float32Array(n), reason: new Uint8Array(n) };
    for (let i = 0; i < n; i++) this.snapInto(xy[2 * i], xy[2 * i + 1], zone[i], maxDist, out, i);
    return out;
  }

  /**
   * Snaps one point. With a network overlay the point may also join an added edge (a candidate
   * beside a new footpath) and never joins a closed one.
   */
  snapInto(px: number, py: number, zone: number, maxDist: number, out: Snaps, i: number, overlay: NetworkOverlay | null = null): void {
    out.edge[i] = -1;
    out.t[i] = 0;
    out.offset[i] = Infinity;
    if (!Number.isFinite(px) || !Number.isFinite(py)) { out.reason[i] = SNAP_BAD_COORDS; return; }
    if (overlay) {
      const r = overlay.snap(px, py, zone, maxDist);
      if (r) {
        out.edge[i] = r.edge; out.t[i] = r.t; out.offset[i] = r.offset; out.reason[i] = SNAP_OK;
      } else {
        out.reason[i] = zone >= 0 && !this.zoneHasEdges.has(zone) ? SNAP_NO_ZONE_PATHS : SNAP_TOO_FAR;
      }
      return;
    }
    if (zone >= 0 && !this.zoneHasEdges.has(zone)) { out.reason[i] = SNAP_NO_ZONE_PATHS; return; }
    const g = this.g;
    // Grow the search box: almost every point finds its edge in the first, small box.
    for (let r = Math.min(50, maxDist); this.tree; r = Math.min(r * 4, maxDist)) {
      this.pick(px, py, this.tree.search(px - r, py - r, px + r, py + r, (e) => g.edgeZone[e] === zone));
      const best = this.bestD;
      if (this.bestE >= 0 && best <= r) {
        if (best > maxDist) break;
        out.edge[i] = this.bestE;
        out.t[i] = this.bestT;
        out.offset[i] = best;
        out.reason[i] = SNAP_OK;
        return;
      }
      if (r >= maxDist) break;
    }
    out.reason[i] = SNAP_TOO_FAR;
  }

  /**
   * Snaps the centre of every cell of a grid as snapInto would snap a building there (the same edge,
   * foot and offset, ties to the lower edge id), many times faster: cells are taken in tiles, and one
   * tile's candidate edges serve all its cells. `zone` holds each cell's compound (-1 public, MASKED:
   * nobody stands there, left unsnapped). Cell (i, j) has its centre at (x0 + i·cell, y0 + j·cell).
   * `wanted`, given the edges a tile's cells of one zone may snap to, can answer false to leave those
   * cells unsnapped (an isochrone skips tiles none of whose edges it reached).
   */
  snapGrid(x0: number, y0: number, cell: number, nx: number, ny: number, zone: Int32Array, maxDist: number, out: Snaps,
    wanted: (edges: ArrayLike<number>) => boolean = () => true): void {
    const tree = this.tree, g = this.g;
    out.edge.fill(-1);
    out.t.fill(0);
    out.offset.fill(Infinity);
    out.reason.fill(SNAP_TOO_FAR);
    const half = ((GRID_TILE - 1) * cell * Math.SQRT2) / 2;
    const zones: number[] = [];
    for (let tj = 0; tj < ny; tj += GRID_TILE) {
      for (let ti = 0; ti < nx; ti += GRID_TILE) {
        const i1 = Math.min(nx, ti + GRID_TILE), j1 = Math.min(ny, tj + GRID_TILE);
        zones.length = 0;
        for (let j = tj; j < j1; j++) for (let i = ti; i < i1; i++) {
          const z = zone[j * nx + i];
          if (z !== MASKED && !zones.includes(z)) zones.push(z);
        }
        const cx = x0 + ((ti + i1 - 1) * cell) / 2, cy = y0 + ((tj + j1 - 1) * cell) / 2;
        for (const z of zones) {
          const accept = (e: number) => g.edgeZone[e] === z;
          const noPaths = z >= 0 && !this.zoneHasEdges.has(z);
          const reason = noPaths ? SNAP_NO_ZONE_PATHS : SNAP_TOO_FAR;
          // The centre's nearest edge at d0 puts every cell's nearest within d0 + half of that cell,
          // so within d0 + 2·half of the centre: the edges in a box that wide are all the candidates
          // the tile needs. One box usually does; it grows when its nearest edge is too far for it.
          let ids: ArrayLike<number> = [];
          for (let r = 2 * half + GRID_REACH; !noPaths && tree; ) {
            ids = tree.search(cx - r, cy - r, cx + r, cy + r, accept);
            this.pick(cx, cy, ids);
            const need = Math.min(this.bestD + 2 * half, maxDist + half);
            if (need <= r) break;
            if (r >= maxDist + half) { ids = []; break; }
            r = Math.min(Math.max(need, 2 * r), maxDist + half);
          }
          if (ids.length === 0 || !wanted(ids)) {
            if (ids.length === 0) for (let j = tj; j < j1; j++) for (let i = ti; i < i1; i++) if (zone[j * nx + i] === z) out.reason[j * nx + i] = reason;
            continue;
          }
          // Candidates nearest the centre first: a cell stops at the first whose distance from the
          // centre, less the cell's own from it, is past the best it has (the triangle inequality).
          const m = this.sortCandidates(cx, cy, ids, this.bestD + 2 * half);
          const cand = this.cand, candD = this.candD;
          for (let j = tj; j < j1; j++) {
            for (let i = ti; i < i1; i++) {
              const c = j * nx + i;
              if (zone[c] !== z) continue;
              out.reason[c] = reason;
              const px = x0 + i * cell, py = y0 + j * cell;
              this.pick(px, py, cand, m, candD, Math.hypot(px - cx, py - cy) + 1e-6);
              const best = this.bestD, bestE = this.bestE;
              if (bestE >= 0 && best <= maxDist) {
                out.edge[c] = bestE;
                out.t[c] = this.bestT;
                out.offset[c] = best;
                out.reason[c] = SNAP_OK;
              }
            }
          }
        }
      }
    }
  }

  private cand = new Int32Array(64);
  private candD = new Float64Array(64);

  /** The edges of `ids` within `within` of (cx, cy) into cand/candD, nearest first; returns their count. */
  private sortCandidates(cx: number, cy: number, ids: ArrayLike<number>, within: number): number {
    if (this.cand.length < ids.length) { this.cand = new Int32Array(ids.length * 2); this.candD = new Float64Array(ids.length * 2); }
    const cand = this.cand, candD = this.candD;
    let m = 0;
    for (let k = 0; k < ids.length; k++) {
      const d = this.segDist(cx, cy, ids[k]);
      if (d > within + 1e-6) continue;
      let q = m++;
      while (q > 0 && candD[q - 1] > d) { cand[q] = cand[q - 1]; candD[q] = candD[q - 1]; q--; }
      cand[q] = ids[k]; candD[q] = d;
    }
    return m;
  }

  private bestE = -1;
  private bestT = 0;
  private bestD = Infinity;
  private segT = 0;

  /** Distance from (px, py) to edge e; the foot's position along it goes to segT. */
  private segDist(px: number, py: number, e: number): number {
    const g = this.g;
    const ax = g.x[g.edgeU[e]], ay = g.y[g.edgeU[e]], bx = g.x[g.edgeV[e]], by = g.y[g.edgeV[e]];
    const t = segmentT(px, py, ax, ay, bx, by);
    this.segT = t;
    return Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)));
  }

  /**
   * The closest of the first `count` of `ids` to (px, py) into bestE/bestT/bestD; ties go to the lower
   * edge id, so every snap agrees. With `lower` (the ids' distances from a point `slack` or less away,
   * ascending) it stops at the first edge that cannot be nearer than the best so far.
   */
  private pick(px: number, py: number, ids: ArrayLike<number>, count = ids.length, lower: Float64Array | null = null, slack = 0): void {
    let best = Infinity, bestE = -1, bestT = 0;
    for (let k = 0; k < count; k++) {
      if (lower && lower[k] - slack > best) break;
      const e = ids[k];
      const d = this.segDist(px, py, e);
      if (d < best || (d === best && e < bestE)) { best = d; bestE = e; bestT = this.segT; }
    }
    this.bestE = bestE; this.bestT = bestT; this.bestD = best;
  }

  /** Nearest edge that `accept` lets through, within maxDist; null when there is none. */
  nearest(px: number, py: number, maxDist: number, accept: (e: number) => boolean): OverlaySnap | null {
    if (!this.tree || !Number.isFinite(px) || !Number.isFinite(py)) return null;
    for (let r = Math.min(50, maxDist); ; r = Math.min(r * 4, maxDist)) {
      this.pick(px, py, this.tree.search(px - r, py - r, px + r, py + r, accept));
      const best = this.bestD;
      if (this.bestE >= 0 && best <= r) return best <= maxDist ? { edge: this.bestE, t: this.bestT, offset: best } : null;
      if (r >= maxDist) return null;
    }
  }
}
