// The walk behind a distance: after a search from a category's facilities, the path from a snapped
// point (a building, a clicked spot) back to the facility that serves it. Nothing is recorded during
// the search; the path is read off the distance labels, stepping each time to a neighbour whose
// distance plus the step's cost gives the node's own, so the drawn walk and the reported figure are
// one and the same computation.

import type { Graph } from '../network/graph.ts';
import type { Costs } from '../network/profile.ts';
import { EDGE_DISABLED, OVERLAY_EPS, type NetworkOverlay } from '../network/overlay.ts';
import type { SnapRef, Seeds } from './access.ts';
import type { Searcher } from './search.ts';

export interface WalkRoute {
  /** The source (index into the search's sources) the walk ends at. */
  source: number;
  /** Walking cost, metre-equivalents: what pointDistance reports for the same point. */
  cost: number;
  /** The drawn walk in metres, flat x,y: the point, its foot on the network, the nodes, the facility's foot, the facility. */
  path: number[];
  /** Sum of the straight pieces of `path`, metres (below `cost` only where steps or crossings cost extra). */
  length: number;
  /** Where the walk passes between a compound's paths and the public streets (its gates), flat x,y. */
  gates: number[];
}

/** Relative slack when matching distance labels: they are sums of the same float costs in other orders. */
const REL_TOL = 1e-9;
const ABS_TOL = 1e-6;

interface Step { node: number; edge: number; cost: number }

/**
 * The walk from a point snapped at `start` (as a building is: base edge, position, offset) to its
 * nearest source after `search` ran from `seeds` with chain interiors filled; null when no source is
 * within the search's cutoff. `sources` are the access points the seeds were made from.
 */
export function walkRoute(g: Graph, costs: Costs, search: Searcher, seeds: Seeds, sources: SnapRef[][],
  x: number, y: number, start: SnapRef): WalkRoute | null {
  const ov = costs.overlay?.ov ?? null;
  const nodes = new Nodes(g, ov);
  const path: number[] = [x, y];
  let ref: SnapRef | null = start;
  if (ov && ov.disabled(start.edge)) {
    // A closed street is closed to walking along it: the walk first crosses to the nearest open edge.
    path.push(...footXY(nodes, start));
    ref = ov.resnap(start.edge, start.t, start.offset);
    if (!ref) return null;
  }
  const c = costs.edgeCost[ref.edge];
  const u = nodes.edgeU(ref.edge), v = nodes.edgeV(ref.edge);
  path.push(...footXY(nodes, ref));
  // The same candidates, in the same order and with the same rules, as pointDistance.
  const du = search.distOf(u) + ref.t * c, dv = search.distOf(v) + (1 - ref.t) * c;
  let best = du <= dv ? du : dv;
  let via = du <= dv ? u : v;
  let direct: { t: number; offset: number; src: number } | null = null;
  const sp = ov && ref.edge < g.edgeCount ? ov.splits.get(ref.edge) : undefined;
  if (sp) {
    for (let j = 0; j < sp.t.length; j++) {
      const d = search.distOf(sp.node[j]) + Math.abs(ref.t - sp.t[j]) * c;
      if (d + OVERLAY_EPS < best) { best = d; via = sp.node[j]; }
    }
  }
  for (const s of seeds.onEdge.get(ref.edge) ?? []) {
    const d = s.offset + Math.abs(s.t - ref.t) * c;
    if (d < best) { best = d; direct = s; }
  }
  if (!(best < Infinity)) return null;
  // A gate is where the walk passes from an edge of one zone (a compound, or the public streets) to another's.
  const gates: number[] = [];
  let zone = nodes.edgeZone(ref.edge);
  const enter = (edge: number, at: number) => {
    const z = nodes.edgeZone(edge);
    if (z !== zone) gates.push(nodes.x(at), nodes.y(at));
    zone = z;
  };
  let source: number;
  let end: { t: number; offset: number; src: number; edge: number };
  if (direct) {
    source = direct.src;
    end = { ...direct, edge: ref.edge };
  } else {
    const seedAt = new Map<number, number[]>();
    for (let k = 0; k < seeds.count; k++) {
      const list = seedAt.get(seeds.node[k]);
      if (list) list.push(k); else seedAt.set(seeds.node[k], [k]);
    }
    let w = via;
    path.push(nodes.x(w), nodes.y(w));
    for (let guard = 0; ; guard++) {
      const dw = search.distOf(w);
      const tol = ABS_TOL + REL_TOL * dw;
      const seed = (seedAt.get(w) ?? []).find((k) => Math.abs(seeds.dist[k] - dw) <= tol);
      if (seed !== undefined) {
        source = seeds.src[seed];
        const p = accessAt(g, nodes, ov, costs, sources[source], w, seeds.dist[seed], tol);
        if (!p) throw new Error(`route: seed at node ${w} matches no access point of source ${source}`);
        end = { edge: p.edge, t: p.t, offset: p.offset, src: source };
        enter(p.edge, w);
        break;
      }
      const step = nodes.back(w, dw, tol, search, costs);
      if (!step || guard > nodes.count) throw new Error(`route: no step back from node ${w} at ${dw}`);
      enter(step.edge, w);
      w = step.node;
      path.push(nodes.x(w), nodes.y(w));
    }
  }
  // The facility's own access point: its foot on the network, then where it stands.
  const p = sources[source].find((q) => samePoint(ov, q, end)) ?? null;
  path.push(...footXY(nodes, end));
  if (p && p.edge !== end.edge) path.push(...footXY(nodes, p));
  if (p && p.x !== undefined && p.y !== undefined) path.push(p.x, p.y);
  return { source, cost: best + ref.offset, path, length: polylineLength(path), gates };
}

