// The analysis's fast paths pinned against the straightforward computations they replace: the
// banded search against a textbook Dijkstra over the same junction graph, buildings read off their
// chain's two ends against pointDistance after a filled search, 2SFCA catchments read chain by chain
// against the catchments of one plain search per facility, and gap hexagons against a direct
// aggregation. On the embedded district and on random datasets.

import { describe, expect, it } from 'vitest';
import { Engine } from '../../workers/engine.ts';
import { analyze, searchLimit, weights, type AnalysisResult } from '../../workers/analysis/coverage.ts';
import { parseStandards, type Standards } from '../../workers/analysis/standards.ts';
import { servingCategories } from '../../workers/analysis/facilities.ts';
import { makeSeeds, pointDistance, type Seeds } from '../../workers/routing/access.ts';
import { BuildingEnds } from '../../workers/routing/reach.ts';
import { Searcher } from '../../workers/routing/search.ts';
import { buildGraph } from '../../workers/network/graph.ts';
import { CLASS_CODE } from '../../workers/network/network.ts';
import { makeCosts, DEFAULT_PROFILE, type Costs } from '../../workers/network/profile.ts';
import { COHORTS, type CategoryId } from '../../workers/model/dataset.ts';
import { loadDatasetDir } from '../../scripts/lib/load.ts';
import defaults from '../../data/standards/gb50180-2018.json';
import { fixture, rng, type FixtureSpec } from './fixtures.ts';

const table = (): Standards => parseStandards(structuredClone(defaults));

/**
 * A random neighbourhood: a jittered street grid drawn with shape points (so most nodes sit inside
 * chains), a gated compound with its own paths, buildings with random cohorts, facilities of every
 * category (parks and green as outlines with several access points), two communities whose border
 * cuts through gap hexagons.
 */
function randomDataset(seed: number) {
  const r = rng(seed);
  const n = 5, block = 140;
  const node = (i: number, j: number): [number, number] => [i * block + (i % n ? (r() - 0.5) * 30 : 0), j * block + (j % n ? (r() - 0.5) * 30 : 0)];
  const grid = Array.from({ length: n + 1 }, (_, i) => Array.from({ length: n + 1 }, (_, j) => node(i, j)));
  const streets: NonNullable<FixtureSpec['streets']> = [];
  const line = (a: [number, number], b: [number, number]) => {
    const pieces = 1 + Math.floor(r() * 4);
    const pts: [number, number][] = [];
    for (let s = 0; s <= pieces; s++) pts.push([a[0] + ((b[0] - a[0]) * s) / pieces, a[1] + ((b[1] - a[1]) * s) / pieces]);
    return pts;
  };
  for (let i = 0; i <= n; i++) {
    for (let j = 0; j < n; j++) {
      if (r() < 0.9) streets.push({ pts: line(grid[i][j], grid[i][j + 1]), cls: r() < 0.2 ? 'primary' : 'residential' });
      if (r() < 0.9) streets.push({ pts: line(grid[j][i], grid[j + 1][i]), cls: r() < 0.1 ? 'steps' : 'footway' });
    }
  }
  // A compound in the second block with one gate on its south wall and a path inside.
  const [x0, y0] = [block + 20, block + 20], [x1, y1] = [2 * block - 20, 2 * block - 20];
  const gate: [number, number] = [(x0 + x1) / 2, y0];
  streets.push({ pts: [[gate[0], y0 - 20], gate], cls: 'footway' });
  streets.push({ pts: [gate, [gate[0], y0 + 40], [x0 + 10, y0 + 40]], cls: 'footway', compound: 'q' });
  const buildings: NonNullable<FixtureSpec['buildings']> = [];
  for (let k = 0; k < 160; k++) {
    const inside = k < 12;
    const at: [number, number] = inside ? [x0 + 10 + r() * (x1 - x0 - 20), y0 + 45 + r() * (y1 - y0 - 60)] : [r() * n * block, r() * n * block];
    const c = () => Math.floor(r() * 30);
    buildings.push({
      id: `b${k}`, at, population: 20 + Math.floor(r() * 300), compound: inside ? 'q' : undefined,
      cohorts: { age0_3: c(), age3_6: c(), age6_12: c(), age60plus: c(), cars: c() },
    });
  }
  const cats = defaults.categories.map((c) => c.id);
  const facilities: NonNullable<FixtureSpec['facilities']> = [];
  for (let k = 0; k < 70; k++) {
    const category = cats[k % cats.length];
    const cx = r() * n * block, cy = r() * n * block;
    const outline = (category === 'park' || category === 'green') && r() < 0.7;
    const w = 30 + r() * 60;
    facilities.push(outline
      ? { id: `f${k}`, category, ring: [[cx, cy], [cx + w, cy], [cx + w, cy + w], [cx, cy + w], [cx, cy]], capacity: 500 + Math.floor(r() * 5000) }
      : { id: `f${k}`, category, at: [cx, cy], capacity: k % 11 === 3 ? null : 10 + Math.floor(r() * 400) });
  }
  const mid = n * block * (0.4 + 0.2 * r());
  return fixture({
    streets, buildings, facilities,
    compounds: [{ id: 'q', ring: [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]], gates: [gate] }],
    communities: [
      { id: 'west', ring: [[-50, -50], [mid, -50], [mid, n * block + 50], [-50, n * block + 50], [-50, -50]] },
      { id: 'east', ring: [[mid, -50], [n * block + 50, -50], [n * block + 50, n * block + 50], [mid, n * block + 50], [mid, -50]] },
    ],
  });
}

