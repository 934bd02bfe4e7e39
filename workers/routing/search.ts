// Multi-source bounded shortest paths. Every source of a category is seeded at once, so one run
// yields each node's distance to the nearest source and which source that is.
//
// Three things make it fast. The search runs over junctions only: every chain of degree-2 nodes (OSM
// shape points) is one weighted arc, so a city's search touches a fraction of its nodes; interiors
// are filled afterwards in one linear sweep per reached chain, or read off the chain's two ends.
// Junctions are settled band by band (200 metre-equivalents wide, nearest band first) and, within
// a band, in sweeps over memory order, which is Hilbert order: a multi-source search otherwise jumps
// between the wave fronts of all its sources at every step, and memory traffic, not arithmetic, is
// what a search spends its time on. A node improved within the band being settled is read again,
// later in the same sweep or in the next, until the band is stable; the bands hold node lists and
// the settling band a bitmap, so nothing is allocated per relaxation.
//
// The distances are those of Dijkstra's algorithm to the bit: each is the least float sum along any
// walk, whatever the order nodes are read in. Where two sources are exactly as near, the lower
// source index wins, so which is named does not depend on that order either.

import type { Graph } from '../network/graph.ts';
import type { Costs } from '../network/profile.ts';
import { OVERLAY_EPS, type ChainInfo } from '../network/overlay.ts';
import { pointDistance, type Seeds } from './access.ts';
import type { Snaps } from './spatial.ts';

const NONE = -1;
/** Width of a band of `run`, metre-equivalents; wider only to keep a huge cutoff to MAX_BANDS bands. */
const BAND = 200;
const MAX_BANDS = 2048;

/** The chain holding edge e of the base network. */
export function chainOfEdge(g: Graph, e: number): number {
  const J = g.junctionCount, u = g.edgeU[e], v = g.edgeV[e];
  if (u >= J) return g.chainOf[u];
  if (v >= J) return g.chainOf[v];
  // Both ends are junctions: the edge is a chain on its own, one of u's junction arcs.
  for (let a = g.jOffsets[u]; a < g.jOffsets[u + 1]; a++) {
    const c = g.jChain[a];
    if (g.chainStart[c] === g.chainStart[c + 1] && g.chainLastEdge[c] === e) return c;
  }
  throw new Error(`edge ${e} is on no chain`);
}

export class Searcher {
  /**
   * Distance per node for the last run; Infinity where not reached within the cutoff. A run with a
   * network overlay grows it (and src) to cover the overlay's nodes, so read it after the run.
   */
  dist: Float64Array;
  /** Index of the nearest source per node for the last run; -1 where not reached. */
  src: Int32Array;
  private next: Int32Array;
  private prev: Int32Array;
  private bucketOf: Int32Array;
  /** One bit per junction: queued in the band `run` is settling. */
  private active: Int32Array;
  /** Per band of `run`, the junctions that entered it (some since moved to a nearer band). */
  private bandLists: Int32Array[] = [];
  private bandLens = new Int32Array(0);
  private heads: Int32Array = new Int32Array(0);
  private touched: Uint32Array;
  private touchedCount = 0;
  private chainStamp: Int32Array;
  private chainSeeded: Uint8Array;
  /** 1 on the edges a point evaluation's seeds sit on, for the length of that evaluation. */
  private edgeSeeded: Uint8Array;
  private runId = 0;
  private last: { costs: Costs; lim: number; onChain: Map<number, number[]> | null; seedDist: ArrayLike<number>;
    seedSrc: ArrayLike<number>; seedNode: ArrayLike<number>; expanded: boolean } | null = null;

  constructor(private g: Graph) {
    const n = g.nodeCount, j = g.junctionCount;
    this.dist = new Float64Array(n).fill(Infinity);
    this.src = new Int32Array(n).fill(NONE);
    this.next = new Int32Array(j).fill(NONE);
    this.prev = new Int32Array(j).fill(NONE);
    this.bucketOf = new Int32Array(j).fill(NONE);
    this.active = new Int32Array((j + 31) >>> 5);
    this.touched = new Uint32Array(n);
    this.chainStamp = new Int32Array(g.chainCount);
    this.chainSeeded = new Uint8Array(g.chainCount);
    this.edgeSeeded = new Uint8Array(g.edgeCount);
  }