function polylineLength(p: number[]): number {
  let s = 0;
  for (let k = 0; k + 3 < p.length; k += 2) s += Math.hypot(p[k + 2] - p[k], p[k + 3] - p[k + 1]);
  return s;
}

function footXY(n: Nodes, r: { edge: number; t: number }): [number, number] {
  const u = n.edgeU(r.edge), v = n.edgeV(r.edge);
  return [n.x(u) + r.t * (n.x(v) - n.x(u)), n.y(u) + r.t * (n.y(v) - n.y(u))];
}

function samePoint(ov: NetworkOverlay | null, q: SnapRef, end: { edge: number; t: number; offset: number }): boolean {
  if (q.edge === end.edge && q.t === end.t && q.offset === end.offset) return true;
  if (!ov || !ov.disabled(q.edge)) return false;
  const r = ov.resnap(q.edge, q.t, q.offset);
  return !!r && r.edge === end.edge && r.t === end.t && r.offset === end.offset;
}

/** The access point (as the seeds saw it: re-snapped where its edge is closed) seeded at node w with distance d. */
function accessAt(g: Graph, n: Nodes, ov: NetworkOverlay | null, costs: Costs, points: SnapRef[], w: number, d: number, tol: number): SnapRef | null {
  for (const p0 of points) {
    if (p0.edge < 0) continue;
    const p = ov && ov.disabled(p0.edge) ? ov.resnap(p0.edge, p0.t, p0.offset) : p0;
    if (!p) continue;
    const c = costs.edgeCost[p.edge];
    if (n.edgeU(p.edge) === w && Math.abs(p.offset + p.t * c - d) <= tol) return p;
    if (n.edgeV(p.edge) === w && Math.abs(p.offset + (1 - p.t) * c - d) <= tol) return p;
    const sp = ov && p.edge < g.edgeCount ? ov.splits.get(p.edge) : undefined;
    if (sp) for (let j = 0; j < sp.t.length; j++) if (sp.node[j] === w && Math.abs(p.offset + Math.abs(p.t - sp.t[j]) * c - d) <= tol) return p;
  }
  return null;
}

/** Node-level adjacency of the base graph plus a network overlay's nodes, edges and join points. */
class Nodes {
  readonly count: number;
  constructor(private g: Graph, private ov: NetworkOverlay | null) {
    this.count = ov ? ov.nodeCount : g.nodeCount;
  }
  x(n: number): number { return this.ov ? this.ov.nodeX(n) : this.g.x[n]; }
  y(n: number): number { return this.ov ? this.ov.nodeY(n) : this.g.y[n]; }
  edgeU(e: number): number { return this.ov ? this.ov.edgeU(e) : this.g.edgeU[e]; }
  edgeV(e: number): number { return this.ov ? this.ov.edgeV(e) : this.g.edgeV[e]; }
  edgeZone(e: number): number { return e < this.g.edgeCount ? this.g.edgeZone[e] : this.ov!.xZone[e - this.g.edgeCount]; }

  /** The neighbour of w the shortest walk came from: distance plus step cost equal to w's, within tol. */
  back(w: number, dw: number, tol: number, search: Searcher, costs: Costs): Step | null {
    let best: Step | null = null, bestErr = Infinity;
    const consider = (x: number, edge: number, cost: number) => {
      const dx = search.distOf(x);
      if (!(dx <= dw) || x === w) return;
      const err = Math.abs(dx + cost - dw);
      if (err <= tol && err < bestErr) { bestErr = err; best = { node: x, edge, cost }; }
    };
    const g = this.g, ov = this.ov, N = g.nodeCount, E = g.edgeCount;
    if (w < N) {
      for (let a = g.offsets[w]; a < g.offsets[w + 1]; a++) {
        const e = g.arcEdge[a];
        if (ov && ov.edgeFlag[e] & EDGE_DISABLED) continue;
        consider(g.targets[a], e, costs.edgeCost[e]);
      }
    }
    if (ov) {
      for (let k = 0; k < ov.xU.length; k++) {
        if (ov.xU[k] === w) consider(ov.xV[k], E + k, costs.edgeCost[E + k]);
        else if (ov.xV[k] === w) consider(ov.xU[k], E + k, costs.edgeCost[E + k]);
      }
      for (const [e, sp] of ov.splits) {
        if (ov.edgeFlag[e] & EDGE_DISABLED) continue;
        const c = costs.edgeCost[e];
        // w's position along the split edge: an end, or one of its join points.
        const at = g.edgeU[e] === w ? 0 : g.edgeV[e] === w ? 1 : indexOf(sp.node, w) >= 0 ? sp.t[indexOf(sp.node, w)] : -1;
        if (at < 0) continue;
        for (let j = 0; j < sp.t.length; j++) if (sp.node[j] !== w) consider(sp.node[j], e, Math.abs(at - sp.t[j]) * c);
        if (w >= N) {
          consider(g.edgeU[e], e, at * c);
          consider(g.edgeV[e], e, (1 - at) * c);
        }
      }
    }
    return best;
  }
}

function indexOf(a: Uint32Array, v: number): number {
  for (let k = 0; k < a.length; k++) if (a[k] === v) return k;
  return -1;
}
