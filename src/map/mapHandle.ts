import type { Map as MlMap } from 'maplibre-gl';

/**
 * The live MapLibre map, for the analysis overlays that draw onto it. A plain module object
 * rather than React state because the map is an imperative resource, not data to render.
 */
export const mapHandle: {
  map: MlMap | null;
  /** Returns true when a tool (e.g. isochrone picking) consumed the click. */
  onMapClick: ((lon: number, lat: number) => boolean) | null;
} = { map: null, onMapClick: null };
