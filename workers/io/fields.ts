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

/** Our category id for a value from the user's data; the value itself when unknown (the validator reports it). */
export function resolveCategory(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const s = v.trim();
  return CATEGORY_NAMES.get(s) ?? CATEGORY_NAMES.get(s.toLowerCase()) ?? s;
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
