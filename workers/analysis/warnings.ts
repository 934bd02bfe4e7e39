// What an analysis cannot stand behind: no walkable street, no building, nobody living in the
// buildings, or no facility (or none on the network) for a category it judges. Each is a warning
// in the result, shown by the app and the CLI next to the figures it undermines.

import type { CategoryId } from '../model/dataset.ts';
import type { Engine } from '../engine.ts';
import type { Standards } from './standards.ts';
import { servingCategories, type FacilitySet } from './facilities.ts';

export type AnalysisWarningCode = 'no_walkable_street' | 'no_building' | 'no_population' | 'no_facility' | 'no_reachable_facility' | 'duplicate_facility';

export interface AnalysisWarning {
  code: AnalysisWarningCode;
  /** The category concerned, for the facility warnings. */
  category?: CategoryId;
  /** English, for the CLI and logs; the app words it from `code` in the user's language. */
  message: string;
}

export function analysisWarnings(e: Engine, fs: FacilitySet, std: Standards): AnalysisWarning[] {
  const out: AnalysisWarning[] = [];
  if (e.graph.edgeCount === 0) {
    out.push({ code: 'no_walkable_street', message: 'the dataset has no walkable street: no walk can be measured, every building counts as not covered' });
  }
  const nb = e.buildingIds.length;
  if (nb === 0) {
    out.push({ code: 'no_building', message: 'the dataset has no building: coverage and per-resident indicators are n/a' });
  } else {
    let people = 0;
    const everyone = e.facts.cohorts.everyone;
    for (let i = 0; i < everyone.length; i++) people += everyone[i];
    if (!(people > 0)) out.push({ code: 'no_population', message: `none of the ${nb} buildings has residents: coverage and per-resident indicators are n/a` });
  }
  for (const cs of std.categories) {
    const cats = servingCategories(cs.id);
    let any = 0, reachable = 0;
    for (let f = 0; f < fs.ids.length; f++) {
      if (!cats.includes(fs.category[f])) continue;
      any++;
      if (fs.access[f].length > 0) reachable++;
    }
    if (any === 0) {
      out.push({ code: 'no_facility', category: cs.id, message: `no facility of category ${cs.id}: nobody is covered for it` });
    } else if (reachable === 0) {
      out.push({
        code: 'no_reachable_facility', category: cs.id,
        message: `none of the ${any} facilities of category ${cs.id} is near a walkable street: nobody is covered for it`,
      });
    }
  }
  out.push(...duplicateFacilities(fs));
  return out;
}

/**
 * Facilities of one category with the same name within a metre of each other: almost always one
 * facility mapped twice, whose capacity then counts twice (and can pass a quota on paper).
 */
function duplicateFacilities(fs: FacilitySet): AnalysisWarning[] {
  // Only facilities sharing a rounded position with another can be duplicates; those are found by
  // sorting numeric position keys, and only they are compared by category and name.
  const nf = fs.ids.length, R = 2 ** 20;
  const keys = new Float64Array(nf);
  for (let f = 0; f < nf; f++) {
    const rx = Math.round(fs.xy[2 * f]), ry = Math.round(fs.xy[2 * f + 1]);
    // -1: too far out for a numeric key (or not a number), compared the slow way.
    keys[f] = Math.abs(rx) < R && Math.abs(ry) < R ? (rx + R) * 2 * R + (ry + R) : -1;
  }
  const sorted = keys.slice().sort();
  const shared = new Set<number>();
  for (let k = 1; k < nf; k++) if (sorted[k] === sorted[k - 1]) shared.add(sorted[k]);
  const seen = new Map<string, string>();
  const pairs = new Map<CategoryId, string[]>();
  for (let f = 0; f < nf; f++) {
    if (keys[f] !== -1 && !shared.has(keys[f])) continue;
    const x = fs.xy[2 * f], y = fs.xy[2 * f + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    const key = `${fs.category[f]}|${fs.names[f]}|${Math.round(x)}|${Math.round(y)}`;
    const first = seen.get(key);
    if (first === undefined) { seen.set(key, fs.ids[f]); continue; }
    const list = pairs.get(fs.category[f]) ?? [];
    list.push(`${first} and ${fs.ids[f]}`);
    pairs.set(fs.category[f], list);
  }
  return [...pairs].map(([category, list]) => ({
    code: 'duplicate_facility' as const, category,
    message: `facilities of category ${category} at the same place with the same name: ${list.slice(0, 5).join(', ')}${list.length > 5 ? ` and ${list.length - 5} more` : ''}; if each pair is one facility, its capacity is counted twice`,
  }));
}
