// Two plans side by side (the baseline counts as one): coverage deltas per category for the
// district and per community for the chosen category as charts, the brief's indicators before and
// after, the table of changes, the map showing either side, and the per-building difference CSV.
import { Define } from './Define.tsx';
import { translate, type MessageKey } from '../i18n/index.ts';
import { engineText } from '../i18n/errors.ts';
import { useEffect, useMemo, useState } from 'react';
import { store, useStore, useT } from '../state/store.ts';
import { analysisOpts, setStudio } from '../state/scenario.ts';
import { engine, errorText } from '../engine/client.ts';
import { categoryName } from './categoryName.ts';
import { fmtIndicator, fmtNumber } from './format.ts';
import { downloadText } from './download.ts';
import { exportName } from './exportName.ts';
import { BASELINE_ID, type Change, type Scenario } from '../../workers/scenario/types.ts';
import type { AnalysisResult } from '../../workers/analysis/coverage.ts';
import type { PlanComparison } from '../../workers/scenario/compare.ts';
import type { CategoryId } from '../../workers/model/dataset.ts';
import type { Lang } from '../i18n/index.ts';
import { SwipeCompare } from '../map/SwipeCompare.tsx';
import './siting.css';

/** The compare dock's width in pixels (siting.css), which the swipe divider keeps clear of. */
const DOCK_WIDTH = 420;

function signedPp(v: number, lang: Lang): string {
  const s = fmtNumber(Math.abs(v * 100), lang, 1);
  return v > 0.00005 ? `+${s}` : v < -0.00005 ? `−${s}` : s;
}

