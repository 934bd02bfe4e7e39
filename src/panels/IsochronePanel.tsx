import { useEffect, useState } from 'react';
import { store, useStore, useT } from '../state/store.ts';
import { clearIsochrone, computeIsochrone, requestOf } from '../state/actions.ts';
import { mapHandle } from '../map/mapHandle.ts';
import { localName, translate, type Lang } from '../i18n/index.ts';
import type { Dataset } from '../../workers/model/dataset.ts';
import { categoryName } from './categoryName.ts';
import { fmtNumber } from './format.ts';
import { BAND_COLORS } from '../map/categoryStyle.ts';
import { minutesProblem } from '../../workers/model/limits.ts';
import { engineText } from '../i18n/errors.ts';

/** What the bands are drawn from, in the chosen language (the store keeps a key, actions.ts). */
export function isoOriginLabel(origin: string, lang: Lang, dataset: Dataset | null): string {
  const req = requestOf(origin);
  if (!req) return '';
  if ('from' in req) return `${translate(lang, 'iso.fromPoint')} ${req.from[0].toFixed(5)}, ${req.from[1].toFixed(5)}`;
  if ('facilityId' in req) {
    const f = dataset?.facilities.features.find((x) => x.properties.id === req.facilityId);
    return f ? `${f.properties.name || f.properties.id} (${categoryName(f.properties.category, lang)})` : req.facilityId;
  }
  return translate(lang, 'iso.fromCategory').replace('{category}', categoryName(req.category, lang));
}

export function IsochronePanel() {
  const t = useT();
  const tool = useStore((s) => s.tool);
  const minutes = useStore((s) => s.isoMinutes);
  const profileId = useStore((s) => s.profileId);
  const lang = useStore((s) => s.lang);
  const iso = useStore((s) => s.isochrone);
  const origin = useStore((s) => s.isoOrigin);
  const status = useStore((s) => s.engineStatus);
  const message = useStore((s) => s.engineMessage);
  const dataset = useStore((s) => s.dataset);
  const shown = useStore((s) => s.layers.analysis);
  const standards = useStore((s) => s.standards);
  const profile = standards.profiles.find((p) => p.id === profileId) ?? standards.profiles[0];
  const [text, setText] = useState(minutes.join(', '));
  const [invalid, setInvalid] = useState(false);

  useEffect(() => {
    mapHandle.onMapClick = (lon, lat) => {
      if (store.getState().tool !== 'isochrone') return false;
      void computeIsochrone({ from: [lon, lat] });
      return true;
    };
    return () => { mapHandle.onMapClick = null; };
  }, []);

  // A typo is shown, never dropped in silence: the bands in force stay until the text is valid again.
  const applyMinutes = (value: string) => {
    setText(value);
    const parsed = value.split(/[,，\s]+/).filter((p) => p !== '').map((p) => (/^\d+(\.\d+)?$/.test(p) ? Number(p) : NaN));
    const ok = parsed.length <= BAND_COLORS.length && minutesProblem(parsed) === null;
    setInvalid(!ok);
    if (ok) store.setState({ isoMinutes: [...parsed].sort((a, b) => a - b) });
  };

  return (
    <section className="panel" aria-labelledby="iso-title" data-testid="isochrone-panel">
      <h2 id="iso-title">{t('isochrone')}</h2>
      <div className="row">
        <button
          type="button"
          aria-pressed={tool === 'isochrone'}
          onClick={() => store.setState({ tool: tool === 'isochrone' ? 'select' : 'isochrone' })}
          title={t('isoHint')}
        >
          {t('isoPick')}
        </button>
        <button type="button" disabled={!iso && !origin} onClick={clearIsochrone}>{t('isoClear')}</button>
      </div>
      {tool === 'isochrone' && <p className="hint">{t('isoHint')}</p>}
      <label className="row">
        {t('isoBands')}
        <input type="text" value={text} size={10} onChange={(e) => applyMinutes(e.target.value)} aria-label={t('isoBands')} aria-invalid={invalid} />
      </label>
      {invalid && <p className="error-text" role="alert" data-testid="iso-minutes-invalid">{t('error.minutes')}</p>}
      <label className="row">
        {t('profile')}
        <select value={profileId} onChange={(e) => store.setState({ profileId: e.target.value })}>
          {standards.profiles.map((p) => <option key={p.id} value={p.id}>{localName(lang, p)} · {p.speed_m_per_min} {t('unit.mPerMin')}</option>)}
        </select>
      </label>
      {status === 'busy' && <div className="progress indeterminate" role="progressbar" aria-label={t('engineBusy')}><div /></div>}
      {message && <p className="error" role="alert">{engineText(message, lang)}</p>}
      {origin && !iso && !message && <p className="hint" role="status" data-testid="iso-computing">{t('iso.computing')}</p>}
      {iso && (
        <div data-testid="iso-result">
          <p className="hint" data-testid="iso-origin">{t('iso.from')}{t('plan.colon')}{isoOriginLabel(origin, lang, dataset)}</p>
          <ul className="iso-legend" data-testid="iso-legend">
            {iso.features.map((f, k) => (
              <li key={f.properties.minutes} data-minutes={f.properties.minutes}>
                <span className="swatch" style={{ background: BAND_COLORS[k % BAND_COLORS.length] }} />
                {t('iso.band').replace('{m}', f.properties.minutes.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en')).replace('{d}', fmtNumber(f.properties.metres, lang))}
              </li>
            ))}
          </ul>
          <p className="hint">
            {t('iso.walkNote').replace('{profile}', localName(lang, profile)).replace('{speed}', fmtNumber(profile.speed_m_per_min, lang))}
          </p>
          {!shown && (
            <p className="warn" role="status" data-testid="iso-layer-off">
              {t('iso.layerOff')}{' '}
              <button type="button" className="link" onClick={() => store.setState((s) => ({ layers: { ...s.layers, analysis: true } }))}>{t('iso.showLayer')}</button>
            </p>
          )}
        </div>
      )}
    </section>
  );
}
