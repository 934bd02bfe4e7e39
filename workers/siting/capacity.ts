// A sensible capacity for a new facility placed from the palette. Where the standards table has a
// quota, size the facility for the demand it would serve: the quota applied to the quota's cohort
// living within the walking threshold (a disc at the dataset's average density). Otherwise take the
// average of the category's facilities in the plan; with none, leave it unknown for the planner.

import type { Engine } from '../engine.ts';
import { CATEGORY_IDS, type CategoryId } from '../model/dataset.ts';
import { weights } from '../analysis/coverage.ts';
import type { Standards } from '../analysis/standards.ts';

export function defaultCapacities(e: Engine, std: Standards): Record<CategoryId, number | null> {
  const out = Object.fromEntries(CATEGORY_IDS.map((c) => [c, null])) as Record<CategoryId, number | null>;
  const area = e.facts.districtArea;
  const fs = e.facilities;
  for (const cs of std.categories) {
    if (cs.quota && area > 0) {
      const base = weights(e.facts, std, cs.quota.base);
      let total = 0;
      for (let i = 0; i < base.length; i++) total += base[i];
      const served = (total / area) * Math.PI * cs.threshold_m ** 2;
      const need = (cs.quota.value / cs.quota.per) * served;
      out[cs.id] = Math.max(1, Math.round(Math.max(need, cs.quota.minimum ?? 0)));
      continue;
    }
    let sum = 0, n = 0;
    for (let f = 0; f < fs.ids.length; f++) {
      const c = fs.capacity[f];
      if (fs.category[f] === cs.id && c !== null && c > 0) { sum += c; n++; }
    }
    out[cs.id] = n ? Math.round(sum / n) : null;
  }
  return out;
}