/** A horizontal diverging bar chart of share deltas (percentage points), zero in the middle. */
function DeltaChart({ rows, lang, label }: { rows: Array<{ key: string; name: string; before: number; after: number }>; lang: Lang; label: string }) {
  const max = Math.max(0.01, ...rows.map((r) => Math.abs(r.after - r.before)));
  const w = 420, nameW = 150, valW = 64, barW = w - nameW - valW, rowH = 20;
  const mid = nameW + barW / 2;
  return (
    <svg className="delta-chart" role="img" aria-label={label} viewBox={`0 0 ${w} ${rows.length * rowH + 4}`} width="100%">
      <line x1={mid} x2={mid} y1={0} y2={rows.length * rowH + 4} stroke="#868e96" />
      {rows.map((r, i) => {
        const d = r.after - r.before;
        const len = (Math.abs(d) / max) * (barW / 2);
        const y = i * rowH + 4;
        return (
          <g key={r.key}>
            <text x={nameW - 6} y={y + 11} textAnchor="end" fontSize="11">{r.name}</text>
            <rect x={d >= 0 ? mid : mid - len} y={y + 2} width={Math.max(len, d === 0 ? 0 : 1)} height={rowH - 8} fill={d >= 0 ? '#2b8a3e' : '#c92a2a'} />
            <text x={w - 4} y={y + 11} textAnchor="end" fontSize="11" fill={d > 0 ? '#2b8a3e' : d < 0 ? '#c92a2a' : '#495057'}>
              {signedPp(d, lang)} {translate(lang, 'unit.pp')}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Names for the ids a change refers to: facilities, streets and compounds, as the dataset names them. */
interface Names { facility: Map<string, string>; street: Map<string, string>; compound: Map<string, string> }

function describe(c: Change, lang: Lang, names: Names): string {
  const t = (k: MessageKey) => translate(lang, k);
  const facility = (id: string) => names.facility.get(id) || id;
  switch (c.kind) {
    case 'facility_add': return `${categoryName(c.category, lang)} · ${c.name} (${c.position[0].toFixed(5)}, ${c.position[1].toFixed(5)})`;
    case 'facility_move': return `${facility(c.facility)} → (${c.position[0].toFixed(5)}, ${c.position[1].toFixed(5)})`;
    case 'facility_remove': return facility(c.facility);
    case 'facility_edit': return `${facility(c.facility)}${c.capacity !== undefined ? ` · ${c.capacity ?? '—'}` : ''}${c.name ? ` · ${c.name}` : ''}`;
    case 'path_add': return `${t(`net.type.${c.path_type}` as MessageKey)}${c.name ? ` · ${c.name}` : ''} (${c.coordinates.length} ${t('fig.points')})`;
    case 'way_close': return names.street.get(c.street) || c.street;
    case 'gate_add': return names.compound.get(c.compound) || c.compound;
    case 'gate_state': return `${c.gate} · ${t(c.open ? 'net.open' : 'net.closed')}`;
    case 'gate_hours': return `${c.gate} · ${c.hours ? `${c.hours.open}–${c.hours.close}` : t('net.allDay')}`;
  }
}

function ComparePanel({ onClose }: { onClose: () => void }) {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const scenarios = useStore((s) => s.scenarios);
  const active = useStore((s) => s.activeScenarioId);
  const standards = useStore((s) => s.standards);
  const profileId = useStore((s) => s.profileId);
  const dataset = useStore((s) => s.dataset);
  const category = useStore((s) => s.category);
  const mapLabel = useStore((s) => s.studio.mapLabel);
  const [a, setA] = useState(BASELINE_ID);
  const [b, setB] = useState(active !== BASELINE_ID ? active : scenarios[0]?.id ?? BASELINE_ID);
  const [res, setRes] = useState<{ a: AnalysisResult; b: AnalysisResult; changes: PlanComparison } | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [folded, setFolded] = useState(false);
  const planOf = (id: string): Scenario | null => scenarios.find((s) => s.id === id) ?? null;
  const nameOf = (id: string) => (id === BASELINE_ID ? t('plan.baseline') : planOf(id)?.name ?? id);
  const pa = planOf(a), pb = planOf(b);
  const fileLabel = (id: string) => (id === BASELINE_ID ? t('export.baseline') : planOf(id)?.name ?? id);

  const network = useStore((s) => s.network);
  // A side whose plan is gone (deleted here or in another tab, another dataset loaded) falls back
  // to the baseline, which its selector then shows, rather than being compared as the baseline in silence.
  useEffect(() => {
    if (a !== BASELINE_ID && !pa) setA(BASELINE_ID);
    if (b !== BASELINE_ID && !pb) setB(BASELINE_ID);
  }, [a, b, pa, pb]);

  // Figures of other inputs are never shown: they are cleared when a side, the table, the profile or
  // the network changes, and the map keeps the plan in force until the new pair is in.
  useEffect(() => {
    let live = true;
    setBusy(true);
    setError('');
    setRes(null);
    if (store.getState().studio.mapAnalysis) setStudio({ mapAnalysis: null, swipe: null });
    const opts = analysisOpts();
    engine().compare(pa, pb, standards, opts)
      .then((r) => { if (live) setRes({ a: r.before, b: r.after, changes: r.changes }); })
      .catch((e: unknown) => { if (live) setError(errorText(e)); })
      .finally(() => { if (live) setBusy(false); });
    return () => { live = false; };
  }, [pa, pb, standards, profileId, network]);

  // Leaving compare puts the plan's own analysis back on the map.
  useEffect(() => () => setStudio({ mapAnalysis: null, mapLabel: '', swipe: null }), []);
  useEffect(() => {
    if (res && mapLabel) showMap(mapLabel as 'a' | 'b' | 'swipe');
  }, [res]);

  const showMap = (side: 'a' | 'b' | 'swipe' | '') => {
    if (!res || !side) setStudio({ mapAnalysis: null, mapLabel: '', swipe: null });
    else if (side === 'swipe') setStudio({ mapAnalysis: res.b, mapLabel: side, swipe: res.a });
    else setStudio({ mapAnalysis: res[side], mapLabel: side, swipe: null });
  };

  const names = useMemo((): Names => ({
    facility: new Map(dataset?.facilities.features.map((f) => [String(f.properties.id), f.properties.name]) ?? []),
    street: new Map(dataset?.streets.features.map((f) => [String(f.properties.id), f.properties.name]) ?? []),
    compound: new Map(dataset?.compounds.features.map((f) => [String(f.properties.id), f.properties.name]) ?? []),
  }), [dataset]);
  const categoryRows = res ? standards.categories.map((c) => ({
    key: c.id, name: categoryName(c.id, lang), before: res.a.categories[c.id]?.district.share ?? 0, after: res.b.categories[c.id]?.district.share ?? 0,
  })) : [];
  const communityRows = res ? res.b.communities.map((c) => ({
    key: c.id, name: lang === 'en' ? c.name_en : c.name,
    before: res.a.categories[category]?.byCommunity[c.id]?.share ?? 0, after: res.b.categories[category]?.byCommunity[c.id]?.share ?? 0,
  })) : [];
  const ids = (p: Scenario | null) => new Map((p?.changes ?? []).map((c) => [c.id, c]));
  const ca = ids(pa), cb = ids(pb);
  const changeRows = [
    ...[...cb.values()].filter((c) => JSON.stringify(ca.get(c.id)) !== JSON.stringify(c)).map((c) => ({ c, side: ca.has(c.id) ? 'changed' : 'onlyB' })),
    ...[...ca.values()].filter((c) => !cb.has(c.id)).map((c) => ({ c, side: 'onlyA' })),
  ];
  const indicatorRows = res ? res.b.indicators.filter((r) => r.scope === 'district').map((r) => ({
    r, before: res.a.indicators.find((x) => x.scope === r.scope && x.id === r.id) ?? null,
  })) : [];

  const exportDiff = async () => {
    try {
      const csv = await engine().diffCsv(pa, pb, standards, analysisOpts());
      downloadText(exportName('diff', 'csv', `${fileLabel(b)} ${t('export.vs')} ${fileLabel(a)}`), csv, 'text/csv;charset=utf-8');
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <section className={`compare-dock${folded ? ' folded' : ''}`} aria-labelledby="compare-title" data-testid="compare-panel"
      onKeyDown={(e) => { if (e.key === 'Escape') onClose(); }}>
      <div className="compare-head">
        <h2 id="compare-title">{t('compare.title')}</h2>
        <span className="row">
          <button type="button" onClick={() => setFolded(!folded)} aria-expanded={!folded}>{folded ? t('compare.unfold') : t('compare.fold')}</button>
          <button type="button" onClick={onClose} aria-label={t('close')}>×</button>
        </span>
      </div>
      {!folded && <>
      <div className="row">
        <label>{t('compare.before')}{' '}
          <select value={a} onChange={(e) => setA(e.target.value)} data-testid="compare-a">
            <option value={BASELINE_ID}>{t('plan.baseline')}</option>
            {scenarios.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
        </label>
        <label>{t('compare.after')}{' '}
          <select value={b} onChange={(e) => setB(e.target.value)} data-testid="compare-b">
            <option value={BASELINE_ID}>{t('plan.baseline')}</option>
            {scenarios.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
        </label>
      </div>
      <div className="row seg" role="group" aria-label={t('compare.map')}>
        <span>{t('compare.map')}</span>
        <button type="button" aria-pressed={mapLabel === 'a'} onClick={() => showMap('a')} disabled={!res}>{t('compare.before')}</button>
        <button type="button" aria-pressed={mapLabel === 'b'} onClick={() => showMap('b')} disabled={!res}>{t('compare.after')}</button>
        <button type="button" aria-pressed={mapLabel === 'swipe'} onClick={() => showMap('swipe')} disabled={!res} data-testid="compare-swipe">{t('compare.swipe')}</button>
        <button type="button" aria-pressed={mapLabel === ''} onClick={() => showMap('')}>{t('compare.current')}</button>
      </div>
      {busy && <div className="progress indeterminate" role="progressbar" aria-label={t('engineBusy')}><div /></div>}
      {error && <p className="error" role="alert">{engineText(error, lang)}</p>}
      {res && (
        <>
          <h3>{t('compare.byCategory')} ({nameOf(b)} − {nameOf(a)})</h3>
          <DeltaChart rows={categoryRows} lang={lang} label={t('compare.byCategory')} />
          {standards.categories.some((c) => { const x = res.changes.categories[c.id]; return x && (x.gained > 0 || x.lost > 0 || x.closer > 0 || x.farther > 0); }) && <table className="impact-table" data-testid="compare-gained">
            <thead><tr><th>{t('category')}</th><th className="num">{t('compare.gained')}</th><th className="num">{t('compare.lost')}</th><th className="num">{t('compare.closer')}</th></tr></thead>
            <tbody>
              {standards.categories.map((c) => res.changes.categories[c.id]).filter((c) => c && (c.gained > 0 || c.lost > 0 || c.closer > 0 || c.farther > 0)).map((c) => (
                <tr key={c!.id}>
                  <th scope="row">{categoryName(c!.id, lang)}</th>
                  <td className="num pass">+{fmtNumber(c!.gained, lang)}</td>
                  <td className={`num ${c!.lost > 0 ? 'fail' : ''}`}>{c!.lost > 0 ? `−${fmtNumber(c!.lost, lang)}` : '0'}</td>
                  <td className="num">{c!.closer} / {c!.farther}</td>
                </tr>
              ))}
            </tbody>
          </table>}
          <h3>{t('compare.byCommunity')}{t('plan.colon')}{categoryName(category as CategoryId, lang)}</h3>
          <DeltaChart rows={communityRows} lang={lang} label={t('compare.byCommunity')} />
          <table className="impact-table" data-testid="compare-table">
            <thead>
              <tr><th>{t('impact.community')}</th><th className="num">{nameOf(a)}</th><th className="num">{nameOf(b)}</th><th className="num"><Define text={t('fig.ppDef')}>{t('fig.deltaPp')}</Define></th></tr>
            </thead>
            <tbody>
              <tr className="district-row" data-testid="compare-district">
                <th scope="row">{t('compare.district')}</th>
                <td className="num">{fmtNumber((res.a.categories[category]?.district.share ?? 0) * 100, lang, 1)}%</td>
                <td className="num">{fmtNumber((res.b.categories[category]?.district.share ?? 0) * 100, lang, 1)}%</td>
                <td className="num" data-testid="compare-district-delta">
                  {signedPp((res.b.categories[category]?.district.share ?? 0) - (res.a.categories[category]?.district.share ?? 0), lang)}
                </td>
              </tr>
              {communityRows.map((r) => (
                <tr key={r.key}>
                  <th scope="row">{r.name}</th>
                  <td className="num">{fmtNumber(r.before * 100, lang, 1)}%</td>
                  <td className="num">{fmtNumber(r.after * 100, lang, 1)}%</td>
                  <td className={`num ${r.after > r.before ? 'pass' : r.after < r.before ? 'fail' : ''}`}>{signedPp(r.after - r.before, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>{t('compare.indicators')}</h3>
          <table className="impact-table">
            <thead><tr><th>{t('compare.indicator')}</th><th className="num">{nameOf(a)}</th><th className="num">{nameOf(b)}</th></tr></thead>
            <tbody>
              {indicatorRows.map(({ r, before }) => (
                <tr key={r.id}>
                  <th scope="row">{lang === 'en' ? r.name_en : r.name_zh}</th>
                  <td className={`num ${before?.pass === false ? 'fail' : ''}`}>{before ? fmtIndicator(before.value, before.unit, lang) : '—'}</td>
                  <td className={`num ${r.pass === false ? 'fail' : r.pass ? 'pass' : ''}`}>{fmtIndicator(r.value, r.unit, lang)}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">{t('impact.parkingDeficit')}</th>
                <td className="num">{fmtNumber(res.a.parkingDeficit.district, lang)}</td>
                <td className="num">{fmtNumber(res.b.parkingDeficit.district, lang)}</td>
              </tr>
            </tbody>
          </table>
        </>
      )}
      <h3>{t('compare.changes')}</h3>
      {changeRows.length === 0 ? <p className="hint">{t('compare.noChanges')}</p> : (
        <table className="impact-table" data-testid="compare-changes">
          <tbody>
            {changeRows.map(({ c, side }) => (
              <tr key={`${side}-${c.id}`}>
                <td>{t(side === 'onlyA' ? 'compare.onlyBefore' : side === 'onlyB' ? 'compare.onlyAfter' : 'compare.changed')}</td>
                <td>{t(`change.${c.kind}` as never)}</td>
                <td>{describe(c, lang, names)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="row">
        <button type="button" onClick={() => void exportDiff()} data-testid="compare-diff">{t('compare.diffCsv')}</button>
        <span className="hint">{t('compare.diffHint')}</span>
      </div>
      </>}
    </section>
  );
}

/** The compare dock over the map, with a label naming what the map shows, or the swipe divider. */
export function CompareDock() {
  const open = useStore((s) => s.studio.compareOpen);
  const label = useStore((s) => s.studio.mapLabel);
  const shown = useStore((s) => !!s.studio.mapAnalysis);
  const swipe = useStore((s) => s.studio.swipe);
  const t = useT();
  if (!open) return null;
  return (
    <>
      {swipe && <SwipeCompare before={swipe} beforeName={t('compare.before')} afterName={t('compare.after')} visibleRight={DOCK_WIDTH} />}
      {(label === 'a' || label === 'b') && shown && (
        <div className="compare-map-label" data-testid="compare-map-label">{t('compare.map')}{t('plan.colon')}{t(label === 'a' ? 'compare.before' : 'compare.after')}</div>
      )}
      <ComparePanel onClose={() => setStudio({ compareOpen: false })} />
    </>
  );
}
