// Suggested sites: for a category, the engine picks k sites (or as few as cover everyone) from the
// dataset's candidate sites and, if drawn, points of an area on the network, with the plan's own
// facilities fixed. Progress shows while it runs and Cancel stops it. The picks wait on the map to be
// accepted into the plan (as candidates marked "suggested", then tweaked like any other) or
// discarded; each shows its own gain, and the run shows its proven gap to the optimum.
import { engineText } from '../i18n/errors.ts';
import { useEffect, useState } from 'react';
import { proxy } from 'comlink';
import { store, useStore, useT } from '../state/store.ts';
import { activeScenario, analysisOpts, setStudio, t as tr, updateScenario, newId } from '../state/scenario.ts';
import { engine, errorText } from '../engine/client.ts';
import { mapHandle } from '../map/mapHandle.ts';
import { categoryName } from './categoryName.ts';
import { fill, fmtNumber } from './format.ts';
import { cohortText, upperFirst } from './figures.ts';
import { Define } from './Define.tsx';
import { unitLabel } from './SitingPanel.tsx';
import { SUGGEST_DEFAULT, type SuggestState } from '../state/scenarioTypes.ts';
import type { CategoryId } from '../../workers/model/dataset.ts';
import type { SuggestedSite, SuggestMethod, SuggestProgress } from '../../workers/siting/types.ts';
import type { MessageKey } from '../i18n/index.ts';
import './siting.css';

const METHODS: SuggestMethod[] = ['mclp', 'lscp', 'pmedian', 'capacitated'];

/** The inputs the result in the store was computed with (module-wide: the result outlives a remount). */
let ranWith: string | null = null;

function setSuggest(patch: Partial<SuggestState>) {
  store.setState((s) => ({ studio: { ...s.studio, suggest: { ...s.studio.suggest, ...patch } } }));
}

function accept(picks: SuggestedSite[]) {
  const s = store.getState();
  const r = s.studio.suggest.result;
  if (!r || picks.length === 0) return;
  const cap = s.studio.capacities[r.category] ?? null;
  const name = categoryName(r.category, s.lang);
  updateScenario(tr('plan.edit.acceptSuggested'), (p) => {
    for (const k of picks) {
      p.changes.push({
        kind: 'facility_add', id: newId('cand'), category: r.category, name: `${name}·${tr('siting.suggestedTag')}${k.rank}`,
        capacity: cap, position: [k.position[0], k.position[1]], origin: 'suggested', site_id: k.site_id,
      });
    }
  });
  const ranks = new Set(picks.map((k) => k.rank));
  setSuggest({ pending: store.getState().studio.suggest.pending.filter((k) => !ranks.has(k.rank)) });
}

