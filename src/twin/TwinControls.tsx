import { useState } from 'react';
import { store, useStore, useT } from '../state/store.ts';
import { activeScenario } from '../state/scenario.ts';
import { scopedDataset } from '../state/boundaries.ts';
import { BASELINE_ID } from '../../workers/scenario/types.ts';
import { exportViewPng } from '../panels/BriefingReport.ts';
import { categoryName } from '../panels/categoryName.ts';
import type { MessageKey } from '../i18n/index.ts';
import { localName } from '../i18n/index.ts';
import { setTwin } from './state.ts';
import { TWIN_METRICS, type TwinMetric } from './types.ts';
import { TwinLegend } from './Legend.tsx';
import { twinMap, twinProbe } from './attach.ts';
import { flyTo, presetCamera } from './camera.ts';
import { urlRequest } from '../state/url.ts';
import { enterBriefing } from '../panels/Briefing.tsx';
import { exportName } from '../panels/exportName.ts';
import { engineText } from '../i18n/errors.ts';
import './twin.css';

/** The twin's controls on the map: 2D/3D, colouring and legend, camera presets, overview and briefing. */
export function TwinControls() {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const view = useStore((s) => s.twin.view);
  const metric = useStore((s) => s.twin.metric);
  const circle = useStore((s) => s.twin.circle);
  // Camera presets follow the scopes in force (drawn boundaries when there are any).
  const dataset = useStore((s) => scopedDataset(s));
  const [preset, setPreset] = useState('');
  const is3d = view === '3d';
  const software = twinProbe()?.software ?? false;
  const u = urlRequest.initial;
  const mismatch = dataset && u.dataset && u.dataset !== dataset.meta.id;
  // A link naming a plan this browser does not have: say so once the saved plans are in.
  const planMissing = useStore((st) => !!u.scenario && u.scenario !== BASELINE_ID && st.studio.storage === 'ok'
    && !st.scenarios.some((p) => p.id === u.scenario));

  const [pngError, setPngError] = useState('');
  const savePng = async () => {
    const map = twinMap();
    const s = store.getState();
    if (!map || !dataset) return;
    setPngError('');
    const plan = activeScenario(s);
    try {
      await exportViewPng(map, [localName(lang, dataset.meta), plan ? plan.name : t('overview.baseline'), categoryName(s.category, lang),
        new Date().toLocaleDateString(lang === 'zh' ? 'zh-CN' : 'en')].join(' · '), exportName(`map_${categoryName(s.category, lang)}`, 'png'));
    } catch (e) {
      setPngError(engineText(e instanceof Error ? e.message : String(e), lang));
    }
  };

  const goTo = (community: string) => {
    setPreset(community);
    const map = twinMap();
    if (!map || !dataset) return;
    flyTo(map, presetCamera(map, dataset, community || null, is3d), software);
  };

  return (
    <details className="twin-controls" data-testid="twin-controls" open>
      <summary>{t('twin.title')}</summary>
      <div className="twin-row">
        <div className="seg" role="group" aria-label={t('twin.toggle')}>
          <button type="button" aria-pressed={!is3d} onClick={() => setTwin({ view: '2d' })}>{t('twin.2d')}</button>
          <button type="button" aria-pressed={is3d} data-testid="view-3d" onClick={() => setTwin({ view: '3d' })}>{t('twin.3d')}</button>
        </div>
        <button type="button" onClick={() => twinMap()?.easeTo({ bearing: 0, duration: software ? 0 : 500 })} title={t('twin.resetNorth')}>
          ⬆ {t('twin.resetNorth')}
        </button>
      </div>
      <label className="twin-row">
        {t('twin.camera')}
        <select value={preset} onChange={(e) => goTo(e.target.value)} data-testid="camera-preset">
          <option value="">{t('twin.cameraDistrict')}</option>
          {dataset?.communities.features.map((f) => (
            <option key={f.properties.id} value={f.properties.id}>{localName(lang, f.properties)}</option>
          ))}
        </select>
      </label>
      <div className="twin-row">
        <button type="button" data-testid="open-overview" onClick={() => setTwin({ overview: true, view: '3d' })}>{t('overview.open')}</button>
        <button type="button" data-testid="open-briefing" onClick={enterBriefing}>{t('brief.open')}</button>
        <button type="button" data-testid="view-png" onClick={() => void savePng()} title={t('brief.exportPng')}>PNG</button>
      </div>
      {pngError && <p className="notice error" role="alert">{t('brief.exportFailed')}: {pngError}</p>}
      {is3d && (
        <>
          <label className="twin-row">
            {t('twin.colourBy')}
            <select value={metric} onChange={(e) => setTwin({ metric: e.target.value as TwinMetric })} data-testid="twin-metric">
              {TWIN_METRICS.map((m) => <option key={m} value={m}>{t(`twin.metric.${m}` as MessageKey)}</option>)}
            </select>
          </label>
          {metric === 'completeness' && (
            <label className="twin-row">
              {t('twin.circle')}
              <select value={circle} onChange={(e) => setTwin({ circle: Number(e.target.value) as 5 | 10 | 15 })}>
                {[5, 10, 15].map((c) => <option key={c} value={c}>{c} {t('twin.minutes')}</option>)}
              </select>
            </label>
          )}
          <TwinLegend />
          {software && <p className="hint">{t('twin.software')}</p>}
        </>
      )}
      {mismatch && <p className="notice error" role="alert">{t('twin.datasetMismatch')}: {u.dataset} ≠ {dataset.meta.id}</p>}
      {planMissing && <p className="notice error" role="alert">{t('twin.scenarioMissing')}: {u.scenario}</p>}
      {u.problems.length > 0 && <p className="notice error" role="alert">{t('twin.urlProblem')}: {u.problems.join(', ')}</p>}
    </details>
  );
}
