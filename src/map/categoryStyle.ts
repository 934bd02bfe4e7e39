import type { CategoryId } from '../../workers/model/dataset.ts';

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

/** Colour, glyph shape and one-character mark per facility category: readable at a glance, drawn with local fonts. */
export const CATEGORY_STYLE: Record<CategoryId, { color: string; shape: GlyphShape; mark: string }> = {
  health_station: { color: O.vermillion, shape: 'circle', mark: '医' },
  health_centre: { color: O.vermillion, shape: 'square', mark: '卫' },
  nursery: { color: O.orange, shape: 'circle', mark: '托' },
  kindergarten: { color: O.orange, shape: 'square', mark: '幼' },
  elderly_daycare: { color: O.reddishPurple, shape: 'circle', mark: '老' },
  elderly_home: { color: O.reddishPurple, shape: 'square', mark: '养' },
  primary_school: { color: O.blue, shape: 'circle', mark: '小' },
  middle_school: { color: O.blue, shape: 'square', mark: '中' },
  market: { color: O.yellow, shape: 'diamond', mark: '菜' },
  convenience: { color: O.yellow, shape: 'circle', mark: '便' },
  service_station: { color: O.black, shape: 'hexagon', mark: '服' },
  park: { color: O.bluishGreen, shape: 'triangle', mark: '园' },
  green: { color: O.bluishGreen, shape: 'circle', mark: '绿' },
  sports: { color: O.bluishGreen, shape: 'diamond', mark: '运' },
  parking: { color: O.skyBlue, shape: 'square', mark: 'P' },
  bus_stop: { color: O.skyBlue, shape: 'hexagon', mark: '公' },
};

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
