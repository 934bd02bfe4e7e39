import { useEffect, type ReactNode } from 'react';
import { NARROW_PX, store, useStore, useT } from './state/store.ts';
import { loadEmbeddedDataset } from './data/loadDataset.ts';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { AnalysisWarnings } from './panels/AnalysisWarnings.tsx';
import { MapView } from './map/MapView.tsx';
import { LayerPanel } from './panels/LayerPanel.tsx';
import { FeatureInfo } from './panels/FeatureInfo.tsx';
import { SettingsDialog } from './panels/SettingsDialog.tsx';
import { DistrictSummary } from './panels/DistrictSummary.tsx';
import { IsochronePanel } from './panels/IsochronePanel.tsx';
import { EngineStatusLine } from './panels/EngineStatusLine.tsx';
import { loadIntoEngine, runAnalysis } from './state/actions.ts';
import { redoLatest, startScenarios, undoLatest } from './state/scenario.ts';
import { startRoutes } from './state/route.ts';
import { ScenarioPanel } from './panels/ScenarioPanel.tsx';
import { SitingPanel } from './panels/SitingPanel.tsx';
import { SitingImpact } from './panels/SitingImpact.tsx';
import { SuggestPanel } from './panels/SuggestPanel.tsx';
import { CompareDock } from './panels/ComparePanel.tsx';
import { CoveragePanel } from './panels/CoveragePanel.tsx';
import { IndicatorsPanel } from './panels/IndicatorsPanel.tsx';
import { StandardsPanel } from './panels/StandardsPanel.tsx';
import { ExportPanel } from './panels/ExportPanel.tsx';
import { NetworkEditPanel } from './panels/NetworkEditPanel.tsx';
import { BoundaryPanel } from './panels/BoundaryPanel.tsx';
import { startBoundaries } from './state/boundaries.ts';
import { TwinControls } from './twin/TwinControls.tsx';
import { Overview } from './panels/Overview.tsx';
import { Briefing } from './panels/Briefing.tsx';
import { ImportButton } from './panels/ImportDialog.tsx';
import { loadStartDataset } from './storage/datasets.ts';
import { Guide, openGuide } from './panels/Guide.tsx';
import { BasemapNotice, MapLegend, MapProgress } from './map/MapChrome.tsx';

type Side = 'left' | 'right';

/** Opens or closes a sidebar; on a narrow window opening one closes the other, so the map keeps its room. */
function setSide(side: Side, open: boolean) {
  const narrow = window.innerWidth < NARROW_PX;
  const other: Side = side === 'left' ? 'right' : 'left';
  store.setState((s) => ({ ui: { ...s.ui, [side]: open, ...(open && narrow ? { [other]: false } : {}) } }));
}

function Sidebar({ side, children }: { side: Side; children: ReactNode }) {
  const t = useT();
  const open = useStore((s) => s.ui[side]);
  const title = t(side === 'left' ? 'panel.left' : 'panel.right');
  const bodyId = `sidebar-${side}`;
  return (
    <aside className={`sidebar ${side}${open ? '' : ' collapsed'}`} aria-label={title} data-testid={`sidebar-${side}`}>
      {open ? (
        <div className="sidebar-head">
          <span>{title}</span>
          <button type="button" className="sidebar-toggle" aria-expanded="true" aria-controls={bodyId}
            onClick={() => setSide(side, false)} title={`${t('panel.collapse')} ${title}`} aria-label={`${t('panel.collapse')} ${title}`}>
            {side === 'left' ? '‹' : '›'}
          </button>
        </div>
      ) : (
        <button type="button" className="sidebar-rail" aria-expanded="false" aria-controls={bodyId}
          onClick={() => setSide(side, true)} title={`${t('panel.expand')} ${title}`} aria-label={`${t('panel.expand')} ${title}`}>
          <span aria-hidden="true">{side === 'left' ? '›' : '‹'}</span>
          <span className="rail-label">{title}</span>
        </button>
      )}
      {/* Collapsed panels stay mounted (hidden), so what was typed or chosen in them is kept. */}
      <div className="sidebar-body" id={bodyId} hidden={!open}>{children}</div>
    </aside>
  );
}

