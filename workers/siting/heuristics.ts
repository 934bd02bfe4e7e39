// Fast location heuristics over a siting instance. Every objective here is monotone submodular
// (covering, savings in walk, capacity-capped covering), so greedy with lazy re-evaluation keeps
// the (1 - 1/e) guarantee, and the "online" bound f(S) + Σ top-k marginal gains is a proven upper
// bound on the optimum for any S. Swap (vertex substitution) then polishes the greedy set.

import type { SitingInstance } from './instance.ts';

export interface HeuristicResult {
  /** Chosen candidates, in the order they were added. */
  picks: number[];
  /** Marginal gain of each pick when added in that order. */
  gains: number[];
  objective: number;
  /** Proven upper bound on the optimum (maximisation). */
  bound: number;
}

/** Max-heap of candidates keyed by a possibly stale gain, for lazy greedy. */
class GainHeap {
  private key: Float64Array;
  private item: Int32Array;
  size = 0;
  constructor(n: number) {
    this.key = new Float64Array(n);
    this.item = new Int32Array(n);
  }
  push(j: number, g: number) {
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.key[p] >= g) break;
      this.key[i] = this.key[p]; this.item[i] = this.item[p];
      i = p;
    }
    this.key[i] = g; this.item[i] = j;
  }
  topKey(): number { return this.key[0]; }
  pop(): number {
    const top = this.item[0];
    const g = this.key[--this.size], j = this.item[this.size];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= this.size) break;
      if (c + 1 < this.size && this.key[c + 1] > this.key[c]) c++;
      if (this.key[c] <= g) break;
      this.key[i] = this.key[c]; this.item[i] = this.item[c];
      i = c;
    }
    this.key[i] = g; this.item[i] = j;
    return top;
  }
}

/**
 * A set function over candidates given by a per-building value: value(i, j) is what candidate j is
 * worth to building i alone, and a set is worth Σ_i max over its members (covering: 0 or weight;
 * p-median: saved walk × weight). Both are monotone submodular.
 */
export interface MaxCoverProblem {
  n: number;
  start: Uint32Array;
  bld: Uint32Array;
  /** Value of entry k (building bld[k] served by its candidate). */
  val: Float64Array;
  buildings: number;
}

/** Entry values for covering: the uncovered weight of every building within the threshold. */
export function coveringProblem(inst: SitingInstance, u: Float64Array): MaxCoverProblem {
  const val = new Float64Array(inst.bld.length);
  for (let k = 0; k < val.length; k++) val[k] = inst.dist[k] <= inst.threshold ? u[inst.bld[k]] : 0;
  return { n: inst.start.length - 1, start: inst.start, bld: inst.bld, val, buildings: inst.w.length };
}

/** Entry values for p-median: walk saved × weight, walks beyond the search limit counted at the limit. */
export function savingsProblem(inst: SitingInstance): MaxCoverProblem {
  const val = new Float64Array(inst.bld.length);
  for (let k = 0; k < val.length; k++) {
    const i = inst.bld[k];
    const now = Math.min(inst.base[i], inst.reach);
    val[k] = Math.max(0, now - inst.dist[k]) * inst.w[i];
  }
  return { n: inst.start.length - 1, start: inst.start, bld: inst.bld, val, buildings: inst.w.length };
}

/** Value of a set: Σ over buildings of the best value among its members. */
export function setValue(p: MaxCoverProblem, picks: number[]): number {
  const best = new Float64Array(p.buildings);
  for (const j of picks) for (let k = p.start[j]; k < p.start[j + 1]; k++) if (p.val[k] > best[p.bld[k]]) best[p.bld[k]] = p.val[k];
  let s = 0;
  for (let i = 0; i < best.length; i++) s += best[i];
  return s;
}

