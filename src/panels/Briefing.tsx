import { useEffect, useMemo, useRef, useState } from 'react';
import { store, useStore, useT, type AppState, type LayerKey } from '../state/store.ts';
import { activeScenario } from '../state/scenario.ts';
import { scopedDataset } from '../state/boundaries.ts';
import { setTwin, baselineOf } from '../twin/state.ts';
import { twinMap, twinProbe } from '../twin/attach.ts';
import { flyTo } from '../twin/camera.ts';
import type { Slide } from '../../workers/scenario/types.ts';
import { slideContent, slideFromView, slideTitle, type DeckContext, type SlideContent } from './BriefingSlides.ts';
import { currentDeck, deckVersion, saveDeck } from './deck.ts';
import { buildReport, downloadReport, exportViewPng, type ReportProgress } from './BriefingReport.ts';
import { exportName } from './exportName.ts';
import { engineText } from '../i18n/errors.ts';
import '../twin/twin.css';

export function deckContext(s: AppState = store.getState()): DeckContext | null {
  if (!s.dataset || !s.analysis) return null;
  const plan = activeScenario(s);
  return { lang: s.lang, dataset: scopedDataset(s)!, analysis: s.analysis, baseline: plan ? baselineOf(s) : null, plan, standards: s.standards, category: s.category };
}

/** Puts a slide's scenario view on the map: its category, layers, 2D/3D and camera. */
export function showSlide(slide: Slide, animate: boolean) {
  const s = store.getState();
  const patch: Partial<AppState> = {};
  if (slide.category && slide.category !== s.category) patch.category = slide.category;
  if (slide.layers) {
    const layers = { ...s.layers };
    for (const [k, v] of Object.entries(slide.layers)) if (k in layers) layers[k as LayerKey] = v;
    patch.layers = layers;
  }
  const view = slide.camera.pitch > 0 ? '3d' : '2d';
  const twin = store.getState().twin;
  // The plan slide colours the twin by what the plan changes; the others by the walk.
  const metric = slide.kind === 'plan' ? 'change' : twin.metric === 'change' ? 'walk' : twin.metric;
  store.setState({ ...patch, twin: { ...twin, view, metric } });
  const map = twinMap();
  if (map) flyTo(map, slide.camera, !animate || (twinProbe()?.software ?? true));
}

function Content({ c }: { c: SlideContent }) {
  return (
    <>
      <h1 data-testid="slide-title">{c.title}</h1>
      <p className="brief-sub">{c.subtitle}</p>
      {c.headline.length > 0 && (
        <dl className="brief-kpis" data-testid="slide-headline">
          {c.headline.map((h) => (
            <div key={h.label} className={h.cls ?? ''}><dt>{h.label}</dt><dd>{h.value}</dd></div>
          ))}
        </dl>
      )}
      {c.note && <p className="brief-note">{c.note}</p>}
      {c.tables.filter((t) => t.rows.length).map((t) => (
        <table key={t.caption} className="brief-table">
          <caption>{t.caption}</caption>
          <thead><tr>{t.head.map((h, i) => <th key={i}>{h}</th>)}</tr></thead>
          <tbody>
            {t.rows.map((r, i) => <tr key={i}>{r.map((cell, j) => <td key={j} className={cell.cls ?? ''}>{cell.text}</td>)}</tr>)}
          </tbody>
        </table>
      ))}
    </>
  );
}

