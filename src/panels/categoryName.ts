import standards from '../../data/standards/gb50180-2018.json';
import type { Lang } from '../i18n/index.ts';

const NAMES = new Map(standards.categories.map((c) => [c.id, c]));

export function categoryName(id: string, lang: Lang): string {
  const c = NAMES.get(id);
  if (!c) return id;
  return lang === 'en' ? c.name_en : c.name_zh;
}
