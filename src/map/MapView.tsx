import { useEffect, useRef } from 'react';
import { AttributionControl, Map as MlMap, NavigationControl, ScaleControl, setWorkerUrl } from 'maplibre-gl';
import maplibreWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { store, useStore } from '../state/store.ts';
import type { GeoJSONSource } from 'maplibre-gl';
import { buildStyle, CLICKABLE, facilityMarks, isochroneData, LAYER_GROUPS, type Overlays } from './style.ts';
import { analysisOverlays } from './analysisOverlays.ts';
import { mapHandle } from './mapHandle.ts';
import { attachPlanLayers } from './planLayers.ts';
import { attachRouteLayer } from './routeLayer.ts';
import { attachGlyphs } from './glyphs.ts';
import { updateCursor } from './cursor.ts';
import { highlightFeatures, type HighlightCollection } from './highlight.ts';
import { attachTwin, pickTwin } from '../twin/attach.ts';

function overlays(): Overlays {
  const s = store.getState();
  return { isochrone: s.isochrone as Overlays['isochrone'], ...analysisOverlays(s.dataset, s.analysis, s.category), category: s.category, lang: s.lang };
}

/** Draws the selection's own geometry into the highlight source (flat buildings only in 2D: the twin draws its own). */
function paintHighlight(map: MlMap) {
  const src = map.getSource('selection') as GeoJSONSource | undefined;
  if (!src) return;
  const s = store.getState();
  const sel = s.selection?.kind === 'building' && s.twin.view === '3d' ? null : s.selection;
  const gaps = sel?.kind === 'gap' ? analysisOverlays(s.dataset, s.studio.mapAnalysis ?? s.analysis, s.category).gaps as unknown as HighlightCollection : null;
  src.setData(highlightFeatures(s.dataset, sel, gaps) as never);
}

/**
 * An online basemap that cannot load (offline, blocked, a wrong key) is said once per choice, and its
 * empty raster is taken out so the map's own style shows as it does without a basemap.
 */
function basemapFailed(map: MlMap) {
  const s = store.getState();
  if (s.basemap === 'none' || s.ui.basemapFailed === s.basemap) return;
  store.setState({ ui: { ...s.ui, basemapFailed: s.basemap, basemapNotice: true } });
  if (map.getLayer('basemap')) map.setLayoutProperty('basemap', 'visibility', 'none');
  if (map.getLayer('landuse-fill')) map.setPaintProperty('landuse-fill', 'fill-opacity', 1);
}

// MapLibre 6 loads its worker from a separate module; Vite serves it from our own origin.
setWorkerUrl(maplibreWorkerUrl);

