// The map's style: valid and offline, colours that survive colour-vision deficiency, the selected
// category's glyph layer, thinned street labels, the selection highlight and the map's chrome logic.
import { describe, expect, it } from 'vitest';
import { createPropertyExpression, featureFilter, latest, validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { readFileSync } from 'node:fs';
import { CATEGORY_IDS, type CategoryId, type Dataset } from '../../workers/model/dataset.ts';
import {
  BEYOND_COLOR, BUILDING_WALK_COLOR, buildStyle, CLICKABLE, DISTANCE_RAMP, facilityFilters, facilityPaint, LAYER_GROUPS, NO_RESIDENTS_COLOR,
} from '../../src/map/style.ts';
import { BAND_COLORS, CATEGORY_STYLE, contrast, markColor, OKABE_ITO } from '../../src/map/categoryStyle.ts';
import { glyphId, parseGlyphId, shapeVertices } from '../../src/map/glyphs.ts';
import { LABEL_SPACING_M, streetLabelLines } from '../../src/map/derived.ts';
import { gapKey, highlightFeatures } from '../../src/map/highlight.ts';
import { cursorFor, pickToolActive } from '../../src/map/cursor.ts';
import { BOUNDARY_DEFAULT } from '../../src/state/boundaryTypes.ts';
import { fill, progressKey } from '../../src/map/chromeState.ts';
import { STUDIO_DEFAULT } from '../../src/state/scenarioTypes.ts';
import { fixture, ll } from './fixtures.ts';

// ---- colour vision: Machado, Oliveira & Fernandes (2009) at full severity, on linear RGB; CIELAB distance ----
const CVD: Record<string, number[][] | null> = {
  normal: null,
  deuteranopia: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.01182, 0.04294, 0.968881]],
  protanopia: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
  tritanopia: [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.3039]],
};
const toLinear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
function lab(hex: string, m: number[][] | null): [number, number, number] {
  const v = parseInt(hex.slice(1), 16);
  let rgb = [(v >> 16) & 255, (v >> 8) & 255, v & 255].map((c) => toLinear(c / 255));
  if (m) rgb = m.map((row) => Math.min(1, Math.max(0, row[0] * rgb[0] + row[1] * rgb[1] + row[2] * rgb[2])));
  const [r, g, b] = rgb;
  const X = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, Y = 0.2126 * r + 0.7152 * g + 0.0722 * b, Z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  return [116 * f(Y) - 16, 500 * (f(X) - f(Y)), 200 * (f(Y) - f(Z))];
}
function deltaE(a: string, b: string, m: number[][] | null): number {
  const p = lab(a, m), q = lab(b, m);
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}
/** The closest pair of colours between two sets, under one kind of vision. */
function closest(as: string[], bs: string[], m: number[][] | null): number {
  let best = Infinity;
  for (const a of as) for (const b of bs) if (a !== b) best = Math.min(best, deltaE(a, b, m));
  return best;
}

const hex = (c: { r: number; g: number; b: number }) =>
  `#${[c.r, c.g, c.b].map((x) => Math.round(x * 255).toString(16).padStart(2, '0')).join('')}`;
function buildingColour(props: Record<string, unknown>): string {
  const e = createPropertyExpression(BUILDING_WALK_COLOR as never, 'paint.fill-color', latest.paint_fill['fill-color'] as never);
  if (e.result !== 'success') throw new Error(JSON.stringify(e.value));
  return hex(e.value.evaluate({ zoom: 14 } as never, { type: 'Polygon', properties: props } as never) as never);
}

function district(): Dataset {
  const L = (n: string) => JSON.parse(readFileSync(`data/jidong/${n}.geojson`, 'utf8'));
  return {
    meta: JSON.parse(readFileSync('data/jidong/meta.json', 'utf8')), communities: L('communities'), compounds: L('compounds'),
    buildings: L('buildings'), streets: L('streets'), facilities: L('facilities'), sites: L('sites'), landuse: L('landuse'),
  } as Dataset;
}

