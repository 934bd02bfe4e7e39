import { describe, expect, it } from 'vitest';
import { buildGraph, type Graph } from '../../workers/network/graph.ts';
import { CLASS_CODE, type StreetArrays } from '../../workers/network/network.ts';
import { makeCosts, DEFAULT_PROFILE } from '../../workers/network/profile.ts';
import { Searcher } from '../../workers/routing/search.ts';
import { Engine } from '../../workers/engine.ts';
import { fixture, rng } from './fixtures.ts';

function arraysFromEdges(pts: [number, number][], edges: [number, number][], cls = 'residential'): StreetArrays {
  const xy = new Float64Array(edges.length * 4);
  edges.forEach(([a, b], k) => xy.set([pts[a][0], pts[a][1], pts[b][0], pts[b][1]], 4 * k));
  return {
    xy,
    lineStart: Uint32Array.from({ length: edges.length + 1 }, (_, k) => 2 * k),
    lineClass: new Uint8Array(edges.length).fill(CLASS_CODE.get(cls)!),
    lineFootNo: new Uint8Array(edges.length),
    lineZone: new Int32Array(edges.length).fill(-1),
  };
}

function nodeOf(g: Graph, p: [number, number]): number {
  for (let i = 0; i < g.nodeCount; i++) if (g.x[i] === p[0] && g.y[i] === p[1]) return i;
  throw new Error('no node at point');
}

/** Floyd–Warshall over the fixture's own edge list: the brute-force reference. */
function allPairs(pts: [number, number][], edges: [number, number][]): number[][] {
  const n = pts.length;
  const d = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 0 : Infinity)));
  for (const [a, b] of edges) {
    const w = Math.fround(Math.hypot(pts[a][0] - pts[b][0], pts[a][1] - pts[b][1]));
    if (a !== b && w < d[a][b]) { d[a][b] = w; d[b][a] = w; }
  }
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    if (d[i][k] + d[k][j] < d[i][j]) d[i][j] = d[i][k] + d[k][j];
  }
  return d;
}

