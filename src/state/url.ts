// The view in the address bar, so a link or a bookmark reopens the same view:
//   ?dataset=jidong&category=nursery&view=3d&at=117.31,31.86,14.5,-20,55
//   ?brief=1&slide=2   ?overview=1   &scenario=<plan id> (read by src/state/scenario.ts when plans load)
// Read once at start-up; afterwards the store writes it back (replaceState, no history spam).
import type { Map as MlMap } from 'maplibre-gl';
import { store, type AppState } from './store.ts';
import { CATEGORY_IDS, type CategoryId } from '../../workers/model/dataset.ts';
import { BASELINE_ID } from '../../workers/scenario/types.ts';
import type { TwinState } from '../twin/types.ts';

export interface Camera {
  center: [number, number];
  zoom: number;
  bearing: number;
  pitch: number;
}

export interface UrlView {
  dataset: string | null;
  category: CategoryId | null;
  view: '2d' | '3d' | null;
  scenario: string | null;
  brief: boolean;
  /** 0-based; the URL counts from 1. */
  slide: number | null;
  overview: boolean;
  camera: Camera | null;
  /** Parameters present but not understood, named for the user. */
  problems: string[];
}

export function parseUrlView(search: string): UrlView {
  const q = new URLSearchParams(search);
  const problems: string[] = [];
  const cat = q.get('category');
  const category = cat === null ? null : CATEGORY_IDS.includes(cat as CategoryId) ? (cat as CategoryId) : null;
  if (cat !== null && !category) problems.push(`category=${cat}`);
  const v = q.get('view');
  const view = v === '3d' || v === '2d' ? v : null;
  if (v !== null && !view) problems.push(`view=${v}`);
  const s = q.get('slide');
  const n = s === null ? NaN : Number(s);
  const slide = Number.isInteger(n) && n >= 1 ? n - 1 : null;
  if (s !== null && slide === null) problems.push(`slide=${s}`);
  let camera: Camera | null = null;
  const at = q.get('at');
  if (at !== null) {
    const p = at.split(',').map(Number);
    if (p.length >= 3 && p.every(Number.isFinite) && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90) {
      camera = { center: [p[0], p[1]], zoom: p[2], bearing: p[3] ?? 0, pitch: p[4] ?? 0 };
    } else problems.push(`at=${at}`);
  }
  const flag = (k: string) => q.get(k) === '1' || q.get(k) === 'true';
  return {
    dataset: q.get('dataset'), category, view, scenario: q.get('scenario'), brief: flag('brief'), slide,
    overview: flag('overview'), camera, problems,
  };
}

export function formatUrlView(s: AppState, camera: Camera | null, scenario: string): string {
  const q = new URLSearchParams();
  if (s.dataset) q.set('dataset', s.dataset.meta.id);
  q.set('category', s.category);
  if (s.twin.view === '3d') q.set('view', '3d');
  if (scenario !== BASELINE_ID) q.set('scenario', scenario);
  if (s.twin.overview) q.set('overview', '1');
  if (s.twin.briefing) {
    q.set('brief', '1');
    q.set('slide', String(s.twin.slide + 1));
  }
  if (camera) {
    const r = (x: number, d: number) => String(Number(x.toFixed(d)));
    q.set('at', [r(camera.center[0], 5), r(camera.center[1], 5), r(camera.zoom, 2), r(camera.bearing, 1), r(camera.pitch, 1)].join(','));
  }
  return q.toString().replace(/%2C/g, ',');
}

/** What the start-up URL asked for and could not be applied yet (the dataset and plan load later). */
export const urlRequest: { initial: UrlView; camera: Camera | null } = { initial: parseUrlView(''), camera: null };

/** Applies the start-up URL to the store; call once before the first render. */
export function applyUrlView(search = location.search) {
  const u = parseUrlView(search);
  urlRequest.initial = u;
  urlRequest.camera = u.camera;
  const twin: Partial<TwinState> = {};
  if (u.view) twin.view = u.view;
  if (u.overview) twin.overview = true;
  if (u.brief) {
    twin.briefing = true;
    twin.slide = u.slide ?? 0;
  }
  store.setState((s) => ({ ...(u.category ? { category: u.category } : {}), twin: { ...s.twin, ...twin } }));
}

let camera: Camera | null = null;

let timer: ReturnType<typeof setTimeout> | null = null;

function write() {
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = null;
    const s = store.getState();
    const next = formatUrlView(s, camera, s.activeScenarioId);
    if (next !== location.search.slice(1)) history.replaceState(history.state, '', `${location.pathname}?${next}${location.hash}`);
  }, 150);
}

/** Keeps the address bar in step with the store and the map's camera. */
export function syncUrl(map: MlMap): () => void {
  if (urlRequest.camera) {
    map.jumpTo(urlRequest.camera);
    urlRequest.camera = null;
  }
  const onMove = () => {
    const c = map.getCenter();
    camera = { center: [c.lng, c.lat], zoom: map.getZoom(), bearing: map.getBearing(), pitch: map.getPitch() };
    write();
  };
  map.on('moveend', onMove);
  onMove();
  const unsubscribe = store.subscribe(write);
  return () => {
    map.off('moveend', onMove);
    unsubscribe();
  };
}
