// Facility glyphs drawn on a canvas in the page, so MapLibre gets its symbol icons without a sprite
// URL: the style stays offline. The same drawing gives the legends their pictures.
import type { Map as MlMap } from 'maplibre-gl';
import { CATEGORY_IDS, type CategoryId } from '../../workers/model/dataset.ts';
import { CATEGORY_STYLE, markColor, type GlyphShape } from './categoryStyle.ts';
import type { Lang } from '../i18n/index.ts';

/** Glyph size in CSS pixels (the icon is drawn at twice that for sharp edges on HiDPI screens). */
export const GLYPH_PX = 26;
const RATIO = 2;
const PREFIX = 'ct-glyph-';
const GLYPH_ID = new RegExp(`^${PREFIX}(zh|en)-(\\w+)$`);

/** What every glyph image of one language is named with, then its category. */
export function glyphPrefix(lang: Lang): string {
  return `${PREFIX}${lang}-`;
}

/** The image a category's glyph has on the map; the mark is the language's, so each language has its own. */
export function glyphId(category: CategoryId, lang: Lang): string {
  return glyphPrefix(lang) + category;
}

export function parseGlyphId(id: string): { category: CategoryId; lang: Lang } | null {
  const m = GLYPH_ID.exec(id);
  if (!m || !(CATEGORY_IDS as readonly string[]).includes(m[2])) return null;
  return { lang: m[1] as Lang, category: m[2] as CategoryId };
}

/**
 * Corners of a shape of outer radius `r` around (0, 0), y pointing down; null for the circle.
 * Each polygon is sized to cover about the circle's area, so no shape looks more important.
 */
export function shapeVertices(shape: GlyphShape, r: number): Array<[number, number]> | null {
  const ring = (n: number, radius: number, start: number) => Array.from({ length: n }, (_, k): [number, number] => {
    const a = start + (2 * Math.PI * k) / n;
    return [radius * Math.cos(a), radius * Math.sin(a)];
  });
  switch (shape) {
    case 'circle': return null;
    case 'square': return ring(4, r * 1.25, Math.PI / 4);
    case 'diamond': return ring(4, r * 1.25, -Math.PI / 2);
    case 'triangle': return ring(3, r * 1.55, -Math.PI / 2).map(([x, y]) => [x, y + r * 0.3]);
    case 'hexagon': return ring(6, r * 1.1, 0);
  }
}

function trace(ctx: CanvasRenderingContext2D, shape: GlyphShape, cx: number, cy: number, r: number) {
  ctx.beginPath();
  const v = shapeVertices(shape, r);
  if (!v) {
    ctx.arc(cx, cy, r, 0, 2 * Math.PI);
  } else {
    v.forEach(([x, y], k) => (k === 0 ? ctx.moveTo(cx + x, cy + y) : ctx.lineTo(cx + x, cy + y)));
    ctx.closePath();
  }
}

/** Draws a category's glyph into a square canvas context of side `side` device pixels. */
function drawGlyph(ctx: CanvasRenderingContext2D, category: CategoryId, lang: Lang, side: number) {
  const { color, shape } = CATEGORY_STYLE[category];
  const mark = CATEGORY_STYLE[category].mark[lang];
  const c = side / 2;
  // Outer radius leaves room for the white halo that lifts the glyph off any building colour.
  const r = side * 0.3;
  ctx.clearRect(0, 0, side, side);
  ctx.lineJoin = 'round';
  trace(ctx, shape, c, c, r);
  ctx.lineWidth = side * 0.14;
  ctx.strokeStyle = '#ffffff';
  ctx.stroke();
  ctx.fillStyle = color;
  ctx.fill();
  ctx.lineWidth = side * 0.04;
  ctx.strokeStyle = '#1a1a1a';
  ctx.stroke();
  ctx.fillStyle = markColor(category);
  // Two letters get a smaller size than one character, so both stay inside the shape.
  const font = (px: number) => `bold ${px}px "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif`;
  let px = Math.round(side * 0.34);
  ctx.font = font(px);
  const room = r * 1.45;
  const wide = ctx.measureText(mark).width;
  if (wide > room) {
    px = Math.max(8, Math.floor((px * room) / wide));
    ctx.font = font(px);
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  // A triangle's centre of area sits below its circle's centre; the mark follows it.
  ctx.fillText(mark, c, c + (shape === 'triangle' ? r * 0.35 : side * 0.02));
}

function canvasFor(category: CategoryId, lang: Lang, side: number): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = side;
  canvas.height = side;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('canvas 2D is not available: facility glyphs cannot be drawn');
  drawGlyph(ctx, category, lang, side);
  return canvas;
}

const urls = new Map<string, string>();

/** The glyph as a PNG data URL, for legends and palettes. */
export function glyphUrl(category: CategoryId, lang: Lang): string {
  const id = glyphId(category, lang);
  let u = urls.get(id);
  if (!u) {
    u = canvasFor(category, lang, GLYPH_PX * RATIO).toDataURL('image/png');
    urls.set(id, u);
  }
  return u;
}

function addGlyph(map: MlMap, category: CategoryId, lang: Lang) {
  const id = glyphId(category, lang);
  if (map.hasImage(id)) return;
  const side = GLYPH_PX * RATIO;
  const ctx = canvasFor(category, lang, side).getContext('2d')!;
  map.addImage(id, ctx.getImageData(0, 0, side, side), { pixelRatio: RATIO });
}

/**
 * Draws a glyph when the style first asks for it, on this style and every later one (a basemap
 * switch replaces the style and with it the images). Returns the detach function.
 */
export function attachGlyphs(map: MlMap): () => void {
  map.setMissingStyleImageResolver((id) => {
    const g = parseGlyphId(id);
    if (g) addGlyph(map, g.category, g.lang);
  });
  return () => { map.setMissingStyleImageResolver(null); };
}
