// The MapLibre style is built from the dataset itself, so the map needs no tiles, fonts or sprites
// from the network. No `glyphs` URL: MapLibre then draws every label with the system's fonts.
import type { StyleSpecification, LayerSpecification, ExpressionSpecification, FilterSpecification } from 'maplibre-gl';
import type { CategoryId, Dataset, FeatureCollection } from '../../workers/model/dataset.ts';
import type { Basemap, LayerKey } from '../state/store.ts';
import { BAND_COLORS, CATEGORY_STYLE, markColor, markExpression } from './categoryStyle.ts';
import type { Lang } from '../i18n/index.ts';
import { glyphPrefix } from './glyphs.ts';
import { facilityPoints, gatePoints, labelPoints, streetLabelLines } from './derived.ts';

const FONT = ['Noto Sans CJK SC', 'sans-serif'];

export const LAYER_GROUPS: Record<LayerKey, string[]> = {
  analysis: ['isochrone-fill', 'isochrone-casing', 'isochrone-line', 'buildings-analysis'],
  gaps: ['gaps-fill', 'gaps-line'],
  landuse: ['landuse-fill', 'landuse-rail'],
  communities: ['communities-line', 'communities-label'],
  compounds: ['compounds-fill', 'compounds-line', 'gates'],
  streets: ['streets-casing', 'streets-line', 'streets-label', 'streets-label-minor'],
  buildings: ['buildings-fill'],
  facilities: ['facility-areas', 'facilities-circle', 'facilities-mark', 'facility-glyphs'],
  sites: ['sites-fill', 'sites-line'],
};

/** Layers a click can select, top first, with the kind shown in the attribute panel. */
export const CLICKABLE: Array<[string, string]> = [
  ['facility-glyphs', 'facility'], ['facilities-circle', 'facility'], ['gates', 'gate'], ['sites-fill', 'site'], ['buildings-analysis', 'building'],
  ['buildings-fill', 'building'], ['gaps-fill', 'gap'],
  ['facility-areas', 'facility'], ['streets-line', 'street'], ['compounds-fill', 'compound'], ['landuse-fill', 'landuse'],
];

/** The layers that draw the selected feature, above everything but the labels. */
export const HIGHLIGHT_LAYERS = ['highlight-fill', 'highlight-casing', 'highlight-line', 'highlight-point'];

const categoryColor: ExpressionSpecification = [
  'match', ['get', 'category'],
  ...Object.entries(CATEGORY_STYLE).flatMap(([k, v]) => [k, v.color]),
  '#868e96',
] as unknown as ExpressionSpecification;
const categoryMarkColor: ExpressionSpecification = [
  'match', ['get', 'category'],
  ...(Object.keys(CATEGORY_STYLE) as CategoryId[]).flatMap((k) => [k, markColor(k)]),
  '#ffffff',
] as unknown as ExpressionSpecification;

/**
 * Layout of the facility layers that depends on the language: the marks of the quiet dots and the
 * glyph images (src/map/glyphs.ts draws one per category and language).
 */
export function facilityMarks(lang: Lang): Record<string, Record<string, unknown>> {
  return {
    'facilities-mark': { 'text-field': markExpression(lang) },
    'facility-glyphs': { 'icon-image': ['concat', glyphPrefix(lang), ['get', 'category']] },
  };
}

/**
 * Filters of the facility layers: the selected category's points go to the glyph layer, every other
 * category's to the subdued dots; facilities a plan removes or moves away are left out of both.
 */
const selected = (category: CategoryId): ExpressionSpecification => ['==', ['get', 'category'], category];

