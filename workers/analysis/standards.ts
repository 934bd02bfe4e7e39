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

/** The indicators the analysis knows how to compute (analysis/coverage.ts); any other id could only ever show "n/a". */
export const INDICATOR_IDS = [
  'parking_per_household', 'elderly_beds_per_1000', 'childcare_places', 'health_station_coverage', 'green_300m', 'park_500m',
  'green_cover', 'road_density', 'service_station_area',
] as const;

/**
 * Sane bounds for every number in a table, shared by this validator and the editor. Beyond them a
 * value is a typo or a unit mistake (metres as kilometres, a share as a percentage), and some would
 * make searches unbounded.
 */
export const BOUNDS = {
  threshold_m: [50, 5000],
  target_coverage: [0, 1],
  speed_m_per_min: [20, 120],
  steps_factor: [1, 10],
  crossing_penalty_m: [0, 500],
  quota_value: [0, 1000],
  quota_per: [1, 100_000],
  quota_minimum: [0, 100_000],
  cars_per_household: [0, 3],
  circle_minutes: [1, 60],
  circle_distance_m: [50, 5000],
  /** Indicator targets by unit: a share is 0..1, a ratio up to 10 times the need, anything else up to 10,000. */
  target_share: [0, 1],
  target_ratio: [0, 10],
  target_other: [0, 10_000],
} as const satisfies Record<string, readonly [number, number]>;

export function indicatorTargetBounds(unit: string): readonly [number, number] {
  return unit === 'share' ? BOUNDS.target_share : unit === 'ratio' ? BOUNDS.target_ratio : BOUNDS.target_other;
}

export interface StandardsProblem {
  /** Where in the table, e.g. `categories[health_station].threshold_m`. */
  path: string;
  message: string;
}

