// A clicked feature's attributes as a planner reads them: each key under its name in the chosen
// language, ids of categories, uses, statuses and kinds as words, community and compound ids as the
// dataset's own names, numbers with their units. Keys this table does not know (an imported file's
// own columns) keep the data's field name, since nothing better is known about them.
import { translate, localName, type Lang, type MessageKey } from './index.ts';
import { MESSAGES } from './messages.ts';
import { categoryName } from '../panels/categoryName.ts';
import { COHORTS, type Dataset } from '../../workers/model/dataset.ts';

export interface AttributeRow {
  key: string;
  label: string;
  value: string;
}

export interface AttributeContext {
  lang: Lang;
  dataset: Dataset | null;
  /** Capacity unit per category id, from the standards table in force. */
  capacityUnit: (category: string) => string | null;
}

/** Shown first, in this order; other keys follow in the data's order. */
const ORDER = ['name', 'name_en', 'category', 'status', 'kind', 'type', 'class', 'use', 'capacity', 'community', 'compound', 'id'];

/** Derived duplicates written in the engine's language (the category's Chinese name, the standard's summary). */
const HIDDEN = new Set(['category_name', 'standard']);

function known(key: string): key is MessageKey {
  return Object.hasOwn(MESSAGES, key);
}

function num(v: number, lang: Lang, digits = 2): string {
  return v.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en', { maximumFractionDigits: digits });
}

function withUnit(n: string, unit: string): string {
  return unit ? `${n} ${unit}` : n;
}

function word(lang: Lang, key: string, raw: string): string {
  return known(key) ? translate(lang, key) : raw;
}

const METRES = new Set(['height', 'mean_walk_m', 'worst_walk_m', 'search_limit_m', 'threshold_m']);
const PEOPLE = new Set(['population', 'age0_3', 'age3_6', 'age6_12', 'age60plus', 'uncovered_population', 'uncovered_age0_3', 'uncovered_age3_6',
  'uncovered_age6_12', 'uncovered_age60plus']);

/** The unit word of a cohort's members ("人", "户", "辆"). */
export function cohortUnit(lang: Lang, cohort: string): string {
  if (cohort === 'households') return translate(lang, 'unit.households');
  if (cohort === 'cars') return translate(lang, 'unit.cars');
  return translate(lang, 'unit.person');
}

/** A capacity with its unit: "120 个托位/学位", "4,486 m²". */
export function capacityText(lang: Lang, value: number, unit: string | null): string {
  const u = unit ? word(lang, `cap.${unit}`, unit) : '';
  return withUnit(num(value, lang), u);
}

function parsedArray(v: unknown): unknown[] | null {
  if (Array.isArray(v)) return v;
  // MapLibre hands nested values of rendered features back as JSON text.
  if (typeof v === 'string' && v.startsWith('[')) {
    try {
      const p = JSON.parse(v) as unknown;
      return Array.isArray(p) ? p : null;
    } catch {
      return null;
    }
  }
  return null;
}

function valueText(kind: string, key: string, v: unknown, props: Record<string, unknown>, ctx: AttributeContext): string {
  const { lang, dataset } = ctx;
  const none = translate(lang, 'attr.none');
  if (key === 'compound' && (v === null || v === undefined || v === '')) return kind === 'building' || kind === 'facility' || kind === 'site'
    ? translate(lang, 'attr.notInCompound') : none;
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return translate(lang, v ? 'attr.yes' : 'attr.no');
  const s = String(v);
  switch (key) {
    case 'category': return categoryName(s, lang);
    case 'status': return word(lang, `status.${s}`, s);
    case 'use': return word(lang, `use.${s}`, s);
    case 'class': return word(lang, `road.${s}`, s);
    case 'foot': return s === 'yes' ? translate(lang, 'attr.yes') : s === 'no' ? translate(lang, 'attr.no') : s;
    case 'cohort': return (COHORTS as readonly string[]).includes(s) ? translate(lang, `cohort.${s}` as MessageKey) : s;
    case 'kind':
      if (kind === 'site') return word(lang, `site.${s}`, s);
      if (kind === 'landuse') return word(lang, `landuse.${s}`, s);
      return s;
    case 'type': return kind === 'community' ? word(lang, `community.${s}`, s) : s;
    case 'community': {
      const c = dataset?.communities.features.find((f) => f.properties.id === s);
      return c ? localName(lang, c.properties) : s;
    }
    case 'compound': {
      const c = dataset?.compounds.features.find((f) => f.properties.id === s);
      return c?.properties.name || s;
    }
    case 'gates': {
      const list = parsedArray(v);
      return list ? withUnit(num(list.length, lang), translate(lang, 'unit.gates')) : s;
    }
    case 'circle': return typeof v === 'number' ? `${num(v, lang)} ${translate(lang, 'unit.minutes')}` : s;
    default: break;
  }
  if (typeof v !== 'number') {
    if (typeof v === 'object') return JSON.stringify(v);
    return s;
  }
  if (key === 'capacity') return capacityText(lang, v, ctx.capacityUnit(String(props.category ?? '')));
  if (key === 'area_m2') return withUnit(num(v, lang, 0), 'm²');
  if (METRES.has(key)) return withUnit(num(v, lang, 1), 'm');
  if (PEOPLE.has(key)) return withUnit(num(v, lang, 1), translate(lang, 'unit.person'));
  if (key === 'households' || key === 'uncovered_households') return withUnit(num(v, lang, 1), translate(lang, 'unit.households'));
  if (key === 'cars' || key === 'uncovered_cars') return withUnit(num(v, lang, 1), translate(lang, 'unit.cars'));
  if (key === 'floors') return withUnit(num(v, lang, 0), translate(lang, 'unit.floors'));
  if (key === 'buildings' || key === 'beyond_limit_buildings') return withUnit(num(v, lang, 0), translate(lang, 'unit.buildings'));
  if (key === 'groups') return withUnit(num(v, lang, 0), translate(lang, 'unit.groups'));
  if (key === 'parking_deficit') return withUnit(num(v, lang, 1), translate(lang, 'cap.spaces'));
  if (key === 'uncovered') return withUnit(num(v, lang, 1), cohortUnit(lang, String(props.cohort ?? 'everyone')));
  return num(v, lang);
}

/** The rows of the attribute table for one clicked feature, known keys first and labelled. */
export function attributeRows(kind: string, props: Record<string, unknown>, ctx: AttributeContext): AttributeRow[] {
  const keys = Object.keys(props).filter((k) => !k.startsWith('_') && !HIDDEN.has(k));
  keys.sort((a, b) => {
    const ia = ORDER.indexOf(a), ib = ORDER.indexOf(b);
    return (ia < 0 ? ORDER.length : ia) - (ib < 0 ? ORDER.length : ib);
  });
  return keys.map((key) => ({
    key,
    label: word(ctx.lang, `attr.${key}`, key),
    value: valueText(kind, key, props[key], props, ctx),
  }));
}