describe('multi-source search against brute force', () => {
  for (let trial = 0; trial < 25; trial++) {
    it(`random graph ${trial}`, () => {
      const r = rng(1000 + trial);
      const n = 8 + Math.floor(r() * 30);
      const pts: [number, number][] = Array.from({ length: n }, () => [Math.round(r() * 2000), Math.round(r() * 2000)]);
      const edges: [number, number][] = [];
      const m = n + Math.floor(r() * n * 1.5);
      for (let k = 0; k < m; k++) {
        const a = Math.floor(r() * n), b = Math.floor(r() * n);
        if (a !== b) edges.push([a, b]);
      }
      // Some random points coincide; dedupe them in the reference the way the graph merges vertices.
      const key = pts.map((p) => `${p[0]},${p[1]}`);
      const canon = pts.map((_, i) => key.indexOf(key[i]));
      const cEdges = edges.map(([a, b]) => [canon[a], canon[b]] as [number, number]).filter(([a, b]) => a !== b);
      const ref = allPairs(pts, cEdges);
      const g = buildGraph(arraysFromEdges(pts, edges));
      const costs = makeCosts(g, DEFAULT_PROFILE);
      const s = new Searcher(g);
      const used = [...new Set(cEdges.flat())];
      for (let rep = 0; rep < 3; rep++) {
        const sources = used.filter(() => r() < 0.25).slice(0, 4);
        if (sources.length === 0) sources.push(used[0]);
        const cutoff = rep === 2 ? 900 : 1e6;
        const nodes = sources.map((p) => nodeOf(g, pts[p]));
        s.run(costs, nodes, sources.map(() => 0), sources.map((_, k) => k), sources.length, cutoff);
        for (const p of used) {
          const v = nodeOf(g, pts[p]);
          const best = Math.min(...sources.map((q) => ref[q][p]));
          if (best > cutoff) {
            expect(s.dist[v]).toBe(Infinity);
            expect(s.src[v]).toBe(-1);
          } else {
            expect(s.dist[v]).toBeCloseTo(best, 3);
            expect(ref[sources[s.src[v]]][p]).toBeCloseTo(best, 3);
          }
        }
      }
    });
  }

  for (let trial = 0; trial < 15; trial++) {
    it(`random graph with long degree-2 chains, seeded inside chains ${trial}`, () => {
      const r = rng(5000 + trial);
      const n0 = 5 + Math.floor(r() * 10);
      const pts: [number, number][] = Array.from({ length: n0 }, () => [Math.round(r() * 3000), Math.round(r() * 3000)]);
      const key = (p: [number, number]) => `${p[0]},${p[1]}`;
      if (new Set(pts.map(key)).size !== pts.length) return;
      const edges: [number, number][] = [];
      // Every base edge becomes a chain of 1–6 pieces through shape points, as OSM ways are drawn.
      for (let k = 0; k < n0 + Math.floor(r() * n0); k++) {
        const a = Math.floor(r() * n0), b = Math.floor(r() * n0);
        if (a === b) continue;
        const pieces = 1 + Math.floor(r() * 6);
        let prev = a;
        for (let s = 1; s <= pieces; s++) {
          let idx = b;
          if (s < pieces) {
            const f = s / pieces;
            pts.push([pts[a][0] + (pts[b][0] - pts[a][0]) * f + 0.37 * k, pts[a][1] + (pts[b][1] - pts[a][1]) * f + 0.11 * s]);
            idx = pts.length - 1;
          }
          edges.push([prev, idx]);
          prev = idx;
        }
      }
      if (edges.length === 0) return;
      const keys = pts.map(key);
      const canon = pts.map((_, i) => keys.indexOf(keys[i]));
      const cEdges = edges.map(([a, b]) => [canon[a], canon[b]] as [number, number]).filter(([a, b]) => a !== b);
      const ref = allPairs(pts, cEdges);
      const g = buildGraph(arraysFromEdges(pts, edges));
      expect(g.junctionCount).toBeLessThan(g.nodeCount);
      const costs = makeCosts(g, DEFAULT_PROFILE);
      const s = new Searcher(g);
      const used = [...new Set(cEdges.flat())];
      for (let rep = 0; rep < 4; rep++) {
        const sources = used.filter(() => r() < 0.15).slice(0, 5);
        if (sources.length === 0) sources.push(used[used.length - 1]);
        const cutoff = rep % 2 ? 1200 : 1e6;
        const nodes = sources.map((p) => nodeOf(g, pts[p]));
        const starts = sources.map(() => Math.round(r() * 50));
        s.run(costs, nodes, starts, sources.map((_, k) => k), sources.length, cutoff);
        for (const p of used) {
          const v = nodeOf(g, pts[p]);
          const best = Math.min(...sources.map((q, k) => starts[k] + ref[q][p]));
          if (best > cutoff) expect(s.dist[v]).toBe(Infinity);
          else {
            expect(s.dist[v]).toBeCloseTo(best, 3);
            expect(starts[s.src[v]] + ref[sources[s.src[v]]][p]).toBeCloseTo(best, 3);
          }
        }
        const reached = new Set(s.reached());
        for (const p of used) expect(reached.has(nodeOf(g, pts[p]))).toBe(s.dist[nodeOf(g, pts[p])] < Infinity);
        // Without filling chain interiors, distOf/srcOf give every node the same answer.
        const filled = Float64Array.from(s.dist), filledSrc = Int32Array.from(s.src);
        s.run(costs, nodes, starts, sources.map((_, k) => k), sources.length, cutoff, false);
        for (let v = 0; v < g.nodeCount; v++) {
          expect(s.distOf(v)).toBe(filled[v]);
          expect(s.srcOf(v)).toBe(filledSrc[v]);
        }
      }
    });
  }

  it('a small search on a large graph (chains expanded from reached junctions) matches a reference', () => {
    // 25 × 25 grid, 100 m blocks, each block side drawn with 3 shape points: most nodes are degree 2.
    const pts: [number, number][] = [];
    const id = new Map<string, number>();
    const at = (x: number, y: number) => {
      const k = `${x},${y}`;
      if (!id.has(k)) { id.set(k, pts.length); pts.push([x, y]); }
      return id.get(k)!;
    };
    const edges: [number, number][] = [];
    for (let i = 0; i <= 25; i++) {
      for (let j = 0; j < 25; j++) {
        for (const [x0, y0, dx, dy] of [[i * 100, j * 100, 0, 25], [j * 100, i * 100, 25, 0]]) {
          for (let s = 0; s < 4; s++) edges.push([at(x0 + dx * s, y0 + dy * s), at(x0 + dx * (s + 1), y0 + dy * (s + 1))]);
        }
      }
    }
    const g = buildGraph(arraysFromEdges(pts, edges));
    const costs = makeCosts(g, DEFAULT_PROFILE);
    const s = new Searcher(g);
    // Sources: a junction and a shape point; cutoff 180 m reaches only a few junctions of 676.
    const sources = [at(1200, 1200), at(500, 525)];
    s.run(costs, sources.map((p) => nodeOf(g, pts[p])), [0, 0], [0, 1], 2, 180);
    expect(s.reached().length).toBeLessThan(g.nodeCount / 8);
    // Reference: grid walking distance is Manhattan distance along the lines.
    for (let k = 0; k < pts.length; k++) {
      const [x, y] = pts[k];
      const ref = Math.min(...sources.map((q) => {
        const [sx, sy] = pts[q];
        // Both points lie on grid lines; on the same line segment run, or via corners.
        const onV = (px: number) => px % 100 === 0;
        if ((onV(x) && onV(sx) && x === sx) || (y % 100 === 0 && sy % 100 === 0 && y === sy)) return Math.abs(x - sx) + Math.abs(y - sy);
        let best = Infinity;
        for (const [cx, cy] of [[Math.floor(x / 100) * 100, Math.floor(y / 100) * 100], [Math.ceil(x / 100) * 100, Math.ceil(y / 100) * 100]]) {
          for (const [ex, ey] of [[Math.floor(sx / 100) * 100, Math.floor(sy / 100) * 100], [Math.ceil(sx / 100) * 100, Math.ceil(sy / 100) * 100]]) {
            best = Math.min(best, Math.abs(x - cx) + Math.abs(y - cy) + Math.abs(cx - ex) + Math.abs(cy - ey) + Math.abs(ex - sx) + Math.abs(ey - sy));
          }
        }
        return best;
      }));
      const v = nodeOf(g, pts[k]);
      if (ref <= 180) expect(s.dist[v]).toBeCloseTo(ref, 3);
      else expect(s.dist[v]).toBe(Infinity);
    }
  });

  it('a ring with no junction still gets correct distances', () => {
    const pts: [number, number][] = [[0, 0], [100, 0], [100, 100], [0, 100]];
    const g = buildGraph(arraysFromEdges(pts, [[0, 1], [1, 2], [2, 3], [3, 0]]));
    expect(g.junctionCount).toBe(1);
    const costs = makeCosts(g, DEFAULT_PROFILE);
    const s = new Searcher(g);
    s.run(costs, [nodeOf(g, [100, 0])], [0], [0], 1, 1000);
    expect(s.dist[nodeOf(g, [0, 0])]).toBeCloseTo(100, 4);
    expect(s.dist[nodeOf(g, [0, 100])]).toBeCloseTo(200, 4);
    expect(s.dist[nodeOf(g, [100, 100])]).toBeCloseTo(100, 4);
  });

  it('reuses its buffers: a second run does not see the first', () => {
    const pts: [number, number][] = [[0, 0], [100, 0], [200, 0]];
    const g = buildGraph(arraysFromEdges(pts, [[0, 1], [1, 2]]));
    const costs = makeCosts(g, DEFAULT_PROFILE);
    const s = new Searcher(g);
    s.run(costs, [nodeOf(g, [0, 0])], [0], [0], 1, 1000);
    expect(s.dist[nodeOf(g, [200, 0])]).toBeCloseTo(200, 4);
    s.run(costs, [nodeOf(g, [200, 0])], [0], [7], 1, 50);
    expect(s.dist[nodeOf(g, [0, 0])]).toBe(Infinity);
    expect(s.dist[nodeOf(g, [200, 0])]).toBe(0);
    expect(s.src[nodeOf(g, [200, 0])]).toBe(7);
  });
});

