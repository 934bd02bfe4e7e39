import { MESSAGES, type MessageKey } from './messages.ts';

export type Lang = 'zh' | 'en';

export function translate(lang: Lang, key: MessageKey): string {
  // A key built at run time that the table lacks shows as itself (and the English page test finds it), never as a crash.
  const m = MESSAGES[key] as readonly [string, string] | undefined;
  return m ? m[lang === 'zh' ? 0 : 1] : key;
}

/** Picks the name in the current language from a record with name_zh/name_en or name/name_en. */
export function localName(lang: Lang, r: { name_zh?: string; name?: string; name_en?: string }): string {
  return lang === 'en' ? (r.name_en ?? r.name_zh ?? r.name ?? '') : (r.name_zh ?? r.name ?? r.name_en ?? '');
}

export type { MessageKey };

let byText: Map<string, MessageKey> | null = null;

/**
 * A label recorded earlier as text (an undo step's name) in the language chosen now: text that is
 * one of the table's messages, in either language, is shown as that message; other text (a plan's
 * name, a slide title) stays as written.
 */
export function inLanguage(lang: Lang, text: string): string {
  if (!byText) {
    byText = new Map();
    for (const [k, v] of Object.entries(MESSAGES) as Array<[MessageKey, readonly [string, string]]>) {
      if (!byText.has(v[0])) byText.set(v[0], k);
      if (!byText.has(v[1])) byText.set(v[1], k);
    }
  }
  const key = byText.get(text);
  return key ? translate(lang, key) : text;
}