describe('the style', () => {
  const ds = district();
  it('passes the MapLibre style validator, offline and with each online basemap', () => {
    for (const [basemap, key] of [['none', ''], ['osm', ''], ['tianditu', 'k']] as const) {
      const style = buildStyle(ds, basemap, key, { isochrone: null, buildings: null, gaps: null, category: 'nursery', lang: 'zh' });
      expect(validateStyleMin(style as never).map((e) => e.message)).toEqual([]);
      // No sprite and no glyph server: symbol icons come from map.addImage, labels from the system's fonts.
      expect(style.sprite).toBeUndefined();
      expect(style.glyphs).toBeUndefined();
      const urls = JSON.stringify(style.layers).match(/https?:\/\//g) ?? [];
      expect(urls).toEqual([]);
      expect(Object.keys(style.sources).includes('basemap')).toBe(basemap !== 'none');
    }
  });

  it('draws the isochrone bands above the analysis and the highlight above the facilities it marks', () => {
    const ids = buildStyle(ds, 'none', '', { isochrone: null, buildings: null, gaps: null, category: 'market', lang: 'zh' }).layers.map((l) => l.id);
    const at = (id: string) => {
      expect(ids).toContain(id);
      return ids.indexOf(id);
    };
    for (const below of ['buildings-analysis', 'gaps-fill', 'gaps-line', 'facility-areas']) expect(at('isochrone-fill')).toBeGreaterThan(at(below));
    expect(at('isochrone-line')).toBeGreaterThan(at('isochrone-fill'));
    expect(at('facility-glyphs')).toBeGreaterThan(at('facilities-circle'));
    expect(at('highlight-point')).toBeGreaterThan(at('facility-glyphs'));
    expect(at('highlight-fill')).toBeGreaterThan(at('buildings-analysis'));
    // Every layer a group or a click names exists.
    for (const id of [...Object.values(LAYER_GROUPS).flat(), ...CLICKABLE.map(([l]) => l)]) at(id);
  });

  it('puts the selected category on the glyph layer, every other one on the quiet dots, and leaves out what a plan hides', () => {
    const f = facilityFilters('health_station', ['F9']);
    const accepts = (layer: string, props: Record<string, unknown>, type = 1) =>
      f[layer] === null ? true : featureFilter(f[layer], 'filter').filter({ zoom: 14 } as never, { type, properties: props } as never);
    expect(accepts('facility-glyphs', { id: 'F1', category: 'health_station' })).toBe(true);
    expect(accepts('facility-glyphs', { id: 'F2', category: 'nursery' })).toBe(false);
    expect(accepts('facilities-mark', { id: 'F1', category: 'health_station' })).toBe(false);
    expect(accepts('facilities-mark', { id: 'F2', category: 'nursery' })).toBe(true);
    expect(accepts('facilities-circle', { id: 'F2', category: 'nursery' })).toBe(true);
    for (const layer of ['facility-glyphs', 'facilities-mark', 'facilities-circle']) {
      expect(accepts(layer, { id: 'F9', category: 'health_station' })).toBe(false);
      expect(accepts(layer, { id: 'F9', category: 'nursery' })).toBe(false);
    }
    // Without hidden facilities the dots take every facility.
    expect(facilityFilters('market', [])['facilities-circle']).toBeNull();
    // The dots of other categories are smaller and fainter than the glow under a selected glyph.
    const paint = facilityPaint('market')['facilities-circle'] as Record<string, unknown>;
    const e = createPropertyExpression(paint['circle-radius'] as never, 'paint.circle-radius', latest.paint_circle['circle-radius'] as never);
    if (e.result !== 'success') throw new Error(JSON.stringify(e.value));
    const radius = (category: string, zoom: number) => e.value.evaluate({ zoom } as never, { type: 'Point', properties: { category } } as never) as number;
    for (const z of [12, 14, 16, 18]) expect(radius('market', z)).toBeGreaterThan(1.8 * radius('parking', z));
  });
});

describe('building colours', () => {
  it('are graded by walk against the threshold, grey without residents or beyond the search limit', () => {
    const p = (d: number) => ({ _d: d, _t: 300, population: 12 });
    expect(buildingColour(p(0))).toBe(DISTANCE_RAMP[0][1]);
    expect(buildingColour(p(300))).toBe('#80cdc1');
    expect(buildingColour({ _d: 3001, _t: 3000, population: 1 })).toBe('#fdb863');
    expect(buildingColour(p(600))).toBe('#b35806');
    expect(buildingColour(p(900))).toBe('#b35806');
    expect(buildingColour(p(-1))).toBe(BEYOND_COLOR);
    expect(buildingColour({ _d: 10, _t: 300, population: 0 })).toBe(NO_RESIDENTS_COLOR);
    expect(buildingColour({ _d: -1, _t: 300 })).toBe(NO_RESIDENTS_COLOR);
  });

  it('keep within and beyond the standard apart for red–green and blue–yellow colour blindness', () => {
    const within = DISTANCE_RAMP.filter(([f]) => f <= 1).map(([, c]) => c);
    const beyond = DISTANCE_RAMP.filter(([f]) => f > 1).map(([, c]) => c);
    for (const [kind, m] of Object.entries(CVD)) {
      expect(closest(within, beyond, m), kind).toBeGreaterThan(20);
      expect(closest([...within, ...beyond], [BEYOND_COLOR, NO_RESIDENTS_COLOR], m), kind).toBeGreaterThan(8);
      expect(deltaE(BEYOND_COLOR, NO_RESIDENTS_COLOR, m), kind).toBeGreaterThan(30);
    }
    // The green-to-red ramp this replaced fails the same check for protanopia.
    expect(closest(['#1a9850', '#66bd63', '#d9ef8b'], ['#fdae61', '#f46d43', '#d73027'], CVD.protanopia)).toBeLessThan(8);
  });

  it('let the legend write "within" and "beyond" in dark ink on the middle of each half of its ramp', () => {
    // The legend's ramp runs over 0 … 2× the threshold; its two words sit at a half and one and a half times it.
    const at = (f: number) => DISTANCE_RAMP.find(([g]) => g === f)![1];
    for (const f of [0.5, 1.5]) expect(contrast(at(f), '#1a1a1a'), String(f)).toBeGreaterThanOrEqual(4.5);
  });

  it('leave the isochrone bands distinct from each other and ordered light to dark towards the origin', () => {
    const L = BAND_COLORS.map((c) => lab(c, null)[0]);
    for (let k = 1; k < L.length; k++) expect(L[k]).toBeGreaterThan(L[k - 1]);
    for (const [kind, m] of Object.entries(CVD)) expect(closest(BAND_COLORS.slice(0, 3), BAND_COLORS.slice(0, 3), m), kind).toBeGreaterThan(8);
  });
});

describe('facility glyphs', () => {
  it('give every category its own colour and shape pair, and every member of a colour family its own shape and mark', () => {
    const pairs = CATEGORY_IDS.map((c) => `${CATEGORY_STYLE[c].color}|${CATEGORY_STYLE[c].shape}`);
    expect(new Set(pairs).size).toBe(CATEGORY_IDS.length);
    const families = new Map<string, CategoryId[]>();
    for (const c of CATEGORY_IDS) families.set(CATEGORY_STYLE[c].color, [...(families.get(CATEGORY_STYLE[c].color) ?? []), c]);
    for (const members of families.values()) {
      expect(new Set(members.map((c) => CATEGORY_STYLE[c].shape)).size).toBe(members.length);
      for (const lang of ['zh', 'en'] as const) expect(new Set(members.map((c) => CATEGORY_STYLE[c].mark[lang])).size, lang).toBe(members.length);
    }
  });

  it('mark English glyphs with Latin capitals and Chinese ones with one character, on the map as in the legend', () => {
    for (const c of CATEGORY_IDS) {
      expect(CATEGORY_STYLE[c].mark.en, c).toMatch(/^[A-Z]{1,2}$/);
      expect([...CATEGORY_STYLE[c].mark.zh], c).toHaveLength(1);
    }
    const ds = district();
    for (const lang of ['zh', 'en'] as const) {
      const style = buildStyle(ds, 'none', '', { isochrone: null, buildings: null, gaps: null, category: 'market', lang });
      const layout = (id: string) => (style.layers.find((l) => l.id === id) as { layout: Record<string, unknown> }).layout;
      const spec = latest.layout_symbol;
      const text = createPropertyExpression(layout('facilities-mark')['text-field'] as never, 'layout.text-field', spec['text-field'] as never);
      const icon = createPropertyExpression(layout('facility-glyphs')['icon-image'] as never, 'layout.icon-image', spec['icon-image'] as never);
      if (text.result !== 'success' || icon.result !== 'success') throw new Error('invalid mark expressions');
      for (const c of CATEGORY_IDS) {
        const feature = { type: 'Point', properties: { category: c } } as never;
        expect(String(text.value.evaluate({ zoom: 17 } as never, feature)), `${lang} ${c}`).toBe(CATEGORY_STYLE[c].mark[lang]);
        const image = String(icon.value.evaluate({ zoom: 17 } as never, feature));
        expect(image).toBe(glyphId(c, lang));
        // The image the layer asks for is the one the map's resolver draws.
        expect(parseGlyphId(image)).toEqual({ category: c, lang });
      }
    }
    expect(parseGlyphId('ct-glyph-en-nope')).toBeNull();
    expect(parseGlyphId('ct-glyph-fr-market')).toBeNull();
  });

  it('use Okabe–Ito colours that stay apart under every colour-vision deficiency', () => {
    const used = [...new Set(CATEGORY_IDS.map((c) => CATEGORY_STYLE[c].color))];
    for (const c of used) expect(Object.values(OKABE_ITO)).toContain(c);
    for (const [kind, m] of Object.entries(CVD)) expect(closest(used, used, m), kind).toBeGreaterThan(15);
  });

  it('write their mark in a colour that stands out from the glyph (at least 3:1)', () => {
    for (const c of CATEGORY_IDS) expect(contrast(CATEGORY_STYLE[c].color, markColor(c)), c).toBeGreaterThanOrEqual(3);
    expect(markColor('market')).toBe('#1a1a1a');
    expect(markColor('primary_school')).toBe('#ffffff');
  });

  it('draw shapes of about the same area as the circle, so no category looks bigger', () => {
    const r = 10;
    for (const shape of ['square', 'diamond', 'triangle', 'hexagon'] as const) {
      const v = shapeVertices(shape, r)!;
      let a = 0;
      for (let k = 0; k < v.length; k++) {
        const [x0, y0] = v[k], [x1, y1] = v[(k + 1) % v.length];
        a += x0 * y1 - x1 * y0;
      }
      expect(Math.abs(a) / 2 / (Math.PI * r * r), shape).toBeGreaterThan(0.95);
      expect(Math.abs(a) / 2 / (Math.PI * r * r), shape).toBeLessThan(1.05);
    }
    expect(shapeVertices('circle', r)).toBeNull();
  });
});

describe('street labels', () => {
  it('name a street once per stretch, not once per piece, and leave unnamed streets and service roads out', () => {
    // 集东路 in five 120 m pieces along y = 0, 人民路 in one 1 km piece, an unnamed lane, a named service road.
    const ds = fixture({
      streets: [
        ...[0, 1, 2, 3, 4].map((k) => ({ pts: [[k * 120, 0], [(k + 1) * 120, 0]] as [number, number][], cls: 'primary' })),
        { pts: [[0, 300], [1000, 300]], cls: 'secondary' },
        { pts: [[0, 600], [300, 600]] },
        { pts: [[0, 900], [300, 900]], cls: 'service' },
      ],
    });
    ds.streets.features.forEach((f, i) => { f.properties.name = i < 5 ? '集东路' : i === 5 ? '人民路' : i === 6 ? '' : '后勤路'; });
    const lines = streetLabelLines(ds).features;
    const names = lines.map((f) => f.properties.name);
    expect(names.filter((n) => n === '人民路')).toHaveLength(1);
    // Piece mids at 60, 180, 300, 420, 540 m: the first one kept, then the first 400 m or more from it (540 m).
    const kept = lines.filter((f) => f.properties.name === '集东路').map((f) => f.properties.id);
    expect(kept).toEqual(['s0', 's4']);
    expect(names).not.toContain('');
    expect(names).not.toContain('后勤路');
    expect(LABEL_SPACING_M).toBe(400);
  });
});

describe('the highlight', () => {
  const ds = fixture({
    streets: [{ pts: [[0, 0], [100, 0]] }],
    buildings: [{ id: 'b1', at: [50, 20], population: 10 }, { id: 'b2', at: [80, 20], population: 0 }],
    facilities: [{ id: 'f1', category: 'nursery', at: [10, 10] }],
    compounds: [{ id: 'q1', ring: [[0, 10], [100, 10], [100, 60], [0, 60], [0, 10]], gates: [[50, 10]] }],
  });
  it('draws the selected feature whole, from the dataset, tagged by shape', () => {
    const b = highlightFeatures(ds, { kind: 'building', id: 'b2', properties: {} }, null).features;
    expect(b).toHaveLength(1);
    expect(b[0].geometry).toEqual(ds.buildings.features[1].geometry);
    expect(b[0].properties.shape).toBe('area');
    const f = highlightFeatures(ds, { kind: 'facility', id: 'f1', properties: {} }, null).features;
    expect(f[0].geometry).toEqual({ type: 'Point', coordinates: ll([10, 10]) });
    expect(f[0].properties.shape).toBe('point');
    expect(highlightFeatures(ds, { kind: 'street', id: 's0', properties: {} }, null).features[0].properties.shape).toBe('line');
    expect(highlightFeatures(ds, { kind: 'gate', id: 'q1-gate1', properties: {} }, null).features[0].geometry).toEqual({ type: 'Point', coordinates: ll([50, 10]) });
    expect(highlightFeatures(ds, { kind: 'compound', id: 'q1', properties: {} }, null).features[0].properties.shape).toBe('area');
  });
  it('finds a gap hexagon by its key among the gaps drawn, and draws nothing for what is not there', () => {
    const hexA = { type: 'Feature' as const, geometry: { type: 'Polygon', coordinates: [[[1, 1], [2, 1], [2, 2], [1, 1]]] }, properties: { category: 'nursery' } };
    const hexB = { type: 'Feature' as const, geometry: { type: 'Polygon', coordinates: [[[3, 1], [4, 1], [4, 2], [3, 1]]] }, properties: { category: 'nursery' } };
    const gaps = { type: 'FeatureCollection' as const, features: [hexA, hexB] };
    expect(gapKey(hexB)).toBe('nursery@3,1');
    expect(highlightFeatures(ds, { kind: 'gap', id: gapKey(hexB), properties: {} }, gaps).features[0].geometry).toEqual(hexB.geometry);
    expect(highlightFeatures(ds, { kind: 'gap', id: 'nursery@9,9', properties: {} }, gaps).features).toEqual([]);
    expect(highlightFeatures(ds, { kind: 'building', id: 'nope', properties: {} }, null).features).toEqual([]);
    expect(highlightFeatures(ds, null, null).features).toEqual([]);
  });
});

describe('map chrome', () => {
  const base = { dataset: {} as Dataset, loadError: null, engineStatus: 'ready' as const, analysisStatus: 'done' as const, studio: STUDIO_DEFAULT };
  it('says what the engine is doing, the step everything else waits for first', () => {
    expect(progressKey({ ...base, dataset: null })).toBe('loading');
    expect(progressKey({ ...base, dataset: null, loadError: 'HTTP 404' })).toBeNull();
    expect(progressKey({ ...base, engineStatus: 'loading', analysisStatus: 'running' })).toBe('progress.network');
    expect(progressKey({ ...base, analysisStatus: 'running', engineStatus: 'busy' })).toBe('progress.analysis');
    expect(progressKey({ ...base, engineStatus: 'busy' })).toBe('progress.isochrone');
    expect(progressKey({ ...base, studio: { ...STUDIO_DEFAULT, suggest: { ...STUDIO_DEFAULT.suggest, running: true } } })).toBe('progress.suggest');
    expect(progressKey(base)).toBeNull();
    expect(progressKey({ ...base, engineStatus: 'error' })).toBeNull();
  });
  it('shows a crosshair while a pick tool waits, a grab while dragging, a pointer over features', () => {
    const s = { tool: 'select' as const, netTool: 'none' as const, studio: STUDIO_DEFAULT, boundaries: BOUNDARY_DEFAULT };
    expect(pickToolActive(s)).toBe(false);
    expect(pickToolActive({ ...s, tool: 'isochrone' })).toBe(true);
    expect(pickToolActive({ ...s, netTool: 'close' })).toBe(true);
    expect(pickToolActive({ ...s, studio: { ...STUDIO_DEFAULT, suggest: { ...STUDIO_DEFAULT.suggest, drawing: true } } })).toBe(true);
    expect(pickToolActive({ ...s, boundaries: { ...BOUNDARY_DEFAULT, drawing: true } })).toBe(true);
    expect(cursorFor(true, { hover: true, grab: '' })).toBe('crosshair');
    expect(cursorFor(true, { hover: false, grab: 'grabbing' })).toBe('grabbing');
    expect(cursorFor(false, { hover: true, grab: '' })).toBe('pointer');
    expect(cursorFor(false, { hover: false, grab: '' })).toBe('');
  });
  it('fills message placeholders and leaves unknown ones visible', () => {
    expect(fill('≤ {m} 米 {x}', { m: 300 })).toBe('≤ 300 米 {x}');
  });
});
