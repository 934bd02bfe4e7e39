// Where a deck of slides lives: in the plan in force (saved with it through updateScenario), or,
// for the baseline, which is never edited, in this browser's storage for the dataset.
import { store, type AppState } from '../state/store.ts';
import { activeScenario, updateScenario } from '../state/scenario.ts';
import type { Slide } from '../../workers/scenario/types.ts';
import type { CategoryId, Dataset } from '../../workers/model/dataset.ts';
import type { Map as MlMap } from 'maplibre-gl';
import { defaultSlides } from './BriefingSlides.ts';
import { scopedDataset } from '../state/boundaries.ts';

const KEY = 'circletwin.slides.v1.';

function baselineSlides(datasetId: string): Slide[] | null {
  try {
    const v = JSON.parse(localStorage.getItem(KEY + datasetId) ?? 'null') as unknown;
    return Array.isArray(v) && v.every((x) => x && typeof x === 'object' && typeof (x as Slide).id === 'string' && (x as Slide).camera)
      ? (v as Slide[]) : null;
  } catch {
    return null;
  }
}

/** The deck in force: the plan's saved slides, the baseline's kept ones, or the default deck. */
export function currentDeck(s: AppState, map: MlMap | null): Slide[] {
  const plan = activeScenario(s);
  if (plan?.slides.length) return plan.slides;
  if (!plan && s.dataset) {
    const kept = baselineSlides(s.dataset.meta.id);
    if (kept?.length) return kept;
  }
  // One slide per scope in force: drawn boundaries replace the dataset's communities (state/boundaries.ts).
  return map && s.dataset ? defaultSlides(map, scopedDataset(s) as Dataset, plan, s.category as CategoryId, s.layers) : [];
}

/** Saves an edited deck where it belongs; an empty list goes back to the default deck. */
export function saveDeck(slides: Slide[], label: string, merge?: string) {
  const s = store.getState();
  if (activeScenario(s)) {
    updateScenario(label, (p) => { p.slides = slides; }, merge);
    return;
  }
  if (!s.dataset) return;
  try {
    if (slides.length) localStorage.setItem(KEY + s.dataset.meta.id, JSON.stringify(slides));
    else localStorage.removeItem(KEY + s.dataset.meta.id);
  } catch {
    // Storage full or off: the edit still shows for this visit.
  }
  deckVersion.n++;
  store.setState({});
}

/** Bumped when baseline slides change, so views re-read them. */
export const deckVersion = { n: 0 };
