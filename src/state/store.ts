// The one app store: dataset, view settings, selection and analysis state.
import { createStore } from './createStore.ts';
import { translate, type Lang, type MessageKey } from '../i18n/index.ts';
import type { Dataset } from '../../workers/model/dataset.ts';
import type { IsochroneCollection, NetworkReport, RouteAnswer } from '../../workers/engine.ts';
import type { AnalysisResult } from '../../workers/analysis/coverage.ts';
import { CATEGORY_IDS, type CategoryId } from '../../workers/model/dataset.ts';
import { fingerprint, parseStandards, type Standards } from '../../workers/analysis/standards.ts';
import defaultTable from '../../data/standards/gb50180-2018.json';
import { TWIN_DEFAULT, type TwinState } from '../twin/types.ts';
import { BASELINE_ID, type Scenario } from '../../workers/scenario/types.ts';
import type { LiveUpdate } from '../../workers/siting/types.ts';
import { STUDIO_DEFAULT, type StudioState } from './scenarioTypes.ts';
import { BOUNDARY_DEFAULT, type BoundaryState } from './boundaryTypes.ts';
import { minutesProblem } from '../../workers/model/limits.ts';

export type LayerKey = 'landuse' | 'communities' | 'compounds' | 'streets' | 'buildings' | 'facilities' | 'sites' | 'analysis' | 'gaps';
export type Basemap = 'none' | 'osm' | 'tianditu';

export interface Selection {
  kind: string;
  id: string;
  properties: Record<string, unknown>;
  /** Where the map was clicked (lon, lat): the walk of a point that is not a building starts there. */
  at?: [number, number];
}

/** The walk drawn for the selection (src/state/route.ts): what it is for, and the engine's answer. */
export interface RouteState {
  status: 'idle' | 'running' | 'done' | 'error';
  answer: RouteAnswer | null;
  message: string;
}

export type EngineStatus = 'idle' | 'loading' | 'ready' | 'busy' | 'error';
export type Tool = 'select' | 'isochrone';
/** Network-edit tools (src/panels/NetworkEditPanel.tsx): draw a path, add a gate, pick a gate, close a street. */
export type NetTool = 'none' | 'path' | 'gate_add' | 'gate' | 'close';

/** What frames the map (src/App.tsx, src/map): open sidebars, the guide, an online basemap that failed to load. */
export interface UiState {
  left: boolean;
  right: boolean;
  guide: boolean;
  /** The online basemap whose tiles failed (said once per choice), and whether its notice still shows. */
  basemapFailed: Basemap | null;
  basemapNotice: boolean;
  /** The map legend open (the user's choice), and opened during the current pick, which folds it otherwise. */
  legend: boolean;
  legendPick: boolean;
}

/** Below this window width only one sidebar is open at a time, so the map keeps most of the screen. */
export const NARROW_PX = 1200;

export interface AppState {
  lang: Lang;
  dataset: Dataset | null;
  loadError: string | null;
  layers: Record<LayerKey, boolean>;
  selection: Selection | null;
  basemap: Basemap;
  tiandituKey: string;
  settingsOpen: boolean;
  engineStatus: EngineStatus;
  engineMessage: string;
  network: NetworkReport | null;
  tool: Tool;
  isoMinutes: number[];
  profileId: string;
  isochrone: IsochroneCollection | null;
  isoOrigin: string;
  standards: Standards;
  /** True when the table differs from the shipped default. */
  standardsEdited: boolean;
  /** Earlier and undone tables, for undo and redo of standards edits (this visit only). */
  standardsPast: Standards[];
  standardsFuture: Standards[];
  category: CategoryId;
  analysis: AnalysisResult | null;
  analysisStatus: 'idle' | 'running' | 'done' | 'error';
  analysisMessage: string;
  indicatorScope: string;
  /** 2D/3D, the twin's colouring, the overview and the briefing (src/twin/types.ts). */
  twin: TwinState;
  netTool: NetTool;
  /** Points of the path being drawn (lon/lat). */
  netDraft: Array<[number, number]>;
  /** The gate whose state and hours are being edited. */
  netGate: string | null;
  /** Plans and the siting studio (src/state/scenario.ts): every plan edit goes through updateScenario. */
  scenarios: Scenario[];
  /** 'baseline' or a plan's id. */
  activeScenarioId: string;
  /** The baseline analysed with the same table and profile, for what a plan changes. */
  baselineAnalysis: AnalysisResult | null;
  /** The per-frame answer while a candidate is dragged. */
  live: LiveUpdate | null;
  studio: StudioState;
  ui: UiState;
  route: RouteState;
  /** Community boundaries drawn by the user (src/state/boundaries.ts). */
  boundaries: BoundaryState;
}

export function defaultStandards(): Standards {
  return parseStandards(structuredClone(defaultTable));
}

const DEFAULT_FINGERPRINT = fingerprint(defaultStandards());

export function isEdited(s: Standards): boolean {
  return fingerprint(s) !== DEFAULT_FINGERPRINT;
}

const STANDARDS_KEY = 'circletwin.standards.v1';

