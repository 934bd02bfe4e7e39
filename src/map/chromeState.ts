// What the map's chrome (src/map/MapChrome.tsx) reads from the store, kept apart from React so it can be tested alone.
import type { AppState } from '../state/store.ts';
import type { MessageKey } from '../i18n/index.ts';

/** Fills `{name}` placeholders of a message. */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}

/** What the engine is doing now, most basic first (nothing else can run before the network is built). */
export function progressKey(s: Pick<AppState, 'dataset' | 'loadError' | 'engineStatus' | 'analysisStatus' | 'studio'>): MessageKey | null {
  if (!s.dataset) return s.loadError ? null : 'loading';
  if (s.engineStatus === 'loading') return 'progress.network';
  if (s.analysisStatus === 'running') return 'progress.analysis';
  if (s.studio.suggest.running) return 'progress.suggest';
  if (s.engineStatus === 'busy') return 'progress.isochrone';
  return null;
}

