// Coverage against the standards: per building and category the network walk to the nearest
// facility, coverage of each category's target cohort, 2SFCA accessibility and facility load for
// capacity categories, parking deficit, circle completeness, gap hexagons and the brief's indicators.

import { COHORTS, type CategoryId, type Cohort, type Position } from '../model/dataset.ts';
import type { Engine } from '../engine.ts';
import { toLonLat, type Projection } from '../model/geo.ts';
import { fillSeeds, makeSeeds, type SnapRef } from '../routing/access.ts';
import type { WalkProfile } from '../network/profile.ts';
import { HEX_SIZE, hexCells, type DatasetFacts } from './facts.ts';
import { categoryStandard, fingerprint, MARK_SYMBOL, profileProblem, type CategoryStandard, type Standards } from './standards.ts';
import { servingCategories, type FacilitySet } from './facilities.ts';
import { analysisWarnings, type AnalysisWarning } from './warnings.ts';
import { analysisOptionsProblem } from '../model/limits.ts';

/** Units whose capacity is a count of people or things served: these get 2SFCA and load. */
const COUNTED_UNITS = new Set(['places', 'beds', 'spaces', 'residents', 'pupils']);

export interface AnalysisOptions {
  profile?: WalkProfile;
  /** Hexagon size (centre to corner) for gap areas, metres. */
  hexSize?: number;
  /** Distance decay inside 2SFCA catchments. */
  decay?: 'none' | 'gaussian';
  /** Marked true when the table differs from the shipped default. */
  edited?: boolean;
  /** Facilities to analyse; the engine's set in force when absent. */
  facilities?: FacilitySet;
}

export interface FacilityLoad {
  id: string;
  name: string;
  community: string;
  capacity: number | null;
  /** Target cohort in the facility's network service area: those it is nearest to, within the search limit. */
  load: number;
  /** load / capacity; null without a usable capacity. */
  utilisation: number | null;
  /** 2SFCA step 1: capacity per unit of demand in the catchment. */
  ratio: number | null;
}

export interface Coverage {
  target: number;
  covered: number;
  share: number;
}

export interface CategoryResult {
  id: CategoryId;
  name_zh: string;
  name_en: string;
  threshold_m: number;
  search_limit_m: number;
  cohort: Cohort;
  circle: 5 | 10 | 15 | null;
  /** The standard it is judged by, readable: threshold, confidence mark and source. */
  standard: string;
  /** Per building: walking metres to the nearest facility (Infinity beyond the search limit). */
  dist: Float64Array;
  /** Per building: index of the nearest facility in the analysed facility set, -1 if none. */
  nearest: Int32Array;
  district: Coverage;
  byCommunity: Record<string, Coverage>;
  /** Per building 2SFCA accessibility (capacity per unit of demand within reach); null for area-type categories. */
  access: Float64Array | null;
  facilities: FacilityLoad[];
  supplyDemand: Record<string, { supply: number; demand: number; balance: number }>;
}

export interface IndicatorRow {
  scope: string;
  scope_name: string;
  id: string;
  name_zh: string;
  name_en: string;
  value: number | null;
  target: number;
  pass: boolean | null;
  unit: string;
  mark: string;
  source: string;
}

/** Gap areas as columns: one row per category and hexagon; NaN stands for "none". */
export interface GapTable {
  hexSize: number;
  projection: Projection;
  count: number;
  categoryIds: CategoryId[];
  category: Uint8Array;
  q: Int32Array;
  r: Int32Array;
  community: Int32Array;
  buildings: Int32Array;
  beyond: Int32Array;
  uncovered: Float64Array;
  /** Uncovered totals per cohort, in COHORTS order, COHORTS.length per row. */
  cohorts: Float64Array;
  meanWalk: Float64Array;
  worstWalk: Float64Array;
  deficit: Float64Array;
}

export interface GapFeature {
  type: 'Feature';
  geometry: { type: 'Polygon'; coordinates: Position[][] };
  properties: Record<string, string | number | null>;
}

export interface DataProblem {
  kind: 'facility';
  id: string;
  category: CategoryId;
  issue: 'missing_capacity' | 'zero_capacity';
}

