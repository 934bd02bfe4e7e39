// The plan on the map: candidates, moved and removed facilities, suggested sites waiting for a
// decision, the selected candidate's own walking area and a drawn search area. Candidates are
// dragged here: pointer down starts the engine's drag session, each animation frame sends the
// latest position (a frame is dropped while the previous update is being computed), the drop
// commits the move through updateScenario. While a drag runs, or while compare shows another
// analysis, building colours and gap hexagons come from that answer instead of the plan's analysis.
import type { ExpressionSpecification, GeoJSONSource, Map as MlMap, MapMouseEvent, MapTouchEvent } from 'maplibre-gl';
import { store, type AppState } from '../state/store.ts';
import { activeScenario, beginDrag, endDrag, moveDrag, setStudio } from '../state/scenario.ts';
import { analysisOverlays } from './analysisOverlays.ts';
import { CATEGORY_STYLE, markColor, markExpression } from './categoryStyle.ts';
import { mapHandle } from './mapHandle.ts';
import { facilityFilters, facilityPaint } from './style.ts';
import { updateCursor } from './cursor.ts';
import { gapKey } from './highlight.ts';
import { categoryName } from '../panels/categoryName.ts';
import type { CategoryId, Dataset, Position } from '../../workers/model/dataset.ts';
import type { Lang } from '../i18n/index.ts';
import type { GapFeature } from '../../workers/analysis/coverage.ts';

const EMPTY = { type: 'FeatureCollection' as const, features: [] as unknown[] };
export const PLAN_POINTS_LAYER = 'plan-points';

const categoryColor = [
  'match', ['get', 'category'], ...Object.entries(CATEGORY_STYLE).flatMap(([k, v]) => [k, v.color]), '#868e96',
] as unknown as ExpressionSpecification;
/** A plan point's mark: ✕ on a removed facility, else its category's mark in the page's language. */
const planMark = (lang: Lang) => ['match', ['get', 'kind'], 'remove', '✕', markExpression(lang)] as unknown as ExpressionSpecification;
const categoryMarkColor = [
  'match', ['get', 'category'], ...(Object.keys(CATEGORY_STYLE) as CategoryId[]).flatMap((k) => [k, markColor(k)]), '#ffffff',
] as unknown as ExpressionSpecification;

/** Where a dataset facility stands (a polygon's first vertex stands in for lots and parks). */
export function facilityPosition(ds: Dataset, id: string): Position | null {
  const f = ds.facilities.features.find((x) => x.properties.id === id);
  const g = f?.geometry;
  if (!g) return null;
  if (g.type === 'Point') return g.coordinates;
  const ring = g.coordinates[0];
  let x = 0, y = 0;
  const n = Math.max(1, ring.length - 1);
  for (let i = 0; i < n; i++) { x += ring[i][0]; y += ring[i][1]; }
  return [x / n, y / n];
}

function planPoints(s: AppState) {
  const ds = s.dataset;
  const plan = activeScenario(s);
  const features: unknown[] = [];
  if (!ds) return { type: 'FeatureCollection', features };
  const { selected, dragging, dragPos } = s.studio;
  const facilityCat = new Map(ds.facilities.features.map((f) => [f.properties.id, f.properties]));
  for (const c of plan?.changes ?? []) {
    let position: Position | null = null, category = '', label = '', kind = '';
    if (c.kind === 'facility_add') {
      position = c.position; category = c.category; kind = 'add';
      label = c.name || categoryName(c.category, s.lang);
    } else if (c.kind === 'facility_move') {
      const p = facilityCat.get(c.facility);
      position = c.position; category = p?.category ?? ''; kind = 'move'; label = p?.name ?? c.facility;
    } else if (c.kind === 'facility_remove') {
      const p = facilityCat.get(c.facility);
      position = facilityPosition(ds, c.facility); category = p?.category ?? ''; kind = 'remove'; label = p?.name ?? c.facility;
    } else continue;
    if (!position) continue;
    if (dragging === c.id && dragPos) position = dragPos;
    features.push({
      type: 'Feature', geometry: { type: 'Point', coordinates: position },
      properties: { id: c.id, kind, category, label, selected: selected === c.id ? 1 : 0 },
    });
  }
  s.studio.suggest.pending.forEach((p) => features.push({
    type: 'Feature', geometry: { type: 'Point', coordinates: p.position },
    properties: { id: `suggest-${p.rank}`, kind: 'suggest', category: s.studio.suggest.result?.category ?? '', label: `#${p.rank}`, selected: 0 },
  }));
  return { type: 'FeatureCollection', features };
}

