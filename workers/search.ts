// Multi-source bounded shortest paths over the CSR graph. Every source of a category is seeded at
// once, so one run yields each node's distance to the nearest source and which source that is.
//
// The queue is a bucket queue (Dial) over decimetres: with a cutoff of a few kilometres there are
// only tens of thousands of buckets, pushes and decrease-keys are O(1) list splices on typed arrays,
// and nothing is allocated per relaxation. Distances themselves stay exact floats; a node is put
// back if a same-bucket neighbour improves it, so sub-decimetre edges stay correct.

import type { Graph } from './graph.ts';

const NONE = -1;

export class Searcher {
  /** Distance per node for the last run; Infinity where not reached within the cutoff. */
  readonly dist: Float64Array;
  /** Index of the nearest source per node for the last run; -1 where not reached. */
  readonly src: Int32Array;
  private next: Int32Array;
  private prev: Int32Array;
  private bucketOf: Int32Array;
  private heads: Int32Array = new Int32Array(0);
  private touched: Uint32Array;
  private touchedCount = 0;

  constructor(private g: Graph) {
    const n = g.nodeCount;
    this.dist = new Float64Array(n).fill(Infinity);
    this.src = new Int32Array(n).fill(NONE);
    this.next = new Int32Array(n).fill(NONE);
    this.prev = new Int32Array(n).fill(NONE);
    this.bucketOf = new Int32Array(n).fill(NONE);
    this.touched = new Uint32Array(n);
  }

  /** Nodes reached by the last run, in the order they were first reached. */
  reached(): Uint32Array {
    return this.touched.subarray(0, this.touchedCount);
  }

  /**
   * Runs from seeds (node, starting distance, source index) up to `cutoff` metre-equivalents,
   * over per-arc costs. Previous results are cleared first, in time proportional to what they touched.
   */
  run(arcCost: Float32Array, seedNode: ArrayLike<number>, seedDist: ArrayLike<number>, seedSrc: ArrayLike<number>,
    seedCount: number, cutoff: number): void {
    this.clear();
    const { offsets, targets } = this.g;
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

    for (let k = 0; k < seedCount; k++) {
      const v = seedNode[k], d = seedDist[k];
      if (!(d <= lim) || d >= dist[v]) continue;
      if (dist[v] === Infinity) touched[tc++] = v;
      dist[v] = d;
      src[v] = seedSrc[k];
      const b = Math.floor(d * inv);
      const ob = bucketOf[v];
      if (ob !== NONE) {
        const p = prev[v], q = next[v];
        if (p !== NONE) next[p] = q; else heads[ob] = q;
        if (q !== NONE) prev[q] = p;
      }
      const h = heads[b];
      next[v] = h; prev[v] = NONE;
      if (h !== NONE) prev[h] = v;
      heads[b] = v; bucketOf[v] = b;
      if (b < first) first = b;
    }

    for (let b = first; b < nb; b++) {
      let u = heads[b];
      while (u !== NONE) {
        const q = next[u];
        heads[b] = q;
        if (q !== NONE) prev[q] = NONE;
        bucketOf[u] = NONE;
        const du = dist[u], su = src[u];
        const end = offsets[u + 1];
        for (let a = offsets[u]; a < end; a++) {
          const nd = du + arcCost[a];
          const v = targets[a];
          if (nd < dist[v] && nd <= lim) {
            if (dist[v] === Infinity) touched[tc++] = v;
            dist[v] = nd;
            src[v] = su;
            const nb2 = (nd * inv) | 0;
            const ob = bucketOf[v];
            if (ob !== nb2) {
              if (ob !== NONE) {
                const p = prev[v], r = next[v];
                if (p !== NONE) next[p] = r; else heads[ob] = r;
                if (r !== NONE) prev[r] = p;
              }
              const h = heads[nb2];
              next[v] = h; prev[v] = NONE;
              if (h !== NONE) prev[h] = v;
              heads[nb2] = v; bucketOf[v] = nb2;
            }
          }
        }
        u = heads[b];
      }
    }
    this.touchedCount = tc;
  }

  private clear() {
    const t = this.touched;
    for (let i = 0; i < this.touchedCount; i++) {
      const v = t[i];
      this.dist[v] = Infinity;
      this.src[v] = NONE;
      this.bucketOf[v] = NONE;
    }
    this.touchedCount = 0;
  }
}