/** Greedy with lazy re-evaluation, then best-improvement swaps until none helps. */
export function maxCoverHeuristic(p: MaxCoverProblem, k: number): HeuristicResult {
  const { n, start, bld, val } = p;
  const best1 = new Float64Array(p.buildings), best2 = new Float64Array(p.buildings);
  const who1 = new Int32Array(p.buildings).fill(-1);
  const gainOf = (j: number, cur: Float64Array) => {
    let g = 0;
    for (let e = start[j]; e < start[j + 1]; e++) { const d = val[e] - cur[bld[e]]; if (d > 0) g += d; }
    return g;
  };
  const heap = new GainHeap(n);
  for (let j = 0; j < n; j++) heap.push(j, gainOf(j, best1));
  const picks: number[] = [];
  const chosen = new Uint8Array(n);
  while (picks.length < Math.min(k, n) && heap.size > 0) {
    const j = heap.pop();
    const g = gainOf(j, best1);
    if (heap.size > 0 && g < heap.topKey() - 1e-9) { heap.push(j, g); continue; }
    picks.push(j);
    chosen[j] = 1;
    for (let e = start[j]; e < start[j + 1]; e++) if (val[e] > best1[bld[e]]) best1[bld[e]] = val[e];
  }

  // Swap: for each member s, the set without s is "second best where s is best"; the best outsider
  // to put in its place is found with one pass over the candidates.
  const recompute = () => {
    best1.fill(0); best2.fill(0); who1.fill(-1);
    for (const j of picks) {
      for (let e = start[j]; e < start[j + 1]; e++) {
        const i = bld[e], v = val[e];
        if (v > best1[i]) { best2[i] = best1[i]; best1[i] = v; who1[i] = j; } else if (v > best2[i]) best2[i] = v;
      }
    }
  };
  const without = new Float64Array(p.buildings);
  for (let round = 0; round < 50 && picks.length > 1 && picks.length < n; round++) {
    recompute();
    let bestDelta = 1e-9, bestS = -1, bestJ = -1;
    for (let si = 0; si < picks.length; si++) {
      const s = picks[si];
      let loss = 0;
      without.set(best1);
      for (let e = start[s]; e < start[s + 1]; e++) {
        const i = bld[e];
        if (who1[i] === s && without[i] === best1[i]) { loss += best1[i] - best2[i]; without[i] = best2[i]; }
      }
      for (let j = 0; j < n; j++) {
        if (chosen[j]) continue;
        const delta = gainOf(j, without) - loss;
        if (delta > bestDelta) { bestDelta = delta; bestS = si; bestJ = j; }
      }
    }
    if (bestS < 0) break;
    chosen[picks[bestS]] = 0;
    chosen[bestJ] = 1;
    picks[bestS] = bestJ;
  }
  // Gains in a readable order: re-add the final set greedily.
  const order: number[] = [], gains: number[] = [];
  const cur = new Float64Array(p.buildings);
  const left = [...picks];
  while (left.length) {
    let bi = 0, bg = -1;
    left.forEach((j, q) => { const g = gainOf(j, cur); if (g > bg) { bg = g; bi = q; } });
    const j = left.splice(bi, 1)[0];
    order.push(j); gains.push(bg);
    for (let e = start[j]; e < start[j + 1]; e++) if (val[e] > cur[bld[e]]) cur[bld[e]] = val[e];
  }
  const objective = gains.reduce((a, b) => a + b, 0);
  return { picks: order, gains, objective, bound: onlineBound(p, cur, chosen, k, objective, gainOf) };
}

/** f(S) + the k largest marginal gains of outsiders: an upper bound on any k-set by submodularity. */
function onlineBound(p: MaxCoverProblem, cur: Float64Array, chosen: Uint8Array, k: number, value: number,
  gainOf: (j: number, cur: Float64Array) => number): number {
  const top: number[] = [];
  for (let j = 0; j < p.n; j++) {
    if (chosen[j]) continue;
    const g = gainOf(j, cur);
    if (top.length < k) { top.push(g); top.sort((a, b) => a - b); } else if (g > top[0]) { top[0] = g; top.sort((a, b) => a - b); }
  }
  return value + top.reduce((a, b) => a + b, 0);
}

/**
 * Fewest sites to cover every building that some candidate can cover (entries with a positive
 * value): greedy set cover by count of newly covered buildings, then drop sites made redundant by
 * later ones.
 */
