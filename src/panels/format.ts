import { translate, type Lang } from '../i18n/index.ts';
import { MESSAGES } from '../i18n/messages.ts';

export function fmtNumber(v: number, lang: Lang, digits = 0): string {
  return v.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** An indicator unit in words ("车位/户", "beds per 1000 residents 60+"); a unit the table names itself stays as written. */
export function indicatorUnit(unit: string, lang: Lang): string {
  if (unit === 'share' || unit === 'ratio') return '%';
  const key = `iunit.${unit}`;
  return Object.hasOwn(MESSAGES, key) ? translate(lang, key as keyof typeof MESSAGES) : unit;
}

/** An indicator value in its unit: shares and supply/demand ratios as percentages, the others with their unit. */
export function fmtIndicator(v: number | null, unit: string, lang: Lang): string {
  if (v === null) return '—';
  if (unit === 'share') return `${fmtNumber(v * 100, lang, 1)}%`;
  if (unit === 'ratio') return `${fmtNumber(v * 100, lang, 0)}%`;
  const n = fmtNumber(v, lang, unit === 'beds/1000' ? 1 : 2);
  const u = indicatorUnit(unit, lang);
  return u ? `${n} ${u}` : n;
}

export function fmtMetres(d: number, lang: Lang): string {
  return Number.isFinite(d) ? `${fmtNumber(Math.round(d), lang)} m` : '—';
}

/** A template from the message table with its {placeholders} filled in. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}
