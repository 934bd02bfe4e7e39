import { centroid } from '@turf/turf';
import type { Dataset, FeatureCollection, PointGeom } from '../../workers/model/dataset.ts';

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
