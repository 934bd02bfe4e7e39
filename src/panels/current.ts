// Whether the analysis shown is the one for what is in force now (the standards table, the walking
// profile, the plan): exports wait for it, and the figures say when they are being recomputed.
import type { AppState } from '../state/store.ts';
import { activeScenario, versionKey } from '../state/scenario.ts';
import { fingerprint, type Standards } from '../../workers/analysis/standards.ts';

const prints = new WeakMap<Standards, string>();
const printOf = (s: Standards) => {
  let p = prints.get(s);
  if (p === undefined) prints.set(s, (p = fingerprint(s)));
  return p;
};

/**
 * True when the analysis shown is the one for what is in force: the standards table, the walking
 * profile and the plan. Exports are only offered then, so a file never holds figures of an earlier table or plan.
 */
export function analysisIsCurrent(s: AppState): boolean {
  const a = s.analysis;
  if (!a || s.analysisStatus !== 'done') return false;
  const profile = s.standards.profiles.find((p) => p.id === s.profileId) ?? s.standards.profiles[0];
  return a.table.fingerprint === printOf(s.standards) && a.profile === profile.id && s.studio.analysed === versionKey(activeScenario(s));
}

/** An analysis was asked for and its figures are not in yet (not when the last one failed). */
export function analysisPending(s: AppState): boolean {
  return !!s.analysis && s.analysisStatus !== 'error' && !analysisIsCurrent(s);
}
