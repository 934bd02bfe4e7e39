import { store, useStore, useT } from '../state/store.ts';
import { categoryName } from './categoryName.ts';
import { fmtMetres } from './format.ts';

/**
 * A building's walk to every category, with the facility that serves it. A row chosen (click, Enter)
 * makes its category the map's, which draws the walk to that facility.
 */
export function BuildingAccess({ id }: { id: string }) {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const analysis = useStore((s) => s.analysis);
  const category = useStore((s) => s.category);
  if (!analysis) return null;
  const i = analysis.buildingIds.indexOf(id);
  if (i < 0) return null;
  return (
    <table className="access" data-testid="building-access" title={t('route.pickCategory')}>
      <thead>
        <tr><th>{t('category')}</th><th className="num">{t('distanceTo')}</th><th /><th>{t('servedBy')}</th></tr>
      </thead>
      <tbody>
        {Object.values(analysis.categories).map((c) => {
          const d = c!.dist[i];
          const f = c!.nearest[i];
          const ok = d <= c!.threshold_m;
          return (
            <tr key={c!.id} tabIndex={0} aria-selected={c!.id === category} className={c!.id === category ? 'current' : undefined}
              onClick={() => store.setState({ category: c!.id })}
              onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); store.setState({ category: c!.id }); } }}>
              <td>{categoryName(c!.id, lang)}</td>
              <td className="num">{Number.isFinite(d) ? fmtMetres(d, lang) : `> ${c!.search_limit_m} m`}</td>
              <td className={ok ? 'pass' : 'fail'} title={`${t('threshold')} ${c!.threshold_m} m`}>{ok ? '✓' : '✗'}</td>
              <td>{f >= 0 ? analysis.facilityNames[f] || analysis.facilityIds[f] : '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
