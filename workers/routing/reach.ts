// Buildings within reach of a finished search: found through the edges around reached nodes (and
// the edges the seeds sit on), never by scanning every building, so a small search stays small.

import type { Graph } from '../network/graph.ts';
import type { Costs } from '../network/profile.ts';
import { pointDistance, type Seeds } from './access.ts';
import { chainOfEdge, type Searcher } from './search.ts';
import type { Snaps } from './spatial.ts';

/**
 * For one profile's costs on the base network, the terms of pointDistance for every building,
 * precomputed for the many searches of one analysis: the two junctions its walk is read from (the
 * ends of its edge's chain) and six costs. From those ends to the edge's edgeU end, then to its
 * edgeV end (a chain interior's nodeOff and chainCost − nodeOff; 0 and Infinity for the end itself),
 * and along the edge to the building's foot from edgeU and from edgeV.
 */
export class BuildingEnds {
  /** Per building the chain's A and B junctions; -1 for a building not on the network. */
  readonly a: Int32Array;
  readonly b: Int32Array;
  /** Six terms per building, in the order above. */
  readonly terms: Float64Array;

  constructor(g: Graph, costs: Costs, snaps: Snaps) {
    if (costs.overlay) throw new Error('BuildingEnds describes the base network; network edits change the walks.');
    const n = snaps.edge.length, J = g.junctionCount;
    const a = new Int32Array(n), b = new Int32Array(n), terms = new Float64Array(6 * n);
    const { edgeU, edgeV, chainOf, chainA, chainB } = g;
    const { edgeCost, nodeOff, chainCost } = costs;
    for (let i = 0; i < n; i++) {
      const e = snaps.edge[i];
      if (e < 0) { a[i] = -1; b[i] = -1; continue; }
      const u = edgeU[e], v = edgeV[e];
      const c = u >= J ? chainOf[u] : v >= J ? chainOf[v] : -1;
      // An edge between two junctions is its own chain: its ends are the junctions.
      const ja = c >= 0 ? chainA[c] : u, jb = c >= 0 ? chainB[c] : v;
      a[i] = ja; b[i] = jb;
      const o = 6 * i;
      for (let k = 0; k < 4; k += 2) {
        const x = k === 0 ? u : v;
        if (x < J) { terms[o + k] = x === ja ? 0 : Infinity; terms[o + k + 1] = x === ja ? Infinity : 0; } else {
          terms[o + k] = nodeOff[x];
          terms[o + k + 1] = chainCost[c] - nodeOff[x];
        }
      }
      const ce = edgeCost[e], t = snaps.t[i];
      terms[o + 4] = t * ce;
      terms[o + 5] = (1 - t) * ce;
    }
    this.a = a; this.b = b; this.terms = terms;
  }
}

export class BuildingReach {
  private readonly stamp: Int32Array;
  private run = 0;
  private readonly dBuf = new Float64Array(1);
  private readonly sBuf = new Int32Array(1);
  /** Buildings by the chain their edge lies on (CSR), in building order within a chain. */
  private readonly chainBStart: Uint32Array;
  private readonly chainBIds: Uint32Array;

  /** `edgeBStart`/`edgeBIds`: buildings by the edge they are snapped to (CSR). */
  constructor(private readonly g: Graph, private readonly snaps: Snaps, private readonly edgeBStart: Uint32Array,
    private readonly edgeBIds: Uint32Array) {
    const n = snaps.edge.length;
    this.stamp = new Int32Array(n).fill(-1);
    const chainOf = new Int32Array(n).fill(-1);
    const start = new Uint32Array(g.chainCount + 1);
    for (let i = 0; i < n; i++) {
      if (snaps.edge[i] < 0) continue;
      chainOf[i] = chainOfEdge(g, snaps.edge[i]);
      start[chainOf[i] + 1]++;
    }
    for (let c = 0; c < g.chainCount; c++) start[c + 1] += start[c];
    const ids = new Uint32Array(start[g.chainCount]), fill = start.slice(0, g.chainCount);
    for (let i = 0; i < n; i++) if (chainOf[i] >= 0) ids[fill[chainOf[i]]++] = i;
    this.chainBStart = start;
    this.chainBIds = ids;
  }

  /** Calls `fn(building, metres)` once for every building within `cutoff` of the last search from `seeds`. */
  forEach(search: Searcher, costs: Costs, seeds: Seeds, cutoff: number, fn: (i: number, d: number) => void): void {
    const run = ++this.run;
    const g = this.g, s = this.snaps, start = this.edgeBStart, ids = this.edgeBIds, stamp = this.stamp;
    const dBuf = this.dBuf, sBuf = this.sBuf;
    const visit = (edge: number) => {
      for (let j = start[edge]; j < start[edge + 1]; j++) {
        const i = ids[j];
        if (stamp[i] === run) continue;
        stamp[i] = run;
        pointDistance(g, costs, search, seeds, s.edge[i], s.t[i], s.offset[i], dBuf, sBuf, 0);
        if (dBuf[0] <= cutoff) fn(i, dBuf[0]);
      }
    };
    const reached = search.reached();
    const ov = costs.overlay?.ov, N = g.nodeCount;
    for (let r = 0; r < reached.length; r++) {
      const u = reached[r];
      if (u >= N) {
        // A network edit's join point: the buildings on the edge it splits.
        const e = ov!.xSplitEdge[u - N];
        if (e >= 0) visit(e);
        continue;
      }
      for (let a = g.offsets[u]; a < g.offsets[u + 1]; a++) visit(g.arcEdge[a]);
    }
    for (const edge of seeds.onEdge.keys()) if (edge < g.edgeCount) visit(edge);
    // Buildings on closed edges walk from the nearest open one, wherever that is.
    if (ov) for (const edge of ov.disabledEdges) visit(edge);
  }

