// The twin's slice of the one store, and the plan state it reads (src/state/scenario.ts).
import { store, useStore, type AppState } from '../state/store.ts';
import type { AnalysisResult } from '../../workers/analysis/coverage.ts';
import { BASELINE_ID } from '../../workers/scenario/types.ts';
import type { TwinState } from './types.ts';

export { activeScenario as activePlan } from '../state/scenario.ts';

/** The analysis of the baseline: the one in force when no plan is. */
export function baselineOf(s: AppState = store.getState()): AnalysisResult | null {
  return s.activeScenarioId === BASELINE_ID ? s.analysis : s.baselineAnalysis;
}

export function setTwin(patch: Partial<TwinState>) {
  store.setState((s) => ({ twin: { ...s.twin, ...patch } }));
}

export function useTwin<T>(select: (t: TwinState) => T): T {
  return useStore((s) => select(s.twin));
}
