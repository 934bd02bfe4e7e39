// What sits over the map: the engine's progress, the legend of what the map shows now, and the
// notice of an online basemap that could not load.
import { useEffect } from 'react';
import { store, useStore, useT } from '../state/store.ts';
import type { MessageKey } from '../i18n/index.ts';
import { categoryName } from '../panels/categoryName.ts';
import { BAND_COLORS } from './categoryStyle.ts';
import { BEYOND_COLOR, DISTANCE_RAMP, NO_RESIDENTS_COLOR } from './style.ts';
import { glyphUrl } from './glyphs.ts';
import { isoOriginLabel } from '../panels/IsochronePanel.tsx';
import { fill, progressKey } from './chromeState.ts';
import { pickToolActive } from './cursor.ts';

export function MapProgress() {
  const t = useT();
  const key = useStore(progressKey);
  const progress = useStore((s) => (s.studio.suggest.running ? s.studio.suggest.progress : null));
  if (!key) return null;
  const pct = progress && progress.total > 0 ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : null;
  return (
    <div className="map-progress" role="status" aria-live="polite" data-testid="map-progress" data-task={key}>
      <span className="spinner" aria-hidden="true" />
      <span>{t(key)}{pct !== null ? ` ${pct}%` : ''}</span>
      <div className={`progress${pct === null ? ' indeterminate' : ''}`} aria-hidden="true">
        <div style={pct === null ? undefined : { width: `${pct}%` }} />
      </div>
    </div>
  );
}

/** The walk ramp as a CSS gradient over 0 … 2× the threshold, the threshold at the middle. */
export const WALK_GRADIENT = `linear-gradient(to right, ${DISTANCE_RAMP.map(([f, c]) => `${c} ${(f / 2) * 100}%`).join(', ')})`;

/**
 * The legend folds to its heading on request, and by itself while a pick tool waits for clicks on
 * the map (a search area, a path, a point), so it never takes the clicks meant for the map; pressing
 * the heading then opens it for that pick only.
 */
export function MapLegend() {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const category = useStore((s) => s.category);
  const r = useStore((s) => s.analysis?.categories[s.category] ?? null);
  const layers = useStore((s) => s.layers);
  const iso = useStore((s) => s.isochrone);
  const origin = useStore((s) => s.isoOrigin);
  const is3d = useStore((s) => s.twin.view === '3d');
  const dataset = useStore((s) => s.dataset);
  const picking = useStore(pickToolActive);
  const ui = useStore((s) => s.ui);
  const open = picking ? ui.legendPick : ui.legend;
  useEffect(() => {
    if (!picking && store.getState().ui.legendPick) store.setState((s) => ({ ui: { ...s.ui, legendPick: false } }));
  }, [picking]);
  const toggle = () => store.setState((s) => ({ ui: picking ? { ...s.ui, legendPick: !open } : { ...s.ui, legend: !open } }));
  const name = categoryName(category, lang);
  // In 3D the twin's own legend says how it colours the buildings.
  const walk = layers.analysis && !is3d;
  return (
    <section className={`map-legend${open ? '' : ' folded'}`} data-testid="map-legend" aria-label={t('map.legend')}>
      <div className="legend-top">
        <button type="button" className="legend-head" aria-expanded={open} data-testid="legend-toggle" onClick={toggle}
          aria-label={t(open ? 'map.legendHide' : 'map.legendShow')} title={picking && !open ? t('map.legendPick') : undefined}>
          <span aria-hidden="true">{open ? '▾' : '▸'}</span>{!open && t('map.legend')}
        </button>
        {/* Open, the heading is the walk's title, so the legend spends no line on the word 图例. */}
        {open && <h3>{walk && r ? fill(t('map.walkTitle'), { category: name }) : t('map.legend')}</h3>}
      </div>
      {open && (
        <>
          {walk && (
            r ? (
              <section data-testid="legend-walk">
                <div className="legend-ramp" style={{ background: WALK_GRADIENT }}>
                  <span>{t('map.walkWithin')}</span><span>{t('map.walkBeyond')}</span>
                </div>
                <div className="legend-ticks">
                  <span>0</span><span>{fill(t('map.walkStandard'), { m: r.threshold_m })}</span><span>{2 * r.threshold_m} m</span>
                </div>
                <ul className="inline">
                  <li><span className="swatch" style={{ background: BEYOND_COLOR }} />{fill(t('map.unreachable'), { m: r.search_limit_m })}</li>
                  <li><span className="swatch" style={{ background: NO_RESIDENTS_COLOR }} />{t('map.noResidents')}</li>
                </ul>
              </section>
            ) : <p className="hint">{t('map.noAnalysis')}</p>
          )}
          {layers.facilities && (
            <ul className="inline">
              <li><img className="glyph" src={glyphUrl(category, lang)} alt="" width={20} height={20} data-symbol />{fill(t('map.selectedFacilities'), { category: name })}</li>
              <li><span className="swatch dot" />{t('map.otherFacilities')}</li>
            </ul>
          )}
          {layers.analysis && iso && iso.features.length > 0 && (
            <section>
              <h3>{fill(t('map.bands'), { origin: isoOriginLabel(origin, lang, dataset) })}</h3>
              <ul className="inline">
                {iso.features.map((f, k) => (
                  <li key={f.properties.minutes}>
                    <span className="swatch band" style={{ borderColor: BAND_COLORS[k % BAND_COLORS.length] }} />
                    {fill(t('map.band'), { min: f.properties.minutes })}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <label className="legend-toggle" title={t('map.gapsHint')}>
            <input type="checkbox" checked={layers.gaps}
              onChange={(e) => store.setState((s) => ({ layers: { ...s.layers, gaps: e.target.checked } }))} />
            <span className="swatch gap" />{t('map.gaps')}
          </label>
        </>
      )}
    </section>
  );
}

export function BasemapNotice() {
  const t = useT();
  const ui = useStore((s) => s.ui);
  if (!ui.basemapNotice || !ui.basemapFailed) return null;
  return (
    <div className="map-notice" role="alert" data-testid="basemap-notice">
      <span>{fill(t('basemap.failed'), { name: t(`basemap.${ui.basemapFailed}` as MessageKey) })}</span>
      <button type="button" onClick={() => store.setState((s) => ({ ui: { ...s.ui, basemapNotice: false } }))}>{t('basemap.dismiss')}</button>
    </div>
  );
}
