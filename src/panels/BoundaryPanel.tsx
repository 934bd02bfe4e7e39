// Analysis scopes: which communities the figures are read by (the dataset's own, zones derived from
// the streets or a grid, or boundaries the user drew), and the tool to draw, name, rename and
// delete community boundaries. Drawn boundaries are the user's layer (src/state/boundaries.ts):
// every edit is one undoable step, saved at once, and re-runs the analysis with the new scopes.
import { useEffect, useState } from 'react';
import { store, useStore, useT } from '../state/store.ts';
import { addBoundary, drawnCounts, redoBoundary, removeBoundary, renameBoundary, setBoundaries, startDrawing, stopDrawing, undoBoundary } from '../state/boundaries.ts';
import { mapHandle } from '../map/mapHandle.ts';
import { DRAFT_SOURCE, syncBoundaryLayers } from '../map/boundaryLayers.ts';
import { boundaryProblem, closeRing, nameProblem } from '../../workers/model/drawn-zones.ts';
import { STREET_ZONE_DEFAULTS } from '../../workers/model/street-zones.ts';
import { makeProjection } from '../../workers/model/geo.ts';
import type { Dataset, Position } from '../../workers/model/dataset.ts';
import { translate, type MessageKey } from '../i18n/index.ts';
import { boundaryProblemText } from '../i18n/zones.ts';
import { fmtNumber } from './format.ts';
import { exportDrawnBoundaries } from './boundaryExport.ts';
import './zones.css';

const tr = (key: MessageKey, vars: Record<string, string | number> = {}) =>
  Object.entries(vars).reduce((s, [k, v]) => s.replace(`{${k}}`, String(v)), translate(store.getState().lang, key));

/** Corners closer than this on screen are one (the two clicks of a double-click). */
const SAME_CORNER_PX = 4;

/** Ends the outline: repeated corners dropped, checked, then waiting for its names. */
function finishDrawing() {
  const s = store.getState();
  const { draft } = s.boundaries;
  const map = mapHandle.map;
  if (!s.dataset || !s.boundaries.drawing) return;
  const corners: Position[] = [];
  for (const p of draft) {
    const q = corners[corners.length - 1];
    if (q && map) {
      const a = map.project(q as [number, number]), b = map.project(p as [number, number]);
      if (Math.hypot(a.x - b.x, a.y - b.y) < SAME_CORNER_PX) continue;
    }
    corners.push(p);
  }
  const c = s.dataset.meta.center;
  const bad = boundaryProblem(corners, makeProjection(c[0], c[1]));
  if (bad) {
    setBoundaries({ draft: corners, notice: { kind: 'error', key: 'zones.badOutline', detail: boundaryProblemText(bad, s.lang) } });
    return;
  }
  setBoundaries({ drawing: false, draft: [], pending: closeRing(corners), notice: null });
}

function nextName(lang: 'zh' | 'en'): string {
  const taken = new Set(store.getState().boundaries.entries.flatMap((e) => [e.boundary.name, e.boundary.name_en]));
  for (let n = store.getState().boundaries.entries.length + 1; ; n++) {
    const name = translate(lang, 'zones.defaultName').replace('{n}', String(n));
    if (!taken.has(name)) return name;
  }
}

function sourceLine(ds: Dataset, drawn: number): string {
  if (drawn > 0) return tr('zones.source.drawn', { n: drawn });
  const meta = ds.meta as unknown as Record<string, unknown>;
  const n = ds.communities.features.length;
  if (meta.zones_method === 'streets') return tr('zones.source.streets', { n, min: STREET_ZONE_DEFAULTS.minPopulation });
  if (meta.zones_method === 'grid' || meta.zones_derived === true) return tr('zones.source.grid', { n });
  return tr('zones.source.dataset', { n });
}