export class StandardsError extends Error {
  constructor(readonly problems: StandardsProblem[]) {
    const shown = problems.slice(0, 4).map((p) => `${p.path}: ${p.message}`).join('; ');
    super(`standards table: ${problems.length === 1 ? shown : `${problems.length} problems: ${shown}${problems.length > 4 ? '; …' : ''}`}`);
    this.name = 'StandardsError';
  }
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every problem in a table (the default, a user's file or edit, a stored copy); empty when it is usable. */
export function checkStandards(raw: unknown): StandardsProblem[] {
  const out: StandardsProblem[] = [];
  const bad = (path: string, message: string) => { out.push({ path, message }); };
  const num = (path: string, v: unknown, [lo, hi]: readonly [number, number], integer = false) => {
    if (!isNum(v)) bad(path, `must be a number (got ${JSON.stringify(v) ?? 'nothing'})`);
    else if (v < lo || v > hi) bad(path, `${v} is outside ${lo}…${hi}`);
    else if (integer && !Number.isInteger(v)) bad(path, `must be a whole number (got ${v})`);
  };
  const text = (path: string, v: unknown) => { if (typeof v !== 'string' || v.trim() === '') bad(path, 'must be a non-empty text'); };
  const mark = (path: string, v: unknown) => { if (!MARKS.has(v as Mark)) bad(path, 'must be confirmed, secondary or unconfirmed'); };
  const list = (path: string, v: unknown): unknown[] => {
    if (!Array.isArray(v)) { bad(path, 'must be a list'); return []; }
    return v;
  };
  if (!isObj(raw)) return [{ path: '(table)', message: 'not a JSON object' }];
  const s = raw;
  text('id', s.id);
  text('name_zh', s.name_zh);
  text('name_en', s.name_en);
  num('version', s.version, [1, 1e6], true);

  const cats = list('categories', s.categories);
  if (Array.isArray(s.categories) && cats.length === 0) bad('categories', 'is empty');
  const seen = new Set<string>();
  cats.forEach((c, k) => {
    if (!isObj(c)) { bad(`categories[${k}]`, 'not an object'); return; }
    const at = `categories[${typeof c.id === 'string' ? c.id : k}]`;
    if (!CATEGORY_IDS.includes(c.id as CategoryId)) bad(`${at}.id`, `unknown category ${JSON.stringify(c.id)} (known: ${CATEGORY_IDS.join(', ')})`);
    else if (seen.has(c.id as string)) bad(`${at}.id`, 'appears twice');
    seen.add(c.id as string);
    text(`${at}.name_zh`, c.name_zh);
    text(`${at}.name_en`, c.name_en);
    if (![5, 10, 15, null].includes(c.circle as number | null)) bad(`${at}.circle`, 'must be 5, 10, 15 or null');
    num(`${at}.threshold_m`, c.threshold_m, BOUNDS.threshold_m);
    mark(`${at}.threshold_mark`, c.threshold_mark);
    if (!COHORTS.includes(c.cohort as Cohort)) bad(`${at}.cohort`, `unknown cohort ${JSON.stringify(c.cohort)} (known: ${COHORTS.join(', ')})`);
    if (c.capacity_unit !== null && typeof c.capacity_unit !== 'string') bad(`${at}.capacity_unit`, 'must be a text or null');
    num(`${at}.target_coverage`, c.target_coverage, BOUNDS.target_coverage);
    if (typeof c.source !== 'string') bad(`${at}.source`, 'must be a text');
    if (c.quota !== null && c.quota !== undefined) {
      const q = c.quota;
      if (!isObj(q)) bad(`${at}.quota`, 'must be an object or null');
      else {
        num(`${at}.quota.value`, q.value, BOUNDS.quota_value);
        num(`${at}.quota.per`, q.per, BOUNDS.quota_per);
        if (q.minimum !== undefined) num(`${at}.quota.minimum`, q.minimum, BOUNDS.quota_minimum);
        if (!COHORTS.includes(q.base as Cohort)) bad(`${at}.quota.base`, `unknown cohort ${JSON.stringify(q.base)}`);
        mark(`${at}.quota.mark`, q.mark);
      }
    }
  });

  const profiles = list('profiles', s.profiles);
  if (Array.isArray(s.profiles) && profiles.length === 0) bad('profiles', 'no walking profiles');
  const pids = new Set<string>();
  profiles.forEach((p, k) => {
    if (!isObj(p)) { bad(`profiles[${k}]`, 'not an object'); return; }
    const at = `profiles[${typeof p.id === 'string' ? p.id : k}]`;
    text(`${at}.id`, p.id);
    if (typeof p.id === 'string' && pids.has(p.id)) bad(`${at}.id`, 'appears twice');
    pids.add(String(p.id));
    text(`${at}.name_zh`, p.name_zh);
    text(`${at}.name_en`, p.name_en);
    num(`${at}.speed_m_per_min`, p.speed_m_per_min, BOUNDS.speed_m_per_min);
    num(`${at}.steps_factor`, p.steps_factor, BOUNDS.steps_factor);
    num(`${at}.crossing_penalty_m`, p.crossing_penalty_m, BOUNDS.crossing_penalty_m);
  });

  const circles = list('circles', s.circles);
  circles.forEach((c, k) => {
    if (!isObj(c)) { bad(`circles[${k}]`, 'not an object'); return; }
    num(`circles[${k}].minutes`, c.minutes, BOUNDS.circle_minutes);
    num(`circles[${k}].distance_m`, c.distance_m, BOUNDS.circle_distance_m);
    mark(`circles[${k}].mark`, c.mark);
  });

  const inds = list('indicators', s.indicators);
  const iids = new Set<string>();
  inds.forEach((i, k) => {
    if (!isObj(i)) { bad(`indicators[${k}]`, 'not an object'); return; }
    const at = `indicators[${typeof i.id === 'string' ? i.id : k}]`;
    if (!(INDICATOR_IDS as readonly unknown[]).includes(i.id)) {
      bad(`${at}.id`, `unknown indicator ${JSON.stringify(i.id)}: it cannot be computed (known: ${INDICATOR_IDS.join(', ')})`);
    } else if (iids.has(i.id as string)) bad(`${at}.id`, 'appears twice');
    iids.add(String(i.id));
    text(`${at}.name_zh`, i.name_zh);
    text(`${at}.name_en`, i.name_en);
    if (typeof i.unit !== 'string') bad(`${at}.unit`, 'must be a text');
    num(`${at}.target`, i.target, indicatorTargetBounds(String(i.unit)));
    mark(`${at}.mark`, i.mark);
  });

  if (!isObj(s.parking)) bad('parking', 'missing parking block');
  else if (s.parking.cars_per_household !== null) num('parking.cars_per_household', s.parking.cars_per_household, BOUNDS.cars_per_household);
  return out;
}

/** Why a walking profile cannot be used (speed, steps factor or crossing penalty out of bounds), or null. */
export function profileProblem(p: unknown): string | null {
  const problems = checkStandards({ profiles: [p] }).filter((q) => /^profiles\[[^\]]*\]\.(speed_m_per_min|steps_factor|crossing_penalty_m)$/.test(q.path));
  return problems.length ? problems.map((q) => `${q.path.replace(/^profiles\[[^\]]*\]\./, '')} ${q.message}`).join('; ') : null;
}

/** Validates a table (the default or a user's edit); throws a StandardsError naming every problem. */
export function parseStandards(raw: unknown): Standards {
  const problems = checkStandards(raw);
  if (problems.length) throw new StandardsError(problems);
  return raw as Standards;
}

export function categoryStandard(s: Standards, id: CategoryId): CategoryStandard | undefined {
  return s.categories.find((c) => c.id === id);
}

/** A short, stable fingerprint of a table's content, so an edited table is never mistaken for the default. */
export function fingerprint(s: Standards): string {
  // Keys in a fixed order: the same table saved by another editor is the same table.
  const text = JSON.stringify(s, (_k, v: unknown) => (isObj(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v));
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