/** Paint of the facility layers that depends on the selected category: its points large, the rest quiet. */
export function facilityPaint(category: CategoryId): Record<string, Record<string, unknown>> {
  const mine = selected(category);
  return {
    'facility-areas': { 'fill-opacity': ['case', mine, 0.3, 0.08] },
    'facilities-circle': {
      'circle-radius': ['interpolate', ['linear'], ['zoom'],
        ...([[12, 13, 2.5], [14, 15, 4], [16, 18, 6.5], [18, 22, 9]] as const).flatMap(([z, glow, dot]) => [z, ['case', mine, glow, dot]])],
      // Under a glyph the circle is its soft glow; elsewhere it is the subdued dot.
      'circle-opacity': ['case', mine, 0.28, 0.5],
      'circle-stroke-width': ['case', mine, 0, 0.8],
    },
  };
}

export function facilityFilters(category: CategoryId, hidden: string[]): Record<string, FilterSpecification | null> {
  const keep: ExpressionSpecification[] = hidden.length ? [['!', ['in', ['get', 'id'], ['literal', hidden]]]] : [];
  const all = (...parts: ExpressionSpecification[]) =>
    (parts.length === 0 ? null : parts.length === 1 ? parts[0] : ['all', ...parts]) as FilterSpecification | null;
  const mine: ExpressionSpecification = ['==', ['get', 'category'], category];
  const others: ExpressionSpecification = ['!=', ['get', 'category'], category];
  return {
    'facility-areas': all(['==', ['geometry-type'], 'Polygon'], ...keep),
    'facilities-circle': all(...keep),
    'facilities-mark': all(others, ...keep),
    'facility-glyphs': all(mine, ...keep),
  };
}

export function basemapSources(basemap: Basemap, tiandituKey: string): StyleSpecification['sources'] {
  if (basemap === 'osm') {
    return {
      basemap: {
        type: 'raster', tileSize: 256, maxzoom: 19,
        tiles: ['https://tile.openstreetmap.org/{z}/{x}/{y}.png'],
        attribution: '© OpenStreetMap contributors',
      },
    };
  }
  if (basemap === 'tianditu' && tiandituKey) {
    return {
      basemap: {
        type: 'raster', tileSize: 256, maxzoom: 18,
        tiles: [0, 1, 2, 3].map((n) =>
          `https://t${n}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(tiandituKey)}`),
        attribution: '© 天地图',
      },
    };
  }
  return {};
}

type AnyCollection = FeatureCollection<unknown, Record<string, unknown>>;

export interface Overlays {
  isochrone: AnyCollection | null;
  buildings: AnyCollection | null;
  gaps: AnyCollection | null;
  /** The category the map is about: its facilities get glyphs, its walks colour the buildings. */
  category: CategoryId;
  /** The language of the facility marks. */
  lang: Lang;
}

/**
 * Walk colour relative to the category's threshold, diverging at the threshold (ColorBrewer BrBG's
 * bluish greens within it, PuOr's oranges beyond): the two sides stay apart for red–green colour
 * vision deficiency, which a green-to-red ramp does not (test/unit/map-style.test.ts checks both).
 */
export const DISTANCE_RAMP: Array<[number, string]> = [
  [0, '#01665e'], [0.5, '#35978f'], [1, '#80cdc1'], [1.0001, '#fdb863'], [1.5, '#e66101'], [2, '#b35806'],
];
/** Residents with no facility of the category within the search limit. */
export const BEYOND_COLOR = '#3b3b3b';
/** Buildings without residents: nobody to serve, so no walk to judge. */
export const NO_RESIDENTS_COLOR = '#e3ded6';

/** The building fill for `_d` (walk, -1 beyond the search limit), `_t` (threshold) and the residents. */
export const BUILDING_WALK_COLOR = [
  'case',
  ['!', ['>', ['to-number', ['get', 'population'], 0], 0]], NO_RESIDENTS_COLOR,
  ['<', ['get', '_d'], 0], BEYOND_COLOR,
  ['interpolate', ['linear'], ['/', ['get', '_d'], ['get', '_t']], ...DISTANCE_RAMP.flat()],
] as unknown as ExpressionSpecification;

const EMPTY_FC = { type: 'FeatureCollection', features: [] };