export interface AnalysisResult {
  table: { id: string; version: number; fingerprint: string; edited: boolean; name_zh: string; name_en: string };
  profile: string;
  buildingIds: string[];
  buildingCommunity: string[];
  communities: Array<{ id: string; name: string; name_en: string }>;
  categories: Partial<Record<CategoryId, CategoryResult>>;
  /** The analysed facility set's ids and names: what `nearest` indexes (a plan's set differs from the dataset's). */
  facilityIds: string[];
  facilityNames: string[];
  /** Per circle (5/10/15): per building, the share of the circle's categories within their thresholds. */
  completeness: Record<string, Float64Array>;
  completenessByCommunity: Record<string, Record<string, number>>;
  parkingDeficit: { district: number; byCommunity: Record<string, number> };
  gaps: GapTable;
  indicators: IndicatorRow[];
  problems: DataProblem[];
  /** What the figures cannot stand behind: no street, no building, no residents, no facility of a category. */
  warnings: AnalysisWarning[];
  timings: Record<string, number>;
}

/** Walks are searched up to twice the threshold, at least 1000 m, so "how far beyond" stays readable. */
export function searchLimit(threshold: number): number {
  return Math.max(2 * threshold, 1000);
}

/** The standard a category is judged by, readable: threshold, confidence mark and source. */
export function standardLabel(cs: CategoryStandard): string {
  return `${cs.name_zh} ≤ ${cs.threshold_m} m (${MARK_SYMBOL[cs.threshold_mark]} ${cs.source})`;
}

/** Categories whose capacity counts people or things served get 2SFCA and load. */
export function isCounted(cs: CategoryStandard): boolean {
  return cs.capacity_unit !== null && COUNTED_UNITS.has(cs.capacity_unit);
}

/** The target cohort's weight per building (cars from households when the table sets a ratio). */
export function weights(p: DatasetFacts, std: Standards, cohort: Cohort): Float64Array {
  if (cohort === 'cars' && std.parking.cars_per_household !== null) {
    const ratio = std.parking.cars_per_household;
    return p.cohorts.households.map((h) => h * ratio);
  }
  return p.cohorts[cohort];
}

export function analyze(e: Engine, std: Standards, opts: AnalysisOptions = {}): AnalysisResult {
  const badOptions = analysisOptionsProblem(opts) ?? (opts.profile ? profileProblem(opts.profile) : null);
  if (badOptions) throw new Error(`Analysis options: ${badOptions}.`);
  const t0 = performance.now();
  const p = e.facts;
  const timings: Record<string, number> = {};
  const profile = opts.profile ?? std.profiles[0];
  const nb = e.buildingIds.length;
  const nc = p.communityIds.length;
  const problems: DataProblem[] = [];
  const categories: Partial<Record<CategoryId, CategoryResult>> = {};
  const fs = opts.facilities ?? e.facilities;

  const t1 = performance.now();
  for (const cs of std.categories) {
    categories[cs.id] = analyzeCategory(e, fs, p, std, cs, profile, opts, problems);
  }
  timings.categories = performance.now() - t1;

  // Circle completeness: a building's share of the circle's categories (that circle and the
  // smaller ones nested in it) whose nearest facility is within that category's threshold.
  const completeness: Record<string, Float64Array> = {};
  const completenessByCommunity: Record<string, Record<string, number>> = {};
  for (const circle of [5, 10, 15]) {
    const cats = std.categories.filter((c) => c.circle !== null && c.circle <= circle);
    const share = new Float64Array(nb);
    if (cats.length) {
      for (const c of cats) {
        const r = categories[c.id]!;
        for (let i = 0; i < nb; i++) if (r.dist[i] <= c.threshold_m) share[i] += 1 / cats.length;
      }
    }
    completeness[circle] = share;
    const sums = new Float64Array(nc + 1), pops = new Float64Array(nc + 1);
    for (let i = 0; i < nb; i++) {
      const w = p.cohorts.everyone[i];
      const c = p.buildingCommunity[i];
      if (c >= 0) { sums[c] += share[i] * w; pops[c] += w; }
      sums[nc] += share[i] * w; pops[nc] += w;
    }
    const row: Record<string, number> = {};
    for (let c = 0; c < nc; c++) row[p.communityIds[c]] = pops[c] ? sums[c] / pops[c] : 0;
    row.district = pops[nc] ? sums[nc] / pops[nc] : 0;
    completenessByCommunity[circle] = row;
  }

  const parkingDeficit = parkingDeficits(p, std, categories.parking ?? null);
  const t2 = performance.now();
  const gaps = gapHexagons(e, p, std, categories, opts.hexSize ?? HEX_SIZE);
  timings.gaps = performance.now() - t2;
  const indicators = computeIndicators(fs, p, std, categories);
  timings.total = performance.now() - t0;
  return {
    table: { id: std.id, version: std.version, fingerprint: fingerprint(std), edited: !!opts.edited, name_zh: std.name_zh, name_en: std.name_en },
    profile: profile.id,
    buildingIds: e.buildingIds,
    buildingCommunity: Array.from(p.buildingCommunity, (c) => (c >= 0 ? p.communityIds[c] : '')),
    communities: p.communityIds.map((id, c) => ({ id, name: p.communityNames[c], name_en: p.communityNamesEn[c] })),
    categories, facilityIds: fs.ids, facilityNames: fs.names, completeness, completenessByCommunity, parkingDeficit, gaps, indicators, problems, timings,
    warnings: analysisWarnings(e, fs, std),
  };
}