export function setCoverHeuristic(p: MaxCoverProblem, maxSites: number): { picks: number[]; coverable: number; covered: number } {
  const { n, start, bld, val } = p;
  const need = new Uint8Array(p.buildings);
  let coverable = 0;
  for (let e = 0; e < bld.length; e++) if (val[e] > 0 && !need[bld[e]]) { need[bld[e]] = 1; coverable++; }
  const cnt = new Int32Array(p.buildings);
  const gainOf = (j: number) => { let g = 0; for (let e = start[j]; e < start[j + 1]; e++) if (val[e] > 0 && cnt[bld[e]] === 0) g++; return g; };
  const heap = new GainHeap(n);
  for (let j = 0; j < n; j++) heap.push(j, gainOf(j));
  const picks: number[] = [];
  let covered = 0;
  while (covered < coverable && picks.length < maxSites && heap.size > 0) {
    const j = heap.pop();
    const g = gainOf(j);
    // Gains only shrink as sites are added, so a candidate with nothing left to add never returns.
    if (g === 0) continue;
    if (heap.size > 0 && g < heap.topKey()) { heap.push(j, g); continue; }
    picks.push(j);
    for (let e = start[j]; e < start[j + 1]; e++) if (val[e] > 0 && cnt[bld[e]]++ === 0) covered++;
  }
  for (let q = picks.length - 1; q >= 0; q--) {
    const j = picks[q];
    let redundant = true;
    for (let e = start[j]; e < start[j + 1] && redundant; e++) if (val[e] > 0 && cnt[bld[e]] < 2) redundant = false;
    if (!redundant) continue;
    for (let e = start[j]; e < start[j + 1]; e++) if (val[e] > 0) cnt[bld[e]]--;
    picks.splice(q, 1);
  }
  return { picks, coverable, covered };
}

/**
 * Capacity-aware covering: each new site serves at most `capacity` units of the uncovered demand
 * within the threshold. Greedy by what a site can still serve, each pick serving its nearest demand
 * first. Returns the served demand of the greedy assignment (a feasible value, so never an overstatement).
 */
export function capacitatedHeuristic(inst: SitingInstance, dem: Float64Array, capacity: number, k: number): HeuristicResult {
  const n = inst.start.length - 1;
  const rem = Float64Array.from(dem);
  const within = (e: number) => inst.dist[e] <= inst.threshold;
  const reachable = (j: number) => {
    let s = 0;
    for (let e = inst.start[j]; e < inst.start[j + 1]; e++) if (within(e)) s += rem[inst.bld[e]];
    return Math.min(capacity, s);
  };
  const picks: number[] = [], gains: number[] = [];
  const chosen = new Uint8Array(n);
  const heap = new GainHeap(n);
  for (let j = 0; j < n; j++) heap.push(j, reachable(j));
  while (picks.length < Math.min(k, n) && heap.size > 0) {
    const j = heap.pop();
    const g = reachable(j);
    if (heap.size > 0 && g < heap.topKey() - 1e-9) { heap.push(j, g); continue; }
    const entries: number[] = [];
    for (let e = inst.start[j]; e < inst.start[j + 1]; e++) if (within(e)) entries.push(e);
    entries.sort((a, b) => inst.dist[a] - inst.dist[b]);
    let left = capacity, served = 0;
    for (const e of entries) {
      if (left <= 0) break;
      const i = inst.bld[e], take = Math.min(left, rem[i]);
      rem[i] -= take; left -= take; served += take;
    }
    picks.push(j); gains.push(served); chosen[j] = 1;
  }
  const objective = gains.reduce((a, b) => a + b, 0);
  // Any k sites serve at most the k largest of min(capacity, demand each could reach alone).
  const single: number[] = [];
  rem.set(dem);
  for (let j = 0; j < n; j++) single.push(reachable(j));
  single.sort((a, b) => b - a);
  let totalDemand = 0;
  for (let i = 0; i < dem.length; i++) totalDemand += dem[i];
  const bound = Math.min(totalDemand, single.slice(0, k).reduce((a, b) => a + b, 0));
  return { picks, gains, objective, bound };
}
