// Exact solves and proven bounds with HiGHS (MIP, WebAssembly). The heuristic's answer is given as
// the starting incumbent, so a solve cut short by its time limit is never worse than the heuristic,
// and HiGHS's dual bound proves how far from the optimum the answer can be.

import type { Highs } from 'highs';
import type { MaxCoverProblem } from './heuristics.ts';
import type { SitingInstance } from './instance.ts';

let loader: () => Promise<Highs> = async () => (await import('highs')).default();
let instance: Promise<Highs> | null = null;

/** The browser worker points HiGHS at its bundled .wasm; Node finds it beside the package. */
export function setHighsLoader(load: () => Promise<Highs>): void {
  loader = load;
  instance = null;
}

function highs(): Promise<Highs> {
  if (!instance) instance = loader();
  return instance;
}

/** Models past this many nonzeros are left to the heuristic and its online bound. */
export const MAX_NONZEROS = 400_000;

export interface ExactResult {
  /** Chosen candidates (columns 0..n-1 at 1), or null when the solver found no solution. */
  picks: number[] | null;
  objective: number;
  /** Proven bound on the optimum: upper when maximising, lower when minimising. */
  bound: number;
  optimal: boolean;
}

class ModelBuilder {
  cost: number[] = [];
  lower: number[] = [];
  upper: number[] = [];
  integer: number[] = [];
  rowLower: number[] = [];
  rowUpper: number[] = [];
  starts: number[] = [0];
  indices: number[] = [];
  values: number[] = [];
  col(cost: number, lo: number, hi: number, integer: boolean): number {
    this.cost.push(cost); this.lower.push(lo); this.upper.push(hi); this.integer.push(integer ? 1 : 0);
    return this.cost.length - 1;
  }
  row(lo: number, hi: number, cols: ArrayLike<number>, vals: ArrayLike<number>) {
    for (let q = 0; q < cols.length; q++) { this.indices.push(cols[q]); this.values.push(vals[q]); }
    this.starts.push(this.indices.length);
    this.rowLower.push(lo); this.rowUpper.push(hi);
  }
  get nonzeros() { return this.indices.length; }

  async solve(sense: 'max' | 'min', n: number, start: number[], timeLimitS: number): Promise<ExactResult> {
    const h = await highs();
    const inf = h.infinity;
    const model = h.createModel();
    try {
      model.passModel({
        numCols: this.cost.length, numRows: this.rowLower.length,
        sense: sense === 'max' ? h.constants.objectiveSense.maximize : h.constants.objectiveSense.minimize,
        colCost: this.cost, colLower: this.lower, colUpper: this.upper,
        rowLower: this.rowLower.map((v) => (v === -Infinity ? -inf : v)), rowUpper: this.rowUpper.map((v) => (v === Infinity ? inf : v)),
        matrix: { format: 'csr', numRows: this.rowLower.length, numCols: this.cost.length, starts: this.starts, indices: this.indices, values: this.values },
        integrality: this.integer as Array<0 | 1>,
      });
      model.options.set({ time_limit: Math.max(0.05, timeLimitS), output_flag: false, mip_rel_gap: 1e-9 });
      try {
        model.setSolution({ colValue: start });
      } catch {
        // A start HiGHS rejects only costs it the warm start; the solve still proceeds.
      }
      model.run();
      const status = model.getModelStatus();
      const optimal = status === h.constants.modelStatus.optimal;
      const hasPrimal = Number(model.info.get('primal_solution_status')) === 2;
      const objective = hasPrimal ? model.getObjectiveValue() : NaN;
      let bound = Number(model.info.get('mip_dual_bound'));
      if (optimal) bound = objective;
      if (!Number.isFinite(bound)) bound = sense === 'max' ? Infinity : -Infinity;
      let picks: number[] | null = null;
      if (hasPrimal) {
        const x = model.getSolution().colValue;
        picks = [];
        for (let j = 0; j < n; j++) if (x[j] > 0.5) picks.push(j);
      }
      return { picks, objective, bound, optimal };
    } finally {
      model.dispose();
    }
  }
}

/** Buildings grouped by the exact set of candidates covering them: identical rows merge into one. */
function demandRows(p: MaxCoverProblem): { cands: number[][]; weight: number[] } {
  const lists: number[][] = Array.from({ length: p.buildings }, () => []);
  const weight = new Float64Array(p.buildings);
  for (let j = 0; j < p.n; j++) {
    for (let e = p.start[j]; e < p.start[j + 1]; e++) {
      if (p.val[e] <= 0) continue;
      lists[p.bld[e]].push(j);
      weight[p.bld[e]] = p.val[e];
    }
  }
  const byKey = new Map<string, number>();
  const cands: number[][] = [], w: number[] = [];
  for (let i = 0; i < p.buildings; i++) {
    if (lists[i].length === 0) continue;
    const key = lists[i].join(',');
    const r = byKey.get(key);
    if (r === undefined) { byKey.set(key, cands.length); cands.push(lists[i]); w.push(weight[i]); } else w[r] += weight[i];
  }
  return { cands, weight: w };
}

const ones = (n: number) => new Array<number>(n).fill(1);