/** Isochrone bands drawn largest first, each carrying its rank for the colour ramp. */
export function isochroneData(iso: Overlays['isochrone']) {
  if (!iso) return EMPTY_FC;
  const ranked = iso.features.map((f, rank) => ({ ...f, properties: { ...f.properties, rank } }));
  return { type: 'FeatureCollection', features: ranked.reverse() };
}

const bandColor = ['match', ['get', 'rank'], ...BAND_COLORS.flatMap((c, i) => [i, c]), '#888888'] as unknown as ExpressionSpecification;

export function buildStyle(ds: Dataset, basemap: Basemap, tiandituKey: string, overlays: Overlays): StyleSpecification {
  const online = basemapSources(basemap, tiandituKey);
  const cat = overlays.category;
  const filters = facilityFilters(cat, []);
  const paint = facilityPaint(cat) as Record<string, Record<string, never>>;
  const marks = facilityMarks(overlays.lang) as Record<string, Record<string, never>>;
  const withFilter = (id: string) => (filters[id] ? { filter: filters[id]! } : {});
  const layers: LayerSpecification[] = [
    { id: 'background', type: 'background', paint: { 'background-color': '#f3f0e8' } },
  ];
  if (online.basemap) layers.push({ id: 'basemap', type: 'raster', source: 'basemap', paint: { 'raster-opacity': 0.75 } });
  layers.push(
    {
      id: 'landuse-fill', type: 'fill', source: 'landuse', filter: ['==', ['geometry-type'], 'Polygon'],
      paint: {
        'fill-color': ['match', ['get', 'kind'], 'green', '#d5e8c8', 'water', '#a9d0ec', 'commercial', '#f1e6da',
          'industrial', '#e4e0e8', 'hightech', '#e0e7f0', '#eeeeee'],
        'fill-opacity': online.basemap ? 0.5 : 1,
      },
    },
    {
      id: 'landuse-rail', type: 'line', source: 'landuse', filter: ['==', ['get', 'kind'], 'rail'],
      paint: { 'line-color': '#6c6c6c', 'line-width': 3, 'line-dasharray': [3, 2] },
    },
    { id: 'compounds-fill', type: 'fill', source: 'compounds', paint: { 'fill-color': '#e9e3d4', 'fill-opacity': 0.35 } },
    { id: 'compounds-line', type: 'line', source: 'compounds', paint: { 'line-color': '#a39b86', 'line-width': 1.2 } },
    {
      id: 'streets-casing', type: 'line', source: 'streets',
      filter: ['match', ['get', 'class'], ['primary', 'secondary', 'tertiary', 'residential', 'trunk'], true, false],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': '#c9bfa8',
        'line-width': ['interpolate', ['linear'], ['zoom'], 12, ['match', ['get', 'class'], 'primary', 3, 'secondary', 2, 1.2],
          17, ['match', ['get', 'class'], 'primary', 22, 'secondary', 15, 9]],
      },
    },
    {
      id: 'streets-line', type: 'line', source: 'streets',
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': ['match', ['get', 'class'], 'primary', '#fff3c4', 'secondary', '#ffffff', 'tertiary', '#ffffff',
          'residential', '#ffffff', 'service', '#f7f4ee', 'pedestrian', '#eadcf0', '#b08968'],
        'line-width': ['interpolate', ['linear'], ['zoom'],
          12, ['match', ['get', 'class'], 'primary', 2, 'secondary', 1.4, 'footway', 0.5, 0.8],
          17, ['match', ['get', 'class'], 'primary', 18, 'secondary', 12, 'tertiary', 8, 'residential', 7, 'footway', 1.5, 3]],
        'line-dasharray': ['match', ['get', 'class'], 'footway', ['literal', [2, 1.5]], ['literal', [1, 0]]],
      },
    },
    {
      // Gap hexagons stay a light tint with a thin edge: the buildings' own colours carry the answer.
      id: 'gaps-fill', type: 'fill', source: 'gaps',
      paint: {
        'fill-color': ['interpolate', ['linear'], ['get', 'uncovered'], 0, '#fee6ce', 300, '#fdae6b', 1000, '#e6550d'],
        'fill-opacity': 0.16,
      },
    },
    { id: 'gaps-line', type: 'line', source: 'gaps', paint: { 'line-color': '#a63603', 'line-width': 0.6, 'line-opacity': 0.35 } },
    {
      id: 'buildings-fill', type: 'fill', source: 'buildings',
      paint: {
        'fill-color': ['match', ['get', 'use'], 'residential', '#c8b99c', 'commercial', '#e0a987', 'office', '#9fb6d0',
          'industrial', '#b3a6b8', '#b8b8b8'],
        'fill-outline-color': '#8c7f66',
      },
    },
    {
      id: 'buildings-analysis', type: 'fill', source: 'buildings-analysis',
      paint: { 'fill-color': BUILDING_WALK_COLOR, 'fill-outline-color': '#5c5346' },
    },
    { id: 'sites-fill', type: 'fill', source: 'sites', paint: { 'fill-color': '#ff922b', 'fill-opacity': 0.35 } },
    { id: 'sites-line', type: 'line', source: 'sites', paint: { 'line-color': '#e8590c', 'line-width': 1.5, 'line-dasharray': [2, 1] } },
    {
      id: 'facility-areas', type: 'fill', source: 'facilities', ...withFilter('facility-areas'),
      paint: {
        'fill-color': categoryColor, 'fill-outline-color': categoryColor, ...paint['facility-areas'],
      },
    },
    // The bands lie above the analysis, light enough that building colours read through them.
    { id: 'isochrone-fill', type: 'fill', source: 'isochrone', paint: { 'fill-color': bandColor, 'fill-opacity': 0.06 } },
    {
      id: 'isochrone-casing', type: 'line', source: 'isochrone', layout: { 'line-join': 'round' },
      paint: { 'line-color': '#ffffff', 'line-width': 4, 'line-opacity': 0.85 },
    },
    {
      id: 'isochrone-line', type: 'line', source: 'isochrone', layout: { 'line-join': 'round' },
      paint: { 'line-color': bandColor, 'line-width': 2.2 },
    },
    {
      id: 'communities-line', type: 'line', source: 'communities',
      paint: { 'line-color': '#7b2d8b', 'line-width': 2.2, 'line-dasharray': [4, 2], 'line-opacity': 0.75 },
    },
    {
      id: 'gates', type: 'circle', source: 'gates', minzoom: 14,
      paint: { 'circle-radius': 3, 'circle-color': '#ffffff', 'circle-stroke-color': '#7b5e2b', 'circle-stroke-width': 1.5 },
    },
    {
      // Street names once per stretch (derived.ts thins the pieces), major streets first, minor ones closer in.
      id: 'streets-label', type: 'symbol', source: 'street-labels', minzoom: 14,
      filter: ['match', ['get', 'class'], ['primary', 'secondary'], true, false],
      layout: {
        'symbol-placement': 'line', 'symbol-spacing': 600, 'text-field': ['get', 'name'], 'text-font': FONT, 'text-size': 12,
        'text-padding': 24, 'text-max-angle': 30,
      },
      paint: { 'text-color': '#5c4a2e', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
    },
    {
      id: 'streets-label-minor', type: 'symbol', source: 'street-labels', minzoom: 16,
      filter: ['match', ['get', 'class'], ['primary', 'secondary'], false, true],
      layout: {
        'symbol-placement': 'line', 'symbol-spacing': 500, 'text-field': ['get', 'name'], 'text-font': FONT, 'text-size': 11,
        'text-padding': 24, 'text-max-angle': 30,
      },
      paint: { 'text-color': '#6b5a40', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
    },
    {
      id: 'highlight-fill', type: 'fill', source: 'selection', filter: ['==', ['get', 'shape'], 'area'],
      paint: { 'fill-color': '#ffe600', 'fill-opacity': 0.35 },
    },
    {
      id: 'highlight-casing', type: 'line', source: 'selection', filter: ['!=', ['get', 'shape'], 'point'],
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': '#1a1a1a', 'line-width': 6, 'line-opacity': 0.75 },
    },
    {
      id: 'highlight-line', type: 'line', source: 'selection', filter: ['!=', ['get', 'shape'], 'point'],
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': '#ffe600', 'line-width': 3 },
    },
    {
      // Other categories: small quiet dots, their marks only close in.
      id: 'facilities-circle', type: 'circle', source: 'facility-points', ...withFilter('facilities-circle'),
      paint: { 'circle-color': categoryColor, 'circle-stroke-color': '#ffffff', 'circle-stroke-opacity': 0.7, ...paint['facilities-circle'] },
    },
    {
      id: 'facilities-mark', type: 'symbol', source: 'facility-points', minzoom: 16, ...withFilter('facilities-mark'),
      layout: { ...marks['facilities-mark'], 'text-font': FONT, 'text-size': 9, 'text-allow-overlap': true },
      paint: { 'text-color': categoryMarkColor, 'text-opacity': 0.8 },
    },
    {
      // The selected category: its own glyph (shape, colour and mark; src/map/glyphs.ts), names close in.
      id: 'facility-glyphs', type: 'symbol', source: 'facility-points', ...withFilter('facility-glyphs'),
      layout: {
        ...marks['facility-glyphs'],
        'icon-size': ['interpolate', ['linear'], ['zoom'], 12, 0.95, 15, 1.15, 18, 1.45] as unknown as ExpressionSpecification,
        'icon-allow-overlap': true, 'icon-ignore-placement': true,
        'text-field': ['step', ['zoom'], '', 15, ['get', 'name']] as unknown as ExpressionSpecification,
        'text-font': FONT, 'text-size': 12, 'text-offset': [0, 1.5], 'text-anchor': 'top', 'text-optional': true,
      },
      paint: { 'text-color': '#1a1a1a', 'text-halo-color': '#ffffff', 'text-halo-width': 1.8 },
    },
    {
      id: 'highlight-point', type: 'circle', source: 'selection', filter: ['==', ['get', 'shape'], 'point'],
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, 11, 16, 18], 'circle-opacity': 0,
        'circle-stroke-color': '#ffe600', 'circle-stroke-width': 3.5,
      },
    },
    {
      // One point per community: a label on the polygon itself repeats in every tile it crosses (worst in 3D).
      id: 'communities-label', type: 'symbol', source: 'community-points',
      layout: { 'text-field': ['get', 'name'], 'text-font': FONT, 'text-size': ['interpolate', ['linear'], ['zoom'], 12, 13, 16, 20] },
      paint: { 'text-color': '#5a1e6b', 'text-halo-color': '#ffffff', 'text-halo-width': 2 },
    },
  );
  return {
    version: 8,
    name: 'circletwin-offline',
    sources: {
      ...online,
      landuse: { type: 'geojson', data: ds.landuse },
      communities: { type: 'geojson', data: ds.communities },
      'community-points': { type: 'geojson', data: labelPoints(ds.communities) },
      compounds: { type: 'geojson', data: ds.compounds },
      gates: { type: 'geojson', data: gatePoints(ds) },
      streets: { type: 'geojson', data: ds.streets },
      'street-labels': { type: 'geojson', data: streetLabelLines(ds) },
      buildings: { type: 'geojson', data: ds.buildings },
      sites: { type: 'geojson', data: ds.sites },
      facilities: { type: 'geojson', data: ds.facilities },
      'facility-points': { type: 'geojson', data: facilityPoints(ds) },
      isochrone: { type: 'geojson', data: isochroneData(overlays.isochrone) },
      'buildings-analysis': { type: 'geojson', data: overlays.buildings ?? EMPTY_FC },
      gaps: { type: 'geojson', data: overlays.gaps ?? EMPTY_FC },
      selection: { type: 'geojson', data: EMPTY_FC },
    } as StyleSpecification['sources'],
    layers,
  };
}
