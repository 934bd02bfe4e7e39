// Points on edges: turning snapped sources into search seeds, and node distances back into
// distances for snapped points (buildings, a clicked spot). Distances to a point on edge (u, v)
// come from both ends, min(d[u] + a, d[v] + b), plus the walk on and off the network.

import type { Graph } from '../network/graph.ts';
import type { Costs } from '../network/profile.ts';
import type { Searcher } from './search.ts';
import { EDGE_SPLIT, OVERLAY_EPS } from '../network/overlay.ts';

/** A point joined to the network: edge, position along it from edgeU (0..1) and the straight-line offset. */
export interface SnapRef {
  edge: number;
  t: number;
  offset: number;
  /** Where the point itself stands, metres, when known (a drawn route ends there). */
  x?: number;
  y?: number;
}

export interface Seeds {
  node: Uint32Array;
  dist: Float64Array;
  src: Int32Array;
  count: number;
  /** Sources by the edge they sit on, for points that share an edge with a source. */
  onEdge: Map<number, Array<{ t: number; offset: number; src: number }>>;
}

/** Seeds for a set of sources; `sources[k]` lists the access points of source k (a park has several). */
export function makeSeeds(g: Graph, costs: Costs, sources: SnapRef[][]): Seeds {
  const seeds: Seeds = { node: new Uint32Array(0), dist: new Float64Array(0), src: new Int32Array(0), count: 0, onEdge: new Map() };
  fillSeeds(seeds, g, costs, sources);
  return seeds;
}

/** Refills `seeds` in place, growing its buffers only when needed: for loops of many small searches. */
export function fillSeeds(seeds: Seeds, g: Graph, costs: Costs, sources: SnapRef[][]): void {
  let n = 0;
  for (const s of sources) n += 2 * s.length;
  if (seeds.node.length < n) {
    seeds.node = new Uint32Array(n);
    seeds.dist = new Float64Array(n);
    seeds.src = new Int32Array(n);
  }
  seeds.count = 0;
  seeds.onEdge.clear();
  if (costs.overlay) { fillOverlaySeeds(seeds, g, costs, sources); return; }
  sources.forEach((points, k) => {
    for (const p of points) {
      if (p.edge < 0) continue;
      const c = costs.edgeCost[p.edge];
      seeds.node[seeds.count] = g.edgeU[p.edge];
      seeds.dist[seeds.count] = p.offset + p.t * c;
      seeds.src[seeds.count++] = k;
      seeds.node[seeds.count] = g.edgeV[p.edge];
      seeds.dist[seeds.count] = p.offset + (1 - p.t) * c;
      seeds.src[seeds.count++] = k;
      let list = seeds.onEdge.get(p.edge);
      if (!list) seeds.onEdge.set(p.edge, (list = []));
      list.push({ t: p.t, offset: p.offset, src: k });
    }
  });
}

/**
 * Seeds under a network overlay: a point on a closed edge joins the nearest open one, a point on an
 * added edge seeds its ends, and a point on an edge with join points also seeds those.
 */
function fillOverlaySeeds(seeds: Seeds, g: Graph, costs: Costs, sources: SnapRef[][]): void {
  const ov = costs.overlay!.ov;
  const add = (node: number, d: number, k: number) => {
    if (seeds.count === seeds.node.length) {
      const size = Math.max(16, seeds.count * 2);
      const node2 = new Uint32Array(size), dist2 = new Float64Array(size), src2 = new Int32Array(size);
      node2.set(seeds.node); dist2.set(seeds.dist); src2.set(seeds.src);
      seeds.node = node2; seeds.dist = dist2; seeds.src = src2;
    }
    seeds.node[seeds.count] = node;
    seeds.dist[seeds.count] = d;
    seeds.src[seeds.count++] = k;
  };
  sources.forEach((points, k) => {
    for (const p0 of points) {
      if (p0.edge < 0) continue;
      const p = ov.disabled(p0.edge) ? ov.resnap(p0.edge, p0.t, p0.offset) : p0;
      if (!p) continue;
      const c = costs.edgeCost[p.edge];
      add(ov.edgeU(p.edge), p.offset + p.t * c, k);
      add(ov.edgeV(p.edge), p.offset + (1 - p.t) * c, k);
      const sp = p.edge < g.edgeCount && ov.edgeFlag[p.edge] & EDGE_SPLIT ? ov.splits.get(p.edge) : undefined;
      if (sp) for (let j = 0; j < sp.t.length; j++) add(sp.node[j], p.offset + Math.abs(p.t - sp.t[j]) * c, k);
      let list = seeds.onEdge.get(p.edge);
      if (!list) seeds.onEdge.set(p.edge, (list = []));
      list.push({ t: p.t, offset: p.offset, src: k });
    }
  });
}

