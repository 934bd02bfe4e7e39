import { useStore, useT } from '../state/store.ts';
import { downloadExport } from '../state/actions.ts';
import { analysisIsCurrent, analysisPending } from './current.ts';
import { exportDrawnBoundaries } from './boundaryExport.ts';

export function ExportPanel() {
  const t = useT();
  const current = useStore(analysisIsCurrent);
  const analysing = useStore(analysisPending);
  const drawn = useStore((s) => (s.dataset && s.boundaries.dataset === s.dataset.meta.id ? s.boundaries.entries.length : 0));
  return (
    <section className="panel" aria-labelledby="export-title" data-testid="export-panel">
      <h2 id="export-title">{t('export')}</h2>
      <div className="row">
        <button type="button" disabled={!current} onClick={() => void downloadExport('gaps.geojson')} data-testid="export-gaps">{t('exportGaps')}</button>
        <button type="button" disabled={!current} onClick={() => void downloadExport('indicators.csv')} data-testid="export-indicators">{t('exportIndicators')}</button>
        <button type="button" disabled={!current} onClick={() => void downloadExport('access.csv')} data-testid="export-access">{t('exportAccess')}</button>
      </div>
      {drawn > 0 && (
        <div className="row">
          <button type="button" onClick={exportDrawnBoundaries} data-testid="export-drawn">{t('zones.export')}</button>
        </div>
      )}
      {analysing && <p className="hint" role="status" data-testid="export-waiting">{t('export.waiting')}</p>}
    </section>
  );
}