/** Maximal covering: x_j binary, y_r ≤ Σ x_j over r's candidates, Σ x_j = k. */
export async function solveCovering(p: MaxCoverProblem, k: number, start: number[], timeLimitS: number): Promise<ExactResult | null> {
  const rows = demandRows(p);
  const b = new ModelBuilder();
  for (let j = 0; j < p.n; j++) b.col(0, 0, 1, true);
  const y = rows.weight.map((w) => b.col(w, 0, 1, false));
  rows.cands.forEach((cs, r) => b.row(-Infinity, 0, [y[r], ...cs], [1, ...cs.map(() => -1)]));
  b.row(k, k, Array.from({ length: p.n }, (_, j) => j), ones(p.n));
  if (b.nonzeros > MAX_NONZEROS) return null;
  const picked = new Set(start);
  const x0 = Array.from({ length: p.n }, (_, j) => (picked.has(j) ? 1 : 0));
  const y0 = rows.cands.map((cs) => (cs.some((j) => picked.has(j)) ? 1 : 0));
  return b.solve('max', p.n, [...x0, ...y0], timeLimitS);
}

/** Fewest sites: min Σ x_j with every coverable demand row covered at least once. */
export async function solveSetCover(p: MaxCoverProblem, start: number[], timeLimitS: number): Promise<ExactResult | null> {
  const rows = demandRows(p);
  const b = new ModelBuilder();
  for (let j = 0; j < p.n; j++) b.col(1, 0, 1, true);
  for (const cs of rows.cands) b.row(1, Infinity, cs, ones(cs.length));
  if (b.nonzeros > MAX_NONZEROS) return null;
  const picked = new Set(start);
  return b.solve('min', p.n, Array.from({ length: p.n }, (_, j) => (picked.has(j) ? 1 : 0)), timeLimitS);
}

/**
 * Assignment models (p-median savings, capacitated covering): z_e ∈ [0, 1] assigns building bld[e]
 * to candidate j(e); each building is assigned at most once; Σ x_j = k. p-median links z_e ≤ x_j;
 * the capacitated model caps Σ demand · z_e at capacity · x_j instead.
 */
async function solveAssignment(p: MaxCoverProblem, k: number, start: number[], timeLimitS: number,
  capacity: { dem: Float64Array; cap: number } | null): Promise<ExactResult | null> {
  const b = new ModelBuilder();
  for (let j = 0; j < p.n; j++) b.col(0, 0, 1, true);
  const entries: number[] = [];
  const candOf: number[] = [];
  for (let j = 0; j < p.n; j++) for (let e = p.start[j]; e < p.start[j + 1]; e++) if (p.val[e] > 0) { entries.push(e); candOf.push(j); }
  if (entries.length * 3 + p.n > MAX_NONZEROS) return null;
  const z = entries.map((e) => b.col(p.val[e], 0, 1, false));
  const byBuilding = new Map<number, number[]>();
  entries.forEach((e, q) => {
    const i = p.bld[e];
    const list = byBuilding.get(i);
    if (list) list.push(z[q]); else byBuilding.set(i, [z[q]]);
  });
  for (const cols of byBuilding.values()) if (cols.length > 1) b.row(-Infinity, 1, cols, ones(cols.length));
  if (capacity) {
    const perCand: number[][] = Array.from({ length: p.n }, () => []);
    candOf.forEach((j, q) => perCand[j].push(q));
    perCand.forEach((qs, j) => {
      if (qs.length) b.row(-Infinity, 0, [j, ...qs.map((q) => z[q])], [-capacity.cap, ...qs.map((q) => capacity.dem[p.bld[entries[q]]])]);
    });
  } else {
    entries.forEach((_, q) => b.row(-Infinity, 0, [z[q], candOf[q]], [1, -1]));
  }
  b.row(k, k, Array.from({ length: p.n }, (_, j) => j), ones(p.n));
  if (b.nonzeros > MAX_NONZEROS) return null;
  const picked = new Set(start);
  // The start assigns nothing: feasible for both models, and the x part still guides the search.
  return b.solve('max', p.n, [...Array.from({ length: p.n }, (_, j) => (picked.has(j) ? 1 : 0)), ...z.map(() => 0)], timeLimitS);
}

export function solveSavings(p: MaxCoverProblem, k: number, start: number[], timeLimitS: number): Promise<ExactResult | null> {
  return solveAssignment(p, k, start, timeLimitS, null);
}

/** Capacitated covering: entry value is the building's demand; each site serves at most `cap`. */
export function solveCapacitated(inst: SitingInstance, dem: Float64Array, cap: number, k: number, start: number[],
  timeLimitS: number): Promise<ExactResult | null> {
  const val = new Float64Array(inst.bld.length);
  for (let e = 0; e < val.length; e++) val[e] = inst.dist[e] <= inst.threshold ? dem[inst.bld[e]] : 0;
  const p: MaxCoverProblem = { n: inst.start.length - 1, start: inst.start, bld: inst.bld, val, buildings: inst.w.length };
  return solveAssignment(p, k, start, timeLimitS, { dem, cap });
}
