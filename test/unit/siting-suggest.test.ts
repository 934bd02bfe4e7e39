// Suggested sites against brute force: on instances small enough to enumerate, every method must
// find the optimum, keep existing facilities, stay within the allowed locations, and report a bound
// that really bounds the optimum. Distances for the brute force come from whole multi-source runs
// of the engine (validated against Floyd–Warshall elsewhere), not from the siting code's own lists.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../workers/engine.ts';
import { parseStandards, type Standards } from '../../workers/analysis/standards.ts';
import { weights } from '../../workers/analysis/coverage.ts';
import { suggest } from '../../workers/siting/suggest.ts';
import type { SuggestRequest } from '../../workers/siting/types.ts';
import type { SnapRef } from '../../workers/routing/access.ts';
import type { CategoryId } from '../../workers/model/dataset.ts';
import { pointInPolygon, toLonLat, toXY } from '../../workers/model/geo.ts';
import { loadDatasetDir } from '../../scripts/lib/load.ts';
import defaults from '../../data/standards/gb50180-2018.json';
import { fixture, rng } from './fixtures.ts';

const table = (): Standards => parseStandards(structuredClone(defaults));

function* subsets(n: number, k: number, from = 0, acc: number[] = []): Generator<number[]> {
  if (acc.length === k) { yield acc; return; }
  for (let j = from; j <= n - (k - acc.length); j++) yield* subsets(n, k, j + 1, [...acc, j]);
}

/** Per candidate, the walk from every building with only that candidate; and the walk to the facilities in force. */
function walks(e: Engine, std: Standards, category: CategoryId, sites: SnapRef[]) {
  const cs = std.categories.find((c) => c.id === category)!;
  const limit = Math.max(2 * cs.threshold_m, 1000);
  const own = e.categorySources(category).refs.filter((r) => r.length > 0);
  const base = own.length ? e.distancesFrom(own, limit).dist : new Float64Array(e.buildingIds.length).fill(Infinity);
  const cand = sites.map((r) => e.distancesFrom([[r]], limit).dist);
  return { cs, limit, base, cand };
}