/** The user's edited table if one was saved and still validates, else the shipped default. */
/** Saved settings that were invalid and replaced on start (reported to the user by settingsCheck.ts). */
export const storedSettingProblems: Array<{ key: MessageKey; detail: string }> = [];

function loadStandards(): Pick<AppState, 'standards' | 'standardsEdited' | 'standardsPast' | 'standardsFuture'> {
  let standards = defaultStandards();
  try {
    const raw = localStorage.getItem(STANDARDS_KEY);
    if (raw) standards = parseStandards(JSON.parse(raw));
  } catch (e) {
    // A corrupt or outdated saved table falls back to the default rather than blocking the app, and says so.
    storedSettingProblems.push({ key: 'error.standardsReset', detail: e instanceof Error ? e.message : String(e) });
  }
  return { standards, standardsEdited: isEdited(standards), standardsPast: [], standardsFuture: [] };
}

export function saveStandards(s: Standards | null) {
  try {
    if (s) localStorage.setItem(STANDARDS_KEY, JSON.stringify(s));
    else localStorage.removeItem(STANDARDS_KEY);
  } catch {
    // Without storage the edit still applies for this visit.
  }
}

const SETTINGS_KEY = 'circletwin.settings.v1';
type Persisted = Pick<AppState, 'lang' | 'basemap' | 'tiandituKey' | 'layers' | 'isoMinutes' | 'profileId' | 'category'>;

const defaults: Persisted = {
  lang: 'zh',
  basemap: 'none',
  tiandituKey: '',
  isoMinutes: [5, 10, 15],
  profileId: 'default',
  category: 'health_station',
  layers: {
    landuse: true, communities: true, compounds: true, streets: true, buildings: true, facilities: true, sites: false, analysis: true,
    gaps: true,
  },
};

/** Stored isochrone minutes within the engine's caps (a thousand bands would hang the page), else the default. */
function isoMinutesOrDefault(v: unknown): number[] {
  if (v === undefined) return defaults.isoMinutes;
  const bad = minutesProblem(v);
  if (!bad) return v as number[];
  storedSettingProblems.push({ key: 'error.settingsReset', detail: `isochrone minutes: ${bad}` });
  return defaults.isoMinutes;
}

function loadPersisted(): Persisted {
  try {
    const raw = localStorage.getItem(SETTINGS_KEY);
    if (!raw) return defaults;
    const p = JSON.parse(raw) as Partial<Persisted>;
    return {
      lang: p.lang === 'en' ? 'en' : 'zh',
      basemap: p.basemap === 'osm' || p.basemap === 'tianditu' ? p.basemap : 'none',
      tiandituKey: typeof p.tiandituKey === 'string' ? p.tiandituKey : '',
      layers: { ...defaults.layers, ...(p.layers ?? {}) },
      isoMinutes: isoMinutesOrDefault(p.isoMinutes),
      profileId: typeof p.profileId === 'string' ? p.profileId : defaults.profileId,
      category: CATEGORY_IDS.includes(p.category as CategoryId) ? (p.category as CategoryId) : defaults.category,
    };
  } catch (e) {
    storedSettingProblems.push({ key: 'error.settingsReset', detail: e instanceof Error ? e.message : String(e) });
    return defaults;
  }
}

export const store = createStore<AppState>({
  ...loadPersisted(),
  dataset: null,
  loadError: null,
  selection: null,
  settingsOpen: false,
  engineStatus: 'idle',
  engineMessage: '',
  network: null,
  tool: 'select',
  isochrone: null,
  isoOrigin: '',
  ...loadStandards(),
  analysis: null,
  analysisStatus: 'idle',
  analysisMessage: '',
  indicatorScope: 'district',
  twin: TWIN_DEFAULT,
  netTool: 'none',
  netDraft: [],
  netGate: null,
  scenarios: [],
  activeScenarioId: BASELINE_ID,
  baselineAnalysis: null,
  live: null,
  studio: STUDIO_DEFAULT,
  boundaries: BOUNDARY_DEFAULT,
  route: { status: 'idle', answer: null, message: '' },
  ui: {
    left: true, right: typeof window === 'undefined' || window.innerWidth >= NARROW_PX, guide: false,
    basemapFailed: null, basemapNotice: false, legend: true, legendPick: false,
  },
});

// A stored walking profile the table no longer has would otherwise fall back to the default in silence.
{
  const s = store.getState();
  if (!s.standards.profiles.some((p) => p.id === s.profileId)) {
    storedSettingProblems.push({ key: 'error.settingsReset', detail: `walking profile "${s.profileId}" is not in the standards table` });
    store.setState({ profileId: s.standards.profiles[0].id });
  }
}

store.subscribe(() => {
  const s = store.getState();
  const p: Persisted = {
    lang: s.lang, basemap: s.basemap, tiandituKey: s.tiandituKey, layers: s.layers, isoMinutes: s.isoMinutes, profileId: s.profileId,
    category: s.category,
  };
  try {
    localStorage.setItem(SETTINGS_KEY, JSON.stringify(p));
  } catch {
    // Private mode or a full quota: settings then last for this visit only.
  }
});

export const useStore = store.useStore;

export function useT() {
  const lang = useStore((s) => s.lang);
  return (key: MessageKey) => translate(lang, key);
}
