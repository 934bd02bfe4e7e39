import { useMemo } from 'react';
import { store, useStore, useT } from '../state/store.ts';
import { CATEGORY_IDS, type CategoryId } from '../../workers/model/dataset.ts';
import type { CategoryResult } from '../../workers/analysis/coverage.ts';
import type { CategoryStandard } from '../../workers/analysis/standards.ts';
import { categoryName } from './categoryName.ts';
import { fill, fmtNumber } from './format.ts';
import { Define, Mark, MarkLegend } from './Define.tsx';
import { capacityUnitText, cohortText, upperFirst } from './figures.ts';
import { engineText } from '../i18n/errors.ts';
import { analysisPending } from './current.ts';
import type { Lang, MessageKey } from '../i18n/index.ts';
import { BEYOND_COLOR, DISTANCE_RAMP } from '../map/style.ts';

const GRADIENT = `linear-gradient(to right, ${DISTANCE_RAMP.map(([f, c]) => `${c} ${(f / 2) * 85}%`).join(', ')}, ${BEYOND_COLOR} 88%)`;

/** The district mean of the 2SFCA access, weighted by the target cohort (buildings without any count for nothing). */
function meanAccess(r: CategoryResult, weights: ArrayLike<number> | null): number | null {
  if (!r.access || !weights) return null;
  let sum = 0, w = 0;
  for (let i = 0; i < r.access.length; i++) {
    sum += r.access[i] * weights[i];
    w += weights[i];
  }
  return w > 0 ? sum / w : null;
}

function demandText(std: CategoryStandard, lang: Lang, t: (k: MessageKey) => string): string {
  if (!std.quota) return fill(t('fig.demandCohort'), { cohort: cohortText(std.cohort, lang) });
  return fill(t('fig.demandQuota'), {
    value: fmtNumber(std.quota.value, lang, 1), unit: capacityUnitText(std.capacity_unit, lang), per: fmtNumber(std.quota.per, lang),
    base: cohortText(std.quota.base, lang),
  });
}

