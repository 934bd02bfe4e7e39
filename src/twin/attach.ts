// Mounts the twin on the live MapLibre map: deck.gl extruded buildings (interleaved, binary
// attributes) and the three.js landmark layer, both following the same store the 2D map follows.
import { MapboxOverlay } from '@deck.gl/mapbox';
import { wantedCursor } from '../map/cursor.ts';
import { SolidPolygonLayer } from '@deck.gl/layers';
import type { Map as MlMap, PointLike } from 'maplibre-gl';
import { store, type AppState, type Selection } from '../state/store.ts';
import type { Dataset } from '../../workers/model/dataset.ts';
import { facilityPoints } from '../map/derived.ts';
import { buildingGeometry, colourBuildings, effectiveMetric, newlyCovered, type BuildingGeometry, type ColourInputs } from './buildings.ts';
import { LandmarkLayer, type Landmark } from './landmarks.ts';
import { rendererInfo, type RendererInfo } from './renderer.ts';
import { activePlan, baselineOf } from './state.ts';
import { PITCH_3D, type TwinMetric } from './types.ts';
import { syncUrl } from '../state/url.ts';

export const BUILDINGS_LAYER = 'twin-buildings';
const BEFORE = 'sites-fill';

/** What automated checks and the benchmark read (window.__circletwin.twin). */
export interface TwinProbe {
  renderer: string;
  software: boolean;
  buildings: number;
  /** Bumped each time building colours are recomputed; `drawnVersion` once a frame shows them. */
  colourVersion: number;
  drawnVersion: number;
  drawnAt: number;
  metric: TwinMetric;
  /** Buildings currently glowing as newly covered, and how many the last glow lit. */
  glowing: () => number;
  lastGlow: number;
  /** Buildings shown with the colours of the last computation, as RGBA per building. */
  colours: () => Uint8Array;
}

interface Twin {
  map: MlMap;
  overlay: MapboxOverlay;
  geometry: BuildingGeometry;
  probe: TwinProbe;
  dataset: Dataset;
}

let twin: Twin | null = null;

/** deck.gl 9.4's adapter reads `map.transform` (MapLibre ≤ 5); MapLibre 6 keeps the transform on its camera. */
export function deckCompat(map: MlMap) {
  const m6 = map as MlMap & { _camera?: { transform: unknown } };
  if (!('transform' in map) && m6._camera) Object.defineProperty(map, 'transform', { get: () => m6._camera!.transform, configurable: true });
}

const layerInputs = new WeakMap<BuildingGeometry, { data: object; getElevation: (o: unknown, i: { index: number }) => number }>();

/**
 * The extruded buildings as one deck.gl layer over binary data: one position buffer and ring
 * offsets, so deck.gl never sees a JS object per building. Colours come from `getFillColor` and are
 * recomputed only when `colourVersion` changes. (Also used by scripts/bench-twin.)
 */
export function buildingsLayer(geometry: BuildingGeometry, o: {
  visible: boolean; colourVersion: number; getFillColor: (o: unknown, i: { index: number }) => number[]; beforeId?: string; highlight: boolean;
}) {
  let inputs = layerInputs.get(geometry);
  if (!inputs) {
    inputs = {
      data: { length: geometry.count, startIndices: geometry.startIndices, attributes: { getPolygon: { value: geometry.positions, size: 2 } } },
      getElevation: (_: unknown, { index }: { index: number }) => geometry.height[index],
    };
    layerInputs.set(geometry, inputs);
  }
  return new SolidPolygonLayer({
    id: BUILDINGS_LAYER,
    beforeId: o.beforeId,
    data: inputs.data,
    positionFormat: 'XY',
    _normalize: false,
    _windingOrder: 'CCW',
    extruded: true,
    visible: o.visible,
    getElevation: inputs.getElevation,
    getFillColor: o.getFillColor,
    updateTriggers: { getFillColor: o.colourVersion },
    material: { ambient: 0.45, diffuse: 0.55, shininess: 24, specularColor: [40, 40, 40] },
    pickable: true,
    autoHighlight: o.highlight,
    highlightColor: [255, 255, 255, 80],
  } as never);
}