describe('suggested sites on the embedded district (30 candidate sites)', () => {
  const ds = loadDatasetDir('data/jidong');
  const e = new Engine(ds);
  const std = table();
  const profile = std.profiles[0];
  const siteRefs: SnapRef[] = [];
  const siteIds: string[] = [];
  for (let k = 0; k < e.siteIds.length; k++) {
    const s = e.snapXY(e.siteXY[2 * k], e.siteXY[2 * k + 1]);
    if (s.ref) { siteRefs.push(s.ref); siteIds.push(e.siteIds[k]); }
  }
  const req = (over: Partial<SuggestRequest>): SuggestRequest => ({ category: 'health_station', method: 'mclp', k: 1, useSites: true, timeLimitS: 20, ...over });

  it('has enough sites to make the test mean something', () => {
    expect(siteRefs.length).toBeGreaterThanOrEqual(25);
  });

  for (const category of ['health_station', 'elderly_daycare'] as CategoryId[]) {
    it(`maximal covering for ${category} equals the brute-force optimum for k = 1..4, with a true bound`, async () => {
      const { cs, base, cand } = walks(e, std, category, siteRefs);
      const w = weights(e.facts, std, cs.cohort);
      const covered = (S: number[]) => {
        let s = 0;
        for (let i = 0; i < w.length; i++) {
          let d = base[i];
          for (const j of S) if (cand[j][i] < d) d = cand[j][i];
          if (d <= cs.threshold_m) s += w[i];
        }
        return s;
      };
      const before = covered([]);
      for (let k = 1; k <= 4; k++) {
        let best = -1;
        for (const S of subsets(siteRefs.length, k)) best = Math.max(best, covered(S));
        const r = await suggest(e, std, profile, req({ category, k }));
        expect(r.picks).toHaveLength(k);
        expect(r.coveredBefore).toBeCloseTo(before, 6);
        const picked = r.picks.map((p) => siteIds.indexOf(p.site_id!));
        expect(picked.every((j) => j >= 0)).toBe(true);
        expect(covered(picked)).toBeCloseTo(best, 6);
        expect(r.coveredAfter).toBeCloseTo(best, 6);
        expect(r.objective + before).toBeCloseTo(best, 6);
        expect(r.bound + before).toBeGreaterThanOrEqual(best - 1e-6);
        expect(r.optimality_gap).toBeLessThan(1e-6);
        expect(r.picks.reduce((s, p) => s + p.gain, 0)).toBeCloseTo(best - before, 6);
      }
    });
  }

  it('least total walk (p-median) equals the brute-force optimum for k = 1..3', async () => {
    const { cs, limit, base, cand } = walks(e, std, 'health_station', siteRefs);
    const w = weights(e.facts, std, cs.cohort);
    const total = (S: number[]) => {
      let s = 0;
      for (let i = 0; i < w.length; i++) {
        if (!(w[i] > 0)) continue;
        let d = Math.min(base[i], limit);
        for (const j of S) if (cand[j][i] < d) d = cand[j][i];
        s += w[i] * d;
      }
      return s;
    };
    for (let k = 1; k <= 3; k++) {
      let best = Infinity;
      for (const S of subsets(siteRefs.length, k)) best = Math.min(best, total(S));
      const r = await suggest(e, std, profile, req({ method: 'pmedian', k }));
      const picked = r.picks.map((p) => siteIds.indexOf(p.site_id!));
      expect(total(picked)).toBeCloseTo(best, 3);
      expect(r.objective).toBeCloseTo(best, 3);
      expect(r.bound).toBeLessThanOrEqual(best + 1e-6);
    }
  });

  it('capacity-aware covering equals the brute-force optimum (max flow per set) for k = 1..2', async () => {
    const { cs, base, cand } = walks(e, std, 'nursery', siteRefs);
    const q = cs.quota!;
    const dem = weights(e.facts, std, q.base).map((v, i) => (base[i] <= cs.threshold_m ? 0 : (v * q.value) / q.per));
    const cap = 40;
    const served = (S: number[]) => maxFlow(dem, S.map((j) => Array.from(cand[j], (d) => d <= cs.threshold_m)), cap);
    for (let k = 1; k <= 2; k++) {
      let best = 0;
      for (const S of subsets(siteRefs.length, k)) best = Math.max(best, served(S));
      const r = await suggest(e, std, profile, req({ category: 'nursery', method: 'capacitated', k, capacity: cap }));
      const picked = r.picks.map((p) => siteIds.indexOf(p.site_id!));
      expect(served(picked)).toBeCloseTo(best, 4);
      expect(r.objective).toBeCloseTo(best, 4);
      expect(r.bound).toBeGreaterThanOrEqual(best - 1e-6);
    }
  });

  it('keeps candidates inside a drawn area and on the network', async () => {
    const [x0, y0] = toXY(e.proj, ds.meta.center[0], ds.meta.center[1]);
    const ring = [[-600, -600], [600, -600], [600, 600], [-600, 600], [-600, -600]].map(([dx, dy]) => toLonLat(e.proj, x0 + dx, y0 + dy) as [number, number]);
    const r = await suggest(e, std, profile, req({ useSites: false, area: ring, spacing_m: 60, k: 3 }));
    expect(r.candidates).toBeGreaterThan(20);
    expect(r.picks).toHaveLength(3);
    const rings = [Float64Array.from(ring.flatMap(([lon, lat]) => toXY(e.proj, lon, lat)))];
    for (const p of r.picks) {
      const [x, y] = toXY(e.proj, p.position[0], p.position[1]);
      expect(pointInPolygon(x, y, rings)).toBe(true);
      expect(p.site_id).toBeNull();
    }
    expect(r.bound).toBeGreaterThanOrEqual(r.objective - 1e-6);
  });

  it('refuses absurd requests with a clear message', async () => {
    await expect(suggest(e, std, profile, req({ k: 0 }))).rejects.toThrow(/whole number from 1/);
    await expect(suggest(e, std, profile, req({ k: 2.5 }))).rejects.toThrow(/whole number/);
    await expect(suggest(e, std, profile, req({ category: 'market', method: 'capacitated' }))).rejects.toThrow(/not counted/);
    await expect(suggest(e, std, profile, req({ useSites: false }))).rejects.toThrow(/no candidate locations/);
    await expect(suggest(e, std, profile, req({ useSites: false, area: [[0, 0], [1, 0], [1, 1]], spacing_m: 1 }))).rejects.toThrow(/at least 10 m/);
  });

  it('stops when cancelled', async () => {
    let calls = 0;
    const r = await suggest(e, std, profile, req({ k: 3 }), { cancelled: () => ++calls > 1 });
    expect(r.cancelled).toBe(true);
    expect(r.picks).toEqual([]);
  });
});

