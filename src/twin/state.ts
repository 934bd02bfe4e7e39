// The twin's slice of the one store, and the plan state it reads. The scenario fields
// (scenarios, activeScenarioId, baselineAnalysis, live) are added to the store by
// src/state/scenario.ts; reading them through this one adapter keeps the twin working on the
// baseline alone and picks the plan up as soon as it is there.
import { store, useStore, type AppState } from '../state/store.ts';
import type { AnalysisResult } from '../../workers/analysis/coverage.ts';
import type { Scenario } from '../../workers/scenario/types.ts';
import { BASELINE_ID } from '../../workers/scenario/types.ts';
import type { LiveUpdate } from '../../workers/siting/types.ts';
import type { TwinState } from './types.ts';

export interface PlanFields {
  scenarios?: Scenario[];
  activeScenarioId?: string;
  baselineAnalysis?: AnalysisResult | null;
  live?: LiveUpdate | null;
}

export function plan(s: AppState = store.getState()): Required<PlanFields> {
  const p = s as AppState & PlanFields;
  return {
    scenarios: p.scenarios ?? [],
    activeScenarioId: p.activeScenarioId ?? BASELINE_ID,
    baselineAnalysis: p.baselineAnalysis ?? null,
    live: p.live ?? null,
  };
}

export function activePlan(s: AppState = store.getState()): Scenario | null {
  const p = plan(s);
  return p.scenarios.find((x) => x.id === p.activeScenarioId) ?? null;
}

/** The analysis of the baseline: the plan's own when none is active. */
export function baselineOf(s: AppState = store.getState()): AnalysisResult | null {
  const p = plan(s);
  return p.activeScenarioId === BASELINE_ID ? s.analysis : p.baselineAnalysis;
}

export function setTwin(patch: Partial<TwinState>) {
  store.setState((s) => ({ twin: { ...s.twin, ...patch } }));
}

export function useTwin<T>(select: (t: TwinState) => T): T {
  return useStore((s) => select(s.twin));
}
