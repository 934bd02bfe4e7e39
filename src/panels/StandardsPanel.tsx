import { useStore, useT } from '../state/store.ts';
import { editStandards, resetStandards } from '../state/actions.ts';
import { localName } from '../i18n/index.ts';
import { MARK_SYMBOL } from '../../workers/standards.ts';

export function StandardsPanel() {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const standards = useStore((s) => s.standards);
  const edited = useStore((s) => s.standardsEdited);
  return (
    <section className="panel" data-testid="standards-panel">
      <details>
        <summary><strong>{t('standards')}</strong> {edited && <span className="badge">{t('edited')}</span>}</summary>
        <p className="hint">{localName(lang, standards)}</p>
        <table className="standards">
          <thead>
            <tr><th>{t('category')}</th><th className="num">{t('threshold')} (m)</th><th className="num">{t('target')} %</th><th>{t('mark')}</th></tr>
          </thead>
          <tbody>
            {standards.categories.map((c, k) => (
              <tr key={c.id} title={c.source}>
                <td>{localName(lang, c)}</td>
                <td className="num">
                  <input
                    type="number" min={50} max={5000} step={50} value={c.threshold_m} aria-label={`${localName(lang, c)} ${t('threshold')}`}
                    onChange={(e) => {
                      const v = Number(e.target.value);
                      if (Number.isFinite(v) && v > 0) editStandards((s) => { s.categories[k].threshold_m = v; });
                    }}
                  />
                </td>
                <td className="num">
                  <input
                    type="number" min={0} max={100} step={5} value={Math.round(c.target_coverage * 100)} aria-label={`${localName(lang, c)} ${t('target')}`}
                    onChange={(e) => {
                      const v = Number(e.target.value);
                      if (Number.isFinite(v) && v >= 0 && v <= 100) editStandards((s) => { s.categories[k].target_coverage = v / 100; });
                    }}
                  />
                </td>
                <td title={c.source}>{MARK_SYMBOL[c.threshold_mark]}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>{t('profiles')}</h3>
        <table className="standards">
          <tbody>
            {standards.profiles.map((p, k) => (
              <tr key={p.id} title={p.source}>
                <td>{localName(lang, p)}</td>
                <td className="num">
                  <input
                    type="number" min={20} max={120} step={5} value={p.speed_m_per_min} aria-label={`${localName(lang, p)} ${t('speed')}`}
                    onChange={(e) => {
                      const v = Number(e.target.value);
                      if (Number.isFinite(v) && v > 0) editStandards((s) => { s.profiles[k].speed_m_per_min = v; });
                    }}
                  />
                </td>
                <td>{t('speed')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" onClick={resetStandards} disabled={!edited}>{t('reset')}</button>
      </details>
    </section>
  );
}