  private ensureBands(nb: number) {
    if (this.bandLens.length >= nb) return;
    const lens = new Int32Array(Math.max(nb, 2 * this.bandLens.length));
    lens.set(this.bandLens);
    this.bandLens = lens;
    while (this.bandLists.length < lens.length) this.bandLists.push(new Int32Array(64));
  }

  /** Nodes reached by the last run. */
  reached(): Uint32Array {
    return this.touched.subarray(0, this.touchedCount);
  }

  /**
   * Runs from seeds (node, starting distance, source index) up to `cutoff` metre-equivalents under
   * a profile's costs. Previous results are cleared first, in time proportional to what they touched.
   * With `fill` false only junctions are filled in `dist`/`src`; read any node through distOf/srcOf.
   */
  run(costs: Costs, seedNode: ArrayLike<number>, seedDist: ArrayLike<number>, seedSrc: ArrayLike<number>,
    seedCount: number, cutoff: number, fill = true): void {
    if (costs.overlay) {
      this.runOverlay(costs, seedNode, seedDist, seedSrc, seedCount, cutoff, fill);
      return;
    }
    this.clear();
    const g = this.g;
    const J = g.junctionCount;
    const { jOffsets, jTargets, chainOf, chainA, chainB } = g;
    const { jArcCost, nodeOff, chainCost } = costs;
    const dist = this.dist, src = this.src, bandOf = this.bucketOf, active = this.active;
    const lim = Math.min(Math.max(cutoff, 0), 1e7);
    const width = Math.max(BAND, lim / MAX_BANDS);
    const inv = 1 / width;
    const nb = Math.floor(lim * inv) + 1;
    this.ensureBands(nb);
    const lists = this.bandLists, lens = this.bandLens;
    const touched = this.touched;
    let tc = 0;
    // The band being settled, and the range of `active` words a sweep has yet to read.
    let cur = -1, lo = 0, hi = -1;
    const list = (b: number, v: number) => {
      let l = lists[b];
      if (lens[b] === l.length) { const bigger = new Int32Array(l.length * 2); bigger.set(l); lists[b] = l = bigger; }
      l[lens[b]++] = v;
    };
    const push = (v: number, d: number, s: number) => {
      const old = dist[v];
      if (!(d <= lim) || !(d < old || (d === old && s < src[v]))) return;
      if (old === Infinity) touched[tc++] = v;
      dist[v] = d;
      src[v] = s;
      const b = Math.floor(d * inv);
      if (bandOf[v] !== b) { bandOf[v] = b; list(b, v); }
    };
    // A seed inside a chain enters the junction graph at both chain ends, and keeps its own
    // distances along that chain for the sweep below.
    let onChain: Map<number, number[]> | null = null;
    for (let k = 0; k < seedCount; k++) {
      const v = seedNode[k], d = seedDist[k];
      if (!(d <= lim)) continue;
      if (v < J) { push(v, d, seedSrc[k]); continue; }
      const c = chainOf[v];
      push(chainA[c], d + nodeOff[v], seedSrc[k]);
      push(chainB[c], d + (chainCost[c] - nodeOff[v]), seedSrc[k]);
      onChain ??= new Map();
      const list = onChain.get(c);
      if (list) list.push(k); else onChain.set(c, [k]);
      this.chainSeeded[c] = 1;
    }

    for (let b = 0; b < nb; b++) {
      if (lens[b] === 0) continue;
      // The band's nodes (those still in it) become bits of `active`, read in memory order.
      cur = b; lo = active.length; hi = -1;
      const l = lists[b];
      for (let q = 0; q < lens[b]; q++) {
        const v = l[q];
        if (bandOf[v] !== b) continue;
        const w = v >>> 5;
        active[w] |= 1 << (v & 31);
        if (w < lo) lo = w;
        if (w > hi) hi = w;
      }
      lens[b] = 0;
      while (lo <= hi) {
        let w = lo, end = hi;
        lo = active.length; hi = -1;
        for (; w <= end; w++) {
          let bits = active[w];
          while (bits !== 0) {
            const bit = bits & -bits;
            active[w] ^= bit;
            const u = (w << 5) | (31 - Math.clz32(bit));
            bandOf[u] = NONE;
            const du = dist[u], su = src[u];
            const aEnd = jOffsets[u + 1];
            for (let a = jOffsets[u]; a < aEnd; a++) {
              const nd = du + jArcCost[a];
              const v = jTargets[a];
              const old = dist[v];
              // `push` written out in place: this is the innermost loop of every search.
              if ((nd < old || (nd === old && su < src[v])) && nd <= lim) {
                if (old === Infinity) touched[tc++] = v;
                dist[v] = nd;
                src[v] = su;
                const nb2 = (nd * inv) | 0;
                if (nb2 === cur) {
                  const vw = v >>> 5;
                  active[vw] |= 1 << (v & 31);
                  bandOf[v] = cur;
                  // Ahead of the sweep it is read in this sweep; behind it, in the next.
                  if (vw > end) end = vw;
                  else if (vw <= w) { if (vw < lo) lo = vw; if (vw > hi) hi = vw; }
                } else if (bandOf[v] !== nb2) {
                  bandOf[v] = nb2;
                  list(nb2, v);
                }
              }
            }
            bits = active[w];
          }
        }
      }
    }

    this.last = { costs, lim, onChain, seedDist, seedSrc, seedNode, expanded: fill };
    if (!fill) {
      this.touchedCount = tc;
      return;
    }
    // Fill the interiors of every chain that touches a reached junction or holds a seed.
    const run = ++this.runId;
    const stamp = this.chainStamp, seeded = this.chainSeeded;
    const expand = (c: number) => {
      stamp[c] = run;
      tc = this.fillChain(c, costs, lim, seeded[c] ? onChain!.get(c) : undefined, seedNode, seedDist, seedSrc, tc);
    };
    const reachedJunctions = tc;
    if (reachedJunctions * 8 > J) {
      // A wide search: one pass over all chains in memory order beats chasing them from each junction.
      for (let c = 0; c < g.chainCount; c++) {
        if (dist[chainA[c]] <= lim || dist[chainB[c]] <= lim || seeded[c]) expand(c);
      }
    } else {
      for (let i = 0; i < reachedJunctions; i++) {
        const u = touched[i];
        for (let a = jOffsets[u]; a < jOffsets[u + 1]; a++) if (stamp[g.jChain[a]] !== run) expand(g.jChain[a]);
      }
      if (onChain) for (const c of onChain.keys()) if (stamp[c] !== run) expand(c);
    }
    this.touchedCount = tc;
  }