/** Facilities the plan takes away from where the dataset has them (removed or moved). */
function hiddenFacilities(s: AppState): string[] {
  return (activeScenario(s)?.changes ?? []).flatMap((c) => (c.kind === 'facility_remove' || c.kind === 'facility_move' ? [c.facility] : []));
}

function areaData(area: Position[]) {
  if (area.length === 0) return EMPTY;
  const ring = area.length >= 3 ? [...area, area[0]] : area;
  return {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', geometry: { type: 'LineString', coordinates: ring }, properties: {} },
      ...(area.length >= 3 ? [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: {} }] : []),
    ],
  };
}

function buildingsWithDist(ds: Dataset, dist: Float64Array, threshold: number) {
  return {
    type: 'FeatureCollection',
    features: ds.buildings.features.map((f, i) => ({
      type: 'Feature', geometry: f.geometry,
      properties: { ...f.properties, _d: Number.isFinite(dist[i]) ? Math.round(dist[i]) : -1, _t: threshold },
    })),
  };
}

function addLayers(map: MlMap, lang: Lang) {
  if (map.getSource('plan-points')) return;
  map.addSource('plan-iso', { type: 'geojson', data: EMPTY as never });
  map.addSource('plan-area', { type: 'geojson', data: EMPTY as never });
  map.addSource('plan-points', { type: 'geojson', data: EMPTY as never });
  map.addLayer({ id: 'plan-iso-fill', type: 'fill', source: 'plan-iso', paint: { 'fill-color': '#1c7ed6', 'fill-opacity': 0.16 } });
  map.addLayer({ id: 'plan-iso-line', type: 'line', source: 'plan-iso', paint: { 'line-color': '#1864ab', 'line-width': 2, 'line-dasharray': [2, 1] } });
  map.addLayer({ id: 'plan-area-fill', type: 'fill', source: 'plan-area', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#ae3ec9', 'fill-opacity': 0.08 } });
  map.addLayer({ id: 'plan-area-line', type: 'line', source: 'plan-area', paint: { 'line-color': '#ae3ec9', 'line-width': 2, 'line-dasharray': [3, 2] } });
  map.addLayer({
    id: 'plan-points-halo', type: 'circle', source: 'plan-points', filter: ['!=', ['get', 'kind'], 'remove'],
    paint: {
      'circle-radius': ['case', ['==', ['get', 'selected'], 1], 17, 13],
      'circle-color': '#ffffff', 'circle-opacity': 0.9,
      'circle-stroke-color': ['case', ['==', ['get', 'selected'], 1], '#1864ab', '#212529'],
      'circle-stroke-width': ['case', ['==', ['get', 'selected'], 1], 3, 1.5],
    },
  });
  map.addLayer({
    id: PLAN_POINTS_LAYER, type: 'circle', source: 'plan-points',
    paint: {
      'circle-radius': ['match', ['get', 'kind'], 'remove', 9, 10],
      'circle-color': ['match', ['get', 'kind'], 'remove', '#ffffff', 'suggest', '#ffffff', categoryColor] as unknown as ExpressionSpecification,
      'circle-stroke-color': categoryColor,
      'circle-stroke-width': ['match', ['get', 'kind'], 'suggest', 3, 'remove', 2, 0],
    },
  });
  map.addLayer({
    id: 'plan-points-mark', type: 'symbol', source: 'plan-points',
    layout: {
      'text-field': planMark(lang),
      'text-font': ['Noto Sans CJK SC', 'sans-serif'], 'text-size': 12, 'text-allow-overlap': true, 'text-ignore-placement': true,
    },
    paint: { 'text-color': ['match', ['get', 'kind'], 'remove', '#c92a2a', 'suggest', '#1a1a1a', categoryMarkColor] as unknown as ExpressionSpecification },
  });
  map.addLayer({
    id: 'plan-points-label', type: 'symbol', source: 'plan-points', minzoom: 13,
    layout: {
      'text-field': ['get', 'label'], 'text-font': ['Noto Sans CJK SC', 'sans-serif'], 'text-size': 12,
      'text-offset': [0, 1.6], 'text-anchor': 'top', 'text-optional': true,
    },
    paint: { 'text-color': '#212529', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
  });
}

/** Mounts the plan's layers and the candidate dragging on a map; returns the detach function. */
export function attachPlanLayers(map: MlMap): () => void {
  let overridden = false;
  const render = () => {
    if (!map.isStyleLoaded() && !map.getSource('buildings')) return;
    const s = store.getState();
    addLayers(map, s.lang);
    if (JSON.stringify(map.getLayoutProperty('plan-points-mark', 'text-field')) !== JSON.stringify(planMark(s.lang))) {
      map.setLayoutProperty('plan-points-mark', 'text-field', planMark(s.lang));
    }
    (map.getSource('plan-points') as GeoJSONSource | undefined)?.setData(planPoints(s) as never);
    const iso = s.live?.isochrone ?? s.studio.impact?.isochrone ?? null;
    (map.getSource('plan-iso') as GeoJSONSource | undefined)?.setData((iso ? { type: 'FeatureCollection', features: [iso] } : EMPTY) as never);
    (map.getSource('plan-area') as GeoJSONSource | undefined)?.setData(areaData(s.studio.suggest.area) as never);
    // The facility layers' filters follow the selected category and the facilities the plan takes
    // away; checked against the map's own filters, since a new style (basemap switch) starts without them.
    const hidden = hiddenFacilities(s);
    for (const [id, filter] of Object.entries(facilityFilters(s.category, hidden))) {
      if (map.getLayer(id) && JSON.stringify(map.getFilter(id) ?? null) !== JSON.stringify(filter)) map.setFilter(id, filter);
    }
    for (const [id, props] of Object.entries(facilityPaint(s.category))) {
      if (!map.getLayer(id)) continue;
      for (const [prop, value] of Object.entries(props)) {
        const key = prop as Parameters<MlMap['getPaintProperty']>[1];
        if (JSON.stringify(map.getPaintProperty(id, key)) !== JSON.stringify(value)) map.setPaintProperty(id, key, value as never);
      }
    }
    paintAnalysis(s);
  };

  // Above this many buildings, a live recolour per frame would cost more than the frame; the colours
  // then follow at most every LARGE_PAINT_MS while the figures, gaps and walking area stay per frame.
  const LARGE = 20_000, LARGE_PAINT_MS = 300;
  let lastPaint = 0;
  // What the override last drew, so other store changes (a marker moving) do not redraw it.
  let painted: { from: unknown; category: string } = { from: null, category: '' };
  const paintAnalysis = (s: AppState, force = false) => {
    const ds = s.dataset;
    const b = map.getSource('buildings-analysis') as GeoJSONSource | undefined;
    const g = map.getSource('gaps') as GeoJSONSource | undefined;
    if (!ds || !b || !g) return;
    const from = s.studio.mapAnalysis ?? (s.live && s.live.category === s.category ? s.live : null);
    if (!force && from && painted.from === from && painted.category === s.category) return;
    painted = { from, category: s.category };
    if (s.studio.mapAnalysis) {
      const o = analysisOverlays(ds, s.studio.mapAnalysis, s.category);
      b.setData(o.buildings as never);
      g.setData(o.gaps as never);
      overridden = true;
    } else if (s.live && s.live.category === s.category) {
      const now = performance.now();
      if (ds.buildings.features.length <= LARGE || now - lastPaint >= LARGE_PAINT_MS) {
        lastPaint = now;
        const threshold = s.analysis?.categories[s.category]?.threshold_m ?? 0;
        b.setData(buildingsWithDist(ds, s.live.dist, threshold) as never);
      }
      g.setData({
        type: 'FeatureCollection',
        features: (s.live.gaps as GapFeature[]).map((f) => ({ ...f, properties: { ...f.properties, _hex: gapKey(f) } })),
      } as never);
      overridden = true;
    } else if (overridden) {
      const o = analysisOverlays(ds, s.analysis, s.category);
      b.setData(o.buildings as never);
      g.setData(o.gaps as never);
      overridden = false;
    }
  };

  let prev = store.getState();
  const unsubscribe = store.subscribe(() => {
    const s = store.getState();
    const p = prev;
    prev = s;
    if (s.scenarios === p.scenarios && s.activeScenarioId === p.activeScenarioId && s.studio === p.studio && s.live === p.live
      && s.analysis === p.analysis && s.category === p.category && s.lang === p.lang && s.dataset === p.dataset) return;
    render();
    // MapView repaints the plan's analysis after a new result; an override drawn before it is drawn again after.
    if (s.analysis !== p.analysis && (s.studio.mapAnalysis || s.live)) requestAnimationFrame(() => paintAnalysis(store.getState(), true));
  });
  map.on('styledata', render);
  map.on('load', render);
  render();

  // ---- dragging a candidate or moved facility ----
  let drag: { id: string; x: number; y: number; moved: boolean; frame: number; at: Position | null } | null = null;
  const pickAt = (point: { x: number; y: number }) => {
    if (!map.getLayer(PLAN_POINTS_LAYER)) return null;
    const hit = map.queryRenderedFeatures([[point.x - 4, point.y - 4], [point.x + 4, point.y + 4]], { layers: [PLAN_POINTS_LAYER] })[0];
    return hit ? (hit.properties as { id: string; kind: string }) : null;
  };
  const down = (e: MapMouseEvent | MapTouchEvent) => {
    if (store.getState().netTool !== 'none' || store.getState().studio.suggest.drawing || store.getState().boundaries.drawing) return;
    if ('originalEvent' in e && e.originalEvent instanceof MouseEvent && e.originalEvent.button !== 0) return;
    const hit = pickAt(e.point);
    if (!hit || (hit.kind !== 'add' && hit.kind !== 'move')) return;
    e.preventDefault();
    drag = { id: hit.id, x: e.point.x, y: e.point.y, moved: false, frame: 0, at: null };
    setStudio({ selected: hit.id });
    updateCursor(map, store.getState(), { grab: 'grabbing' });
  };
  const move = (e: MapMouseEvent | MapTouchEvent) => {
    if (!drag) {
      const hit = map.getLayer(PLAN_POINTS_LAYER) ? pickAt(e.point) : null;
      updateCursor(map, store.getState(), { grab: hit && (hit.kind === 'add' || hit.kind === 'move') ? 'grab' : '' });
      return;
    }
    if (!drag.moved && Math.hypot(e.point.x - drag.x, e.point.y - drag.y) < 3) return;
    if (!drag.moved) {
      drag.moved = true;
      beginDrag(drag.id);
    }
    drag.at = [e.lngLat.lng, e.lngLat.lat];
    if (!drag.frame) {
      drag.frame = requestAnimationFrame(() => {
        if (!drag) return;
        drag.frame = 0;
        if (drag.at) moveDrag(drag.at);
      });
    }
  };
  const up = (e: MapMouseEvent | MapTouchEvent) => {
    if (!drag) return;
    const d = drag;
    drag = null;
    if (d.frame) cancelAnimationFrame(d.frame);
    updateCursor(map, store.getState(), { grab: '' });
    if (d.moved) void endDrag([e.lngLat.lng, e.lngLat.lat]);
  };
  map.on('mousedown', down);
  map.on('mousemove', move);
  map.on('mouseup', up);
  map.on('touchstart', down);
  map.on('touchmove', move);
  map.on('touchend', up);

  // While a search area is drawn, clicks add its corners; otherwise a click on a plan marker
  // selects it rather than what lies under it.
  const prevClick = mapHandle.onMapClick;
  const click = (lon: number, lat: number): boolean => {
    const sg = store.getState().studio.suggest;
    if (sg.drawing) {
      setStudio({ suggest: { ...sg, area: [...sg.area, [Number(lon.toFixed(7)), Number(lat.toFixed(7))]] } });
      return true;
    }
    const hit = pickAt(map.project([lon, lat]));
    if (hit && (hit.kind === 'add' || hit.kind === 'move') && store.getState().netTool === 'none' && !store.getState().boundaries.drawing) {
      setStudio({ selected: hit.id });
      return true;
    }
    return prevClick?.(lon, lat) ?? false;
  };
  mapHandle.onMapClick = click;

  return () => {
    unsubscribe();
    map.off('styledata', render);
    map.off('load', render);
    map.off('mousedown', down);
    map.off('mousemove', move);
    map.off('mouseup', up);
    map.off('touchstart', down);
    map.off('touchmove', move);
    map.off('touchend', up);
    if (mapHandle.onMapClick === click) mapHandle.onMapClick = prevClick;
  };
}