const engines: Array<[string, () => Engine]> = [
  ['the district', () => new Engine(loadDatasetDir('data/jidong'))],
  ...[11, 12, 13].map((s) => [`random dataset ${s}`, () => new Engine(randomDataset(s))] as [string, () => Engine]),
];

/** Textbook Dijkstra (binary heap) over the junction graph, labels (distance, source) compared in that order. */
function dijkstra(e: Engine, costs: Costs, seeds: Seeds, cutoff: number): { dist: Float64Array; src: Int32Array } {
  const g = e.graph, J = g.junctionCount;
  const dist = new Float64Array(J).fill(Infinity), src = new Int32Array(J).fill(-1);
  const heap: Array<[number, number, number]> = [];
  const less = (a: [number, number, number], b: [number, number, number]) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
  const push = (v: number, d: number, s: number) => {
    if (!(d <= cutoff) || !(d < dist[v] || (d === dist[v] && s < src[v]))) return;
    dist[v] = d; src[v] = s;
    heap.push([d, s, v]);
    for (let k = heap.length - 1; k > 0;) {
      const p = (k - 1) >> 1;
      if (!less(heap[k], heap[p])) break;
      [heap[k], heap[p]] = [heap[p], heap[k]]; k = p;
    }
  };
  for (let k = 0; k < seeds.count; k++) {
    const v = seeds.node[k], d = seeds.dist[k];
    if (!(d <= cutoff)) continue;
    if (v < J) { push(v, d, seeds.src[k]); continue; }
    const c = g.chainOf[v];
    push(g.chainA[c], d + costs.nodeOff[v], seeds.src[k]);
    push(g.chainB[c], d + (costs.chainCost[c] - costs.nodeOff[v]), seeds.src[k]);
  }
  while (heap.length) {
    const top = heap[0], last = heap.pop()!;
    if (heap.length) {
      heap[0] = last;
      for (let k = 0; ;) {
        const l = 2 * k + 1, rr = l + 1;
        let m = k;
        if (l < heap.length && less(heap[l], heap[m])) m = l;
        if (rr < heap.length && less(heap[rr], heap[m])) m = rr;
        if (m === k) break;
        [heap[k], heap[m]] = [heap[m], heap[k]]; k = m;
      }
    }
    const [d, s, u] = top;
    if (d !== dist[u] || s !== src[u]) continue;
    for (let a = g.jOffsets[u]; a < g.jOffsets[u + 1]; a++) push(g.jTargets[a], d + costs.jArcCost[a], s);
  }
  return { dist, src };
}

/** Every category's serving facilities (indices in the engine's set) with their seeds and search limit. */
function categorySearches(e: Engine, std: Standards) {
  const costs = e.costs(std.profiles[0]);
  const fs = e.facilities;
  return std.categories.map((cs) => {
    const serving = servingCategories(cs.id);
    const idx = fs.ids.map((_, f) => f).filter((f) => serving.includes(fs.category[f]) && fs.access[f].length > 0);
    return { cs, idx, costs, seeds: makeSeeds(e.graph, costs, idx.map((f) => fs.access[f])), limit: searchLimit(cs.threshold_m) };
  });
}

