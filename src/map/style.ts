// The MapLibre style is built from the dataset itself, so the map needs no tiles, fonts or sprites
// from the network. No `glyphs` URL: MapLibre then draws every label with the system's fonts.
import type { StyleSpecification, LayerSpecification, ExpressionSpecification } from 'maplibre-gl';
import type { Dataset, FeatureCollection } from '../../workers/model/dataset.ts';
import type { Basemap, LayerKey } from '../state/store.ts';
import { BAND_COLORS, CATEGORY_STYLE } from './categoryStyle.ts';
import { facilityPoints, gatePoints, labelPoints } from './derived.ts';

const FONT = ['Noto Sans CJK SC', 'sans-serif'];

export const LAYER_GROUPS: Record<LayerKey, string[]> = {
  analysis: ['isochrone-fill', 'isochrone-line', 'gaps-fill', 'gaps-line', 'buildings-analysis'],
  landuse: ['landuse-fill', 'landuse-rail'],
  communities: ['communities-line', 'communities-label'],
  compounds: ['compounds-fill', 'compounds-line', 'gates'],
  streets: ['streets-casing', 'streets-line', 'streets-label'],
  buildings: ['buildings-fill'],
  facilities: ['facility-areas', 'facilities-circle', 'facilities-mark'],
  sites: ['sites-fill', 'sites-line'],
};

/** Layers a click can select, top first, with the kind shown in the attribute panel. */
export const CLICKABLE: Array<[string, string]> = [
  ['facilities-circle', 'facility'], ['gates', 'gate'], ['sites-fill', 'site'], ['buildings-analysis', 'building'],
  ['buildings-fill', 'building'], ['gaps-fill', 'gap'],
  ['facility-areas', 'facility'], ['streets-line', 'street'], ['compounds-fill', 'compound'], ['landuse-fill', 'landuse'],
];

const categoryColor: ExpressionSpecification = [
  'match', ['get', 'category'],
  ...Object.entries(CATEGORY_STYLE).flatMap(([k, v]) => [k, v.color]),
  '#868e96',
] as unknown as ExpressionSpecification;
const categoryMark: ExpressionSpecification = [
  'match', ['get', 'category'],
  ...Object.entries(CATEGORY_STYLE).flatMap(([k, v]) => [k, v.mark]),
  '?',
] as unknown as ExpressionSpecification;

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
}

/** Distance colour ramp relative to the category's threshold: greens inside it, oranges to reds beyond. */
export const DISTANCE_RAMP: Array<[number, string]> = [[0, '#1a9850'], [0.5, '#66bd63'], [1, '#d9ef8b'], [1.0001, '#fdae61'], [1.5, '#f46d43'], [2, '#d73027']];
export const BEYOND_COLOR = '#67001f';

const EMPTY_FC = { type: 'FeatureCollection', features: [] };

/** Isochrone bands drawn largest first, each carrying its rank for the colour ramp. */
export function isochroneData(iso: Overlays['isochrone']) {
  if (!iso) return EMPTY_FC;
  const ranked = iso.features.map((f, rank) => ({ ...f, properties: { ...f.properties, rank } }));
  return { type: 'FeatureCollection', features: ranked.reverse() };
}