function analyzeCategory(e: Engine, fs: FacilitySet, p: DatasetFacts, std: Standards, cs: CategoryStandard, profile: WalkProfile,
  opts: AnalysisOptions, problems: DataProblem[]): CategoryResult {
  const nb = e.buildingIds.length, nc = p.communityIds.length;
  const threshold = cs.threshold_m;
  const limit = searchLimit(threshold);
  const include = servingCategories(cs.id);
  const indices: number[] = [];
  const refs: SnapRef[][] = [];
  for (let f = 0; f < fs.ids.length; f++) {
    if (!include.includes(fs.category[f]) || fs.access[f].length === 0) continue;
    indices.push(f);
    refs.push(fs.access[f]);
  }
  let dist: Float64Array, nearest: Int32Array;
  if (refs.length) {
    const r = e.distancesFrom(refs, limit, profile);
    dist = r.dist;
    // Search source indices become facility indices, in place.
    nearest = r.src;
    for (let i = 0; i < nb; i++) if (nearest[i] >= 0) nearest[i] = indices[nearest[i]];
  } else {
    dist = new Float64Array(nb).fill(Infinity);
    nearest = new Int32Array(nb).fill(-1);
  }
  const w = weights(p, std, cs.cohort);
  const tgt = new Float64Array(nc + 1), cov = new Float64Array(nc + 1);
  for (let i = 0; i < nb; i++) {
    const c = p.buildingCommunity[i];
    const inside = dist[i] <= threshold;
    if (c >= 0) { tgt[c] += w[i]; if (inside) cov[c] += w[i]; }
    tgt[nc] += w[i];
    if (inside) cov[nc] += w[i];
  }
  const mk = (k: number): Coverage => ({ target: tgt[k], covered: cov[k], share: tgt[k] > 0 ? cov[k] / tgt[k] : 1 });
  const byCommunity: Record<string, Coverage> = {};
  for (let c = 0; c < nc; c++) byCommunity[p.communityIds[c]] = mk(c);

  const own = fs.ids.map((_, f) => f).filter((f) => fs.category[f] === cs.id);
  const counted = isCounted(cs);
  if (counted) {
    for (const f of own) {
      const cap = fs.capacity[f];
      if (cap === null) problems.push({ kind: 'facility', id: fs.ids[f], category: cs.id, issue: 'missing_capacity' });
      else if (cap <= 0) problems.push({ kind: 'facility', id: fs.ids[f], category: cs.id, issue: 'zero_capacity' });
    }
  }
  // Load: the demand in each facility's network service area (everyone it is nearest to, within the search limit).
  const load = new Map<number, number>();
  for (let i = 0; i < nb; i++) {
    if (nearest[i] >= 0) load.set(nearest[i], (load.get(nearest[i]) ?? 0) + w[i]);
  }
  const { access, ratio } = counted ? twoStep(e, fs, own, w, threshold, profile, opts.decay ?? 'none') : { access: null, ratio: null };
  const facilities: FacilityLoad[] = own.map((f, k) => {
    const cap = fs.capacity[f];
    const l = load.get(f) ?? 0;
    return {
      id: fs.ids[f],
      name: fs.names[f],
      community: fs.community[f] >= 0 ? p.communityIds[fs.community[f]] : '',
      capacity: cap,
      load: l,
      utilisation: cap !== null && cap > 0 ? l / cap : null,
      ratio: ratio ? ratio[k] : null,
    };
  });
  const supplyDemand: CategoryResult['supplyDemand'] = {};
  const supply = new Float64Array(nc + 1), base = new Float64Array(nc + 1);
  for (const f of own) {
    const cap = fs.capacity[f] ?? 0;
    if (fs.community[f] >= 0) supply[fs.community[f]] += cap;
    supply[nc] += cap;
  }
  const quotaBase = cs.quota ? weights(p, std, cs.quota.base) : w;
  for (let i = 0; i < nb; i++) {
    if (p.buildingCommunity[i] >= 0) base[p.buildingCommunity[i]] += quotaBase[i];
    base[nc] += quotaBase[i];
  }
  const demandOf = (k: number) => {
    if (!cs.quota) return base[k];
    const d = (cs.quota.value / cs.quota.per) * base[k];
    return cs.quota.minimum !== undefined && k < nc ? Math.max(cs.quota.minimum, d) : d;
  };
  for (let c = 0; c < nc; c++) {
    const d = demandOf(c);
    supplyDemand[p.communityIds[c]] = { supply: supply[c], demand: d, balance: supply[c] - d };
  }
  const dd = cs.quota?.minimum !== undefined ? p.communityIds.reduce((s, id) => s + supplyDemand[id].demand, 0) : demandOf(nc);
  supplyDemand.district = { supply: supply[nc], demand: dd, balance: supply[nc] - dd };
  return {
    id: cs.id, name_zh: cs.name_zh, name_en: cs.name_en, threshold_m: threshold, search_limit_m: limit, cohort: cs.cohort,
    circle: cs.circle, standard: standardLabel(cs),
    dist, nearest, district: mk(nc), byCommunity, access, facilities, supplyDemand,
  };
}

