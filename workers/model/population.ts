// Population where a dataset has none: footprint area × floors ÷ floor area per person, or a
// community's known total spread over its residential buildings by floor area. Every estimated
// figure is marked (`population_estimated: true`) so the UI and the exports can say so.

import type { BuildingProps, Dataset } from './dataset.ts';
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
  const floorArea = new Map<(typeof missing)[number], number>();
  for (const f of missing) {
    const { floors, estimated } = floorsOf(f.properties, o);
    if (estimated) (f.properties as BuildingProps & { floors_estimated?: boolean }).floors_estimated = true;
    f.properties.floors = floors;
    floorArea.set(f, footprintArea(proj, f.geometry) * floors);
  }
  // Communities with a known total and no building populations of their own get it spread.
  let spread = 0;
  const scale = new Map<(typeof missing)[number], number>();
  for (const com of ds.communities.features) {
    const total = com.properties.population;
    if (!(typeof total === 'number' && total > 0) || com.geometry?.type !== 'Polygon') continue;
    const rings = com.geometry.coordinates.map((r) => projectRing(proj, r));
    const hasOwn = ds.buildings.features.some((f) => f.properties.community === com.properties.id && (f.properties.population ?? 0) > 0);
    if (hasOwn) continue;
    const inside = missing.filter((f) => {
      if (f.properties.community) return f.properties.community === com.properties.id;
      const [x, y] = buildingPoint(proj, f.geometry);
      return pointInPolygon(x, y, rings);
    });
    const sum = inside.reduce((s, f) => s + floorArea.get(f)!, 0);
    if (sum <= 0) continue;
    spread++;
    for (const f of inside) scale.set(f, total / sum);
  }
  for (const f of missing) {
    const p = f.properties;
    const fa = floorArea.get(f)!;
    const pop = scale.has(f) ? fa * scale.get(f)! : fa / o.floorAreaPerPerson;
    p.population = Math.round(pop);
    p.households = Math.round(pop / o.personsPerHousehold);
    p.age0_3 = Math.round(pop * o.shareAge0_3);
    p.age3_6 = Math.round(pop * o.shareAge3_6);
    p.age6_12 = Math.round(pop * o.shareAge6_12);
    p.age60plus = Math.round(pop * o.shareAge60plus);
    p.cars = Math.round(p.households * o.carsPerHousehold);
    const mark = p as BuildingProps & { population_estimated?: boolean; population_method?: string };
    mark.population_estimated = true;
    mark.population_method = scale.has(f) ? 'community_total' : 'floor_area';
  }
  return { estimated: missing.length, spread };
}