  /**
   * Every building's walk after a run of `search` from `seeds` on the base network, read off its
   * chain's two ends through `ends`: outDist[i] and outSrc[i] are what pointDistance gives building
   * i (the same operations in the same order), Infinity and -1 beyond `cutoff`. The buildings of a
   * chain or an edge that holds a seed are evaluated by pointDistance itself.
   */
  distancesInto(ends: BuildingEnds, search: Searcher, costs: Costs, seeds: Seeds, cutoff: number,
    outDist: Float64Array, outSrc: Int32Array): void {
    const n = this.snaps.edge.length;
    const A = ends.a, B = ends.b, T = ends.terms, off = this.snaps.offset;
    const dist = search.dist, src = search.src, lim = search.lastCutoff;
    for (let i = 0; i < n; i++) {
      const a = A[i];
      if (a < 0) { outDist[i] = Infinity; outSrc[i] = -1; continue; }
      const b = B[i], o = 6 * i;
      const dA = dist[a], dB = dist[b];
      let d1 = dA + T[o], d2 = dB + T[o + 1];
      let du = d1 <= d2 ? d1 : d2;
      let su = d1 <= d2 ? src[a] : src[b];
      if (!(du <= lim)) { du = Infinity; su = -1; }
      d1 = dA + T[o + 2]; d2 = dB + T[o + 3];
      let dv = d1 <= d2 ? d1 : d2;
      let sv = d1 <= d2 ? src[a] : src[b];
      if (!(dv <= lim)) { dv = Infinity; sv = -1; }
      du += T[o + 4]; dv += T[o + 5];
      const best = du <= dv ? du : dv;
      const d = best === Infinity ? Infinity : best + off[i];
      if (d > cutoff) { outDist[i] = Infinity; outSrc[i] = -1; } else { outDist[i] = d; outSrc[i] = du <= dv ? su : sv; }
    }
    this.forEachSeeded(search, seeds, (i) => {
      pointDistance(this.g, costs, search, seeds, this.snaps.edge[i], this.snaps.t[i], off[i], outDist, outSrc, i);
      if (outDist[i] > cutoff) { outDist[i] = Infinity; outSrc[i] = -1; }
    });
  }

  /**
   * forEach for a run on the base network, with or without its chain interiors filled: the same
   * buildings with the same distances, read chain by chain (every chain with a reached end or a
   * seed on it) through `ends`, into `within` and `withinDist` (valid up to the count returned),
   * in another order than forEach's.
   */
  collectWithin(ends: BuildingEnds, search: Searcher, costs: Costs, seeds: Seeds, cutoff: number): number {
    if (costs.overlay) throw new Error('collectWithin runs on the base network only; use forEach under network edits.');
    const A = ends.a, B = ends.b, T = ends.terms, off = this.snaps.offset, edge = this.snaps.edge;
    const dist = search.dist, lim = search.lastCutoff;
    const cs = this.chainBStart, cb = this.chainBIds, onEdge = seeds.onEdge;
    const dBuf = this.dBuf, sBuf = this.sBuf;
    let n = 0;
    search.forEachReachedChain(seeds, (c) => {
      const seeded = search.seedsOn(c);
      const end = cs[c + 1];
      if (n + end - cs[c] > this.within.length) this.grow(n + end - cs[c]);
      const ids = this.within, ds = this.withinDist;
      for (let j = cs[c]; j < end; j++) {
        const i = cb[j];
        if (seeded || (onEdge.size > 0 && onEdge.has(edge[i]))) {
          pointDistance(this.g, costs, search, seeds, edge[i], this.snaps.t[i], off[i], dBuf, sBuf, 0);
          if (dBuf[0] <= cutoff) { ids[n] = i; ds[n++] = dBuf[0]; }
          continue;
        }
        const a = A[i], b = B[i], o = 6 * i;
        const dA = dist[a], dB = dist[b];
        let d1 = dA + T[o], d2 = dB + T[o + 1];
        let du = d1 <= d2 ? d1 : d2;
        if (!(du <= lim)) du = Infinity;
        d1 = dA + T[o + 2]; d2 = dB + T[o + 3];
        let dv = d1 <= d2 ? d1 : d2;
        if (!(dv <= lim)) dv = Infinity;
        du += T[o + 4]; dv += T[o + 5];
        const best = du <= dv ? du : dv;
        if (best !== Infinity && best + off[i] <= cutoff) { ids[n] = i; ds[n++] = best + off[i]; }
      }
    });
    return n;
  }

  /** Buildings found by collectWithin, and their walks. */
  within = new Int32Array(1024);
  withinDist = new Float64Array(1024);

  private grow(n: number) {
    const size = Math.max(n, 2 * this.within.length);
    const ids = new Int32Array(size), ds = new Float64Array(size);
    ids.set(this.within); ds.set(this.withinDist);
    this.within = ids; this.withinDist = ds;
  }

  /** Calls fn(i) for every building on a chain that holds a seed of the last run or on an edge of `seeds`. */
  private forEachSeeded(search: Searcher, seeds: Seeds, fn: (i: number) => void): void {
    const cs = this.chainBStart, cb = this.chainBIds, es = this.edgeBStart, eb = this.edgeBIds;
    search.forEachSeededChain((c) => { for (let j = cs[c]; j < cs[c + 1]; j++) fn(cb[j]); });
    for (const e of seeds.onEdge.keys()) {
      if (e < this.g.edgeCount) for (let j = es[e]; j < es[e + 1]; j++) fn(eb[j]);
    }
  }
}