describe('the banded search against a textbook Dijkstra', () => {
  for (const [name, make] of engines) {
    it(`every junction's distance to the bit and the lower-indexed of equally near sources, every category: ${name}`, () => {
      const e = make();
      for (const { costs, seeds, limit } of categorySearches(e, table())) {
        for (const cutoff of [limit, 250]) {
          const ref = dijkstra(e, costs, seeds, cutoff);
          e.searcher.run(costs, seeds.node, seeds.dist, seeds.src, seeds.count, cutoff, false);
          for (let v = 0; v < e.graph.junctionCount; v++) {
            if (!Object.is(e.searcher.dist[v], ref.dist[v]) || e.searcher.src[v] !== ref.src[v]) {
              expect([v, e.searcher.dist[v], e.searcher.src[v]]).toEqual([v, ref.dist[v], ref.src[v]]);
            }
          }
        }
      }
    });
  }

  it('equal walks from two sources name the lower source index, whichever is seeded first', () => {
    // A straight street of integer metres: the node at x=100 is exactly 100 m from both ends.
    const xy = Float64Array.from([0, 0, 50, 0, 100, 0, 150, 0, 200, 0, 100, 0, 100, 80]);
    const g = buildGraph({
      xy, lineStart: Uint32Array.from([0, 5, 7]), lineClass: new Uint8Array(2).fill(CLASS_CODE.get('residential')!),
      lineFootNo: new Uint8Array(2), lineZone: new Int32Array(2).fill(-1),
    });
    const costs = makeCosts(g, DEFAULT_PROFILE);
    const s = new Searcher(g);
    const at = (x: number, y: number) => { for (let v = 0; v < g.nodeCount; v++) if (g.x[v] === x && g.y[v] === y) return v; throw new Error('no node'); };
    for (const order of [[0, 1], [1, 0]]) {
      const ends = [at(0, 0), at(200, 0)];
      s.run(costs, order.map((k) => ends[k]), [0, 0], order, 2, 1000);
      expect(s.dist[at(100, 0)]).toBe(100);
      expect(s.src[at(100, 0)]).toBe(0);
      expect(s.srcOf(at(100, 80))).toBe(0);
      expect(s.srcOf(at(150, 0))).toBe(1);
    }
  });
});

describe('buildings read off their chain ends', () => {
  for (const [name, make] of engines) {
    it(`the analysis's distances and nearest facilities equal pointDistance after a filled search: ${name}`, () => {
      const e = make();
      const std = table();
      const res = analyze(e, std);
      const nb = e.buildingIds.length, s = e.buildingSnaps;
      const d = new Float64Array(1), src = new Int32Array(1);
      for (const { cs, idx, costs, seeds, limit } of categorySearches(e, std)) {
        const got = res.categories[cs.id]!;
        const plain = e.distancesFrom(idx.map((f) => e.facilities.access[f]), limit, std.profiles[0]);
        e.searcher.run(costs, seeds.node, seeds.dist, seeds.src, seeds.count, limit);
        for (let i = 0; i < nb; i++) {
          pointDistance(e.graph, costs, e.searcher, seeds, s.edge[i], s.t[i], s.offset[i], d, src, 0);
          const want = d[0] > limit ? Infinity : d[0], wantNearest = d[0] > limit ? -1 : idx[src[0]];
          if (!Object.is(got.dist[i], want) || got.nearest[i] !== wantNearest || !Object.is(plain.dist[i], want)) {
            expect([cs.id, i, got.dist[i], got.nearest[i], plain.dist[i]]).toEqual([cs.id, i, want, wantNearest, want]);
          }
        }
      }
    });
  }
});

/** 2SFCA the plain way: one search per facility, its catchment every building within d0 by distancesFrom. */
function plainTwoStep(e: Engine, std: Standards, id: CategoryId, decay: 'none' | 'gaussian') {
  const cs = std.categories.find((c) => c.id === id)!;
  const d0 = cs.threshold_m, fs = e.facilities, nb = e.buildingIds.length;
  const w = weights(e.facts, std, cs.cohort);
  const e05 = Math.exp(-0.5);
  const f = (d: number) => (decay === 'gaussian' ? (Math.exp(-0.5 * (d / d0) ** 2) - e05) / (1 - e05) : 1);
  const access = new Float64Array(nb);
  const ratio: number[] = [];
  for (let j = 0; j < fs.ids.length; j++) {
    if (fs.category[j] !== id) continue;
    const cap = fs.capacity[j] ?? 0;
    if (fs.access[j].length === 0 || !(cap > 0)) { ratio.push(0); continue; }
    const { dist } = e.distancesFrom([fs.access[j]], d0, std.profiles[0]);
    let total = 0;
    for (let i = 0; i < nb; i++) if (dist[i] <= d0) total += w[i] * f(dist[i]);
    const R = total > 0 ? cap / total : 0;
    ratio.push(R);
    for (let i = 0; i < nb; i++) if (dist[i] <= d0) access[i] += R * f(dist[i]);
  }
  return { access, ratio };
}

const close = (a: number, b: number) => a === b || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));

