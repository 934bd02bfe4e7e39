import { along, centroid, distance, length, pointOnFeature } from '@turf/turf';
import type { Dataset, FeatureCollection, LineGeom, PointGeom, PolygonGeom, Position } from '../../workers/model/dataset.ts';

/** Facilities as points: polygon facilities (parks, lots) get a marker at their centroid. */
export function facilityPoints(ds: Dataset): FeatureCollection<PointGeom, Record<string, unknown>> {
  return {
    type: 'FeatureCollection',
    features: ds.facilities.features.map((f) => ({
      type: 'Feature',
      id: f.id,
      geometry: f.geometry.type === 'Point' ? f.geometry : (centroid(f.geometry).geometry as PointGeom),
      properties: f.properties as unknown as Record<string, unknown>,
    })),
  };
}

export function gatePoints(ds: Dataset): FeatureCollection<PointGeom, Record<string, unknown>> {
  return {
    type: 'FeatureCollection',
    features: ds.compounds.features.flatMap((c) => c.properties.gates.map((g, k) => ({
      type: 'Feature' as const,
      geometry: { type: 'Point' as const, coordinates: g },
      properties: { id: `${c.properties.id}-gate${k + 1}`, compound: c.properties.id, name: c.properties.name },
    }))),
  };
}

/** A label point inside each polygon (its properties kept), for labels drawn once rather than per tile. */
export function labelPoints<P>(fc: FeatureCollection<PolygonGeom, P>): FeatureCollection<PointGeom, P> {
  return {
    type: 'FeatureCollection',
    features: fc.features.map((f) => ({
      type: 'Feature', id: f.id, properties: f.properties,
      geometry: pointOnFeature(f.geometry as never).geometry as PointGeom,
    })),
  };
}

/** Street classes that carry a name label, and the minimum spacing of one street's labels in metres. */
const LABELLED = new Set(['primary', 'secondary', 'tertiary', 'residential', 'pedestrian']);
export const LABEL_SPACING_M = 400;

/**
 * The street lines that carry a name label: of each named street's pieces (OSM splits a street at
 * every change of tag), the longest first, then any whose middle lies at least LABEL_SPACING_M from
 * every piece already chosen, so a street's name appears once per stretch rather than once a piece.
 */
export function streetLabelLines(ds: Dataset): FeatureCollection<LineGeom, Record<string, unknown>> {
  const byName = new Map<string, Array<{ f: (typeof ds.streets.features)[number]; mid: Position; len: number }>>();
  for (const f of ds.streets.features) {
    const name = String(f.properties.name ?? '');
    if (!name || !LABELLED.has(String(f.properties.class)) || f.geometry?.type !== 'LineString') continue;
    const len = length(f.geometry as never, { units: 'meters' });
    const mid = along(f.geometry as never, len / 2, { units: 'meters' }).geometry.coordinates as Position;
    const list = byName.get(name) ?? [];
    list.push({ f, mid, len });
    byName.set(name, list);
  }
  const features: FeatureCollection<LineGeom, Record<string, unknown>>['features'] = [];
  for (const pieces of byName.values()) {
    pieces.sort((a, b) => b.len - a.len);
    const chosen: Position[] = [];
    for (const p of pieces) {
      if (chosen.some((m) => distance(m, p.mid, { units: 'meters' }) < LABEL_SPACING_M)) continue;
      chosen.push(p.mid);
      features.push({ type: 'Feature', geometry: p.f.geometry as LineGeom, properties: p.f.properties as unknown as Record<string, unknown> });
    }
  }
  return { type: 'FeatureCollection', features };
}
