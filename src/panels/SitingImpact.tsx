// "What this changes": for the candidate being dragged or selected, the target population it newly
// brings within the standard (by cohort and by community), the coverage with and without it, the
// gap that remains and its load against its capacity; for the plan as a whole, coverage per
// category and the parking deficit against the baseline.
import { Define } from './Define.tsx';
import { fill } from './format.ts';
import { cohortText, upperFirst } from './figures.ts';
import { useMemo } from 'react';
import { useStore, useT } from '../state/store.ts';
import { activeScenario } from '../state/scenario.ts';
import { categoryName } from './categoryName.ts';
import { fmtNumber } from './format.ts';
import { unitLabel } from './SitingPanel.tsx';
import { BASELINE_ID } from '../../workers/scenario/types.ts';
import type { MessageKey } from '../i18n/index.ts';
import './siting.css';

const COHORT_KEYS: Record<string, MessageKey> = {
  everyone: 'siting.cohort.everyone', households: 'siting.cohort.households', age0_3: 'siting.cohort.age0_3', age3_6: 'siting.cohort.age3_6',
  age6_12: 'siting.cohort.age6_12', age60plus: 'siting.cohort.age60plus', cars: 'siting.cohort.cars',
};

function signed(v: number, lang: 'zh' | 'en', digits = 0): string {
  const r = Number(v.toFixed(digits));
  const s = fmtNumber(Math.abs(r), lang, digits);
  return r > 0 ? `+${s}` : r < 0 ? `−${s}` : s;
}

