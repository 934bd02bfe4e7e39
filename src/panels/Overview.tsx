import { useEffect, useMemo } from 'react';
import { store, useStore, useT } from '../state/store.ts';
import { localName } from '../i18n/index.ts';
import { activeScenario } from '../state/scenario.ts';
import { setTwin } from '../twin/state.ts';
import { fmtIndicator, fmtNumber } from './format.ts';
import { categoryName } from './categoryName.ts';
import { deckContext } from './Briefing.tsx';
import { headlineOf, pp, worstCommunities } from './BriefingSlides.ts';
import { Define, Mark } from './Define.tsx';
import '../twin/twin.css';

const pct = (v: number, lang: 'zh' | 'en', d = 1) => `${fmtNumber(v * 100, lang, d)}%`;

/** 一屏统览: the twin beside the numbers that matter, in type readable from across a room. */
export function Overview() {
  const t = useT();
  const open = useStore((s) => s.twin.overview);
  const lang = useStore((s) => s.lang);
  const analysis = useStore((s) => s.analysis);
  const baseline = useStore((s) => s.baselineAnalysis);
  const plan = useStore((s) => activeScenario(s));
  const standards = useStore((s) => s.standards);
  const category = useStore((s) => s.category);
  const dataset = useStore((s) => s.dataset);
  const ctx = useMemo(() => (open ? deckContext() : null), [open, analysis, baseline, plan, lang, standards, category, dataset]);

  useEffect(() => {
    document.body.classList.toggle('ct-overview', open);
    if (!open) return () => document.body.classList.remove('ct-overview');
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !store.getState().twin.briefing) setTwin({ overview: false });
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.body.classList.remove('ct-overview');
    };
  }, [open]);

  if (!open) return null;
  const district = analysis?.indicators.filter((r) => r.scope === 'district') ?? [];
  const worst = ctx ? worstCommunities(ctx) : [];
  const before = plan ? baseline : null;

  return (
    <aside className="overview" data-testid="overview" aria-label={t('overview.title')}>
      <header className="ov-head">
        <h1>{dataset ? localName(lang, dataset.meta) : ''} · {t('overview.title')}</h1>
        <p>{plan ? `${t('brief.scenario')}: ${plan.name}` : t('overview.baseline')}</p>
        <button type="button" onClick={() => setTwin({ overview: false })} data-testid="leave-overview">{t('overview.close')}</button>
      </header>
      {!analysis || !ctx ? <p className="ov-wait">{t('overview.waiting')}</p> : (
        <>
          <dl className="ov-kpis" data-testid="overview-headline">
            {headlineOf(ctx, category).map((h) => <div key={h.label} className={h.cls ?? ''}><dt>{h.label}</dt><dd>{h.value}</dd></div>)}
          </dl>
          <section>
            <h2>{t('overview.headline')}</h2>
            <ul className="ov-indicators" data-testid="overview-indicators">
              {district.map((r) => (
                <li key={r.id} className={r.pass === null ? '' : r.pass ? 'pass' : 'fail'}>
                  <span className="ov-mark" aria-hidden>{r.pass === null ? '—' : r.pass ? '✔' : '✘'}</span>
                  <span className="ov-name">{localName(lang, r)} <Mark mark={r.mark} source={r.source} /></span>
                  <b>{fmtIndicator(r.value, r.unit, lang)}</b>
                  <span className="ov-target">{t('overview.target')} {fmtIndicator(r.target, r.unit, lang)}</span>
                  <span className="sr-only">{r.pass === null ? '' : r.pass ? t('pass') : t('fail')}</span>
                </li>
              ))}
            </ul>
          </section>
          <section>
            <h2>{t('overview.coverage')} <small>{t('fig.overviewCoverage')}</small></h2>
            <ul className="ov-bars" data-testid="overview-coverage">
              {standards.categories.map((cs) => {
                const r = analysis.categories[cs.id];
                if (!r) return null;
                const share = r.district.share;
                const delta = before?.categories[cs.id] ? share - before.categories[cs.id]!.district.share : 0;
                return (
                  <li key={cs.id} className={cs.id === category ? 'current' : ''}>
                    <button type="button" className="link" onClick={() => store.setState({ category: cs.id })}>{categoryName(cs.id, lang)}</button>
                    <span className="ov-bar" role="img" aria-label={`${pct(share, lang)} / ${pct(cs.target_coverage, lang, 0)}`}>
                      <span className={share >= cs.target_coverage ? 'fill pass' : 'fill fail'} style={{ width: `${Math.min(100, share * 100)}%` }} />
                      <span className="target" style={{ left: `${Math.min(100, cs.target_coverage * 100)}%` }} />
                    </span>
                    <b>{pct(share, lang)}</b>
                    {Math.abs(delta) > 1e-9 && <span className={delta > 0 ? 'up' : 'down'}>{delta > 0 ? '+' : ''}{pp(delta, lang)}</span>}
                  </li>
                );
              })}
            </ul>
          </section>
          <section>
            <h2>{t('overview.worst')} <small><Define text={t('fig.completenessDef')}>{t('overview.worstHint')}</Define></small></h2>
            <ol className="ov-worst" data-testid="overview-worst">
              {worst.map((w) => (
                <li key={w.id}>
                  <span className="ov-name">{w.name}</span>
                  <b>{pct(w.completeness, lang, 0)}</b>
                  <span className={w.failing ? 'fail' : 'pass'}>{w.failing} {t('overview.failing')}</span>
                </li>
              ))}
            </ol>
          </section>
          <section data-testid="overview-deltas">
            <h2>{t('overview.deltas')}</h2>
            {!plan || !before ? <p>{t('overview.baseline')}</p> : (() => {
              const rows = district.map((r) => {
                const b = before.indicators.find((x) => x.scope === 'district' && x.id === r.id);
                return { r, b, d: r.value !== null && b?.value != null ? r.value - b.value : 0 };
              }).filter((x) => Math.abs(x.d) > 1e-9);
              return rows.length === 0 ? <p>{t('overview.noChange')}</p> : (
                <ul className="ov-deltas">
                  {rows.map(({ r, b, d }) => (
                    <li key={r.id}>
                      <span className="ov-name">{localName(lang, r)}</span>
                      <span>{fmtIndicator(b?.value ?? null, r.unit, lang)} → <b>{fmtIndicator(r.value, r.unit, lang)}</b></span>
                      <span className={d > 0 ? 'up' : 'down'}>{r.pass ? t('pass') : t('fail')}</span>
                    </li>
                  ))}
                </ul>
              );
            })()}
          </section>
        </>
      )}
    </aside>
  );
}
