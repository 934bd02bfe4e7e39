// Population where a dataset has none: footprint area × floors ÷ floor area per person, or a
// community's known total spread over its residential buildings by floor area. Every estimated
// figure is marked (`population_estimated: true`) so the UI and the exports can say so.

import Flatbush from 'flatbush';
import type { BuildingProps, Dataset, Position } from './dataset.ts';
import { footprintArea } from './shape.ts';
import { makeProjection, pointInPolygon } from './geo.ts';
import { projectRing } from '../network/network.ts';
import { buildingPoint } from './shape.ts';

export interface EstimateOptions {
  /** Residential floor area per resident, m² (China's urban average was 36.5 m² in 2020). */
  floorAreaPerPerson: number;
  /** Storey height used when only `height` is known, metres. */
  storeyHeight: number;
  /** Floors assumed when neither levels nor height are mapped. */
  defaultFloors: number;
  personsPerHousehold: number;
  /** Cohort shares of residents (7th national census, 2020) and cars per household. */
  shareAge0_3: number;
  shareAge3_6: number;
  shareAge6_12: number;
  shareAge60plus: number;
  carsPerHousehold: number;
}

export const DEFAULT_ESTIMATE: EstimateOptions = {
  floorAreaPerPerson: 36.5,
  storeyHeight: 3,
  defaultFloors: 3,
  personsPerHousehold: 2.62,
  shareAge0_3: 0.034,
  shareAge3_6: 0.034,
  shareAge6_12: 0.072,
  shareAge60plus: 0.187,
  carsPerHousehold: 0.5,
};

/** Bounds for the editable estimate parameters; values outside are refused by the caller. */
export const ESTIMATE_BOUNDS: Record<keyof EstimateOptions, [number, number]> = {
  floorAreaPerPerson: [5, 500], storeyHeight: [2, 10], defaultFloors: [1, 100], personsPerHousehold: [1, 10],
  shareAge0_3: [0, 0.5], shareAge3_6: [0, 0.5], shareAge6_12: [0, 0.5], shareAge60plus: [0, 1], carsPerHousehold: [0, 5],
};

export function checkEstimateOptions(o: Partial<EstimateOptions>): EstimateOptions {
  const out = { ...DEFAULT_ESTIMATE };
  for (const [k, [lo, hi]] of Object.entries(ESTIMATE_BOUNDS) as [keyof EstimateOptions, [number, number]][]) {
    const v = o[k];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi) throw new Error(`estimate setting ${k} must be a number from ${lo} to ${hi}, not ${String(v)}`);
    out[k] = v;
  }
  return out;
}

/** Floors of a building: mapped floors, else height ÷ storey height, else the default. */
export function floorsOf(p: Partial<BuildingProps>, o: EstimateOptions): { floors: number; estimated: boolean } {
  if (typeof p.floors === 'number' && p.floors >= 1) return { floors: p.floors, estimated: false };
  if (typeof p.height === 'number' && p.height > 0) return { floors: Math.max(1, Math.round(p.height / o.storeyHeight)), estimated: true };
  return { floors: o.defaultFloors, estimated: true };
}

/**
 * Fills population, households and cohorts of residential buildings that have no population.
 * Returns how many buildings were estimated and how many communities' totals were spread.
 */
export function estimatePopulation(ds: Dataset, opts: Partial<EstimateOptions> = {}): { estimated: number; spread: number } {
  const o = checkEstimateOptions(opts);
  const c = ds.meta.center;
  const proj = makeProjection(c[0], c[1]);
  // Only an absent population is estimated: a mapped 0 is a value (an empty or non-residential block).
  const missing = ds.buildings.features.filter((f) => (f.properties.population === undefined || f.properties.population === null)
    && (f.properties.use ?? 'residential') === 'residential');
  if (missing.length === 0) return { estimated: 0, spread: 0 };
  const floorArea = new Float64Array(missing.length);
  missing.forEach((f, i) => {
    const { floors, estimated } = floorsOf(f.properties, o);
    if (estimated) (f.properties as BuildingProps & { floors_estimated?: boolean }).floors_estimated = true;
    f.properties.floors = floors;
    floorArea[i] = footprintArea(proj, f.geometry) * floors;
  });
  // Communities with a known total and no building populations of their own get it spread.
  let spread = 0;
  const scale = new Float64Array(missing.length);
  const totals = ds.communities.features.filter((com) => typeof com.properties.population === 'number' && com.properties.population > 0
    && com.geometry?.type === 'Polygon');
  if (totals.length > 0) {
    const hasOwn = new Set<string>();
    for (const f of ds.buildings.features) if ((f.properties.population ?? 0) > 0 && f.properties.community) hasOwn.add(f.properties.community);
    // Buildings without a named community are placed by their point, found through an index.
    const xy = new Float64Array(missing.length * 2).fill(NaN);
    const unnamed: number[] = [];
    missing.forEach((f, i) => {
      if (f.properties.community) return;
      const [x, y] = buildingPoint(proj, f.geometry);
      if (Number.isFinite(x) && Number.isFinite(y)) { xy[2 * i] = x; xy[2 * i + 1] = y; unnamed.push(i); }
    });
    const index = unnamed.length ? new Flatbush(unnamed.length) : null;
    if (index) { for (const i of unnamed) index.add(xy[2 * i], xy[2 * i + 1], xy[2 * i], xy[2 * i + 1]); index.finish(); }
    for (const com of totals) {
      const id = com.properties.id;
      if (hasOwn.has(id)) continue;
      const rings = (com.geometry.coordinates as Position[][]).map((r) => projectRing(proj, r));
      const inside: number[] = [];
      missing.forEach((f, i) => { if (f.properties.community === id) inside.push(i); });
      if (index) {
        let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
        for (let k = 0; k < rings[0].length; k += 2) {
          minX = Math.min(minX, rings[0][k]); maxX = Math.max(maxX, rings[0][k]); minY = Math.min(minY, rings[0][k + 1]); maxY = Math.max(maxY, rings[0][k + 1]);
        }
        for (const h of index.search(minX, minY, maxX, maxY)) {
          const i = unnamed[h];
          if (pointInPolygon(xy[2 * i], xy[2 * i + 1], rings)) inside.push(i);
        }
      }
      let sum = 0;
      for (const i of inside) sum += floorArea[i];
      if (sum <= 0) continue;
      spread++;
      for (const i of inside) scale[i] = com.properties.population / sum;
    }
  }
  missing.forEach((f, i) => {
    const p = f.properties;
    const pop = scale[i] > 0 ? floorArea[i] * scale[i] : floorArea[i] / o.floorAreaPerPerson;
    p.population = Math.round(pop);
    p.households = Math.round(pop / o.personsPerHousehold);
    p.age0_3 = Math.round(pop * o.shareAge0_3);
    p.age3_6 = Math.round(pop * o.shareAge3_6);
    p.age6_12 = Math.round(pop * o.shareAge6_12);
    p.age60plus = Math.round(pop * o.shareAge60plus);
    p.cars = Math.round(p.households * o.carsPerHousehold);
    const mark = p as BuildingProps & { population_estimated?: boolean; population_method?: string };
    mark.population_estimated = true;
    mark.population_method = scale[i] > 0 ? 'community_total' : 'floor_area';
  });
  return { estimated: missing.length, spread };
}