  /**
   * Fills a chain's interior from its two ends (and from seeds on the chain) after a run; appends the
   * nodes within `lim` to the touched list from position `tc` and returns the new count.
   */
  private fillChain(c: number, costs: Costs, lim: number, seeds: number[] | undefined, seedNode: ArrayLike<number>,
    seedDist: ArrayLike<number>, seedSrc: ArrayLike<number>, tc: number): number {
    const g = this.g, dist = this.dist, src = this.src, touched = this.touched;
    const { chainA, chainB, chainStart } = g;
    const { nodeOff, chainCost } = costs;
    const dA = dist[chainA[c]], dB = dist[chainB[c]], sA = src[chainA[c]], sB = src[chainB[c]], L = chainCost[c];
    for (let v = chainStart[c]; v < chainStart[c + 1]; v++) {
      const off = nodeOff[v];
      const d1 = dA + off, d2 = dB + (L - off);
      let best = d1 <= d2 ? d1 : d2;
      let s = d1 <= d2 ? sA : sB;
      if (seeds) {
        for (const k of seeds) {
          const d = seedDist[k] + Math.abs(off - nodeOff[seedNode[k]]);
          if (d < best) { best = d; s = seedSrc[k]; }
        }
      }
      if (best <= lim) {
        dist[v] = best;
        src[v] = s;
        touched[tc++] = v;
      }
    }
    return tc;
  }

  /** Distance of any node after the last run, expanded or not (Infinity beyond the cutoff). */
  distOf(v: number): number {
    return this.evaluate(v, false);
  }

  /** Nearest source of any node after the last run (-1 beyond the cutoff). */
  srcOf(v: number): number {
    return this.evaluate(v, true);
  }

