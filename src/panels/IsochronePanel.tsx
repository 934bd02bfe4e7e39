import { useEffect, useState } from 'react';
import { store, useStore, useT } from '../state/store.ts';
import { computeIsochrone, profiles } from '../state/actions.ts';
import { mapHandle } from '../map/mapHandle.ts';
import { localName } from '../i18n/index.ts';
import { BAND_COLORS } from '../map/categoryStyle.ts';
import { minutesProblem } from '../../workers/model/limits.ts';

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
  const [text, setText] = useState(minutes.join(', '));
  const [invalid, setInvalid] = useState(false);

  useEffect(() => {
    mapHandle.onMapClick = (lon, lat) => {
      if (store.getState().tool !== 'isochrone') return false;
      void computeIsochrone({ from: [lon, lat] }, `${lon.toFixed(5)}, ${lat.toFixed(5)}`);
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
        <button type="button" disabled={!iso} onClick={() => store.setState({ isochrone: null, isoOrigin: '' })}>{t('isoClear')}</button>
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
          {profiles().map((p) => <option key={p.id} value={p.id}>{localName(lang, p)} · {p.speed_m_per_min} m/min</option>)}
        </select>
      </label>
      {status === 'busy' && <div className="progress indeterminate" role="progressbar" aria-label={t('engineBusy')}><div /></div>}
      {message && <p className="error" role="alert">{message}</p>}
      {iso && (
        <ul className="iso-legend" data-testid="iso-result">
          {iso.features.map((f, k) => (
            <li key={f.properties.minutes}>
              <span className="swatch" style={{ background: BAND_COLORS[k % BAND_COLORS.length] }} />
              ≤ {f.properties.minutes} {t('minutes')} ({f.properties.metres} {t('metres')})
            </li>
          ))}
          <li className="hint">{origin}</li>
        </ul>
      )}
    </section>
  );
}
