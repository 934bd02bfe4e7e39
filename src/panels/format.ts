import type { Lang } from '../i18n/index.ts';

export function fmtNumber(v: number, lang: Lang, digits = 0): string {
  return v.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** An indicator value in its unit: shares as percentages, ratios and densities with decimals. */
export function fmtIndicator(v: number | null, unit: string, lang: Lang): string {
  if (v === null) return '—';
  if (unit === 'share') return `${fmtNumber(v * 100, lang, 1)}%`;
  if (unit === 'ratio') return `${fmtNumber(v * 100, lang, 0)}%`;
  if (unit === 'beds/1000') return fmtNumber(v, lang, 1);
  return fmtNumber(v, lang, 2);
}

export function fmtMetres(d: number, lang: Lang): string {
  return Number.isFinite(d) ? `${fmtNumber(Math.round(d), lang)} m` : '—';
}