/**
 * Distance and nearest source for a snapped point after a search from `seeds`.
 * Writes into out[i] / outSrc[i]; Infinity and -1 when unreachable within the search's cutoff.
 */
export function pointDistance(g: Graph, costs: Costs, search: Searcher, seeds: Seeds,
  edge: number, t: number, offset: number, out: Float64Array, outSrc: Int32Array, i: number): void {
  if (edge < 0) { out[i] = Infinity; outSrc[i] = -1; return; }
  if (costs.overlay) { overlayPointDistance(g, costs, search, seeds, edge, t, offset, out, outSrc, i); return; }
  const c = costs.edgeCost[edge];
  const u = g.edgeU[edge], v = g.edgeV[edge];
  // distOf/srcOf read filled runs directly and evaluate chain interiors of unfilled ones.
  const du = search.distOf(u) + t * c, dv = search.distOf(v) + (1 - t) * c;
  let best = du <= dv ? du : dv;
  let src = du <= dv ? search.srcOf(u) : search.srcOf(v);
  const direct = seeds.onEdge.get(edge);
  if (direct) {
    for (const s of direct) {
      const d = s.offset + Math.abs(s.t - t) * c;
      if (d < best) { best = d; src = s.src; }
    }
  }
  out[i] = best === Infinity ? Infinity : best + offset;
  outSrc[i] = best === Infinity ? -1 : src;
}

/** pointDistance under a network overlay: closed edges re-join, join points on the edge count too. */
function overlayPointDistance(g: Graph, costs: Costs, search: Searcher, seeds: Seeds,
  edge: number, t: number, offset: number, out: Float64Array, outSrc: Int32Array, i: number): void {
  const ov = costs.overlay!.ov;
  if (ov.disabled(edge)) {
    const r = ov.resnap(edge, t, offset);
    if (!r) { out[i] = Infinity; outSrc[i] = -1; return; }
    edge = r.edge; t = r.t; offset = r.offset;
  }
  const c = costs.edgeCost[edge];
  const u = ov.edgeU(edge), v = ov.edgeV(edge);
  const du = search.distOf(u) + t * c, dv = search.distOf(v) + (1 - t) * c;
  let best = du <= dv ? du : dv;
  let src = du <= dv ? search.srcOf(u) : search.srcOf(v);
  const sp = edge < g.edgeCount && ov.edgeFlag[edge] & EDGE_SPLIT ? ov.splits.get(edge) : undefined;
  if (sp) {
    // Join points on the edge: only a walk better by more than OVERLAY_EPS counts (see overlay.ts).
    for (let j = 0; j < sp.t.length; j++) {
      const d = search.distOf(sp.node[j]) + Math.abs(t - sp.t[j]) * c;
      if (d + OVERLAY_EPS < best) { best = d; src = search.srcOf(sp.node[j]); }
    }
  }
  const direct = seeds.onEdge.get(edge);
  if (direct) {
    for (const s of direct) {
      const d = s.offset + Math.abs(s.t - t) * c;
      if (d < best) { best = d; src = s.src; }
    }
  }
  out[i] = best === Infinity ? Infinity : best + offset;
  outSrc[i] = best === Infinity ? -1 : src;
}