/** While drawing the area (map clicks add corners, src/map/planLayers.ts): Enter finishes, Backspace drops a corner, Escape stops. */
function useAreaDrawing() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const s = store.getState().studio.suggest;
      if (!s.drawing) return;
      if (e.key === 'Enter') { e.preventDefault(); setSuggest({ drawing: false }); }
      if (e.key === 'Escape') setSuggest({ drawing: false, area: s.area.length >= 3 ? s.area : [] });
      if (e.key === 'Backspace' && !(e.target instanceof HTMLInputElement)) { e.preventDefault(); setSuggest({ area: s.area.slice(0, -1) }); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function SuggestPanel() {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const standards = useStore((s) => s.standards);
  const current = useStore((s) => s.category);
  const sg = useStore((s) => s.studio.suggest);
  const capacities = useStore((s) => s.studio.capacities);
  const [category, setCategory] = useState<CategoryId>(current);
  const [method, setMethod] = useState<SuggestMethod>('mclp');
  const [k, setK] = useState('3');
  const [maxSites, setMaxSites] = useState('20');
  const [useSites, setUseSites] = useState(true);
  const [useArea, setUseArea] = useState(false);
  const [spacing, setSpacing] = useState('50');
  const [capacity, setCapacity] = useState('');
  const [timeLimit, setTimeLimit] = useState('10');
  useAreaDrawing();
  useEffect(() => setCategory(current), [current]);
  // A result stands for the inputs it was computed with: the category's threshold and cohort, the
  // walking profile and the dataset. When one of them changes it is cleared (a new plan in force
  // clears it too, scenario.ts), with a note, so picks for an old standard are never accepted.
  const profileId = useStore((s) => s.profileId);
  const datasetId = useStore((s) => s.dataset?.meta.id ?? '');
  const inputsFor = (cat: string) => {
    const c = standards.categories.find((x) => x.id === cat);
    return JSON.stringify([cat, c?.threshold_m, c?.cohort, standards.profiles.find((p) => p.id === profileId), datasetId]);
  };
  const resultCs = sg.result ? standards.categories.find((c) => c.id === sg.result!.category) : undefined;
  const now = sg.result ? inputsFor(sg.result.category) : '';
  const [stale, setStale] = useState(false);
  useEffect(() => {
    if (!sg.result || sg.running || ranWith === null || ranWith === now) return;
    setStale(true);
    setSuggest({ result: null, pending: [] });
  }, [now, sg.result, sg.running]);
  const unit = standards.categories.find((c) => c.id === category)?.capacity_unit;

  const kN = Number(k), maxN = Number(maxSites), spacingN = Number(spacing), timeN = Number(timeLimit), capN = capacity.trim() === '' ? null : Number(capacity);
  const problems: MessageKey[] = [];
  if (method !== 'lscp' && !(Number.isInteger(kN) && kN >= 1 && kN <= 50)) problems.push('suggest.badK');
  if (method === 'lscp' && !(Number.isInteger(maxN) && maxN >= 1 && maxN <= 200)) problems.push('suggest.badMax');
  if (!useSites && !(useArea && sg.area.length >= 3)) problems.push('suggest.noCandidates');
  if (useArea && !(spacingN >= 10 && spacingN <= 1000)) problems.push('suggest.badSpacing');
  if (capN !== null && !(Number.isFinite(capN) && capN > 0)) problems.push('suggest.badCapacity');
  if (!(timeN > 0 && timeN <= 600)) problems.push('suggest.badTime');

  const run = async () => {
    setStale(false);
    ranWith = inputsFor(category);
    const s = store.getState();
    setSuggest({ running: true, progress: null, result: null, pending: [], error: '' });
    try {
      const result = await engine().suggest({
        category, method, k: method === 'lscp' ? maxN : kN, maxSites: method === 'lscp' ? maxN : undefined, useSites,
        area: useArea && s.studio.suggest.area.length >= 3 ? s.studio.suggest.area : null, spacing_m: spacingN,
        capacity: method === 'capacitated' ? (capN ?? capacities[category] ?? null) : null, timeLimitS: timeN,
      }, s.standards, analysisOpts(), proxy((p: SuggestProgress) => setSuggest({ progress: p })));
      setSuggest({ running: false, result, pending: result.cancelled ? [] : result.picks, progress: null });
    } catch (e) {
      setSuggest({ running: false, error: errorText(e), progress: null });
    }
  };

  const r = sg.result;
  const pct = sg.progress && sg.progress.total > 0 ? Math.min(100, (sg.progress.done / sg.progress.total) * 100) : 0;
  const gainUnit = r?.method === 'pmedian' ? t('suggest.gainWalk') : upperFirst(fill(t('fig.gainedOf'), { cohort: cohortText(resultCs?.cohort ?? 'everyone', lang) }));
  return (
    <section className="panel suggest-panel" aria-labelledby="suggest-title" data-testid="suggest-panel">
      <h2 id="suggest-title">{t('suggest.title')}</h2>
      <label className="row">{t('category')}
        <select value={category} onChange={(e) => setCategory(e.target.value as CategoryId)} data-testid="suggest-category">
          {standards.categories.map((c) => <option key={c.id} value={c.id}>{categoryName(c.id, lang)}</option>)}
        </select>
      </label>
      <label className="row">{t('suggest.method')}
        <select value={method} onChange={(e) => setMethod(e.target.value as SuggestMethod)} data-testid="suggest-method">
          {METHODS.map((m) => <option key={m} value={m}>{t(`suggest.method.${m}` as MessageKey)}</option>)}
        </select>
      </label>
      {method === 'lscp' ? (
        <label className="row">{t('suggest.maxSites')}<input type="number" min={1} max={200} value={maxSites} onChange={(e) => setMaxSites(e.target.value)} style={{ width: 60 }} /></label>
      ) : (
        <label className="row">{t('suggest.k')}<input type="number" min={1} max={50} value={k} onChange={(e) => setK(e.target.value)} style={{ width: 60 }} data-testid="suggest-k" /></label>
      )}
      {method === 'capacitated' && (
        <label className="row">{t('suggest.capacity')}
          <input inputMode="decimal" value={capacity} placeholder={capacities[category] != null ? String(capacities[category]) : ''} onChange={(e) => setCapacity(e.target.value)} style={{ width: 80 }} />
          <span className="hint">{unitLabel(unit)}</span>
        </label>
      )}
      <label className="row"><input type="checkbox" checked={useSites} onChange={(e) => setUseSites(e.target.checked)} />{t('suggest.useSites')}</label>
      <label className="row"><input type="checkbox" checked={useArea} onChange={(e) => setUseArea(e.target.checked)} />{t('suggest.useArea')}</label>
      {useArea && (
        <div className="subrow">
          <div className="row">
            <button type="button" aria-pressed={sg.drawing} onClick={() => setSuggest({ drawing: !sg.drawing, area: sg.drawing ? sg.area : [] })}>
              {sg.drawing ? t('suggest.finishArea') : t('suggest.drawArea')}
            </button>
            {sg.area.length > 0 && <button type="button" onClick={() => setSuggest({ area: [], drawing: false })}>{t('suggest.clearArea')}</button>}
          </div>
          <p className="hint">{sg.drawing ? t('suggest.drawHint') : sg.area.length >= 3 ? `${sg.area.length} ${t('suggest.corners')}` : t('suggest.noArea')}</p>
          <label className="row">{t('suggest.spacing')}<input type="number" min={10} max={1000} value={spacing} onChange={(e) => setSpacing(e.target.value)} style={{ width: 60 }} /> m</label>
        </div>
      )}
      <label className="row">{t('suggest.timeLimit')}<input type="number" min={1} max={600} value={timeLimit} onChange={(e) => setTimeLimit(e.target.value)} style={{ width: 60 }} /> s</label>
      {problems.map((p) => <p key={p} className="warn">{t(p)}</p>)}
      <div className="row">
        <button type="button" disabled={sg.running || problems.length > 0} onClick={() => void run()} data-testid="suggest-run">
          {t('suggest.run')}
        </button>
        {sg.running && <button type="button" onClick={() => void engine().cancelSuggest()} data-testid="suggest-cancel">{t('suggest.cancel')}</button>}
      </div>
      {sg.running && (
        <>
          <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(pct)} aria-label={t('suggest.running')}>
            <div style={{ width: `${pct}%` }} />
          </div>
          <p className="hint">{sg.progress ? `${t(`suggest.phase.${sg.progress.phase}` as MessageKey)} ${sg.progress.done}/${sg.progress.total}` : t('suggest.running')}</p>
        </>
      )}
      {sg.error && <p className="error" role="alert">{engineText(sg.error, lang)}</p>}
      {stale && !sg.result && !sg.running && <p className="hint" role="status" data-testid="suggest-stale">{t('suggest.stale')}</p>}
      {r?.cancelled && <p className="hint">{t('suggest.cancelled')}</p>}
      {r && !r.cancelled && (
        <div data-testid="suggest-result">
          <p>
            {upperFirst(fill(t('fig.covered'), { cohort: cohortText(resultCs?.cohort ?? 'everyone', lang) }))}{t('plan.colon')}{fmtNumber(r.coveredBefore, lang)} → <strong>{fmtNumber(r.coveredAfter, lang)}</strong> / {fmtNumber(r.target, lang)}
            {' '}({fmtNumber((r.coveredBefore / Math.max(r.target, 1e-9)) * 100, lang, 1)}% → {fmtNumber((r.coveredAfter / Math.max(r.target, 1e-9)) * 100, lang, 1)}%)
          </p>
          <p data-testid="suggest-gap">
            <Define text={t('fig.gapDef')}>{t('suggest.gap')}</Define> <strong>{fmtNumber(r.optimality_gap * 100, lang, 2)}%</strong> · {t(`suggest.proof.${r.proof}` as MessageKey)}
            {' '}· {r.candidates} {t('suggest.candidates')} · {fmtNumber(r.ms / 1000, lang, 2)} s
          </p>
          {r.uncoverable > 0 && <p className="warn">{t('suggest.uncoverable')} {fmtNumber(r.uncoverable, lang)}</p>}
          {sg.pending.length > 0 ? (
            <>
              <table className="impact-table">
                <thead><tr><th>#</th><th>{t('suggest.site')}</th><th className="num">{gainUnit}</th><th /></tr></thead>
                <tbody>
                  {sg.pending.map((p) => (
                    <tr key={p.rank}>
                      <td>{p.rank}</td>
                      <td><button type="button" className="link" onClick={() => mapHandle.map?.easeTo({ center: p.position, zoom: Math.max(mapHandle.map.getZoom(), 15) })}>
                        {p.site_id ?? `${p.position[0].toFixed(5)}, ${p.position[1].toFixed(5)}`}</button></td>
                      <td className="num">{fmtNumber(p.gain, lang)}</td>
                      <td className="row">
                        <button type="button" onClick={() => accept([p])} data-testid="suggest-accept">{t('suggest.accept')}</button>
                        <button type="button" onClick={() => setSuggest({ pending: sg.pending.filter((x) => x.rank !== p.rank) })}>{t('suggest.discard')}</button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <div className="row">
                <button type="button" onClick={() => accept(sg.pending)} data-testid="suggest-accept-all">{t('suggest.acceptAll')}</button>
                <button type="button" onClick={() => setSuggest({ pending: [] })}>{t('suggest.discardAll')}</button>
              </div>
              {!activeScenario() && <p className="hint">{t('suggest.newPlanHint')}</p>}
            </>
          ) : <p className="hint">{t('suggest.allDecided')}</p>}
        </div>
      )}
      {!sg.running && r && <button type="button" className="link" onClick={() => setStudio({ suggest: { ...SUGGEST_DEFAULT, area: sg.area } })}>{t('suggest.clear')}</button>}
    </section>
  );
}
