// The field-mapping step: which attribute of a user's table or shapefile holds the name, category,
// capacity, population and floors. Guessed from common Chinese and English column names; the
// dialog shows the guess and remembers the user's choice. Category values may be our ids or the
// standards' Chinese or English names.

import STANDARDS from '../../data/standards/gb50180-2018.json';
import { CATEGORY_IDS } from '../model/dataset.ts';

export const MAPPED_FIELDS = ['name', 'category', 'capacity', 'population', 'floors', 'id'] as const;
export type MappedField = (typeof MAPPED_FIELDS)[number];
/** For one source (a shapefile layer or a table): our field → its column ('' = none). */
export type FieldMap = Partial<Record<MappedField | 'lon' | 'lat', string>>;
/** Field maps by source name (the file or the shapefile layer name). */
export type FieldMaps = Record<string, FieldMap>;

const GUESS: Record<MappedField, RegExp> = {
  id: /^(id|fid|objectid|osm_id|编号|序号|代码)$/i,
  name: /^(name|名称|名字|设施名称|poi_?name|title|mc)$/i,
  category: /^(category|cat|type|kind|fclass|class|类别|类型|设施类型|分类|用途)$/i,
  capacity: /^(capacity|cap|beds|places|容量|规模|床位|床位数|学位|学位数|车位|车位数)$/i,
  population: /^(population|pop|人口|人数|居住人口|常住人口|户籍人口)$/i,
  floors: /^(floors|floor|levels|storeys|stories|building_?levels|层数|楼层|楼层数|层高数)$/i,
};

export function guessFields(columns: string[]): FieldMap {
  const out: FieldMap = {};
  for (const f of MAPPED_FIELDS) {
    const c = columns.find((col) => GUESS[f].test(col.trim()));
    if (c) out[f] = c;
  }
  return out;
}

const CATEGORY_NAMES = new Map<string, string>();
for (const id of CATEGORY_IDS) CATEGORY_NAMES.set(id, id);
for (const c of (STANDARDS as unknown as { categories: Array<{ id: string; name_zh: string; name_en: string }> }).categories) {
  CATEGORY_NAMES.set(c.name_zh, c.id);
  CATEGORY_NAMES.set(c.name_en.toLowerCase(), c.id);
}

/**
 * Words Chinese facility lists use for our categories, tried in order on values that are not an id
 * or a standards name (more specific words first: 卫生服务中心 before 卫生服务站, 日间照料 before 养老).
 */
const CATEGORY_WORDS: Array<[RegExp, string]> = [
  [/卫生服务中心|社区医院|街道医院|乡镇卫生院/, 'health_centre'],
  [/卫生服务站|卫生站|卫生室|诊所|门诊部/, 'health_station'],
  [/托育|托儿|早教/, 'nursery'],
  [/幼儿园|幼稚园/, 'kindergarten'],
  [/日间照料|日照中心|老年活动|助老|养老服务站/, 'elderly_daycare'],
  [/养老院|敬老院|养老中心|护理院|福利院|老年公寓/, 'elderly_home'],
  [/小学/, 'primary_school'],
  [/初中|初级中学|中学/, 'middle_school'],
  [/菜市场|农贸市场|生鲜|菜场|集贸市场/, 'market'],
  [/便利店|便民店|小卖部/, 'convenience'],
  [/社区服务|党群服务|综合服务|居委会|社区中心/, 'service_station'],
  [/口袋公园|游园|绿地|小游园/, 'green'],
  [/公园/, 'park'],
  [/运动场|体育场|健身|球场|体育馆/, 'sports'],
  [/停车场|停车库|车库|停车/, 'parking'],
  [/公交站|公交车站|公交/, 'bus_stop'],
];

/** Our category id for a value from the user's data; the value itself when unknown (the validator reports it). */
export function resolveCategory(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const s = v.trim();
  const exact = CATEGORY_NAMES.get(s) ?? CATEGORY_NAMES.get(s.toLowerCase());
  if (exact) return exact;
  for (const [re, id] of CATEGORY_WORDS) if (re.test(s)) return id;
  return s;
}

/** Applies a field map to one row of attributes: mapped fields set, the originals kept beside them. */
export function mapRow(row: Record<string, unknown>, map: FieldMap): Record<string, unknown> {
  const out: Record<string, unknown> = { ...row };
  for (const f of MAPPED_FIELDS) {
    const col = map[f];
    if (!col || !(col in row)) continue;
    let v = row[col];
    if (f === 'category') v = resolveCategory(v);
    if ((f === 'capacity' || f === 'population' || f === 'floors') && typeof v === 'string' && v.trim() !== '') {
      const n = Number(v.replace(/,/g, ''));
      v = Number.isFinite(n) ? n : v;
    }
    if (v === '' || v === null || v === undefined) continue;
    out[f] = v;
  }
  return out;
}

/** Decodes text bytes as UTF-8, or as GBK (what Chinese Excel and GIS tools write) when not valid UTF-8. */
export function decodeChinese(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gbk' } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text: text.replace(/^\uFEFF/, ''), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gbk').decode(bytes), encoding: 'gbk' };
  }
}