/** 汇报模式: full screen, large type, driven by a presentation clicker (arrows, PageUp/PageDown, space, Escape). */
export function Briefing() {
  const t = useT();
  const open = useStore((s) => s.twin.briefing);
  const index = useStore((s) => s.twin.slide);
  const plan = useStore((s) => activeScenario(s));
  const dataset = useStore((s) => s.dataset);
  const analysis = useStore((s) => s.analysis);
  const baseline = useStore((s) => s.baselineAnalysis);
  const lang = useStore((s) => s.lang);
  const category = useStore((s) => s.category);
  const standards = useStore((s) => s.standards);
  const [editing, setEditing] = useState(false);
  const [progress, setProgress] = useState<ReportProgress | null>(null);
  const [message, setMessage] = useState('');
  const cancel = useRef(false);
  const version = deckVersion.n;
  // The deck is read once per plan and edit, not per render: the default deck computes cameras.
  // The default deck frames each community with the live map, which exists once the analysis is in.
  // Default cameras are framed for the full-screen map, so the deck is read once the layout is in place.
  const [laidOut, setLaidOut] = useState(false);
  const ready = !!analysis && laidOut;
  const slides = useMemo(() => (open && ready ? currentDeck(store.getState(), twinMap()) : []), [open, ready, plan, dataset, version]);
  const ctx = useMemo(() => deckContext(), [dataset, analysis, baseline, plan, lang, category, standards]);
  const n = slides.length;
  const at = Math.min(Math.max(0, index), Math.max(0, n - 1));

  useEffect(() => {
    document.body.classList.toggle('ct-briefing', open);
    twinMap()?.resize();
    setLaidOut(open);
    return () => document.body.classList.remove('ct-briefing');
  }, [open, dataset, !!analysis]);

  useEffect(() => {
    if (open && slides[at] && !progress) showSlide(slides[at], true);
    // Only a change of slide moves the camera; analysis updates must not pull it back.
  }, [open, at, slides]);

  useEffect(() => {
    if (!open) return;
    // In full screen the browser keeps Escape for itself and only leaves full screen: leave the briefing with it.
    let wasFull = !!document.fullscreenElement;
    const onFull = () => {
      if (wasFull && !document.fullscreenElement) setTwin({ briefing: false });
      wasFull = !!document.fullscreenElement;
    };
    document.addEventListener('fullscreenchange', onFull);
    return () => document.removeEventListener('fullscreenchange', onFull);
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT')) {
        if (e.key === 'Escape') el.blur();
        return;
      }
      const cur = store.getState().twin.slide;
      if (['ArrowRight', 'ArrowDown', 'PageDown', ' ', 'Enter'].includes(e.key)) setTwin({ slide: Math.min(n - 1, cur + 1) });
      else if (['ArrowLeft', 'ArrowUp', 'PageUp', 'Backspace'].includes(e.key)) setTwin({ slide: Math.max(0, cur - 1) });
      else if (e.key === 'Home') setTwin({ slide: 0 });
      else if (e.key === 'End') setTwin({ slide: n - 1 });
      else if (e.key === 'Escape') leave();
      else return;
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [open, n]);

  if (!open) return null;
  const slide = slides[at];

  function leave() {
    cancel.current = true;
    setTwin({ briefing: false });
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  }

  const edit = (next: Slide[], label: string, merge?: string) => saveDeck(next, label, merge);
  const move = (i: number, d: number) => {
    const next = [...slides];
    const [x] = next.splice(i, 1);
    next.splice(i + d, 0, x);
    edit(next, t('brief.slides'));
    if (i === at) setTwin({ slide: i + d });
  };
  const addView = () => {
    const map = twinMap();
    const s = store.getState();
    if (!map) return;
    const next = [...slides];
    next.splice(at + 1, 0, slideFromView(map, '', s.category, s.layers));
    edit(next, t('brief.addView'));
    setTwin({ slide: at + 1 });
  };

  const exportReport = async () => {
    const map = twinMap();
    if (!map || !ctx) return;
    cancel.current = false;
    setMessage('');
    const before = { slide: at };
    try {
      const html = await buildReport(map, slides, () => deckContext()!, (sl) => showSlide(sl, false), setProgress, () => cancel.current);
      if (html) downloadReport(html, exportName('report', 'html'));
      else setMessage(t('brief.cancelled'));
    } catch (e) {
      setMessage(`${t('brief.exportFailed')}: ${engineText(e instanceof Error ? e.message : String(e), lang)}`);
    } finally {
      setProgress(null);
      if (slides[before.slide]) showSlide(slides[before.slide], false);
    }
  };

  const exportPng = async () => {
    const map = twinMap();
    if (!map || !ctx || !slide) return;
    try {
      await exportViewPng(map, `${slideTitle(slide, ctx)} · ${ctx.plan?.name ?? t('overview.baseline')} · ${new Date().toLocaleDateString(lang === 'zh' ? 'zh-CN' : 'en')}`,
        exportName(`map_${slideTitle(slide, ctx)}`, 'png'));
    } catch (e) {
      setMessage(`${t('brief.exportFailed')}: ${engineText(e instanceof Error ? e.message : String(e), lang)}`);
    }
  };

  return (
    <div className="briefing" data-testid="briefing" role="region" aria-label={t('brief.open')}>
      <div className="brief-card" data-testid="slide" data-kind={slide?.kind} data-community={slide?.community} data-index={at}>
        {ctx && slide ? <Content c={slideContent(slide, ctx)} /> : <p>{t('overview.waiting')}</p>}
      </div>
      <div className="brief-bar">
        <button type="button" onClick={() => setTwin({ slide: Math.max(0, at - 1) })} disabled={at === 0}>◀ {t('brief.prev')}</button>
        <span data-testid="slide-counter">{t('brief.slideOf').replace('{n}', String(at + 1)).replace('{total}', String(n))}</span>
        <button type="button" onClick={() => setTwin({ slide: Math.min(n - 1, at + 1) })} disabled={at >= n - 1}>{t('brief.next')} ▶</button>
        <button type="button" onClick={() => setEditing(!editing)} aria-expanded={editing}>{t('brief.slides')}</button>
        <button type="button" onClick={() => void exportPng()} data-testid="export-png">{t('brief.exportPng')}</button>
        {progress ? (
          <span className="brief-progress" role="status">
            {t('brief.exporting')} {progress.done}/{progress.total}
            <button type="button" onClick={() => { cancel.current = true; }}>{t('brief.cancel')}</button>
          </span>
        ) : (
          <button type="button" onClick={() => void exportReport()} data-testid="export-report">{t('brief.exportReport')}</button>
        )}
        <button type="button" onClick={leave} data-testid="leave-briefing">{t('brief.exit')}</button>
        <span className="brief-hint">{t('brief.keys')}</span>
        {message && <span className="brief-msg" role="alert">{message}</span>}
      </div>
      {editing && ctx && (
        <div className="brief-editor" data-testid="slide-editor">
          <p className="hint">{plan ? t('brief.savedWith') : t('brief.savedLocal')}</p>
          <ol>
            {slides.map((sl, i) => (
              <li key={sl.id} className={i === at ? 'current' : ''}>
                <input aria-label={t('brief.titleLabel')} value={sl.title} placeholder={slideTitle(sl, ctx)}
                  onChange={(e) => edit(slides.map((x) => (x.id === sl.id ? { ...x, title: e.target.value } : x)), t('brief.titleLabel'), `slide-title:${sl.id}`)} />
                <button type="button" onClick={() => setTwin({ slide: i })}>▶</button>
                <button type="button" disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('brief.moveUp')}>↑</button>
                <button type="button" disabled={i === n - 1} onClick={() => move(i, 1)} aria-label={t('brief.moveDown')}>↓</button>
                <button type="button" disabled={n <= 1} onClick={() => edit(slides.filter((x) => x.id !== sl.id), t('brief.remove'))} aria-label={t('brief.remove')}>✕</button>
              </li>
            ))}
          </ol>
          <button type="button" onClick={addView} data-testid="add-view-slide">{t('brief.addView')}</button>
          <button type="button" onClick={() => edit([], t('brief.resetDeck'))}>{t('brief.resetDeck')}</button>
        </div>
      )}
    </div>
  );
}

/** Enters the briefing from a click: full screen where the browser allows it. */
export function enterBriefing() {
  setTwin({ briefing: true, overview: false, slide: 0 });
  void document.documentElement.requestFullscreen?.().catch(() => undefined);
}