describe('fewest sites to cover everyone (set cover) against enumeration', () => {
  it('finds the minimum number of sites on random street grids', async () => {
    const random = rng(11);
    for (let trial = 0; trial < 4; trial++) {
      // A 1200 m street with buildings along it and 12 candidate points; the nursery threshold is 300 m.
      const buildings = Array.from({ length: 30 }, (_, i) => ({ id: `b${i}`, at: [random() * 1200, 5] as [number, number], cohorts: { age0_3: 1 + Math.floor(random() * 5) } }));
      const ds = fixture({
        streets: [{ pts: [[0, 0], [1200, 0]] }],
        communities: [{ id: 'all', ring: [[-10, -100], [1210, -100], [1210, 100], [-10, 100], [-10, -100]] }],
        buildings,
        sites: Array.from({ length: 12 }, (_, j) => ({ id: `s${j}`, at: [random() * 1200, 10] as [number, number] })),
      });
      const e = new Engine(ds);
      const std = table();
      const siteRefs = Array.from({ length: e.siteIds.length }, (_, k) => e.snapXY(e.siteXY[2 * k], e.siteXY[2 * k + 1]).ref!);
      const { cs, cand } = walks(e, std, 'nursery', siteRefs);
      const coverable = buildings.map((_, i) => cand.some((d) => d[i] <= cs.threshold_m));
      const coversAll = (S: number[]) => coverable.every((c, i) => !c || S.some((j) => cand[j][i] <= cs.threshold_m));
      let min = -1;
      for (let k = 1; k <= siteRefs.length && min < 0; k++) for (const S of subsets(siteRefs.length, k)) if (coversAll(S)) { min = k; break; }
      const r = await suggest(e, std, std.profiles[0], { category: 'nursery', method: 'lscp', k: 1, useSites: true, timeLimitS: 20 });
      const picked = r.picks.map((p) => e.siteIds.indexOf(p.site_id!));
      expect(coversAll(picked)).toBe(true);
      expect(r.picks).toHaveLength(min);
      expect(r.bound).toBeLessThanOrEqual(min);
      expect(r.optimality_gap).toBe(0);
    }
  });
});

/** Max flow from buildings (supply = demand) to open sites (capacity each), Edmonds–Karp on a dense graph. */
function maxFlow(dem: Float64Array, reach: boolean[][], cap: number): number {
  const users = [...dem.keys()].filter((i) => dem[i] > 0 && reach.some((r) => r[i]));
  const n = 2 + users.length + reach.length, S = 0, T = n - 1;
  const c = Array.from({ length: n }, () => new Float64Array(n));
  users.forEach((i, u) => {
    c[S][1 + u] = dem[i];
    reach.forEach((r, j) => { if (r[i]) c[1 + u][1 + users.length + j] = Infinity; });
  });
  reach.forEach((_, j) => { c[1 + users.length + j][T] = cap; });
  let flow = 0;
  for (;;) {
    const prev = new Int32Array(n).fill(-1);
    prev[S] = S;
    const queue = [S];
    while (queue.length && prev[T] < 0) {
      const u = queue.shift()!;
      for (let v = 0; v < n; v++) if (prev[v] < 0 && c[u][v] > 1e-12) { prev[v] = u; queue.push(v); }
    }
    if (prev[T] < 0) return flow;
    let f = Infinity;
    for (let v = T; v !== S; v = prev[v]) f = Math.min(f, c[prev[v]][v]);
    for (let v = T; v !== S; v = prev[v]) { c[prev[v]][v] -= f; c[v][prev[v]] += f; }
    flow += f;
  }
}

describe('default capacity of a new facility', () => {
  it('applies the quota to the cohort within the threshold at average density, else the average existing capacity', async () => {
    const { defaultCapacities } = await import('../../workers/siting/capacity.ts');
    // One community of 2000 m × 1000 m holding 20,000 residents: 0.01 residents per m².
    const ds = fixture({
      streets: [{ pts: [[0, 0], [2000, 0]] }],
      communities: [{ id: 'c', ring: [[0, -500], [2000, -500], [2000, 500], [0, 500], [0, -500]] }],
      buildings: Array.from({ length: 20 }, (_, i) => ({ id: `b${i}`, at: [50 + i * 100, 5] as [number, number], population: 1000 })),
      facilities: [{ id: 'k1', category: 'kindergarten', at: [100, 0], capacity: 200 }, { id: 'k2', category: 'kindergarten', at: [900, 0], capacity: 100 }],
    });
    const caps = defaultCapacities(new Engine(ds), table());
    // Nursery: 4.5 places per 1000 residents × 0.01 /m² × π × 300² m².
    expect(caps.nursery).toBe(Math.round(4.5 / 1000 * 0.01 * Math.PI * 300 ** 2));
    expect(caps.kindergarten).toBe(150);
    expect(caps.bus_stop).toBeNull();
  });
});
