import type { CategoryId } from '../../workers/model/dataset.ts';
import type { Lang } from '../i18n/index.ts';

/** Outline of a facility glyph; drawn by src/map/glyphs.ts. */
export type GlyphShape = 'circle' | 'square' | 'diamond' | 'triangle' | 'hexagon';

/**
 * The Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"), chosen so that people with
 * red–green colour vision deficiency can still tell the families apart. Sixteen categories are more
 * than any safe palette has colours, so one colour marks a family (health, childcare, elderly, school,
 * shops, green, transport) and the glyph's shape and its character tell the members apart.
 */
export const OKABE_ITO = {
  orange: '#E69F00', skyBlue: '#56B4E9', bluishGreen: '#009E73', yellow: '#F0E442',
  blue: '#0072B2', vermillion: '#D55E00', reddishPurple: '#CC79A7', black: '#000000',
} as const;

const O = OKABE_ITO;

/**
 * Colour, glyph shape and mark per facility category: readable at a glance, drawn with local fonts.
 * The mark follows the language: one character in Chinese, a letter or two from the English name in
 * English, each unique within its colour family.
 */
export const CATEGORY_STYLE: Record<CategoryId, { color: string; shape: GlyphShape; mark: Record<Lang, string> }> = {
  health_station: { color: O.vermillion, shape: 'circle', mark: { zh: '医', en: 'H' } },
  health_centre: { color: O.vermillion, shape: 'square', mark: { zh: '卫', en: 'HC' } },
  nursery: { color: O.orange, shape: 'circle', mark: { zh: '托', en: 'N' } },
  kindergarten: { color: O.orange, shape: 'square', mark: { zh: '幼', en: 'K' } },
  elderly_daycare: { color: O.reddishPurple, shape: 'circle', mark: { zh: '老', en: 'D' } },
  elderly_home: { color: O.reddishPurple, shape: 'square', mark: { zh: '养', en: 'E' } },
  primary_school: { color: O.blue, shape: 'circle', mark: { zh: '小', en: 'PS' } },
  middle_school: { color: O.blue, shape: 'square', mark: { zh: '中', en: 'MS' } },
  market: { color: O.yellow, shape: 'diamond', mark: { zh: '菜', en: 'M' } },
  convenience: { color: O.yellow, shape: 'circle', mark: { zh: '便', en: 'C' } },
  service_station: { color: O.black, shape: 'hexagon', mark: { zh: '服', en: 'S' } },
  park: { color: O.bluishGreen, shape: 'triangle', mark: { zh: '园', en: 'PK' } },
  green: { color: O.bluishGreen, shape: 'circle', mark: { zh: '绿', en: 'G' } },
  sports: { color: O.bluishGreen, shape: 'diamond', mark: { zh: '运', en: 'SP' } },
  parking: { color: O.skyBlue, shape: 'square', mark: { zh: 'P', en: 'P' } },
  bus_stop: { color: O.skyBlue, shape: 'hexagon', mark: { zh: '公', en: 'B' } },
};

/** MapLibre expression: the mark of a feature's `category` in one language ('?' for an unknown category). */
export function markExpression(lang: Lang): unknown[] {
  return ['match', ['get', 'category'], ...Object.entries(CATEGORY_STYLE).flatMap(([k, v]) => [k, v.mark[lang]]), '?'];
}

/** WCAG relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  const v = parseInt(hex.slice(1), 16);
  const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const [r, g, b] = [(v >> 16) & 255, (v >> 8) & 255, v & 255].map((c) => lin(c / 255));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

/** The mark's colour on a glyph: white or near-black, whichever stands out more from the glyph's colour. */
export function markColor(category: CategoryId): string {
  const c = CATEGORY_STYLE[category].color;
  return contrast(c, '#ffffff') >= contrast(c, '#1a1a1a') ? '#ffffff' : '#1a1a1a';
}

/**
 * Isochrone band colours, nearest band first: a purple sequence (ColorBrewer Purples), so bands read
 * apart from the building colours (bluish green within the standard, orange to red beyond).
 */
export const BAND_COLORS = ['#3f007d', '#6a51a3', '#807dba', '#9e9ac8', '#bcbddc', '#dadaeb'];