export function BoundaryPanel() {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const dataset = useStore((s) => s.dataset);
  const st = useStore((s) => s.boundaries);
  const counts = useStore(drawnCounts);
  const [nameZh, setNameZh] = useState('');
  const [nameEn, setNameEn] = useState('');
  const [editing, setEditing] = useState<{ id: string; zh: string; en: string } | null>(null);
  const [formError, setFormError] = useState('');

  // Map clicks add corners while drawing; other tools keep theirs.
  useEffect(() => {
    const prev = mapHandle.onMapClick;
    const handler = (lon: number, lat: number): boolean => {
      const b = store.getState().boundaries;
      if (!b.drawing) return prev?.(lon, lat) ?? false;
      setBoundaries({ draft: [...b.draft, [lon, lat]], notice: null });
      return true;
    };
    mapHandle.onMapClick = handler;
    return () => { if (mapHandle.onMapClick === handler) mapHandle.onMapClick = prev; };
  }, []);

  // Enter or a double-click finishes, Backspace takes back a corner, Escape cancels (the outline
  // being drawn, or a finished one waiting for its names).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const b = store.getState().boundaries;
      if (b.pending && e.key === 'Escape') { setBoundaries({ pending: null }); return; }
      if (!b.drawing) return;
      const inField = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement;
      if (e.key === 'Escape') { stopDrawing(); return; }
      if (inField) return;
      if (e.key === 'Enter') { e.preventDefault(); finishDrawing(); }
      if (e.key === 'Backspace') {
        e.preventDefault();
        setBoundaries({ draft: store.getState().boundaries.draft.slice(0, -1) });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // The scopes and the outline being drawn on the map, through style reloads; a double-click
  // finishes instead of zooming while drawing.
  useEffect(() => {
    if (!dataset) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let map: typeof mapHandle.map = null;
    let last: unknown[] = [];
    const sync = () => {
      if (cancelled || !map) return;
      const b = store.getState().boundaries;
      const key = [b.entries, b.draft, b.pending, b.drawing, b.dataset];
      if (key.every((v, k) => v === last[k]) && map.getSource(DRAFT_SOURCE)) return;
      if (!map.isStyleLoaded()) { map.once('idle', sync); return; }
      last = key;
      if (b.drawing) map.doubleClickZoom.disable(); else map.doubleClickZoom.enable();
      const draft = b.pending ? b.pending.slice(0, -1) : b.draft;
      // Boundaries of another dataset (still loading) are not this map's.
      syncBoundaryLayers(map, dataset, b.dataset === dataset.meta.id ? b.entries.map((e) => e.boundary) : [], draft, !!b.pending);
    };
    const onDbl = (e: { preventDefault: () => void }) => {
      if (!store.getState().boundaries.drawing) return;
      e.preventDefault();
      finishDrawing();
    };
    const attach = () => {
      if (cancelled) return;
      map = mapHandle.map;
      if (!map) { timer = setTimeout(attach, 200); return; }
      map.on('styledata', sync);
      map.on('load', sync);
      map.on('dblclick', onDbl);
      sync();
    };
    attach();
    const unsub = store.subscribe(sync);
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
      map?.off('styledata', sync); map?.off('load', sync); map?.off('dblclick', onDbl);
      unsub();
    };
  }, [dataset]);

  // A finished outline gets names ready to edit.
  useEffect(() => {
    if (st.pending) { setNameZh(nextName('zh')); setNameEn(nextName('en')); setFormError(''); }
  }, [st.pending]);

  if (!dataset) return null;
  const entries = st.dataset === dataset.meta.id ? st.entries : [];
  const un = counts?.unassigned;

  const save = () => {
    const bad = nameProblem(nameZh, nameEn);
    if (bad) { setFormError(boundaryProblemText(bad, lang)); return; }
    addBoundary(st.pending!, nameZh, nameEn);
  };
  const saveRename = () => {
    if (!editing) return;
    const bad = nameProblem(editing.zh, editing.en);
    if (bad) { setFormError(boundaryProblemText(bad, lang)); return; }
    renameBoundary(editing.id, editing.zh, editing.en);
    setEditing(null);
    setFormError('');
  };
  // No confirmation: a deletion is one step of the undo history, and the notice says so.
  const remove = (id: string, name: string) => {
    removeBoundary(id);
    setBoundaries({ notice: { kind: 'info', key: 'zones.deleted', detail: name } });
  };

  return (
    <section className="panel" aria-labelledby="zones-title" data-testid="boundary-panel">
      <h2 id="zones-title">{t('zones.title')}</h2>
      <p data-testid="zones-source">{sourceLine(dataset, entries.length)}</p>
      {un && (un.buildings > 0
        ? <p className="warn-text" role="status" data-testid="zones-unassigned">{tr('zones.unassigned', { b: fmtNumber(un.buildings, lang), p: fmtNumber(un.population, lang) })}</p>
        : <p className="hint" data-testid="zones-unassigned">{t('zones.allInside')}</p>)}
      {un && un.facilities > 0 && <p className="hint">{tr('zones.unassignedFacilities', { f: fmtNumber(un.facilities, lang) })}</p>}
      <div className="row wrap">
        <button type="button" aria-pressed={st.drawing} disabled={st.storage === 'loading' || !!st.pending} data-testid="zones-draw"
          onClick={() => (st.drawing ? stopDrawing() : startDrawing())}>
          {st.drawing ? t('zones.stopDrawing') : t('zones.draw')}
        </button>
        {st.drawing && (
          <button type="button" disabled={st.draft.length < 3} onClick={finishDrawing} data-testid="zones-finish">
            {tr('zones.corners', { n: st.draft.length })}
          </button>
        )}
      </div>
      {st.drawing && <p className="hint" data-testid="zones-hint">{t('zones.drawHint')}</p>}
      {(st.undoKey || st.redoKey) && (
        <div className="row">
          <button type="button" disabled={!st.undoKey} onClick={() => undoBoundary()} title="Ctrl+Z" data-testid="zones-undo">
            {t('zones.undo')}{st.undoKey ? `${t('plan.colon')}${t(st.undoKey)}` : ''}
          </button>
          <button type="button" disabled={!st.redoKey} onClick={() => redoBoundary()} title="Ctrl+Shift+Z" data-testid="zones-redo">
            {t('zones.redo')}{st.redoKey ? `${t('plan.colon')}${t(st.redoKey)}` : ''}
          </button>
        </div>
      )}
      {st.storage === 'loading' && <p className="hint">{t('zones.loading')}</p>}
      {st.notice && (
        <p role={st.notice.kind === 'error' ? 'alert' : 'status'} className={st.notice.kind === 'error' ? 'error-text' : 'hint'} data-testid="zones-notice">
          {t(st.notice.key)}{st.notice.detail ? `${t('plan.colon')}${st.notice.detail}` : ''}
        </p>
      )}
      {st.pending && (
        <form className="zone-name" data-testid="zones-name-form" onSubmit={(e) => { e.preventDefault(); save(); }}>
          <label className="row">{t('zones.nameZh')}
            <input type="text" value={nameZh} maxLength={60} onChange={(e) => setNameZh(e.target.value)} data-testid="zones-name-zh" autoFocus />
          </label>
          <label className="row">{t('zones.nameEn')}
            <input type="text" value={nameEn} maxLength={60} onChange={(e) => setNameEn(e.target.value)} data-testid="zones-name-en" />
          </label>
          {formError && <p className="error-text" role="alert">{formError}</p>}
          <div className="row">
            <button type="submit" data-testid="zones-save">{t('zones.save')}</button>
            <button type="button" onClick={() => setBoundaries({ pending: null })}>{t('zones.discard')}</button>
          </div>
        </form>
      )}
      {entries.length > 0 && (
        <>
          <h3>{t('zones.list')}</h3>
          <ul className="zone-list" data-testid="zones-list">
            {entries.map(({ boundary: b }) => {
              const c = counts?.counts[b.id];
              return (
                <li key={b.id} data-testid="zones-item">
                  {editing?.id === b.id ? (
                    <form onSubmit={(e) => { e.preventDefault(); saveRename(); }}>
                      <label className="row">{t('zones.nameZh')}
                        <input type="text" value={editing.zh} maxLength={60} onChange={(e) => setEditing({ ...editing, zh: e.target.value })} data-testid="zones-rename-zh" autoFocus />
                      </label>
                      <label className="row">{t('zones.nameEn')}
                        <input type="text" value={editing.en} maxLength={60} onChange={(e) => setEditing({ ...editing, en: e.target.value })} data-testid="zones-rename-en" />
                      </label>
                      {formError && <p className="error-text" role="alert">{formError}</p>}
                      <div className="row">
                        <button type="submit" data-testid="zones-rename-save">{t('zones.saveName')}</button>
                        <button type="button" onClick={() => { setEditing(null); setFormError(''); }}>{t('zones.cancel')}</button>
                      </div>
                    </form>
                  ) : (
                    <div className="row wrap">
                      <strong>{lang === 'en' ? b.name_en : b.name}</strong>
                      {c && <span className="hint">{tr('zones.count', { b: fmtNumber(c.buildings, lang), p: fmtNumber(c.population, lang) })}</span>}
                      <button type="button" onClick={() => { setEditing({ id: b.id, zh: b.name, en: b.name_en }); setFormError(''); }}
                        aria-label={`${t('zones.rename')} ${lang === 'en' ? b.name_en : b.name}`}>{t('zones.rename')}</button>
                      <button type="button" onClick={() => remove(b.id, lang === 'en' ? b.name_en : b.name)}
                        aria-label={`${t('zones.delete')} ${lang === 'en' ? b.name_en : b.name}`} data-testid="zones-delete">{t('zones.delete')}</button>
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
          <p className="hint">{t('zones.overlapRule')}</p>
          <button type="button" onClick={exportDrawnBoundaries} data-testid="zones-export">{t('zones.export')}</button>
        </>
      )}
      <p className="hint">{t('zones.keptApart')}{dataset.meta.id === 'jidong' ? ` ${t('zones.builtinNote')}` : ''}</p>
    </section>
  );
}
