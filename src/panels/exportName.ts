// The name of an export from what is in force now: the dataset's name in the chosen language, the
// plan (or the baseline), today's date and what the file holds.
import { store } from '../state/store.ts';
import { localName, translate } from '../i18n/index.ts';
import { BASELINE_ID, type Scenario } from '../../workers/scenario/types.ts';
import { exportFileName } from './download.ts';

export function planLabel(plan: Scenario | null): string {
  return plan ? plan.name : translate(store.getState().lang, 'export.baseline');
}

/** `scenario`: the plan the file is about, when it is not the plan in force (a plan file, a comparison). */
export function exportName(what: string, ext: string, scenario?: string): string {
  const s = store.getState();
  const active = s.activeScenarioId === BASELINE_ID ? null : s.scenarios.find((x) => x.id === s.activeScenarioId) ?? null;
  return exportFileName({
    dataset: s.dataset ? localName(s.lang, s.dataset.meta) : '',
    scenario: scenario ?? planLabel(active),
    what, ext, at: new Date(),
  });
}