  private evaluate(v: number, wantSrc: boolean): number {
    const last = this.last;
    if (v < this.g.junctionCount || !last || last.expanded) return wantSrc ? this.src[v] : this.dist[v];
    const ov = last.costs.overlay;
    if (ov) {
      if (v >= this.g.nodeCount) return wantSrc ? this.src[v] : this.dist[v];
      const c = this.g.chainOf[v];
      if (ov.ov.chainTouched[c]) {
        this.touchedPoint(last.costs, ov.ov.chains.get(c)!, c, v, last.lim, last.onChain?.get(c), last.seedNode, last.seedDist, last.seedSrc);
        return wantSrc ? this.pointSrc : this.pointDist;
      }
    }
    const g = this.g, c = g.chainOf[v], { nodeOff, chainCost } = last.costs;
    const off = nodeOff[v];
    const d1 = this.dist[g.chainA[c]] + off, d2 = this.dist[g.chainB[c]] + (chainCost[c] - off);
    let best = d1 <= d2 ? d1 : d2;
    let s = d1 <= d2 ? this.src[g.chainA[c]] : this.src[g.chainB[c]];
    const seeds = last.onChain?.get(c);
    if (seeds) {
      for (const k of seeds) {
        const d = last.seedDist[k] + Math.abs(off - nodeOff[last.seedNode[k]]);
        if (d < best) { best = d; s = last.seedSrc[k]; }
      }
    }
    if (!(best <= last.lim)) return wantSrc ? -1 : Infinity;
    return wantSrc ? s : best;
  }

  /**
   * Costs from the last run to many snapped points (buildings) at once: outDist[i] and outSrc[i] are
   * what pointDistance gives point i, with the same operations in the same order, so the same to the
   * bit; Infinity and -1 beyond `cutoff`. One pass with the edge ends evaluated inline, no call per
   * node and no map lookup per point.
   */
  pointsInto(costs: Costs, seeds: Seeds, snaps: Pick<Snaps, 'edge' | 't' | 'offset'>, cutoff: number,
    outDist: Float64Array, outSrc: Int32Array): void {
    const n = snaps.edge.length;
    const { edge, t, offset } = snaps;
    const g = this.g;
    if (costs.overlay || !this.last) {
      for (let i = 0; i < n; i++) {
        pointDistance(g, costs, this, seeds, edge[i], t[i], offset[i], outDist, outSrc, i);
        if (outDist[i] > cutoff) { outDist[i] = Infinity; outSrc[i] = -1; }
      }
      return;
    }
    const flag = this.edgeSeeded;
    for (const e of seeds.onEdge.keys()) flag[e] = 1;
    const { edgeU, edgeV } = g;
    const c = costs.edgeCost;
    for (let i = 0; i < n; i++) {
      const e = edge[i];
      if (e < 0) { outDist[i] = Infinity; outSrc[i] = -1; continue; }
      const ce = c[e], ti = t[i];
      const du = this.nodeCost(edgeU[e]) + ti * ce;
      const su = this.nodeSrc;
      const dv = this.nodeCost(edgeV[e]) + (1 - ti) * ce;
      let best = du <= dv ? du : dv;
      let s = du <= dv ? su : this.nodeSrc;
      if (flag[e]) {
        for (const q of seeds.onEdge.get(e)!) {
          const d = q.offset + Math.abs(q.t - ti) * ce;
          if (d < best) { best = d; s = q.src; }
        }
      }
      const d = best === Infinity ? Infinity : best + offset[i];
      if (d > cutoff) { outDist[i] = Infinity; outSrc[i] = -1; } else { outDist[i] = d; outSrc[i] = s; }
    }
    for (const e of seeds.onEdge.keys()) flag[e] = 0;
  }

  /** The cutoff of the last run, metre-equivalents. */
  get lastCutoff(): number {
    return this.last ? this.last.lim : 0;
  }

  /** Whether a seed of the last run sits on chain c (its interior then also counts from that seed). */
  seedsOn(c: number): boolean {
    return this.chainSeeded[c] === 1;
  }

  /** Calls fn(c) for every chain that holds a seed of the last run (within its cutoff). */
  forEachSeededChain(fn: (c: number) => void): void {
    const onChain = this.last?.onChain;
    if (onChain) for (const c of onChain.keys()) fn(c);
  }

