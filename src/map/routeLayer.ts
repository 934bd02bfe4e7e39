// The walk of the selected building or point, drawn on the map: the line along the streets it takes,
// where it starts, the gates it passes and the facility it ends at, with the distance written on it.
import { LngLatBounds, type GeoJSONSource, type Map as MlMap } from 'maplibre-gl';
import { store, type AppState } from '../state/store.ts';
import type { RouteAnswer } from '../../workers/engine.ts';

export const ROUTE_LAYERS = ['route-casing', 'route-line', 'route-points', 'route-label'];
const EMPTY = { type: 'FeatureCollection' as const, features: [] as unknown[] };
/** Dark blue on a white casing: apart from the green-to-red walk colours and the isochrone bands. */
const ROUTE_COLOR = '#1b3f8f';

export function routeFeatures(r: RouteAnswer | null, lang: AppState['lang']) {
  if (!r || r.status !== 'ok' || !r.geometry || r.distance === null || r.minutes === null) return EMPTY;
  const label = lang === 'zh'
    ? `${Math.round(r.distance)} 米 · 约 ${Math.max(1, Math.round(r.minutes))} 分钟`
    : `${Math.round(r.distance)} m · about ${Math.max(1, Math.round(r.minutes))} min`;
  return {
    type: 'FeatureCollection' as const,
    features: [
      { type: 'Feature', geometry: r.geometry, properties: { role: 'line' } },
      // The figure stands at the walk's middle vertex: a label along a short line would not fit on it.
      { type: 'Feature', geometry: { type: 'Point', coordinates: r.geometry.coordinates[Math.floor(r.geometry.coordinates.length / 2)] }, properties: { role: 'label', label } },
      { type: 'Feature', geometry: { type: 'Point', coordinates: r.from.position }, properties: { role: 'start' } },
      ...r.gates.map((g) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: g.position }, properties: { role: 'gate' } })),
      ...(r.facility ? [{ type: 'Feature', geometry: { type: 'Point', coordinates: r.geometry.coordinates[r.geometry.coordinates.length - 1] }, properties: { role: 'end' } }] : []),
    ],
  };
}

function addLayers(map: MlMap) {
  if (map.getSource('route')) return;
  map.addSource('route', { type: 'geojson', data: EMPTY as never });
  map.addLayer({
    id: 'route-casing', type: 'line', source: 'route', filter: ['==', ['get', 'role'], 'line'],
    layout: { 'line-join': 'round', 'line-cap': 'round' }, paint: { 'line-color': '#ffffff', 'line-width': 8, 'line-opacity': 0.9 },
  });
  map.addLayer({
    id: 'route-line', type: 'line', source: 'route', filter: ['==', ['get', 'role'], 'line'],
    layout: { 'line-join': 'round', 'line-cap': 'round' }, paint: { 'line-color': ROUTE_COLOR, 'line-width': 4 },
  });
  map.addLayer({
    id: 'route-points', type: 'circle', source: 'route', filter: ['match', ['get', 'role'], ['start', 'gate', 'end'], true, false],
    paint: {
      'circle-radius': ['match', ['get', 'role'], 'gate', 5, 7],
      'circle-color': ['match', ['get', 'role'], 'start', ROUTE_COLOR, 'gate', '#ffffff', '#ffffff'],
      'circle-stroke-color': ROUTE_COLOR, 'circle-stroke-width': ['match', ['get', 'role'], 'end', 4, 2],
    },
  });
  map.addLayer({
    id: 'route-label', type: 'symbol', source: 'route', filter: ['==', ['get', 'role'], 'label'],
    layout: {
      'text-field': ['get', 'label'], 'text-font': ['Noto Sans CJK SC', 'sans-serif'], 'text-size': 14,
      'text-anchor': 'bottom', 'text-offset': [0, -0.8], 'text-allow-overlap': true, 'text-ignore-placement': true,
    },
    paint: { 'text-color': ROUTE_COLOR, 'text-halo-color': '#ffffff', 'text-halo-width': 2 },
  });
}

/** Draws the store's route on the map and keeps it there across style changes; returns the detach function. */
export function attachRouteLayer(map: MlMap): () => void {
  const render = () => {
    if (!map.isStyleLoaded() && !map.getSource('buildings')) return;
    addLayers(map);
    // Above everything else: the walk explains what the colours and bands beneath it say. (Moving a
    // layer is itself a style change, so only when another layer has been put on top.)
    const order = map.getLayersOrder();
    if (order.slice(-ROUTE_LAYERS.length).join() !== ROUTE_LAYERS.join()) for (const id of ROUTE_LAYERS) map.moveLayer(id);
    const s = store.getState();
    (map.getSource('route') as GeoJSONSource | undefined)?.setData(routeFeatures(s.route.answer, s.lang) as never);
  };
  let prev = store.getState();
  const unsubscribe = store.subscribe(() => {
    const s = store.getState();
    if (s.route !== prev.route || s.lang !== prev.lang) render();
    if (s.route.answer !== prev.route.answer) reveal(s.route.answer);
    prev = s;
  });
  // A walk that runs out of view is brought into it by zooming out, never in: the planner keeps their place.
  const reveal = (r: RouteAnswer | null) => {
    const cs = r?.geometry?.coordinates;
    if (!cs || cs.length < 2) return;
    const view = map.getBounds();
    if (cs.every((c) => view.contains(c as [number, number]))) return;
    const b = new LngLatBounds(cs[0] as [number, number], cs[0] as [number, number]);
    for (const c of cs) b.extend(c as [number, number]);
    b.extend(view.getCenter());
    map.fitBounds(b, { padding: 60, maxZoom: map.getZoom(), duration: 300 });
  };
  map.on('styledata', render);
  map.on('load', render);
  render();
  return () => {
    unsubscribe();
    map.off('styledata', render);
    map.off('load', render);
  };
}
