// The facilities an analysis runs on: the dataset's own, or a plan's (some moved or removed,
// candidates added). Kept as parallel columns so a plan's set is a cheap copy of the baseline's.

import type { CategoryId } from '../model/dataset.ts';
import type { SnapRef } from '../routing/access.ts';

export type FacilityOrigin = 'existing' | 'moved' | 'candidate';

export interface FacilitySet {
  ids: string[];
  category: CategoryId[];
  /** Access points on the network: one for a point, samples along the outline for a park or a lot. */
  access: SnapRef[][];
  capacity: Array<number | null>;
  names: string[];
  /** Index of the community the facility stands in, -1 outside every community. */
  community: Int32Array;
  origin: FacilityOrigin[];
  /** The plan change that made or altered it; null for an unchanged dataset facility. */
  change: Array<string | null>;
  /** Representative point in the engine's metric plane, x then y. */
  xy: Float64Array;
}

/** Indices of a set's facilities whose category is one of `cats` and that reach the network. */
export function facilitiesOf(fs: FacilitySet, cats: readonly CategoryId[]): number[] {
  const out: number[] = [];
  for (let f = 0; f < fs.ids.length; f++) if (cats.includes(fs.category[f]) && fs.access[f].length > 0) out.push(f);
  return out;
}

/** Categories whose facilities count for a category's coverage: green space is met by parks too. */
export function servingCategories(category: CategoryId): CategoryId[] {
  return category === 'green' ? ['green', 'park'] : [category];
}
