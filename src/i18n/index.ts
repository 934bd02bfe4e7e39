import { MESSAGES, type MessageKey } from './messages.ts';

export type Lang = 'zh' | 'en';

export function translate(lang: Lang, key: MessageKey): string {
  return MESSAGES[key][lang === 'zh' ? 0 : 1];
}

/** Picks the name in the current language from a record with name_zh/name_en or name/name_en. */
export function localName(lang: Lang, r: { name_zh?: string; name?: string; name_en?: string }): string {
  return lang === 'en' ? (r.name_en ?? r.name_zh ?? r.name ?? '') : (r.name_zh ?? r.name ?? r.name_en ?? '');
}

export type { MessageKey };
