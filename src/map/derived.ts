import { centroid, pointOnFeature } from '@turf/turf';
import type { Dataset, FeatureCollection, PointGeom, PolygonGeom } from '../../workers/model/dataset.ts';

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
