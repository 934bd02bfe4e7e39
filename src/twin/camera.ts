// Camera moves for the twin: presets per community, the whole district, north-up.
import type { Map as MlMap, LngLatBoundsLike, LngLatLike } from 'maplibre-gl';
import type { Dataset, Position } from '../../workers/model/dataset.ts';
import type { Slide } from '../../workers/scenario/types.ts';
import { PITCH_3D } from './types.ts';

export type Keyframe = Slide['camera'];

function bounds(rings: Position[][]): LngLatBoundsLike {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const r of rings) for (const [x, y] of r) {
    if (x < w) w = x;
    if (x > e) e = x;
    if (y < s) s = y;
    if (y > n) n = y;
  }
  return [w, s, e, n];
}

function lngLat(c: LngLatLike): { lng: number; lat: number } {
  if (Array.isArray(c)) return { lng: c[0], lat: c[1] };
  return 'lng' in c ? { lng: c.lng, lat: c.lat } : { lng: c.lon, lat: c.lat };
}

/**
 * The camera that frames a community (or the district when `community` is null, or the given
 * places, each with `margin_m` around it), tilted in 3D.
 */
export function presetCamera(map: MlMap, ds: Dataset, community: string | null, is3d: boolean, rightPanel = 0,
  places: Position[] = [], margin_m = 500): Keyframe {
  const dLat = margin_m / 110_540;
  const rings = places.length
    ? places.map(([x, y]) => {
      const dLon = margin_m / (111_320 * Math.cos((y * Math.PI) / 180));
      return [[x - dLon, y - dLat], [x + dLon, y + dLat]] as Position[];
    })
    : community
      ? ds.communities.features.filter((f) => f.properties.id === community).map((f) => f.geometry.coordinates[0])
      : [ds.meta.boundary.length ? ds.meta.boundary : [[ds.meta.bbox[0], ds.meta.bbox[1]], [ds.meta.bbox[2], ds.meta.bbox[3]]] as Position[]];
  const bearing = is3d ? -20 : 0;
  // `rightPanel`: the share of the width a panel covers (the briefing card), kept clear of the framed area.
  const right = 40 + rightPanel * map.getCanvas().clientWidth;
  const cam = map.cameraForBounds(bounds(rings), { padding: { top: 40, bottom: 60, left: 40, right }, bearing });
  const ll = cam?.center ? lngLat(cam.center) : map.getCenter();
  // A tilted camera sees further than the framed box: step back a little so the community stays whole.
  const zoom = (cam?.zoom ?? map.getZoom()) - (is3d ? 0.15 : 0);
  return { center: [ll.lng, ll.lat], zoom, bearing, pitch: is3d ? PITCH_3D : 0 };
}

export function currentCamera(map: MlMap): Keyframe {
  const c = map.getCenter();
  return { center: [c.lng, c.lat], zoom: map.getZoom(), bearing: map.getBearing(), pitch: map.getPitch() };
}

/** Flies to a keyframe; instant in software rendering, where a flight would stutter through few frames. */
export function flyTo(map: MlMap, k: Keyframe, software: boolean) {
  if (software) map.jumpTo(k);
  else map.flyTo({ ...k, duration: 1600, essential: true });
}
