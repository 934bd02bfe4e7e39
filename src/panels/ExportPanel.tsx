import { useStore, useT, type AppState } from '../state/store.ts';
import { downloadExport } from '../state/actions.ts';
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

export function ExportPanel() {
  const t = useT();
  const current = useStore(analysisIsCurrent);
  const analysing = useStore((s) => !!s.analysis && !analysisIsCurrent(s));
  return (
    <section className="panel" aria-labelledby="export-title" data-testid="export-panel">
      <h2 id="export-title">{t('export')}</h2>
      <div className="row">
        <button type="button" disabled={!current} onClick={() => void downloadExport('gaps.geojson')} data-testid="export-gaps">{t('exportGaps')}</button>
        <button type="button" disabled={!current} onClick={() => void downloadExport('indicators.csv')} data-testid="export-indicators">{t('exportIndicators')}</button>
        <button type="button" disabled={!current} onClick={() => void downloadExport('access.csv')} data-testid="export-access">{t('exportAccess')}</button>
      </div>
      {analysing && <p className="hint" role="status" data-testid="export-waiting">{t('export.waiting')}</p>}
    </section>
  );
}