  /** Source of the last nodeCost evaluation. */
  private nodeSrc = NONE;

  /**
   * distOf for a run without a network overlay, with the source left in `nodeSrc`: a chain interior
   * from its two ends (evaluate's expressions), or through evaluate where seeds sit on the chain.
   */
  private nodeCost(v: number): number {
    const g = this.g;
    if (v < g.junctionCount) { this.nodeSrc = this.src[v]; return this.dist[v]; }
    const c = g.chainOf[v];
    if (this.chainSeeded[c]) { this.nodeSrc = this.evaluate(v, true); return this.evaluate(v, false); }
    const last = this.last!;
    const { nodeOff, chainCost } = last.costs;
    const off = nodeOff[v];
    const a = g.chainA[c], b = g.chainB[c];
    const d1 = this.dist[a] + off, d2 = this.dist[b] + (chainCost[c] - off);
    const best = d1 <= d2 ? d1 : d2;
    if (!(best <= last.lim)) { this.nodeSrc = NONE; return Infinity; }
    this.nodeSrc = d1 <= d2 ? this.src[a] : this.src[b];
    return best;
  }

  /**
   * Calls fn(c) once for every chain of the last run (without a network overlay) that may hold a
   * point within its cutoff: one with a reached end, or with one of `seeds` on it (a seed farther
   * than the cutoff from both ends of a long edge still reaches points beside it on that edge).
   */
  forEachReachedChain(seeds: Seeds, fn: (c: number) => void): void {
    const g = this.g, J = g.junctionCount, stamp = this.chainStamp, jOffsets = g.jOffsets, jChain = g.jChain;
    const run = ++this.runId;
    const touched = this.touched;
    for (let i = 0; i < this.touchedCount; i++) {
      const u = touched[i];
      if (u >= J) continue;
      for (let a = jOffsets[u]; a < jOffsets[u + 1]; a++) {
        const c = jChain[a];
        if (stamp[c] !== run) { stamp[c] = run; fn(c); }
      }
    }
    for (const e of seeds.onEdge.keys()) {
      const c = chainOfEdge(g, e);
      if (stamp[c] !== run) { stamp[c] = run; fn(c); }
    }
  }

  private pointDist = Infinity;
  private pointSrc = NONE;

  /**
   * Distance of interior node v of a chain an overlay touches: from chainA if v's piece holds it,
   * from chainB likewise, then from seeds and injections in the same piece. The first two are the
   * base expressions; an injection counts only when better by more than OVERLAY_EPS.
   */
  private touchedPoint(costs: Costs, info: ChainInfo, c: number, v: number, lim: number, seeds: number[] | undefined,
    seedNode: ArrayLike<number>, seedDist: ArrayLike<number>, seedSrc: ArrayLike<number>): void {
    const g = this.g, dist = this.dist, src = this.src, N = g.nodeCount;
    const { nodeOff, chainCost } = costs;
    const injOff = costs.overlay!.injOff;
    const cs = g.chainStart[c];
    const pc = info.pieceOfPos[v - cs + 1];
    const off = nodeOff[v];
    const d1 = pc === 0 ? dist[g.chainA[c]] + off : Infinity;
    const d2 = pc === info.lastPiece ? dist[g.chainB[c]] + (chainCost[c] - off) : Infinity;
    let best = d1 <= d2 ? d1 : d2;
    let s = d1 <= d2 ? (pc === 0 ? src[g.chainA[c]] : NONE) : src[g.chainB[c]];
    if (seeds) {
      for (const k of seeds) {
        if (info.pieceOfPos[seedNode[k] - cs + 1] !== pc) continue;
        const d = seedDist[k] + Math.abs(off - nodeOff[seedNode[k]]);
        if (d < best) { best = d; s = seedSrc[k]; }
      }
    }
    for (let j = 0; j < info.inj.length; j++) {
      if (info.injPiece[j] !== pc) continue;
      const x = info.inj[j];
      const d = dist[x] + Math.abs(off - injOff[x - N]);
      if (d + OVERLAY_EPS < best) { best = d; s = src[x]; }
    }
    if (best <= lim) { this.pointDist = best; this.pointSrc = s; } else { this.pointDist = Infinity; this.pointSrc = NONE; }
  }