/** Starts the twin on `map`; returns the function that takes it down. */
export function attachTwin(map: MlMap): () => void {
  const dataset = store.getState().dataset;
  if (!dataset) return () => undefined;
  const geometry = buildingGeometry(dataset.buildings.features);
  const gl = map.getCanvas().getContext('webgl2') as WebGL2RenderingContext | null;
  const info: RendererInfo = gl ? rendererInfo(gl) : { renderer: 'unknown', software: true };
  const colours = new Uint8Array(geometry.count * 4);
  const probe: TwinProbe = {
    renderer: info.renderer, software: info.software, buildings: geometry.count, colourVersion: 0, drawnVersion: 0, drawnAt: 0,
    metric: 'use', glowing: () => landmarks.glowing, lastGlow: 0, colours: () => colours,
  };
  deckCompat(map);
  const overlay = new MapboxOverlay({
    interleaved: true,
    layers: [],
    // The shared canvas's cursor has one owner (src/map/cursor.ts); deck.gl's own default is a grab hand.
    getCursor: () => wantedCursor(map, store.getState()),
    onAfterRender: () => {
      if (probe.drawnVersion !== probe.colourVersion) {
        probe.drawnVersion = probe.colourVersion;
        probe.drawnAt = performance.now();
      }
    },
  });
  map.addControl(overlay);
  const t: Twin = { map, overlay, geometry, probe, dataset };
  twin = t;

  const [w, s, e, n] = dataset.meta.bbox;
  const extent = Math.max((e - w) * 111_320 * Math.cos(((s + n) / 2) * Math.PI / 180), (n - s) * 110_540) / 2 + 200;
  const landmarks = new LandmarkLayer(dataset.meta.center, extent, info.software);
  // Facility positions once per dataset: polygon facilities (parks) stand at their centroid.
  const points = facilityPoints(dataset).features;
  const tmp = [0, 0, 0, 255];
  const getFillColor = (_: unknown, { index }: { index: number }) => {
    tmp[0] = colours[4 * index]; tmp[1] = colours[4 * index + 1]; tmp[2] = colours[4 * index + 2];
    return tmp;
  };

  let last: { dist: unknown; base: unknown; comp: unknown; metric: TwinMetric; threshold: number; analysisOn: boolean } | null = null;
  let lastAnalysisDist: { dist: Float64Array; category: string; threshold: number } | null = null;
  let lastLandmarks: unknown[] = [];
  let lastView = store.getState().twin.view;
  let layerKey = '';

  const sync = () => {
    const st = store.getState();
    if (st.dataset !== dataset) return;
    const is3d = st.twin.view === '3d';
    const r = st.analysis?.categories[st.category];
    const live = st.live;
    const liveDist = live && live.category === st.category && live.dist.length === geometry.count ? live.dist : null;
    const dist = liveDist ?? (r && r.dist.length === geometry.count ? r.dist : null);
    const base = baselineOf(st)?.categories[st.category]?.dist ?? null;
    const comp = st.analysis?.completeness[String(st.twin.circle)] ?? null;
    const analysisOn = st.layers.analysis;
    const metric: TwinMetric = analysisOn ? st.twin.metric : 'use';
    const threshold = r?.threshold_m ?? 0;
    // Colours are only worked out while they are shown: a 2D drag of a large city costs nothing here.
    if (is3d && (!last || last.dist !== dist || last.base !== base || last.comp !== comp || last.metric !== metric
      || last.threshold !== threshold || last.analysisOn !== analysisOn)) {
      const inp: ColourInputs = {
        metric, dist, threshold, baseDist: base && base.length === geometry.count ? base : null,
        completeness: comp && comp.length === geometry.count ? comp : null,
      };
      colourBuildings(geometry, inp, colours);
      probe.metric = effectiveMetric(inp);
      probe.colourVersion++;
      last = { dist, base, comp, metric, threshold, analysisOn };
    }
    // A plan change or a dropped candidate: glow the buildings it newly brings within the threshold.
    if (r && !liveDist && r.dist.length === geometry.count) {
      const prev = lastAnalysisDist;
      if (prev && prev.dist !== r.dist && prev.category === st.category && prev.threshold === r.threshold_m && is3d) {
        const gained = newlyCovered(prev.dist, r.dist, r.threshold_m, geometry.population);
        probe.lastGlow = gained.length;
        if (gained.length) {
          landmarks.highlight(gained.slice(0, 3000).map((i) => ({
            ring: dataset.buildings.features[i].geometry.coordinates[0] as [number, number][], height: geometry.height[i],
          })));
        }
      }
      lastAnalysisDist = { dist: r.dist, category: st.category, threshold: r.threshold_m };
    }
    // A new layer only when something it shows changed: every setProps asks MapLibre for a frame.
    const beforeId = map.getLayer(BEFORE) ? BEFORE : undefined;
    const visible = is3d && st.layers.buildings;
    const key = `${visible}|${probe.colourVersion}|${beforeId}`;
    if (key !== layerKey) {
      layerKey = key;
      overlay.setProps({ layers: [buildingsLayer(geometry, { visible, colourVersion: probe.colourVersion, getFillColor, beforeId, highlight: !info.software })] });
    }

    const marks = is3d && st.layers.facilities ? landmarksOf(st, points) : [];
    if (!sameLandmarks(marks, lastLandmarks)) {
      landmarks.setLandmarks(marks);
      lastLandmarks = marks;
    }
    if (is3d && !map.getLayer(landmarks.id)) {
      try {
        map.addLayer(landmarks, map.getLayer('streets-label') ? 'streets-label' : undefined);
      } catch {
        // The style is still loading; its `styledata` event brings us back here.
      }
    }
    if (!is3d && map.getLayer(landmarks.id)) map.removeLayer(landmarks.id);

    if (st.twin.view !== lastView) {
      lastView = st.twin.view;
      map.easeTo({ pitch: is3d ? Math.max(map.getPitch(), PITCH_3D) : 0, bearing: is3d ? map.getBearing() : 0, duration: info.software ? 0 : 800 });
    }
  };

  // A new style (basemap switch) drops custom layers: the landmarks come back here (deck.gl re-adds its own).
  const onStyle = () => sync();
  map.on('styledata', onStyle);
  const unsubscribe = store.subscribe(sync);
  map.setMaxPitch(75);
  const stopUrl = syncUrl(map);
  if (store.getState().twin.view === '3d') map.jumpTo({ pitch: Math.max(map.getPitch(), PITCH_3D) });
  sync();
  if (window.__circletwin) window.__circletwin.twin = probe;
  return () => {
    unsubscribe();
    stopUrl();
    map.off('styledata', onStyle);
    if (map.getLayer(landmarks.id)) map.removeLayer(landmarks.id);
    map.removeControl(overlay);
    overlay.finalize();
    if (twin === t) twin = null;
  };
}