export function App() {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const dataset = useStore((s) => s.dataset);
  const loadError = useStore((s) => s.loadError);
  const profileId = useStore((s) => s.profileId);

  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = `${t('appName')} · ${t('tagline')}`;
  }, [lang, t]);

  useEffect(() => {
    if (store.getState().network) void runAnalysis();
  }, [profileId]);

  // A window narrowed below NARROW_PX keeps one sidebar; a new selection opens the attributes.
  useEffect(() => {
    const onResize = () => {
      const { ui } = store.getState();
      if (window.innerWidth < NARROW_PX && ui.left && ui.right) store.setState({ ui: { ...ui, right: false } });
    };
    window.addEventListener('resize', onResize);
    let prev = store.getState().selection;
    const unsubscribe = store.subscribe(() => {
      const s = store.getState();
      if (s.selection && s.selection !== prev && !s.ui.right) setSide('right', true);
      prev = s.selection;
    });
    return () => {
      window.removeEventListener('resize', onResize);
      unsubscribe();
    };
  }, []);

  useEffect(() => {
    // Escape leaves a picking tool and clears the selection, as in desktop GIS; Ctrl+Z / Ctrl+Shift+Z
    // undo and redo the latest edit, of the standards table or of a plan (one ordered history),
    // except inside a text field, which keeps its own undo.
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') store.setState({ tool: 'select', selection: null });
      const inField = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
      if (!inField && (e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        if (e.shiftKey) redoLatest(); else undoLatest();
      }
      if (!inField && (e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'y') {
        e.preventDefault();
        redoLatest();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    startScenarios();
    startBoundaries();
    startRoutes();
    loadStartDataset(loadEmbeddedDataset)
      .then((dataset) => {
        store.setState({ dataset, loadError: null });
        void loadIntoEngine(dataset);
      })
      .catch((e: unknown) => store.setState({ loadError: e instanceof Error ? e.message : String(e) }));
  }, []);

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <strong>{t('appName')}</strong>
          <span className="tagline">{t('tagline')}</span>
        </div>
        {dataset && (
          <div className="dataset-name">
            {lang === 'en' ? dataset.meta.name_en : dataset.meta.name}
            {dataset.meta.synthetic && <span className="badge" title={dataset.meta.description}>{t('synthetic')}</span>}
            {dataset.meta.attribution && <span className="attribution">{dataset.meta.attribution}</span>}
          </div>
        )}
        <div className="topbar-actions">
          <ImportButton />
          <button type="button" onClick={() => store.setState({ lang: lang === 'zh' ? 'en' : 'zh' })}
            aria-label={lang === 'zh' ? 'Switch to English' : '切换到中文'}>
            {lang === 'zh' ? 'EN' : '中文'}
          </button>
          <button type="button" onClick={() => store.setState({ settingsOpen: true })}>{t('settings')}</button>
          <button type="button" onClick={openGuide} aria-haspopup="dialog" title={t('guide.open')} data-testid="open-guide">
            ? {t('guide.help')}
          </button>
        </div>
      </header>
      <main className="workspace">
        <Sidebar side="left">
          <ErrorBoundary area="left panels">
          <ScenarioPanel />
          <DistrictSummary />
          <AnalysisWarnings />
          <CoveragePanel />
          <SitingPanel />
          <SuggestPanel />
          <IsochronePanel />
          <NetworkEditPanel />
          <BoundaryPanel />
          <LayerPanel />
          <EngineStatusLine />
          </ErrorBoundary>
        </Sidebar>
        <section className="map-wrap">
          <ErrorBoundary area="map">
          {loadError ? (
            <div className="notice error" role="alert">{t('loadFailed')}: {loadError}</div>
          ) : dataset ? (
            <>
              <MapView />
              <TwinControls />
              <MapLegend />
              <BasemapNotice />
            </>
          ) : null}
          <MapProgress />
          {dataset && <CompareDock />}
          </ErrorBoundary>
        </section>
        <Sidebar side="right">
          <ErrorBoundary area="right panels">
          <FeatureInfo />
          <SitingImpact />
          <IndicatorsPanel />
          <StandardsPanel />
          <ExportPanel />
          </ErrorBoundary>
        </Sidebar>
      </main>
      <SettingsDialog />
      <Guide />
      <Overview />
      <Briefing />
    </div>
  );
}
