import { useMemo } from 'react';
import { useStore, useT } from '../state/store.ts';
import { scopedDataset } from '../state/boundaries.ts';
import { Define } from './Define.tsx';
import type { Dataset } from '../../workers/model/dataset.ts';

/** Scopes that are communities: 其他 (what lies outside the drawn boundaries) is not one. */
function communityCount(ds: Dataset): number {
  return ds.communities.features.filter((f) => (f.properties as { source?: string }).source !== 'unassigned').length;
}

export function DistrictSummary() {
  const t = useT();
  // With drawn boundaries in force, they are the communities counted here.
  const ds = useStore((s) => scopedDataset(s));
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
  // Each count with its unit word (人, 户 …; none in English, where the label names the unit).
  const unit = (k: Parameters<typeof t>[0]) => (t(k) ? <small> {t(k)}</small> : null);
  return (
    <section className="panel summary" data-testid="district-summary">
      <dl className="big-numbers">
        <div><dt><Define text={t('fig.residentsDef')}>{t('residents')}</Define></dt><dd>{fmt(totals.pop)}{unit('unit.person')}</dd></div>
        <div><dt><Define text={t('fig.householdsDef')}>{t('households')}</Define></dt><dd>{fmt(totals.hh)}{unit('unit.households')}</dd></div>
        <div>
          <dt><Define text={t('fig.elderlyDef')}>{t('elderlyShare')}</Define></dt>
          <dd>{totals.pop ? ((100 * totals.eld) / totals.pop).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en', { maximumFractionDigits: 1, minimumFractionDigits: 1 }) : '—'}%{unit('fig.ofResidents')}</dd>
        </div>
        <div><dt>{t('communitiesCount')}</dt><dd>{fmt(communityCount(ds))}{unit('unit.communities')}</dd></div>
        <div><dt>{t('buildingsCount')}</dt><dd>{fmt(ds.buildings.features.length)}{unit('unit.buildings')}</dd></div>
        <div><dt>{t('facilitiesCount')}</dt><dd>{fmt(ds.facilities.features.length)}{unit('unit.facilities')}</dd></div>
      </dl>
    </section>
  );
}