/**
 * Two-step floating catchment (Luo & Wang 2003): R_j = S_j / Σ D_i over buildings within d0 of j,
 * then A_i = Σ R_j over facilities within d0 of i. One bounded search per facility; the buildings in
 * reach are found through the edges around reached nodes, not by scanning every building.
 */
function twoStep(e: Engine, fs: FacilitySet, own: number[], demand: Float64Array, d0: number, profile: WalkProfile,
  decay: 'none' | 'gaussian'): { access: Float64Array; ratio: number[] } {
  const nb = e.buildingIds.length;
  const g = e.graph;
  const costs = e.costs(profile);
  const access = new Float64Array(nb);
  const ratio: number[] = [];
  const inReach: number[] = [];
  const e05 = Math.exp(-0.5);
  const weight = (d: number) => (decay === 'gaussian' ? (Math.exp(-0.5 * (d / d0) ** 2) - e05) / (1 - e05) : 1);
  const reachDist: number[] = [];
  const seeds = makeSeeds(g, costs, []);
  const one: SnapRef[][] = [[]];
  const collect = (i: number, d: number) => { inReach.push(i); reachDist.push(d); };
  for (let k = 0; k < own.length; k++) {
    const f = own[k];
    inReach.length = 0;
    reachDist.length = 0;
    const cap = fs.capacity[f] ?? 0;
    if (fs.access[f].length === 0 || !(cap > 0)) { ratio.push(0); continue; }
    one[0] = fs.access[f];
    fillSeeds(seeds, g, costs, one);
    e.searcher.run(costs, seeds.node, seeds.dist, seeds.src, seeds.count, d0);
    e.reach.forEach(e.searcher, costs, seeds, d0, collect);
    let total = 0;
    for (let q = 0; q < inReach.length; q++) total += demand[inReach[q]] * weight(reachDist[q]);
    const R = total > 0 ? cap / total : 0;
    ratio.push(R);
    for (let q = 0; q < inReach.length; q++) access[inReach[q]] += R * weight(reachDist[q]);
  }
  return { access, ratio };
}

function parkingDeficits(p: DatasetFacts, std: Standards, r: CategoryResult | null) {
  const byCommunity: Record<string, number> = {};
  let district = 0;
  if (!r || !r.access) return { district, byCommunity };
  const w = weights(p, std, r.cohort);
  for (const id of p.communityIds) byCommunity[id] = 0;
  for (let i = 0; i < w.length; i++) {
    const deficit = w[i] * Math.max(0, 1 - r.access[i]);
    district += deficit;
    const c = p.buildingCommunity[i];
    if (c >= 0) byCommunity[p.communityIds[c]] += deficit;
  }
  return { district, byCommunity };
}

