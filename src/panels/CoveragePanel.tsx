import { useMemo } from 'react';
import { store, useStore, useT } from '../state/store.ts';
import { computeIsochrone } from '../state/actions.ts';
import { CATEGORY_IDS, type CategoryId } from '../../workers/model/dataset.ts';
import { categoryName } from './categoryName.ts';
import { fmtNumber } from './format.ts';
import { MARK_SYMBOL } from '../../workers/analysis/standards.ts';
import { BEYOND_COLOR, DISTANCE_RAMP } from '../map/style.ts';

const GRADIENT = `linear-gradient(to right, ${DISTANCE_RAMP.map(([f, c]) => `${c} ${(f / 2) * 85}%`).join(', ')}, ${BEYOND_COLOR} 88%)`;

export function CoveragePanel() {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const category = useStore((s) => s.category);
  const analysis = useStore((s) => s.analysis);
  const status = useStore((s) => s.analysisStatus);
  const message = useStore((s) => s.analysisMessage);
  const standards = useStore((s) => s.standards);
  const std = standards.categories.find((c) => c.id === category);
  const live = useStore((s) => s.live);
  const r = analysis?.categories[category];
  // While a candidate of this category is dragged, the figures follow it; the drop brings the exact analysis.
  const cov = r && live && live.category === category ? { district: live.district, byCommunity: live.byCommunity } : r;
  const names = useMemo(() => new Map(analysis?.communities.map((c) => [c.id, lang === 'en' ? c.name_en : c.name]) ?? []), [analysis, lang]);

  const choose = (c: CategoryId) => {
    store.setState({ category: c });
    void computeIsochrone({ category: c }, categoryName(c, lang));
  };

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
      {status === 'error' && <p className="error" role="alert">{message}</p>}
      {std && (
        <p className="hint" title={std.source}>
          {t('threshold')} {std.threshold_m} m {MARK_SYMBOL[std.threshold_mark]} · {t('target')} {Math.round(std.target_coverage * 100)}%
        </p>
      )}
      {r && cov && std && (
        <>
          <div className="ramp" style={{ background: GRADIENT }} aria-hidden="true" />
          <div className="ramp-labels"><span>0</span><span>{std.threshold_m} m</span><span>{2 * std.threshold_m} m</span><span>{t('beyondLimit')}</span></div>
          <div className="big-share" data-testid="district-share">
            {/* Nobody in the target cohort: the share is n/a, never a pass. */}
            {cov.district.target > 0
              ? <span className={cov.district.share >= std.target_coverage ? 'pass' : 'fail'}>{fmtNumber(cov.district.share * 100, lang, 1)}%</span>
              : <span data-testid="share-na">{t('value.na')}</span>}
            <span className="hint"> {t('share')} · {t('uncovered')} {fmtNumber(cov.district.target - cov.district.covered, lang)}</span>
          </div>
          <table className="bars" aria-label={t('share')}>
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
            <table className="loads">
              <thead><tr><th>{t('feature')}</th><th className="num">{t('capacity')}</th><th className="num">{t('load')}</th></tr></thead>
              <tbody>
                {r.facilities.map((f) => (
                  <tr key={f.id}>
                    <td>{f.name}</td>
                    <td className="num">{f.capacity ?? '—'}</td>
                    <td className={`num ${f.utilisation !== null && f.utilisation > 1 ? 'fail' : ''}`}>
                      {f.utilisation === null ? '—' : `${fmtNumber(f.utilisation * 100, lang, 0)}%`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {analysis && (
            <p className="hint">
              {t('circleCompleteness')}: 5′ {fmtNumber((analysis.completenessByCommunity['5']?.district ?? 0) * 100, lang, 0)}% ·
              10′ {fmtNumber((analysis.completenessByCommunity['10']?.district ?? 0) * 100, lang, 0)}% ·
              15′ {fmtNumber((analysis.completenessByCommunity['15']?.district ?? 0) * 100, lang, 0)}%
            </p>
          )}
        </>
      )}
    </section>
  );
}
