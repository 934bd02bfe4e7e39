import { useStore, useT } from '../state/store.ts';
import { downloadExport } from '../state/actions.ts';

export function ExportPanel() {
  const t = useT();
  const analysis = useStore((s) => s.analysis);
  return (
    <section className="panel" aria-labelledby="export-title">
      <h2 id="export-title">{t('export')}</h2>
      <div className="row">
        <button type="button" disabled={!analysis} onClick={() => void downloadExport('gaps.geojson')}>{t('exportGaps')}</button>
        <button type="button" disabled={!analysis} onClick={() => void downloadExport('indicators.csv')}>{t('exportIndicators')}</button>
        <button type="button" disabled={!analysis} onClick={() => void downloadExport('access.csv')}>{t('exportAccess')}</button>
      </div>
    </section>
  );
}
