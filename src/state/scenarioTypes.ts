// The siting studio's slice of the one store (src/state/scenario.ts fills it).
import type { MessageKey } from '../i18n/index.ts';
import type { AnalysisResult } from '../../workers/analysis/coverage.ts';
import type { CategoryId, Position } from '../../workers/model/dataset.ts';
import type { LiveUpdate, SuggestProgress, SuggestResult, SuggestedSite } from '../../workers/siting/types.ts';

export interface StudioNotice {
  kind: 'info' | 'error';
  key: MessageKey;
  detail: string;
}

export interface SuggestState {
  running: boolean;
  progress: SuggestProgress | null;
  result: SuggestResult | null;
  /** Picks not yet accepted into the plan or discarded. */
  pending: SuggestedSite[];
  error: string;
  /** The drawn area whose network points are candidates, and whether it is being drawn. */
  area: Position[];
  drawing: boolean;
}

export interface StudioState {
  /** The selected candidate or moved facility (its change id). */
  selected: string | null;
  /** Changes the engine could not apply, with the reason. */
  problems: Array<{ change: string; message: string }>;
  notice: StudioNotice | null;
  undoLabel: string | null;
  redoLabel: string | null;
  storage: 'loading' | 'ok' | 'unavailable';
  /** The change being dragged and where it is now. */
  dragging: string | null;
  dragPos: Position | null;
  /** What the selected candidate changes, evaluated where it stands (coverage gained, load, walking area). */
  impact: LiveUpdate | null;
  /** An analysis drawn on the map instead of the plan's (before/after in compare), with its label. */
  mapAnalysis: AnalysisResult | null;
  mapLabel: string;
  /** In swipe compare, the "before" analysis drawn left of the divider (the main map shows "after"). */
  swipe: AnalysisResult | null;
  suggest: SuggestState;
  compareOpen: boolean;
  /** The plan version the analysis in the store was computed for ('baseline' or '<id>@<revision>'). */
  analysed: string;
  /** Default capacity per category for a new candidate (from the quota, else the plan's average). */
  capacities: Partial<Record<CategoryId, number | null>>;
}

export const SUGGEST_DEFAULT: SuggestState = { running: false, progress: null, result: null, pending: [], error: '', area: [], drawing: false };

export const STUDIO_DEFAULT: StudioState = {
  selected: null, problems: [], notice: null, undoLabel: null, redoLabel: null, storage: 'loading', dragging: null, dragPos: null,
  impact: null, mapAnalysis: null, mapLabel: '', swipe: null, suggest: SUGGEST_DEFAULT, compareOpen: false, analysed: '', capacities: {},
};