/** Growable typed column. */
class Column<T extends Int32Array | Float64Array | Uint8Array> {
  constructor(public data: T, private make: (n: number) => T) {}
  set(i: number, v: number) {
    if (i >= this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[i] = v;
  }
}

/**
 * Uncovered target population aggregated into flat-top hexagons, per category. With `only`, just
 * those buildings are aggregated (a live update passes the buildings of the hexagons it changed).
 */
export function gapHexagons(e: Engine, p: DatasetFacts, std: Standards, categories: AnalysisResult['categories'], size: number,
  only: ArrayLike<number> | null = null): GapTable {
  const nb = only ? only.length : e.buildingIds.length;
  const custom = size === HEX_SIZE ? null : hexCells(e.buildingXY, size);
  const cells = custom ? { hexOf: custom.cellOf, hexQ: custom.q, hexR: custom.r } : { hexOf: p.hexOf, hexQ: p.hexQ, hexR: p.hexR };
  const hexOf = cells.hexOf, nh = cells.hexQ.length;
  const K = COHORTS.length;
  // Accumulators per hexagon, reset through the list of hexagons a category touched.
  const buildings = new Int32Array(nh), reachable = new Int32Array(nh), beyond = new Int32Array(nh);
  const sum = new Float64Array(nh), worst = new Float64Array(nh), weight = new Float64Array(nh), deficit = new Float64Array(nh);
  const pops = new Float64Array(nh * K);
  const firstComm = new Int32Array(nh);
  const MIXED = -2;
  // The seven cohorts, in COHORTS order, as locals for the hot loop below.
  const [c0, c1, c2, c3, c4, c5, c6] = COHORTS.map((k) => p.cohorts[k]);
  const touched: number[] = [];
  const i32 = (n: number) => new Int32Array(n), f64 = (n: number) => new Float64Array(n);
  const cols = {
    category: new Column(new Uint8Array(1024), (n) => new Uint8Array(n)), q: new Column(i32(1024), i32), r: new Column(i32(1024), i32),
    community: new Column(i32(1024), i32), buildings: new Column(i32(1024), i32), beyond: new Column(i32(1024), i32),
    uncovered: new Column(f64(1024), f64), cohorts: new Column(f64(1024 * K), f64), meanWalk: new Column(f64(1024), f64),
    worstWalk: new Column(f64(1024), f64), deficit: new Column(f64(1024), f64),
  };
  const categoryIds: CategoryId[] = [];
  const ncp = p.communityIds.length + 1;
  let row = 0;
  for (const cs of std.categories) {
    const res = categories[cs.id];
    if (!res) continue;
    const ci = categoryIds.push(cs.id) - 1;
    const w = weights(p, std, cs.cohort);
    const access = cs.id === 'parking' ? res.access : null;
    // Most hexagons lie in one community; a map is kept only for those that straddle a boundary.
    const mixed = new Map<number, number>();
    touched.length = 0;
    let anyMixed = false;
    const dist = res.dist, threshold = cs.threshold_m, comm = p.buildingCommunity;
    for (let n = 0; n < nb; n++) {
      const i = only ? only[n] : n;
      const h = hexOf[i];
      const wi = w[i];
      if (h < 0 || !(wi > 0) || dist[i] <= threshold) continue;
      if (buildings[h] === 0) { touched.push(h); firstComm[h] = comm[i]; }
      else if (firstComm[h] !== comm[i] && firstComm[h] !== MIXED) { firstComm[h] = MIXED; anyMixed = true; }
      buildings[h]++;
      weight[h] += wi;
      const o = h * K;
      pops[o] += c0[i]; pops[o + 1] += c1[i]; pops[o + 2] += c2[i]; pops[o + 3] += c3[i];
      pops[o + 4] += c4[i]; pops[o + 5] += c5[i]; pops[o + 6] += c6[i];
      const d = dist[i];
      if (d < Infinity) { sum[h] += d; reachable[h]++; if (d > worst[h]) worst[h] = d; } else beyond[h]++;
      if (access) deficit[h] += wi * Math.max(0, 1 - access[i]);
    }
    for (let n = 0; anyMixed && n < nb; n++) {
      const i = only ? only[n] : n;
      const h = hexOf[i];
      if (h < 0 || firstComm[h] !== MIXED || !(w[i] > 0) || dist[i] <= threshold) continue;
      const key = h * ncp + comm[i] + 1;
      mixed.set(key, (mixed.get(key) ?? 0) + w[i]);
    }
    const bestComm = new Map<number, [number, number]>();
    for (const [key, wt] of mixed) {
      const h = Math.floor(key / ncp);
      const cur = bestComm.get(h);
      if (!cur || wt > cur[1]) bestComm.set(h, [(key % ncp) - 1, wt]);
    }
    for (const h of touched) {
      cols.category.set(row, ci);
      cols.q.set(row, cells.hexQ[h]);
      cols.r.set(row, cells.hexR[h]);
      cols.community.set(row, firstComm[h] === MIXED ? bestComm.get(h)?.[0] ?? -1 : firstComm[h]);
      cols.buildings.set(row, buildings[h]);
      cols.beyond.set(row, beyond[h]);
      cols.uncovered.set(row, weight[h]);
      for (let k = 0; k < K; k++) cols.cohorts.set(row * K + k, pops[h * K + k]);
      cols.meanWalk.set(row, reachable[h] ? sum[h] / reachable[h] : NaN);
      cols.worstWalk.set(row, beyond[h] > 0 ? NaN : worst[h]);
      cols.deficit.set(row, access ? deficit[h] : NaN);
      row++;
      buildings[h] = 0; reachable[h] = 0; beyond[h] = 0; sum[h] = 0; worst[h] = 0; weight[h] = 0; deficit[h] = 0;
      pops.fill(0, h * K, h * K + K);
    }
  }
  return {
    hexSize: size, projection: e.proj, count: row, categoryIds,
    category: cols.category.data.slice(0, row), q: cols.q.data.slice(0, row), r: cols.r.data.slice(0, row),
    community: cols.community.data.slice(0, row), buildings: cols.buildings.data.slice(0, row), beyond: cols.beyond.data.slice(0, row),
    uncovered: cols.uncovered.data.slice(0, row), cohorts: cols.cohorts.data.slice(0, row * K), meanWalk: cols.meanWalk.data.slice(0, row),
    worstWalk: cols.worstWalk.data.slice(0, row), deficit: cols.deficit.data.slice(0, row),
  };
}

/**
 * Gap areas as GeoJSON features (all, or one category's): the exported form. Works on a result
 * that crossed a worker boundary, since it needs only the result itself.
 */
export function gapFeatures(r: AnalysisResult, only?: CategoryId): GapFeature[] {
  const t = r.gaps;
  const K = COHORTS.length;
  const sqrt3 = Math.sqrt(3);
  const size = t.hexSize;
  const out: GapFeature[] = [];
  const num = (v: number, digits = 0) => (Number.isNaN(v) ? null : Math.round(v * 10 ** digits) / 10 ** digits);
  for (let i = 0; i < t.count; i++) {
    const cat = t.categoryIds[t.category[i]];
    if (only && cat !== only) continue;
    const res = r.categories[cat]!;
    const q = t.q[i], rr = t.r[i];
    const cx = size * 1.5 * q, cy = size * sqrt3 * (rr + q / 2);
    const ring: Position[] = [];
    for (let k = 0; k <= 6; k++) {
      const a = (Math.PI / 3) * (k % 6);
      const [lon, lat] = toLonLat(t.projection, cx + size * Math.cos(a), cy + size * Math.sin(a));
      ring.push([Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7]);
    }
    const pop = (k: number) => Math.round(t.cohorts[i * K + k]);
    out.push({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [ring] },
      properties: {
        category: cat,
        category_name: res.name_zh,
        community: t.community[i] >= 0 ? r.communities[t.community[i]].id : '',
        cohort: res.cohort,
        uncovered: round1(t.uncovered[i]),
        uncovered_population: pop(0),
        uncovered_households: pop(1),
        uncovered_age0_3: pop(2),
        uncovered_age3_6: pop(3),
        uncovered_age6_12: pop(4),
        uncovered_age60plus: pop(5),
        uncovered_cars: pop(6),
        buildings: t.buildings[i],
        mean_walk_m: num(t.meanWalk[i]),
        worst_walk_m: num(t.worstWalk[i]),
        beyond_limit_buildings: t.beyond[i],
        search_limit_m: res.search_limit_m,
        threshold_m: res.threshold_m,
        circle: res.circle,
        standard: res.standard,
        parking_deficit: num(t.deficit[i], 1),
      },
    });
  }
  return out;
}

