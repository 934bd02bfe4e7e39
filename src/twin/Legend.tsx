import { useStore, useT } from '../state/store.ts';
import type { MessageKey } from '../i18n/index.ts';
import { BEYOND_COLOR, DISTANCE_RAMP } from '../map/style.ts';
import { COLOURS, USES, type RGB } from './buildings.ts';
import { baselineOf } from './state.ts';
import { BASELINE_ID } from '../../workers/scenario/types.ts';
import type { TwinMetric } from './types.ts';
import { Define } from '../panels/Define.tsx';
import { fill } from '../panels/format.ts';
import { categoryName } from '../panels/categoryName.ts';
import { cohortText } from '../panels/figures.ts';

const css = (c: RGB | string) => (typeof c === 'string' ? c : `rgb(${c[0]},${c[1]},${c[2]})`);

/** The metric the twin can draw now: the chosen one, or building use while its data is missing. */
export function useEffectiveMetric(): { chosen: TwinMetric; shown: TwinMetric } {
  const chosen = useStore((s) => (s.layers.analysis ? s.twin.metric : 'use'));
  const hasDist = useStore((s) => !!s.analysis?.categories[s.category]);
  const hasPlan = useStore((s) => s.activeScenarioId !== BASELINE_ID && !!baselineOf(s));
  const hasComp = useStore((s) => !!s.analysis?.completeness[String(s.twin.circle)]);
  const shown = chosen === 'walk' || chosen === 'covered' ? (hasDist ? chosen : 'use')
    : chosen === 'change' ? (hasDist && hasPlan ? 'change' : 'use')
      : chosen === 'completeness' ? (hasComp ? 'completeness' : 'use') : 'use';
  return { chosen, shown };
}

export function TwinLegend() {
  const t = useT();
  const { chosen, shown } = useEffectiveMetric();
  const threshold = useStore((s) => s.analysis?.categories[s.category]?.threshold_m ?? null);
  const lang = useStore((s) => s.lang);
  const category = useStore((s) => s.category);
  const cohort = useStore((s) => s.analysis?.categories[s.category]?.cohort ?? null);
  const circle = useStore((s) => s.twin.circle);
  let rows: Array<[string, string]>;
  if (shown === 'walk') {
    rows = [
      [DISTANCE_RAMP[0][1], `0 m · ${t('legend.within')}`],
      [DISTANCE_RAMP[2][1], `${threshold ?? ''} m · ${t('legend.threshold')}`],
      [DISTANCE_RAMP[3][1], t('legend.beyond')],
      [DISTANCE_RAMP[5][1], `${threshold ? threshold * 2 : ''} m · ${t('legend.twice')}`],
      [BEYOND_COLOR, t('legend.unreachable')],
    ];
  } else if (shown === 'covered') {
    rows = [[css(COLOURS.covered), t('legend.covered')], [css(COLOURS.uncovered), t('legend.uncovered')], [css(COLOURS.noTarget), t('legend.noTarget')]];
  } else if (shown === 'change') {
    rows = [[css(COLOURS.gained), t('legend.gained')], [css(COLOURS.nearer), t('legend.nearer')], [css(COLOURS.same), t('legend.same')],
      [css(COLOURS.farther), t('legend.farther')], [css(COLOURS.lost), t('legend.lost')], [css(COLOURS.noTarget), t('legend.noTarget')]];
  } else if (shown === 'completeness') {
    const r = COLOURS.completeness;
    rows = [[css(r[0]), t('legend.complete0')], [css(r[2]), '50%'], [css(r[4]), t('legend.complete100')]];
  } else {
    rows = USES.map((u) => [css(COLOURS.use[u]), t(`use.${u}` as MessageKey)]);
  }
  return (
    <div className="twin-legend" data-testid="twin-legend" data-metric={shown}>
      <strong>{shown === 'completeness' ? <Define text={t('fig.completenessDef')}>{t('twin.metric.completeness')}</Define> : t(`twin.metric.${shown}` as MessageKey)}</strong>
      {(shown === 'walk' || shown === 'covered' || shown === 'change') && threshold !== null && (
        <p className="hint" data-testid="twin-legend-standard">
          {fill(t('fig.walkOf'), { category: categoryName(category, lang), threshold })}
          {cohort ? ` · ${fill(t('fig.cohortOf'), { cohort: cohortText(cohort, lang) })}` : ''}
        </p>
      )}
      {shown === 'completeness' && <p className="hint">{fill(t('fig.minutes'), { m: circle })}</p>}
      {chosen !== shown && <p className="hint">{chosen === 'change' ? t('twin.noPlan') : t('twin.fallbackUse')}</p>}
      <ul>
        {rows.map(([c, label]) => <li key={label}><span className="swatch" style={{ background: c }} />{label}</li>)}
      </ul>
      <p className="hint">{t('legend.landmarks')}</p>
    </div>
  );
}
