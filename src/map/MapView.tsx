import { useEffect, useRef } from 'react';
import { AttributionControl, Map as MlMap, NavigationControl, ScaleControl, setWorkerUrl } from 'maplibre-gl';
import maplibreWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { store, useStore } from '../state/store.ts';
import type { GeoJSONSource } from 'maplibre-gl';
import { buildStyle, CLICKABLE, isochroneData, LAYER_GROUPS, type Overlays } from './style.ts';
import { analysisOverlays } from './analysisOverlays.ts';
import { mapHandle } from './mapHandle.ts';
import { attachPlanLayers } from './planLayers.ts';
import { attachTwin, pickTwin } from '../twin/attach.ts';

function overlays(): Overlays {
  const s = store.getState();
  return { isochrone: s.isochrone as Overlays['isochrone'], ...analysisOverlays(s.dataset, s.analysis, s.category) };
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
    map.addControl(new NavigationControl({ visualizePitch: true }), 'top-right');
    map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
    map.addControl(new AttributionControl({ compact: true }), 'bottom-right');
    map.on('click', (e) => {
      if (mapHandle.onMapClick?.(e.lngLat.lng, e.lngLat.lat)) return;
      const picked3d = pickTwin(e.point);
      if (picked3d) {
        store.setState({ selection: picked3d });
        return;
      }
      const ids = CLICKABLE.map(([id]) => id).filter((id) => map.getLayer(id));
      const hits = map.queryRenderedFeatures(e.point, { layers: ids });
      if (hits.length === 0) {
        store.setState({ selection: null });
        return;
      }
      const top = hits[0];
      const kind = CLICKABLE.find(([id]) => id === top.layer.id)?.[1] ?? 'feature';
      const props = top.properties as Record<string, unknown>;
      store.setState({ selection: { kind, id: String(props.id ?? top.id ?? ''), properties: props } });
    });
    for (const [id] of CLICKABLE) {
      map.on('mouseenter', id, () => { map.getCanvas().style.cursor = 'pointer'; });
      map.on('mouseleave', id, () => { map.getCanvas().style.cursor = ''; });
    }
    mapRef.current = map;
    mapHandle.map = map;
    // A handle for automated checks and for power users in the console; it exposes nothing the UI doesn't.
    window.__circletwin = { map, store };
    // The 3D twin (extruded buildings, landmarks) draws into this map's own context and camera.
    const detachTwin = attachTwin(map);
    styleKey.current = `${s.basemap}|${s.tiandituKey}`;
    // The plan's candidates, their dragging and live colours (the siting studio).
    const detachPlan = attachPlanLayers(map);
    return () => {
      detachPlan();
      detachTwin();
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
    };
    if (map.isStyleLoaded()) apply();
    map.on('styledata', apply);
    return () => { map.off('styledata', apply); };
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
  }, [dataset, analysis, category]);

  return <div ref={container} className="map" data-testid="map" />;
}