describe('2SFCA catchments read chain by chain', () => {
  for (const [name, make] of engines) {
    it(`every facility's catchment equals forEach's after a filled search, and the figures a plain 2SFCA: ${name}`, () => {
      const e = make();
      const std = table();
      const costs = e.costs(std.profiles[0]);
      const ends = new BuildingEnds(e.graph, costs, e.buildingSnaps);
      for (let j = 0; j < e.facilities.ids.length; j++) {
        if (e.facilities.access[j].length === 0) continue;
        const d0 = std.categories.find((c) => c.id === e.facilities.category[j])!.threshold_m;
        const seeds = makeSeeds(e.graph, costs, [e.facilities.access[j]]);
        const want = new Map<number, number>(), got = new Map<number, number>();
        e.searcher.run(costs, seeds.node, seeds.dist, seeds.src, seeds.count, d0);
        e.reach.forEach(e.searcher, costs, seeds, d0, (i, d) => want.set(i, d));
        e.searcher.run(costs, seeds.node, seeds.dist, seeds.src, seeds.count, d0, false);
        const n = e.reach.collectWithin(ends, e.searcher, costs, seeds, d0);
        for (let q = 0; q < n; q++) {
          expect(got.has(e.reach.within[q])).toBe(false);
          got.set(e.reach.within[q], e.reach.withinDist[q]);
        }
        expect(new Map([...got].sort((a, b) => a[0] - b[0]))).toEqual(new Map([...want].sort((a, b) => a[0] - b[0])));
      }
      for (const decay of ['none', 'gaussian'] as const) {
        const res = analyze(e, std, { decay });
        for (const cs of std.categories) {
          const r = res.categories[cs.id]!;
          if (!r.access) continue;
          const plain = plainTwoStep(e, std, cs.id, decay);
          r.facilities.forEach((fl, k) => { if (!close(fl.ratio!, plain.ratio[k])) expect([cs.id, fl.id, fl.ratio]).toEqual([cs.id, fl.id, plain.ratio[k]]); });
          for (let i = 0; i < r.access.length; i++) if (!close(r.access[i], plain.access[i])) expect([cs.id, i, r.access[i]]).toEqual([cs.id, i, plain.access[i]]);
        }
      }
    });
  }
});

/** Gap rows the direct way: per category, hexagons in the order they first meet an uncovered building. */
function plainGaps(e: Engine, std: Standards, res: AnalysisResult) {
  const p = e.facts, K = COHORTS.length;
  const rows: Array<Record<string, number | number[]>> = [];
  for (const cs of std.categories) {
    const r = res.categories[cs.id]!;
    const w = weights(p, std, cs.cohort);
    const hexes = new Map<number, { b: number; beyond: number; w: number; pops: number[]; sum: number; n: number; worst: number; deficit: number; comm: Map<number, number> }>();
    for (let i = 0; i < e.buildingIds.length; i++) {
      const h = p.hexOf[i];
      if (h < 0 || !(w[i] > 0) || r.dist[i] <= cs.threshold_m) continue;
      let x = hexes.get(h);
      if (!x) hexes.set(h, (x = { b: 0, beyond: 0, w: 0, pops: new Array(K).fill(0), sum: 0, n: 0, worst: 0, deficit: 0, comm: new Map() }));
      x.b++; x.w += w[i];
      COHORTS.forEach((c, k) => { x!.pops[k] += p.cohorts[c][i]; });
      if (r.dist[i] < Infinity) { x.sum += r.dist[i]; x.n++; x.worst = Math.max(x.worst, r.dist[i]); } else x.beyond++;
      if (cs.id === 'parking') x.deficit += w[i] * Math.max(0, 1 - r.access![i]);
      x.comm.set(p.buildingCommunity[i], (x.comm.get(p.buildingCommunity[i]) ?? 0) + w[i]);
    }
    for (const [h, x] of hexes) {
      let best = -1, bestW = -Infinity;
      for (const [c, cw] of x.comm) if (cw > bestW) { best = c; bestW = cw; }
      rows.push({
        category: res.gaps.categoryIds.indexOf(cs.id), q: p.hexQ[h], r: p.hexR[h], community: best, buildings: x.b, beyond: x.beyond,
        uncovered: x.w, cohorts: x.pops, meanWalk: x.n ? x.sum / x.n : NaN, worstWalk: x.beyond ? NaN : x.worst,
        deficit: cs.id === 'parking' ? x.deficit : NaN,
      });
    }
  }
  return rows;
}

describe('gap hexagons', () => {
  for (const [name, make] of engines) {
    it(`every row equals a direct aggregation, in the same order: ${name}`, () => {
      const e = make();
      const std = table();
      const res = analyze(e, std);
      const t = res.gaps, K = COHORTS.length;
      const want = plainGaps(e, std, res);
      expect(t.count).toBe(want.length);
      want.forEach((row, k) => {
        const got = {
          category: t.category[k], q: t.q[k], r: t.r[k], community: t.community[k], buildings: t.buildings[k], beyond: t.beyond[k],
          uncovered: t.uncovered[k], cohorts: Array.from(t.cohorts.subarray(k * K, k * K + K)), meanWalk: t.meanWalk[k],
          worstWalk: t.worstWalk[k], deficit: t.deficit[k],
        };
        expect(got).toEqual(row);
      });
    });
  }
});
