// The standards table as data: every threshold, cohort, quota and target carries its source and a
// confidence mark, and every result names the table (and its fingerprint) it was computed with.

import { CATEGORY_IDS, COHORTS, type CategoryId, type Cohort } from '../model/dataset.ts';
import type { WalkProfile } from '../network/profile.ts';

export type Mark = 'confirmed' | 'secondary' | 'unconfirmed';
export const MARK_SYMBOL: Record<Mark, string> = { confirmed: '✔', secondary: '◐', unconfirmed: '?' };

export interface Quota {
  value: number;
  per: number;
  base: Cohort;
  minimum?: number;
  mark: Mark;
  source: string;
}

export interface CategoryStandard {
  id: CategoryId;
  name_zh: string;
  name_en: string;
  circle: 5 | 10 | 15 | null;
  threshold_m: number;
  threshold_mark: Mark;
  cohort: Cohort;
  capacity_unit: string | null;
  quota: Quota | null;
  target_coverage: number;
  source: string;
}

export interface IndicatorStandard {
  id: string;
  name_zh: string;
  name_en: string;
  target: number;
  unit: string;
  mark: Mark;
  source: string;
}

export interface Standards {
  id: string;
  name_zh: string;
  name_en: string;
  version: number;
  circles: Array<{ minutes: number; distance_m: number; mark: Mark; source: string }>;
  profiles: WalkProfile[];
  categories: CategoryStandard[];
  indicators: IndicatorStandard[];
  parking: { cars_per_household: number | null; source: string };
}

const MARKS = new Set<Mark>(['confirmed', 'secondary', 'unconfirmed']);

function need(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Error(`standards table: ${msg}`);
}
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Validates a table (the default or a user's edit); throws with the first problem found. */
export function parseStandards(raw: unknown): Standards {
  const s = raw as Standards;
  need(s && typeof s === 'object', 'not an object');
  need(typeof s.id === 'string', 'missing id');
  need(Array.isArray(s.categories) && s.categories.length > 0, 'no categories');
  const seen = new Set<string>();
  for (const c of s.categories) {
    need(CATEGORY_IDS.includes(c.id), `unknown category "${c.id}"`);
    need(!seen.has(c.id), `category "${c.id}" appears twice`);
    seen.add(c.id);
    need(isNum(c.threshold_m) && c.threshold_m > 0, `${c.id}: threshold_m must be a positive number`);
    need(COHORTS.includes(c.cohort), `${c.id}: unknown cohort "${c.cohort}"`);
    need(isNum(c.target_coverage) && c.target_coverage >= 0 && c.target_coverage <= 1, `${c.id}: target_coverage must be 0..1`);
    need(MARKS.has(c.threshold_mark), `${c.id}: threshold_mark must be confirmed, secondary or unconfirmed`);
    if (c.quota) {
      need(isNum(c.quota.value) && c.quota.value >= 0 && isNum(c.quota.per) && c.quota.per > 0, `${c.id}: quota needs value ≥ 0 and per > 0`);
      need(COHORTS.includes(c.quota.base), `${c.id}: unknown quota base "${c.quota.base}"`);
    }
  }
  need(Array.isArray(s.profiles) && s.profiles.length > 0, 'no walking profiles');
  for (const p of s.profiles) need(isNum(p.speed_m_per_min) && p.speed_m_per_min > 0, `profile ${p.id}: speed must be positive`);
  need(Array.isArray(s.indicators), 'no indicators');
  for (const i of s.indicators) need(isNum(i.target), `indicator ${i.id}: target must be a number`);
  need(s.parking && typeof s.parking === 'object', 'missing parking block');
  need(s.parking.cars_per_household === null || (isNum(s.parking.cars_per_household) && s.parking.cars_per_household >= 0),
    'parking.cars_per_household must be null or a number ≥ 0');
  return s;
}

export function categoryStandard(s: Standards, id: CategoryId): CategoryStandard | undefined {
  return s.categories.find((c) => c.id === id);
}

/** A short, stable fingerprint of a table's content, so an edited table is never mistaken for the default. */
export function fingerprint(s: Standards): string {
  const text = JSON.stringify(s);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