export function buildStyle(ds: Dataset, basemap: Basemap, tiandituKey: string, overlays: Overlays): StyleSpecification {
  const online = basemapSources(basemap, tiandituKey);
  const layers: LayerSpecification[] = [
    { id: 'background', type: 'background', paint: { 'background-color': '#f3f0e8' } },
  ];
  if (online.basemap) layers.push({ id: 'basemap', type: 'raster', source: 'basemap', paint: { 'raster-opacity': 0.75 } });
  layers.push(
    {
      id: 'landuse-fill', type: 'fill', source: 'landuse', filter: ['==', ['geometry-type'], 'Polygon'],
      paint: {
        'fill-color': ['match', ['get', 'kind'], 'green', '#cde6c0', 'water', '#a9d0ec', 'commercial', '#f4e1cf',
          'industrial', '#e2dbe6', 'hightech', '#dbe6f2', '#eeeeee'],
        'fill-opacity': online.basemap ? 0.5 : 1,
      },
    },
    {
      id: 'landuse-rail', type: 'line', source: 'landuse', filter: ['==', ['get', 'kind'], 'rail'],
      paint: { 'line-color': '#6c6c6c', 'line-width': 3, 'line-dasharray': [3, 2] },
    },
    { id: 'compounds-fill', type: 'fill', source: 'compounds', paint: { 'fill-color': '#e9e3d4', 'fill-opacity': 0.35 } },
    {
      id: 'isochrone-fill', type: 'fill', source: 'isochrone',
      paint: {
        'fill-color': ['match', ['get', 'rank'], ...BAND_COLORS.flatMap((c, i) => [i, c]), '#888888'] as unknown as ExpressionSpecification,
        'fill-opacity': 0.45,
      },
    },
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
      id: 'gaps-fill', type: 'fill', source: 'gaps',
      paint: {
        'fill-color': ['interpolate', ['linear'], ['get', 'uncovered'], 0, '#fff5eb', 50, '#fdae6b', 300, '#e6550d', 1000, '#7f2704'],
        'fill-opacity': 0.3,
      },
    },
    { id: 'gaps-line', type: 'line', source: 'gaps', paint: { 'line-color': '#a63603', 'line-width': 0.5, 'line-opacity': 0.4 } },
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
      paint: {
        'fill-color': ['case', ['<', ['get', '_d'], 0], BEYOND_COLOR,
          ['interpolate', ['linear'], ['/', ['get', '_d'], ['get', '_t']], ...DISTANCE_RAMP.flat()]] as unknown as ExpressionSpecification,
        'fill-outline-color': '#5c5346',
      },
    },
    { id: 'sites-fill', type: 'fill', source: 'sites', paint: { 'fill-color': '#ff922b', 'fill-opacity': 0.35 } },
    { id: 'sites-line', type: 'line', source: 'sites', paint: { 'line-color': '#e8590c', 'line-width': 1.5, 'line-dasharray': [2, 1] } },
    {
      id: 'facility-areas', type: 'fill', source: 'facilities', filter: ['==', ['geometry-type'], 'Polygon'],
      paint: { 'fill-color': categoryColor, 'fill-opacity': 0.25, 'fill-outline-color': categoryColor },
    },
    { id: 'isochrone-line', type: 'line', source: 'isochrone', paint: { 'line-color': '#1b4332', 'line-width': 1.2, 'line-opacity': 0.8 } },
    {
      id: 'communities-line', type: 'line', source: 'communities',
      paint: { 'line-color': '#7b2d8b', 'line-width': 2.2, 'line-dasharray': [4, 2], 'line-opacity': 0.75 },
    },
    {
      id: 'gates', type: 'circle', source: 'gates', minzoom: 14,
      paint: { 'circle-radius': 3, 'circle-color': '#ffffff', 'circle-stroke-color': '#7b5e2b', 'circle-stroke-width': 1.5 },
    },
    {
      id: 'streets-label', type: 'symbol', source: 'streets', minzoom: 14,
      filter: ['all', ['!=', ['get', 'name'], ''], ['match', ['get', 'class'], ['primary', 'secondary', 'residential', 'pedestrian'], true, false]],
      layout: { 'symbol-placement': 'line', 'text-field': ['get', 'name'], 'text-font': FONT, 'text-size': 12 },
      paint: { 'text-color': '#5c4a2e', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
    },
    {
      id: 'facilities-circle', type: 'circle', source: 'facility-points',
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, 4, 16, 10],
        'circle-color': categoryColor, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5,
      },
    },
    {
      id: 'facilities-mark', type: 'symbol', source: 'facility-points', minzoom: 14,
      layout: { 'text-field': categoryMark, 'text-font': FONT, 'text-size': 11, 'text-allow-overlap': true },
      paint: { 'text-color': '#ffffff' },
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
      buildings: { type: 'geojson', data: ds.buildings },
      sites: { type: 'geojson', data: ds.sites },
      facilities: { type: 'geojson', data: ds.facilities },
      'facility-points': { type: 'geojson', data: facilityPoints(ds) },
      isochrone: { type: 'geojson', data: isochroneData(overlays.isochrone) },
      'buildings-analysis': { type: 'geojson', data: overlays.buildings ?? EMPTY_FC },
      gaps: { type: 'geojson', data: overlays.gaps ?? EMPTY_FC },
    } as StyleSpecification['sources'],
    layers,
  };
}