export function MapView() {
  const container = useRef<HTMLDivElement>(null);
  const dataset = useStore((s) => s.dataset);
  const basemap = useStore((s) => s.basemap);
  const tiandituKey = useStore((s) => s.tiandituKey);
  const layers = useStore((s) => s.layers);
  const lang = useStore((s) => s.lang);
  const isochrone = useStore((s) => s.isochrone);
  const analysis = useStore((s) => s.analysis);
  const category = useStore((s) => s.category);
  const view = useStore((s) => s.twin.view);
  const mapRef = useRef<MlMap | null>(null);
  const styleKey = useRef('');

  useEffect(() => {
    if (!dataset || !container.current) return;
    const s = store.getState();
    const map = new MlMap({
      container: container.current,
      style: buildStyle(dataset, s.basemap, s.tiandituKey, overlays()),
      bounds: dataset.meta.bbox,
      fitBoundsOptions: { padding: 20 },
      attributionControl: false,
      canvasContextAttributes: { preserveDrawingBuffer: true },
    });
    const detachGlyphs = attachGlyphs(map);
    map.addControl(new NavigationControl({ visualizePitch: true }), 'top-right');
    map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
    map.addControl(new AttributionControl({ compact: true }), 'bottom-right');
    map.on('click', (e) => {
      if (mapHandle.onMapClick?.(e.lngLat.lng, e.lngLat.lat)) return;
      // Where it was clicked goes with the selection: anything but a building or facility walks from there.
      const at: [number, number] = [e.lngLat.lng, e.lngLat.lat];
      const picked3d = pickTwin(e.point);
      if (picked3d) {
        store.setState({ selection: { ...picked3d, at } });
        return;
      }
      const ids = CLICKABLE.map(([id]) => id).filter((id) => map.getLayer(id));
      const hits = map.queryRenderedFeatures(e.point, { layers: ids });
      if (hits.length === 0) {
        store.setState({ selection: { kind: 'point', id: '', properties: {}, at } });
        return;
      }
      const top = hits[0];
      const kind = CLICKABLE.find(([id]) => id === top.layer.id)?.[1] ?? 'feature';
      const props = top.properties as Record<string, unknown>;
      store.setState({ selection: { kind, id: String(props.id ?? props._hex ?? top.id ?? ''), properties: props, at } });
    });
    for (const [id] of CLICKABLE) {
      map.on('mouseenter', id, () => updateCursor(map, store.getState(), { hover: true }));
      map.on('mouseleave', id, () => updateCursor(map, store.getState(), { hover: false }));
    }
    map.on('error', (ev) => {
      const e = ev as unknown as { sourceId?: string; error?: Error };
      if (e.sourceId === 'basemap') {
        basemapFailed(map);
        return;
      }
      // Without a listener MapLibre logs errors itself; keep that for everything but the basemap.
      console.error(e.error ?? e);
    });
    // Pick tools show a crosshair from the moment they are armed, before the pointer moves.
    let prev = store.getState();
    const unsubscribe = store.subscribe(() => {
      const st = store.getState();
      if (st.tool !== prev.tool || st.netTool !== prev.netTool || st.studio.suggest.drawing !== prev.studio.suggest.drawing
        || st.boundaries.drawing !== prev.boundaries.drawing) updateCursor(map, st);
      if (st.selection !== prev.selection || st.twin.view !== prev.twin.view || st.studio.mapAnalysis !== prev.studio.mapAnalysis) paintHighlight(map);
      prev = st;
    });
    map.on('styledata', () => paintHighlight(map));
    mapRef.current = map;
    mapHandle.map = map;
    // A handle for automated checks and for power users in the console; it exposes nothing the UI doesn't.
    window.__circletwin = { map, store };
    // The 3D twin (extruded buildings, landmarks) draws into this map's own context and camera.
    const detachTwin = attachTwin(map);
    styleKey.current = `${s.basemap}|${s.tiandituKey}`;
    // The plan's candidates, their dragging and live colours (the siting studio).
    const detachPlan = attachPlanLayers(map);
    // The walk of the selected building or point.
    const detachRoute = attachRouteLayer(map);
    return () => {
      unsubscribe();
      detachRoute();
      detachPlan();
      detachTwin();
      detachGlyphs();
      mapHandle.map = null;
      mapRef.current = null;
      map.remove();
    };
  }, [dataset]);

  useEffect(() => {
    const map = mapRef.current;
    const key = `${basemap}|${tiandituKey}`;
    if (!map || !dataset || styleKey.current === key) return;
    styleKey.current = key;
    // A new choice is a new attempt: its failure, if any, is said again.
    const ui = store.getState().ui;
    if (ui.basemapFailed || ui.basemapNotice) store.setState({ ui: { ...ui, basemapFailed: null, basemapNotice: false } });
    map.setStyle(buildStyle(dataset, basemap, tiandituKey, overlays()));
  }, [dataset, basemap, tiandituKey]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const apply = () => {
      for (const [group, ids] of Object.entries(LAYER_GROUPS)) {
        for (const id of ids) {
          // In 3D the twin's extruded buildings replace the flat ones.
          const flatBuilding = view === '3d' && (id === 'buildings-fill' || id === 'buildings-analysis');
          if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', layers[group as keyof typeof LAYER_GROUPS] && !flatBuilding ? 'visible' : 'none');
        }
      }
      if (map.getLayer('communities-label')) {
        map.setLayoutProperty('communities-label', 'text-field', ['get', lang === 'en' ? 'name_en' : 'name']);
      }
      // Facility marks in the language of the page: the quiet dots' letters and the glyph images.
      for (const [id, props] of Object.entries(facilityMarks(lang))) {
        if (!map.getLayer(id)) continue;
        for (const [prop, value] of Object.entries(props)) {
          const key = prop as Parameters<MlMap['getLayoutProperty']>[1];
          if (JSON.stringify(map.getLayoutProperty(id, key)) !== JSON.stringify(value)) map.setLayoutProperty(id, key, value as never);
        }
      }
    };
    // A source still loading (fresh data for the drawn boundaries, the analysis) holds isStyleLoaded
    // false without a later styledata: apply once the map is idle then.
    if (map.isStyleLoaded()) apply(); else map.once('idle', apply);
    map.on('styledata', apply);
    return () => { map.off('styledata', apply); map.off('idle', apply); };
  }, [layers, lang, dataset, basemap, tiandituKey, view]);

  useEffect(() => {
    const src = mapRef.current?.getSource('isochrone') as GeoJSONSource | undefined;
    src?.setData(isochroneData(isochrone) as never);
  }, [isochrone]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const o = analysisOverlays(dataset, analysis, category);
    (map.getSource('buildings-analysis') as GeoJSONSource | undefined)?.setData(o.buildings as never);
    (map.getSource('gaps') as GeoJSONSource | undefined)?.setData(o.gaps as never);
    // The facility layers' filters and paint follow the category in planLayers.ts.
    paintHighlight(map);
  }, [dataset, analysis, category]);

  return <div ref={container} className="map" data-testid="map" />;
}