function computeIndicators(fs: FacilitySet, p: DatasetFacts, std: Standards, categories: AnalysisResult['categories']): IndicatorRow[] {
  const rows: IndicatorRow[] = [];
  const nc = p.communityIds.length;
  const scopes = [...p.communityIds.map((id, c) => ({ id, name: p.communityNames[c], k: c })), { id: 'district', name: '全区', k: nc }];
  const sumBy = (arr: Float64Array) => {
    const out = new Float64Array(nc + 1);
    for (let i = 0; i < arr.length; i++) {
      const c = p.buildingCommunity[i];
      if (c >= 0) out[c] += arr[i];
      out[nc] += arr[i];
    }
    return out;
  };
  const hh = sumBy(p.cohorts.households), eld = sumBy(p.cohorts.age60plus);
  const supply = (cat: CategoryId) => {
    const out = new Float64Array(nc + 1);
    fs.ids.forEach((_, f) => {
      if (fs.category[f] !== cat) return;
      const cap = fs.capacity[f] ?? 0;
      if (fs.community[f] >= 0) out[fs.community[f]] += cap;
      out[nc] += cap;
    });
    return out;
  };
  const cov = (cat: CategoryId, k: number) => {
    const r = categories[cat];
    if (!r) return null;
    const c = k === nc ? r.district : r.byCommunity[p.communityIds[k]];
    return c.target > 0 ? c.share : null;
  };
  const parking = supply('parking'), beds = supply('elderly_home'), nursery = supply('nursery'), service = supply('service_station');
  const nurseryStd = categoryStandard(std, 'nursery');
  const serviceStd = categoryStandard(std, 'service_station');
  const nurseryDemand = (k: number) => categories.nursery?.supplyDemand[k === nc ? 'district' : p.communityIds[k]]?.demand ?? 0;
  const serviceNeed = (k: number): number => {
    if (k === nc) return p.communityIds.reduce((s, _, c) => s + serviceNeed(c), 0);
    const q = serviceStd?.quota;
    return q ? Math.max(q.minimum ?? 0, (q.value / q.per) * hh[k]) : 0;
  };
  const greenTotal = p.greenArea.reduce((a, b) => a + b, 0), roadTotal = p.roadKm.reduce((a, b) => a + b, 0);
  const value = (id: string, k: number): number | null => {
    switch (id) {
      case 'parking_per_household': return hh[k] > 0 ? parking[k] / hh[k] : null;
      case 'elderly_beds_per_1000': return eld[k] > 0 ? (beds[k] / eld[k]) * 1000 : null;
      case 'childcare_places': return nurseryStd && nurseryDemand(k) > 0 ? nursery[k] / nurseryDemand(k) : null;
      case 'health_station_coverage': return cov('health_station', k);
      case 'green_300m': return cov('green', k);
      case 'park_500m': return cov('park', k);
      case 'green_cover': {
        const area = k === nc ? p.districtArea : p.communityArea[k];
        return area > 0 ? (k === nc ? greenTotal : p.greenArea[k]) / area : null;
      }
      case 'road_density': {
        const area = k === nc ? p.districtArea : p.communityArea[k];
        return area > 0 ? (k === nc ? roadTotal : p.roadKm[k]) / (area / 1e6) : null;
      }
      // Without households there is nobody to serve: the community minimum alone would pass an empty scope.
      case 'service_station_area': return hh[k] > 0 && serviceNeed(k) > 0 ? service[k] / serviceNeed(k) : null;
      default: return null;
    }
  };
  for (const s of scopes) {
    for (const ind of std.indicators) {
      const v = value(ind.id, s.k);
      rows.push({
        scope: s.id, scope_name: s.name, id: ind.id, name_zh: ind.name_zh, name_en: ind.name_en,
        value: v === null ? null : Math.round(v * 10000) / 10000, target: ind.target, pass: v === null ? null : v >= ind.target,
        unit: ind.unit, mark: MARK_SYMBOL[ind.mark], source: ind.source,
      });
    }
  }
  return rows;
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