describe('hand-drawn fixtures', () => {
  it('square block: opposite corner is two sides away', () => {
    // 100 m square; a clinic at the SW corner, a home 1 m off the NE corner.
    const ds = fixture({
      streets: [{ pts: [[0, 0], [100, 0], [100, 100], [0, 100], [0, 0]] }],
      facilities: [{ id: 'f', category: 'health_station', at: [0, 0] }],
      buildings: [{ id: 'b', at: [101, 101] }],
    });
    const e = new Engine(ds);
    const d = e.distancesFrom(e.categorySources('health_station').refs, 1000);
    // 200 m along the block plus the straight step from (101,101) to the corner (√2 m).
    expect(d.dist[0]).toBeCloseTo(200 + Math.SQRT2, 2);
  });

  it('cul-de-sac: the only way out is back along the spur', () => {
    // Main street y=0 from x=0..400; spur from (200,0) north to (200,150). Home at the spur's end,
    // clinic at (0,0). Walk: 150 down the spur + 200 along the street.
    const ds = fixture({
      streets: [{ pts: [[0, 0], [200, 0], [400, 0]] }, { pts: [[200, 0], [200, 150]] }],
      facilities: [{ id: 'f', category: 'health_station', at: [0, 0] }],
      buildings: [{ id: 'b', at: [205, 150] }],
    });
    const e = new Engine(ds);
    const d = e.distancesFrom(e.categorySources('health_station').refs, 2000);
    expect(d.dist[0]).toBeCloseTo(5 + 150 + 200, 2);
  });

  it('bridge: lines that cross without a shared vertex do not connect', () => {
    // A footbridge north–south over an east–west street; they cross at (100,0) with no shared vertex.
    // The bridge's ends join the street network only far away at (100,-300)...(0,-300)...(0,0).
    const ds = fixture({
      streets: [
        { pts: [[0, 0], [200, 0]] },
        { pts: [[100, 100], [100, -300]], cls: 'footway' },
        { pts: [[100, -300], [0, -300], [0, 0]] },
      ],
      facilities: [{ id: 'f', category: 'market', at: [200, 0] }],
      buildings: [{ id: 'b', at: [100, 100] }],
    });
    const e = new Engine(ds);
    const d = e.distancesFrom(e.categorySources('market').refs, 5000);
    // Down the bridge 400, west 100, north 300, east 200 = 1000 m, not 100 + 100 through the crossing.
    expect(d.dist[0]).toBeCloseTo(1000, 1);
  });

  it('gate: a resident 5 m from the street behind the wall walks round to the gate', () => {
    // Public street y=0. Compound 0..200 x 10..210 with one gate at (190,10). Internal path from the
    // gate north to (190,60) then west to (20,60). Home at (20,15): 5 m from the street through the
    // wall, but it may only join the internal path (45 m away at (20,60)).
    const ds = fixture({
      streets: [
        { pts: [[0, 0], [100, 0], [190, 0], [200, 0]] },
        { pts: [[190, 0], [190, 10]], cls: 'footway' },
        { pts: [[190, 10], [190, 60], [20, 60]], cls: 'footway', compound: 'q' },
      ],
      compounds: [{ id: 'q', ring: [[0, 10], [200, 10], [200, 210], [0, 210], [0, 10]], gates: [[190, 10]] }],
      facilities: [{ id: 'f', category: 'convenience', at: [100, -5] }],
      buildings: [{ id: 'b', at: [20, 15], compound: 'q' }],
    });
    const e = new Engine(ds);
    const d = e.distancesFrom(e.categorySources('convenience').refs, 5000);
    // 45 (to path) + 170 (west→east on path) + 50 (south to gate) + 10 (gate link) + 90 (to x=100) + 5 (shop offset)
    expect(d.dist[0]).toBeCloseTo(45 + 170 + 50 + 10 + 90 + 5, 1);
  });

  it('profiles: steps cost more, and the elderly profile pays for crossing an arterial', () => {
    const ds = fixture({
      streets: [
        { pts: [[0, 0], [100, 0]], cls: 'steps' },
        { pts: [[100, 0], [200, 0]], cls: 'residential' },
        { pts: [[200, -100], [200, 0], [200, 100]], cls: 'primary' },
        { pts: [[200, 0], [300, 0]], cls: 'residential' },
      ],
      facilities: [{ id: 'f', category: 'park', at: [0, 0] }],
      buildings: [{ id: 'b', at: [300, 0] }],
    });
    const e = new Engine(ds);
    const refs = e.categorySources('park').refs;
    const plain = e.distancesFrom(refs, 5000, { ...e.costs().profile, steps_factor: 1, crossing_penalty_m: 0 });
    expect(plain.dist[0]).toBeCloseTo(300, 3);
    const elderly = e.distancesFrom(refs, 5000, { id: 'e', name_zh: '', name_en: '', speed_m_per_min: 50, steps_factor: 3, crossing_penalty_m: 40 });
    // Steps 100 × 3, plus 20 entering and 20 leaving the arterial node at (200,0).
    expect(elderly.dist[0]).toBeCloseTo(300 + 200 + 200 - 200 + 40, 3);
  });

  it('a source partway along an edge reaches a point on the same edge directly', () => {
    const ds = fixture({
      streets: [{ pts: [[0, 0], [1000, 0]] }],
      facilities: [{ id: 'f', category: 'market', at: [400, 10] }],
      buildings: [{ id: 'b', at: [450, -20] }],
    });
    const e = new Engine(ds);
    const d = e.distancesFrom(e.categorySources('market').refs, 500);
    expect(d.dist[0]).toBeCloseTo(10 + 50 + 20, 2);
  });
});