export function CoveragePanel() {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const category = useStore((s) => s.category);
  const analysis = useStore((s) => s.analysis);
  const status = useStore((s) => s.analysisStatus);
  const message = useStore((s) => s.analysisMessage);
  const standards = useStore((s) => s.standards);
  const dataset = useStore((s) => s.dataset);
  const std = standards.categories.find((c) => c.id === category);
  const live = useStore((s) => s.live);
  const pending = useStore(analysisPending);
  const r = analysis?.categories[category];
  // While a candidate of this category is dragged, the figures follow it; the drop brings the exact analysis.
  const cov = r && live && live.category === category ? { district: live.district, byCommunity: live.byCommunity } : r;
  const names = useMemo(() => new Map(analysis?.communities.map((c) => [c.id, lang === 'en' ? c.name_en : c.name]) ?? []), [analysis, lang]);
  // The access weights are the analysis's own cohort per building, in the engine's building order.
  const weights = useMemo(() => {
    if (!r || !dataset || !analysis) return null;
    const byId = new Map(dataset.buildings.features.map((f) => [String(f.properties.id), f.properties as unknown as Record<string, number>]));
    return analysis.buildingIds.map((id) => {
      const p = byId.get(id);
      if (!p) return 0;
      return r.cohort === 'everyone' ? p.population : Number(p[r.cohort] ?? 0);
    });
  }, [r, dataset, analysis]);

  // The category's walking bands follow the choice (actions.ts).
  const choose = (c: CategoryId) => store.setState({ category: c });
  const cohort = std ? cohortText(std.cohort, lang) : '';
  const unit = std ? capacityUnitText(std.capacity_unit, lang) : '';
  const access = r ? meanAccess(r, weights) : null;
  const sd = r?.supplyDemand.district;

  return (
    <section className="panel" aria-labelledby="cov-title" data-testid="coverage-panel">
      <h2 id="cov-title">{t('coverage')}</h2>
      <label className="row">
        {t('category')}
        <select value={category} onChange={(e) => choose(e.target.value as CategoryId)} data-testid="category-select">
          {CATEGORY_IDS.map((c) => <option key={c} value={c}>{categoryName(c, lang)}</option>)}
        </select>
      </label>
      {status === 'running' && <div className="progress indeterminate" role="progressbar" aria-label={t('engineBusy')}><div /></div>}
      {pending && <p className="hint" role="status" data-testid="figures-pending">{t('fig.updating')}</p>}
      {status === 'error' && <p className="error" role="alert">{engineText(message, lang)}</p>}
      {std && (
        <p className="hint" data-testid="coverage-standard">
          <Define text={fill(t('fig.thresholdDef'), { source: std.source })}>{t('threshold')} {std.threshold_m} m</Define>{' '}
          <Mark mark={std.threshold_mark} source={std.source} /> ·{' '}
          <Define text={fill(t('fig.targetDef'), { cohort })}>{t('target')} {Math.round(std.target_coverage * 100)}%</Define> ·{' '}
          {fill(t('fig.cohortOf'), { cohort })}
        </p>
      )}
      {r && cov && std && (
        <>
          <p className="hint">{t('fig.rampCaption')}</p>
          <div className="ramp" style={{ background: GRADIENT }} aria-hidden="true" />
          <div className="ramp-labels"><span>0 m</span><span>{std.threshold_m} m</span><span>{2 * std.threshold_m} m</span><span>{t('beyondLimit')}</span></div>
          <div className="big-share" data-testid="district-share">
            {/* Nobody in the target cohort: the share is n/a, never a pass. */}
            {cov.district.target > 0
              ? <span className={cov.district.share >= std.target_coverage ? 'pass' : 'fail'}>{fmtNumber(cov.district.share * 100, lang, 1)}%</span>
              : <span data-testid="share-na">{t('value.na')}</span>}
            <span className="hint">
              {' '}<Define text={fill(t('fig.shareDef'), { cohort })}>{fill(t('fig.shareOf'), { cohort })}</Define>
              {' · '}<span data-testid="district-uncovered">{fill(t('fig.uncoveredOf'), { cohort })}{t('plan.colon')}{fmtNumber(cov.district.target - cov.district.covered, lang)}</span>
            </span>
          </div>
          <table className="bars" aria-label={fill(t('fig.byCommunity'), { cohort })}>
            <caption className="hint">{upperFirst(fill(t('fig.byCommunity'), { cohort }))}</caption>
            <tbody>
              {Object.entries(cov.byCommunity).map(([id, c]) => (
                <tr key={id}>
                  <th scope="row">{names.get(id) ?? id}</th>
                  <td>
                    <span className="bar-track">
                      {c.target > 0 && <span className={`bar ${c.share >= std.target_coverage ? '' : 'bad'}`} style={{ width: `${Math.round(c.share * 100)}%` }} />}
                      <span className="bar-target" style={{ left: `${Math.round(std.target_coverage * 100)}%` }} />
                    </span>
                  </td>
                  <td className="num">{c.target > 0 ? `${fmtNumber(c.share * 100, lang, 0)}%` : t('value.na')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {r.facilities.some((f) => f.utilisation !== null) && (
            <table className="loads" data-testid="coverage-loads">
              <thead>
                <tr>
                  <th>{t('fig.facility')}</th>
                  <th className="num">{fill(t('fig.capacityIn'), { unit })}</th>
                  <th className="num">{upperFirst(fill(t('fig.demandIn'), { cohort }))}</th>
                  <th className="num"><Define text={fill(t('fig.loadDef'), { cohort })}>{t('fig.load')}</Define></th>
                  <th className="num"><Define text={t('fig.ratioDef')}>{t('fig.ratio')}</Define></th>
                </tr>
              </thead>
              <tbody>
                {r.facilities.map((f) => (
                  <tr key={f.id}>
                    <td>{f.name}</td>
                    <td className="num">{f.capacity === null ? '—' : fmtNumber(f.capacity, lang)}</td>
                    <td className="num">{fmtNumber(f.load, lang)}</td>
                    <td className={`num ${f.utilisation !== null && f.utilisation > 1 ? 'fail' : ''}`}>
                      {f.utilisation === null ? '—' : `${fmtNumber(f.utilisation * 100, lang, 0)}%`}
                    </td>
                    <td className="num">{f.ratio === null ? '—' : fmtNumber(f.ratio, lang, 3)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {sd && std.capacity_unit && (
            <p className="hint" data-testid="coverage-supply">
              <Define text={fill(t('fig.supplyDemandDef'), { demand: demandText(std, lang, t) })}>{t('fig.supplyDemand')}</Define>
              {t('plan.colon')}{fmtNumber(sd.supply, lang)} / {fmtNumber(sd.demand, lang)} {unit}
              {sd.demand > 0 && ` (${fmtNumber((sd.supply / sd.demand) * 100, lang, 0)}%)`}
            </p>
          )}
          {access !== null && (
            <p className="hint" data-testid="coverage-access">
              <Define text={fill(t('fig.accessDef'), { cohort, unit })}>{t('fig.access')}</Define>
              {t('plan.colon')}{fill(t('fig.perMember'), { value: fmtNumber(access, lang, 3), unit, member: t(`member.${std.cohort}` as MessageKey) })}
            </p>
          )}
          {analysis && (
            <p className="hint" data-testid="coverage-completeness">
              <Define text={t('fig.completenessDef')}>{t('fig.completeness')}</Define>{t('plan.colon')}
              {[5, 10, 15].map((m, k) => (
                <span key={m}>{k > 0 ? ' · ' : ''}{fill(t('fig.minutes'), { m })} {fmtNumber((analysis.completenessByCommunity[String(m)]?.district ?? 0) * 100, lang, 0)}%</span>
              ))}
            </p>
          )}
          <MarkLegend />
        </>
      )}
    </section>
  );
}
