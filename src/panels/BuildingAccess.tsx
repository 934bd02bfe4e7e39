import { useStore, useT } from '../state/store.ts';
import { categoryName } from './categoryName.ts';
import { fmtMetres } from './format.ts';

/** A building's walk to every category, with the facility that serves it. */
export function BuildingAccess({ id }: { id: string }) {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const analysis = useStore((s) => s.analysis);
  const dataset = useStore((s) => s.dataset);
  if (!analysis || !dataset) return null;
  const i = analysis.buildingIds.indexOf(id);
  if (i < 0) return null;
  return (
    <table className="access" data-testid="building-access">
      <thead>
        <tr><th>{t('category')}</th><th className="num">{t('distanceTo')}</th><th /><th>{t('servedBy')}</th></tr>
      </thead>
      <tbody>
        {Object.values(analysis.categories).map((c) => {
          const d = c!.dist[i];
          const f = c!.nearest[i];
          const ok = d <= c!.threshold_m;
          return (
            <tr key={c!.id}>
              <td>{categoryName(c!.id, lang)}</td>
              <td className="num">{Number.isFinite(d) ? fmtMetres(d, lang) : `> ${c!.search_limit_m} m`}</td>
              <td className={ok ? 'pass' : 'fail'} title={`${t('threshold')} ${c!.threshold_m} m`}>{ok ? '✓' : '✗'}</td>
              <td>{f >= 0 ? String(dataset.facilities.features[f]?.properties.name ?? '') : '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