  private clear() {
    // Chain seed marks outlive their run (the point evaluations read them) and go with the next one.
    const onChain = this.last?.onChain;
    if (onChain) for (const c of onChain.keys()) this.chainSeeded[c] = 0;
    const t = this.touched, J = this.g.junctionCount;
    for (let i = 0; i < this.touchedCount; i++) {
      const v = t[i];
      this.dist[v] = Infinity;
      this.src[v] = NONE;
      if (v < J) this.bucketOf[v] = NONE;
    }
    this.touchedCount = 0;
  }

  /** Grows the buffers for an overlay's nodes: n nodes in all, q of them queued (junctions and overlay nodes). */
  private ensure(n: number, q: number) {
    const grow = <T extends Float64Array | Int32Array | Uint32Array>(a: T, size: number, make: (k: number) => T, fill: number): T => {
      if (a.length >= size) return a;
      const b = make(size);
      b.fill(fill);
      b.set(a);
      return b;
    };
    this.dist = grow(this.dist, n, (k) => new Float64Array(k), Infinity);
    this.src = grow(this.src, n, (k) => new Int32Array(k), NONE);
    this.touched = grow(this.touched, n, (k) => new Uint32Array(k), 0);
    this.next = grow(this.next, q, (k) => new Int32Array(k), NONE);
    this.prev = grow(this.prev, q, (k) => new Int32Array(k), NONE);
    this.bucketOf = grow(this.bucketOf, q, (k) => new Int32Array(k), NONE);
  }

