// Settings saved in an earlier visit that no longer validate were replaced by defaults when the
// store started; this tells the user which, instead of changing their settings in silence.
import { storedSettingProblems } from './store.ts';
import { setStudio } from './scenario.ts';

export function reportStoredSettingProblems() {
  const first = storedSettingProblems[0];
  if (!first) return;
  setStudio({ notice: { kind: 'error', key: first.key, detail: `: ${storedSettingProblems.map((p) => p.detail).join('; ')}` } });
}
