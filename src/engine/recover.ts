// When the engine worker dies, say so and bring a fresh one up with the dataset in use, so the
// app stays usable. The plan in force follows by itself (scenario.ts pushes it on a new network),
// and the figures are recomputed; a notice says it happened.
// A dataset that kills the worker every time is not retried forever.
import { onEngineCrash, type EngineCrashed } from './client.ts';
import { store } from '../state/store.ts';
import { loadIntoEngine } from '../state/actions.ts';
import { translate } from '../i18n/index.ts';
import { setStudio } from '../state/scenario.ts';

const MAX_RESTARTS = 2;
const WINDOW_MS = 60_000;

let restarts: number[] = [];

export function startEngineRecovery(): () => void {
  return onEngineCrash((e: EngineCrashed) => {
    const now = Date.now();
    restarts = restarts.filter((t) => now - t < WINDOW_MS);
    const { lang, dataset } = store.getState();
    const canRestart = dataset !== null && restarts.length < MAX_RESTARTS;
    store.setState({
      engineStatus: 'error',
      engineMessage: `${translate(lang, canRestart ? 'error.engineRestarting' : 'error.engineStopped')} (${e.detail})`,
      analysisStatus: store.getState().analysisStatus === 'running' ? 'error' : store.getState().analysisStatus,
    });
    // The status line changes again once the new worker is up; the notice stays until dismissed.
    setStudio({ notice: { kind: 'error', key: canRestart ? 'error.engineRestarted' : 'error.engineStopped', detail: ` (${e.detail})` } });
    if (!canRestart) return;
    restarts.push(now);
    void loadIntoEngine(dataset);
  });
}