export function SitingImpact() {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const live = useStore((s) => s.live);
  const impact = useStore((s) => s.studio.impact);
  const dragging = useStore((s) => s.studio.dragging);
  const selected = useStore((s) => s.studio.selected);
  const analysis = useStore((s) => s.analysis);
  const baseline = useStore((s) => s.baselineAnalysis);
  const activeId = useStore((s) => s.activeScenarioId);
  const standards = useStore((s) => s.standards);
  const plan = useStore(() => activeScenario());
  const names = useMemo(() => new Map(analysis?.communities.map((c) => [c.id, lang === 'en' ? c.name_en : c.name]) ?? []), [analysis, lang]);

  const u = dragging ? live : impact && impact.changeId === selected ? impact : null;
  const change = plan?.changes.find((c) => c.id === u?.changeId);
  const cs = u ? standards.categories.find((c) => c.id === u.category) : undefined;
  const exactLoad = u && !dragging ? analysis?.categories[u.category]?.facilities.find((f) => f.id === u.changeId
    || (change?.kind === 'facility_move' && f.id === change.facility)) : undefined;
  const capacity = change?.kind === 'facility_add' ? change.capacity : exactLoad?.capacity ?? null;
  const cohort = cs ? cohortText(cs.cohort, lang) : '';

  if (activeId === BASELINE_ID || !plan) {
    return (
      <section className="panel impact-panel" aria-labelledby="impact-title" data-testid="impact-panel">
        <h2 id="impact-title">{t('impact.title')}</h2>
        <p className="hint">{t('impact.baseline')}</p>
      </section>
    );
  }

  const rows = analysis && baseline ? standards.categories.map((c) => {
    const a = baseline.categories[c.id]?.district, b = analysis.categories[c.id]?.district;
    return { id: c.id, cohort: c.cohort, before: a?.share ?? 0, after: b?.share ?? 0, gained: (b?.covered ?? 0) - (a?.covered ?? 0) };
  }).filter((r) => Math.abs(r.after - r.before) > 1e-9) : [];
  const parkingBefore = baseline?.parkingDeficit.district, parkingAfter = analysis?.parkingDeficit.district;

  return (
    <section className="panel impact-panel" aria-labelledby="impact-title" data-testid="impact-panel" aria-live="polite">
      <h2 id="impact-title">{t('impact.title')}</h2>
      {u && cs ? (
        <div data-testid="impact-candidate">
          <h3>{change?.kind === 'facility_add' ? change.name : categoryName(u.category, lang)} {dragging && <span className="badge live">{t('impact.live')}</span>}</h3>
          {!u.snapped && <p className="error" role="alert">{t('impact.notSnapped')}{t(`reason.${u.reason}` as MessageKey)}</p>}
          <dl className="big-numbers">
            <div><dt>{fill(t('fig.gainedOf'), { cohort })}</dt><dd data-testid="impact-gained">{signed(u.gained.total, lang)}</dd></div>
            <div>
              <dt><Define text={fill(t('fig.shareDef'), { cohort })}>{fill(t('fig.shareOf'), { cohort })}</Define></dt>
              <dd data-testid="impact-share">{fmtNumber(u.district.share * 100, lang, 1)}%</dd>
            </div>
            <div><dt>{upperFirst(fill(t('fig.remainingOf'), { cohort }))}</dt><dd>{fmtNumber(u.district.target - u.district.covered, lang)}</dd></div>
          </dl>
          <p className="hint">
            {fill(t('fig.walkOf'), { category: categoryName(u.category, lang), threshold: cs.threshold_m })} · {t('impact.withoutIt')} {fmtNumber(((u.district.covered - u.gained.total) / Math.max(u.district.target, 1e-9)) * 100, lang, 1)}%
            → {fmtNumber(u.district.share * 100, lang, 1)}% · {u.gained.buildings} {t('impact.buildings')}
          </p>
          <h3>{t('impact.byCohort')}</h3>
          <table className="impact-table">
            <tbody>
              {Object.entries(u.gained.byCohort).filter(([, v]) => v > 0.5).map(([k, v]) => (
                <tr key={k}><th scope="row">{COHORT_KEYS[k] ? t(COHORT_KEYS[k]) : k}</th><td className="num">{signed(v, lang)}</td></tr>
              ))}
              {Object.values(u.gained.byCohort).every((v) => v <= 0.5) && <tr><td colSpan={2} className="hint">{t('impact.none')}</td></tr>}
            </tbody>
          </table>
          <h3>{t('impact.byCommunity')}</h3>
          <table className="impact-table" data-testid="impact-communities">
            <thead><tr><th>{t('impact.community')}</th><th className="num">{t('impact.gainedShort')}</th><th className="num">{fill(t('fig.shareOf'), { cohort })}</th></tr></thead>
            <tbody>
              {Object.entries(u.byCommunity).map(([id, c]) => (
                <tr key={id} className={(u.gained.byCommunity[id] ?? 0) > 0.5 ? 'up' : ''}>
                  <th scope="row">{names.get(id) ?? id}</th>
                  <td className="num">{signed(u.gained.byCommunity[id] ?? 0, lang)}</td>
                  <td className="num">{fmtNumber(c.share * 100, lang, 1)}%</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3><Define text={fill(t('fig.loadDef'), { cohort })}>{t('impact.load')}</Define></h3>
          <p data-testid="impact-load">
            {exactLoad ? fmtNumber(exactLoad.load, lang) : fmtNumber(u.load, lang)} {t('impact.servedOf')} {capacity === null ? t('impact.noCapacity') : `${fmtNumber(capacity, lang)} ${unitLabel(cs.capacity_unit)}`}
            {exactLoad?.utilisation != null && <span className={exactLoad.utilisation > 1 ? 'fail' : 'pass'}> · {fmtNumber(exactLoad.utilisation * 100, lang, 0)}%</span>}
          </p>
          <p className="hint">{dragging ? t('impact.loadLive') : t('impact.loadExact')}</p>
        </div>
      ) : (
        <p className="hint">{t('impact.selectHint')}</p>
      )}
      <h3>{t('impact.planVsBaseline')}</h3>
      {rows.length === 0 ? <p className="hint">{baseline ? t('impact.noChange') : t('engineBusy')}</p> : (
        <table className="impact-table" data-testid="impact-plan">
          <thead><tr><th>{t('category')}</th><th className="num">{t('plan.baseline')}</th><th className="num">{t('impact.plan')}</th><th className="num">{t('impact.coveredChange')}</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <th scope="row">{categoryName(r.id, lang)} <span className="hint">({cohortText(r.cohort, lang)})</span></th>
                <td className="num">{fmtNumber(r.before * 100, lang, 1)}%</td>
                <td className="num">{fmtNumber(r.after * 100, lang, 1)}%</td>
                <td className={`num ${r.gained > 0 ? 'pass' : r.gained < 0 ? 'fail' : ''}`}>{signed(r.gained, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {parkingBefore !== undefined && parkingAfter !== undefined && Math.abs(parkingAfter - parkingBefore) >= 0.5 && (
        <p data-testid="impact-parking">
          {t('impact.parkingDeficit')}: {fmtNumber(parkingBefore, lang)} → {fmtNumber(parkingAfter, lang)}
          <span className={parkingAfter < parkingBefore ? 'pass' : 'fail'}> ({signed(parkingAfter - parkingBefore, lang)})</span>
        </p>
      )}
      {baseline && analysis && parkingBefore !== undefined && parkingAfter !== undefined && Math.abs(parkingAfter - parkingBefore) >= 0.5 && (
        <table className="impact-table" data-testid="impact-parking-communities">
          <tbody>
            {Object.entries(analysis.parkingDeficit.byCommunity).map(([id, v]) => {
              const b = baseline.parkingDeficit.byCommunity[id] ?? 0;
              return Math.abs(v - b) >= 0.5 ? (
                <tr key={id}>
                  <th scope="row">{names.get(id) ?? id}</th>
                  <td className="num">{fmtNumber(b, lang)} → {fmtNumber(v, lang)}</td>
                  <td className={`num ${v < b ? 'pass' : 'fail'}`}>{signed(v - b, lang)}</td>
                </tr>
              ) : null;
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
