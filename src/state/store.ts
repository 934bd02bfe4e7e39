// The one app store: dataset, view settings, selection and analysis state.
import { createStore } from './createStore.ts';
import { translate, type Lang, type MessageKey } from '../i18n/index.ts';
import type { Dataset } from '../../workers/dataset.ts';
import type { IsochroneCollection, NetworkReport } from '../../workers/engine.ts';

export type LayerKey = 'landuse' | 'communities' | 'compounds' | 'streets' | 'buildings' | 'facilities' | 'sites' | 'analysis';
export type Basemap = 'none' | 'osm' | 'tianditu';

export interface Selection {
  kind: string;
  id: string;
  properties: Record<string, unknown>;
}

export type EngineStatus = 'idle' | 'loading' | 'ready' | 'busy' | 'error';
export type Tool = 'select' | 'isochrone';

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
}

const SETTINGS_KEY = 'circletwin.settings.v1';
type Persisted = Pick<AppState, 'lang' | 'basemap' | 'tiandituKey' | 'layers' | 'isoMinutes' | 'profileId'>;

const defaults: Persisted = {
  lang: 'zh',
  basemap: 'none',
  tiandituKey: '',
  isoMinutes: [5, 10, 15],
  profileId: 'default',
  layers: {
    landuse: true, communities: true, compounds: true, streets: true, buildings: true, facilities: true, sites: false, analysis: true,
  },
};

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
      isoMinutes: Array.isArray(p.isoMinutes) && p.isoMinutes.every((m) => typeof m === 'number' && m > 0) && p.isoMinutes.length
        ? p.isoMinutes : defaults.isoMinutes,
      profileId: typeof p.profileId === 'string' ? p.profileId : defaults.profileId,
    };
  } catch {
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
});

store.subscribe(() => {
  const s = store.getState();
  const p: Persisted = {
    lang: s.lang, basemap: s.basemap, tiandituKey: s.tiandituKey, layers: s.layers, isoMinutes: s.isoMinutes, profileId: s.profileId,
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
