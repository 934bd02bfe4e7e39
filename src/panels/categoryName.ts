import standards from '../../data/standards/gb50180-2018.json';
import type { Lang } from '../i18n/index.ts';

const NAMES = new Map(standards.categories.map((c) => [c.id, c]));

export function categoryName(id: string, lang: Lang): string {
  const c = NAMES.get(id);
  if (!c) return id;
  return lang === 'en' ? c.name_en : c.name_zh;
}

/** The category id whose Chinese name this is (engine messages name a category so), or null. */
export function categoryIdByChineseName(zh: string): string | null {
  return standards.categories.find((c) => c.name_zh === zh)?.id ?? null;
}