  /**
   * The same search with a network overlay (network/overlay.ts). Kept apart from `run` so that the
   * base search's inner loop stays exactly as it is. The queue holds junctions and the overlay's
   * nodes (queue slot J + node - N); after the base arcs, a node relaxes its overlay arcs, which win
   * only when better by more than OVERLAY_EPS, so base distances are reproduced to the bit.
   */
  private runOverlay(costs: Costs, seedNode: ArrayLike<number>, seedDist: ArrayLike<number>, seedSrc: ArrayLike<number>,
    seedCount: number, cutoff: number, fill: boolean): void {
    const { ov, arcCost, injOff } = costs.overlay!;
    this.clear();
    const g = this.g;
    const J = g.junctionCount, N = g.nodeCount;
    this.ensure(ov.nodeCount, J + ov.nodeCount - N);
    const qoff = J - N;
    const { jOffsets, jTargets, chainOf, chainA, chainB, chainStart } = g;
    const { jArcCost, nodeOff, chainCost } = costs;
    const { slot, arcStart, arcTarget, chainTouched, chains } = ov;
    const dist = this.dist, src = this.src, next = this.next, prev = this.prev, bucketOf = this.bucketOf;
    const lim = Math.min(Math.max(cutoff, 0), 1e7);
    const width = Math.max(0.1, lim / 500000);
    const inv = 1 / width;
    const nb = Math.floor(lim * inv) + 1;
    if (this.heads.length < nb) this.heads = new Int32Array(Math.max(nb, this.heads.length * 2));
    const heads = this.heads;
    heads.fill(NONE, 0, nb);
    const touched = this.touched;
    let tc = 0;
    let first = nb;
    // Lists hold node ids; next/prev/bucketOf are indexed by queue slot. Equal walks go to the
    // lower source index, as in `run`.
    const push = (v: number, d: number, s: number) => {
      if (!(d <= lim) || !(d < dist[v] || (d === dist[v] && s < src[v]))) return;
      if (dist[v] === Infinity) touched[tc++] = v;
      dist[v] = d;
      src[v] = s;
      const b = Math.floor(d * inv);
      const qv = v < J ? v : v + qoff;
      const ob = bucketOf[qv];
      if (ob === b) return;
      if (ob !== NONE) {
        const p = prev[qv], q = next[qv];
        if (p !== NONE) next[p < J ? p : p + qoff] = q; else heads[ob] = q;
        if (q !== NONE) prev[q < J ? q : q + qoff] = p;
      }
      const h = heads[b];
      next[qv] = h; prev[qv] = NONE;
      if (h !== NONE) prev[h < J ? h : h + qoff] = v;
      heads[b] = v; bucketOf[qv] = b;
      if (b < first) first = b;
    };
    let onChain: Map<number, number[]> | null = null;
    for (let k = 0; k < seedCount; k++) {
      const v = seedNode[k], d = seedDist[k];
      if (!(d <= lim)) continue;
      if (v < J || v >= N) { push(v, d, seedSrc[k]); continue; }
      const c = chainOf[v];
      const off = nodeOff[v];
      if (chainTouched[c]) {
        const info = chains.get(c)!;
        const pc = info.pieceOfPos[v - chainStart[c] + 1];
        if (pc === 0) push(chainA[c], d + off, seedSrc[k]);
        if (pc === info.lastPiece) push(chainB[c], d + (chainCost[c] - off), seedSrc[k]);
        for (let j = 0; j < info.inj.length; j++) {
          if (info.injPiece[j] === pc) push(info.inj[j], d + Math.abs(off - injOff[info.inj[j] - N]), seedSrc[k]);
        }
      } else {
        push(chainA[c], d + off, seedSrc[k]);
        push(chainB[c], d + (chainCost[c] - off), seedSrc[k]);
      }
      onChain ??= new Map();
      const list = onChain.get(c);
      if (list) list.push(k); else onChain.set(c, [k]);
      this.chainSeeded[c] = 1;
    }

    for (let b = first; b < nb; b++) {
      let u = heads[b];
      while (u !== NONE) {
        const qu = u < J ? u : u + qoff;
        const q = next[qu];
        heads[b] = q;
        if (q !== NONE) prev[q < J ? q : q + qoff] = NONE;
        bucketOf[qu] = NONE;
        const du = dist[u], su = src[u];
        if (u < J) {
          const end = jOffsets[u + 1];
          for (let a = jOffsets[u]; a < end; a++) {
            const nd = du + jArcCost[a], v = jTargets[a];
            if ((nd < dist[v] || (nd === dist[v] && su < src[v])) && nd <= lim) push(v, nd, su);
          }
        }
        const sl = slot[u];
        if (sl >= 0) {
          const end = arcStart[sl + 1];
          for (let a = arcStart[sl]; a < end; a++) {
            const nd = du + arcCost[a];
            if (nd + OVERLAY_EPS < dist[arcTarget[a]] && nd <= lim) push(arcTarget[a], nd, su);
          }
        }
        u = heads[b];
      }
    }

    this.last = { costs, lim, onChain, seedDist, seedSrc, seedNode, expanded: fill };
    if (!fill) {
      this.touchedCount = tc;
      return;
    }
    const run = ++this.runId;
    const stamp = this.chainStamp, seeded = this.chainSeeded;
    const expand = (c: number) => {
      stamp[c] = run;
      const seeds = seeded[c] ? onChain!.get(c) : undefined;
      if (chainTouched[c]) {
        const info = chains.get(c)!;
        for (let v = chainStart[c]; v < chainStart[c + 1]; v++) {
          this.touchedPoint(costs, info, c, v, lim, seeds, seedNode, seedDist, seedSrc);
          if (this.pointDist <= lim) {
            dist[v] = this.pointDist;
            src[v] = this.pointSrc;
            touched[tc++] = v;
          }
        }
        return;
      }
      tc = this.fillChain(c, costs, lim, seeds, seedNode, seedDist, seedSrc, tc);
    };
    const reachedNodes = tc;
    if (reachedNodes * 8 > J) {
      for (let c = 0; c < g.chainCount; c++) {
        if (dist[chainA[c]] <= lim || dist[chainB[c]] <= lim || seeded[c] || chainTouched[c]) expand(c);
      }
    } else {
      for (let i = 0; i < reachedNodes; i++) {
        const u = touched[i];
        if (u >= J) continue;
        for (let a = jOffsets[u]; a < jOffsets[u + 1]; a++) if (stamp[g.jChain[a]] !== run) expand(g.jChain[a]);
      }
      if (onChain) for (const c of onChain.keys()) if (stamp[c] !== run) expand(c);
      for (const c of chains.keys()) if (stamp[c] !== run) expand(c);
    }
    this.touchedCount = tc;
  }
}