function landmarksOf(st: AppState, points: ReturnType<typeof facilityPoints>['features']): Landmark[] {
  const p = activePlan(st);
  const live = st.live;
  const moved = new Map<string, [number, number]>();
  const removed = new Set<string>();
  const out: Landmark[] = [];
  for (const c of p?.changes ?? []) {
    if (c.kind === 'facility_move') moved.set(c.facility, c.position);
    else if (c.kind === 'facility_remove') removed.add(c.facility);
  }
  for (const f of points) {
    const props = f.properties as { id: string; category: Landmark['category']; status?: string };
    if (removed.has(props.id)) continue;
    out.push({ id: props.id, category: props.category, position: moved.get(props.id) ?? f.geometry.coordinates, candidate: props.status === 'candidate' || props.status === 'planned' || moved.has(props.id) });
  }
  for (const c of p?.changes ?? []) {
    if (c.kind === 'facility_add') out.push({ id: c.id, category: c.category, position: c.position, candidate: true });
  }
  if (live?.snapped) {
    const l = out.find((m) => m.id === live.changeId);
    if (l) l.position = live.position;
  }
  return out;
}

function sameLandmarks(a: Landmark[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i], y = b[i] as Landmark;
    if (x.id !== y.id || x.candidate !== y.candidate || x.position[0] !== y.position[0] || x.position[1] !== y.position[1]) return false;
  }
  return true;
}

/** The building under a screen point in 3D (deck.gl picking), as a selection; null in 2D or off a building. */
export function pickTwin(point: PointLike): Selection | null {
  const t = twin;
  if (!t || store.getState().twin.view !== '3d') return null;
  const [x, y] = Array.isArray(point) ? point : [point.x, point.y];
  const hit = t.overlay.pickObject({ x, y, radius: 1, layerIds: [BUILDINGS_LAYER] });
  if (!hit || hit.index < 0) return null;
  const f = t.dataset.buildings.features[hit.index];
  if (!f) return null;
  return { kind: 'building', id: String(f.properties.id), properties: f.properties as unknown as Record<string, unknown> };
}

/** The live map, for camera moves and image export. */
export function twinMap(): MlMap | null {
  return twin?.map ?? null;
}

export function twinProbe(): TwinProbe | null {
  return twin?.probe ?? null;
}
