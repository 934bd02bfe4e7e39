import { useMemo } from 'react';
import { useStore, useT } from '../state/store.ts';

export function DistrictSummary() {
  const t = useT();
  const ds = useStore((s) => s.dataset);
  const lang = useStore((s) => s.lang);
  const totals = useMemo(() => {
    if (!ds) return null;
    let pop = 0, hh = 0, eld = 0;
    for (const b of ds.buildings.features) {
      pop += b.properties.population;
      hh += b.properties.households;
      eld += b.properties.age60plus;
    }
    return { pop, hh, eld };
  }, [ds]);
  if (!ds || !totals) return null;
  const fmt = (n: number) => n.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en');
  return (
    <section className="panel summary" data-testid="district-summary">
      <dl className="big-numbers">
        <div><dt>{t('residents')}</dt><dd>{fmt(totals.pop)}</dd></div>
        <div><dt>{t('households')}</dt><dd>{fmt(totals.hh)}</dd></div>
        <div><dt>{t('elderlyShare')}</dt><dd>{totals.pop ? ((100 * totals.eld) / totals.pop).toFixed(1) : '0'}%</dd></div>
        <div><dt>{t('communitiesCount')}</dt><dd>{ds.communities.features.length}</dd></div>
        <div><dt>{t('buildingsCount')}</dt><dd>{fmt(ds.buildings.features.length)}</dd></div>
        <div><dt>{t('facilitiesCount')}</dt><dd>{ds.facilities.features.length}</dd></div>
      </dl>
    </section>
  );
}
