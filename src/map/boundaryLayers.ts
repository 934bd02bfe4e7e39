// The drawn community boundaries on the map. While there are any, they are what the style's own
// community layers show (their sources get the drawn outlines and label points), so the map draws
// the scopes in force with the usual look; the outline being drawn has a source and layers of its
// own. A basemap switch replaces the style: everything here is put back on the next style event.
import type { GeoJSONSource, LayerSpecification, Map as MlMap } from 'maplibre-gl';
import type { Dataset, FeatureCollection, PointGeom, PolygonGeom, Position } from '../../workers/model/dataset.ts';
import type { DrawnBoundary } from '../../workers/model/drawn-zones.ts';
import { labelPoints } from './derived.ts';

export const DRAFT_SOURCE = 'boundary-draft';

// Magenta on a white casing: apart from the purple isochrone bands and the dashed community lines beneath.
const DRAFT_COLOR = '#c2185b';
const DRAFT_LAYERS: LayerSpecification[] = [
  {
    id: 'boundary-draft-fill', type: 'fill', source: DRAFT_SOURCE, filter: ['==', ['get', 'kind'], 'area'],
    paint: { 'fill-color': DRAFT_COLOR, 'fill-opacity': 0.15 },
  },
  {
    id: 'boundary-draft-casing', type: 'line', source: DRAFT_SOURCE, filter: ['==', ['get', 'kind'], 'line'],
    paint: { 'line-color': '#ffffff', 'line-width': 5.5 },
  },
  {
    id: 'boundary-draft-line', type: 'line', source: DRAFT_SOURCE, filter: ['==', ['get', 'kind'], 'line'],
    paint: { 'line-color': DRAFT_COLOR, 'line-width': 2.5 },
  },
  {
    id: 'boundary-draft-corner', type: 'circle', source: DRAFT_SOURCE, filter: ['==', ['get', 'kind'], 'corner'],
    paint: { 'circle-radius': 5, 'circle-color': '#ffffff', 'circle-stroke-color': DRAFT_COLOR, 'circle-stroke-width': 2.5 },
  },
];

/** The drawn boundaries as community features (the shape the style's community layers read). */
export function drawnCollection(list: DrawnBoundary[]): FeatureCollection<PolygonGeom, Record<string, unknown>> {
  return {
    type: 'FeatureCollection',
    features: list.map((b) => ({
      type: 'Feature', geometry: { type: 'Polygon', coordinates: [b.ring] },
      properties: { id: b.id, name: b.name, name_en: b.name_en, source: 'drawn' },
    })),
  };
}

function draftData(points: Position[], closed: boolean) {
  const features: unknown[] = [];
  if (points.length >= 3) {
    features.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[...points, points[0]]] }, properties: { kind: 'area' } });
  }
  if (points.length >= 2) {
    features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: closed ? [...points, points[0]] : points }, properties: { kind: 'line' } });
  }
  for (const p of points) features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: p }, properties: { kind: 'corner' } });
  return { type: 'FeatureCollection', features };
}

const shown = new WeakMap<MlMap, { drawn: DrawnBoundary[] | null; base: Dataset | null }>();

/**
 * Shows `drawn` (none: the dataset's own communities) and the outline being drawn. Community data
 * is set only when it changed or the style was replaced, since setData repaints the map.
 */
export function syncBoundaryLayers(map: MlMap, base: Dataset, drawn: DrawnBoundary[], draft: Position[], closed: boolean) {
  const fresh = !map.getSource(DRAFT_SOURCE);
  if (fresh) {
    map.addSource(DRAFT_SOURCE, { type: 'geojson', data: draftData(draft, closed) as never });
    for (const l of DRAFT_LAYERS) map.addLayer(l);
  } else {
    (map.getSource(DRAFT_SOURCE) as GeoJSONSource).setData(draftData(draft, closed) as never);
  }
  const last = shown.get(map);
  const want = drawn.length ? drawn : null;
  if (!fresh && last && last.drawn === want && last.base === base) return;
  const communities = map.getSource('communities') as GeoJSONSource | undefined;
  const points = map.getSource('community-points') as GeoJSONSource | undefined;
  if (!communities || !points) return;
  // The style was built from the dataset's own communities: they need no setting unless replaced before.
  if (want || (last && last.drawn)) {
    const fc = want ? drawnCollection(want) : base.communities;
    communities.setData(fc as never);
    points.setData(labelPoints(fc as FeatureCollection<PolygonGeom, unknown>) as FeatureCollection<PointGeom, unknown> as never);
  }
  shown.set(map, { drawn: want, base });
}
