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
      const ids = this.tree.search(px - r, py - r, px + r, py + r, (e) => g.edgeZone[e] === zone);
      let best = Infinity, bestE = -1, bestT = 0;
      for (let k = 0; k < ids.length; k++) {
        const e = ids[k];
        const ax = g.x[g.edgeU[e]], ay = g.y[g.edgeU[e]], bx = g.x[g.edgeV[e]], by = g.y[g.edgeV[e]];
        const t = segmentT(px, py, ax, ay, bx, by);
        const d = Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)));
        if (d < best || (d === best && e < bestE)) { best = d; bestE = e; bestT = t; }
      }
      if (bestE >= 0 && best <= r) {
        if (best > maxDist) break;
        out.edge[i] = bestE;
        out.t[i] = bestT;
        out.offset[i] = best;
        out.reason[i] = SNAP_OK;
        return;
      }
      if (r >= maxDist) break;
    }
    out.reason[i] = SNAP_TOO_FAR;
  }

  /** Nearest edge that `accept` lets through, within maxDist; null when there is none. */
  nearest(px: number, py: number, maxDist: number, accept: (e: number) => boolean): OverlaySnap | null {
    const g = this.g;
    if (!this.tree || !Number.isFinite(px) || !Number.isFinite(py)) return null;
    for (let r = Math.min(50, maxDist); ; r = Math.min(r * 4, maxDist)) {
      const ids = this.tree.search(px - r, py - r, px + r, py + r, accept);
      let best = Infinity, bestE = -1, bestT = 0;
      for (let k = 0; k < ids.length; k++) {
        const e = ids[k];
        const ax = g.x[g.edgeU[e]], ay = g.y[g.edgeU[e]], bx = g.x[g.edgeV[e]], by = g.y[g.edgeV[e]];
        const t = segmentT(px, py, ax, ay, bx, by);
        const d = Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)));
        if (d < best || (d === best && e < bestE)) { best = d; bestE = e; bestT = t; }
      }
      if (bestE >= 0 && best <= r) return best <= maxDist ? { edge: bestE, t: bestT, offset: best } : null;
      if (r >= maxDist) return null;
    }
  }
}
