import { store, useStore, useT } from '../state/store.ts';
import { fmtIndicator } from './format.ts';
import { localName } from '../i18n/index.ts';

export function IndicatorsPanel() {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const analysis = useStore((s) => s.analysis);
  const scope = useStore((s) => s.indicatorScope);
  if (!analysis) return null;
  const rows = analysis.indicators.filter((r) => r.scope === scope);
  const passed = rows.filter((r) => r.pass).length;
  return (
    <section className="panel" aria-labelledby="ind-title" data-testid="indicators-panel">
      <h2 id="ind-title">{t('indicators')}</h2>
      <label className="row">
        <select value={scope} onChange={(e) => store.setState({ indicatorScope: e.target.value })} aria-label={t('indicators')}>
          <option value="district">{t('district')}</option>
          {analysis.communities.map((c) => <option key={c.id} value={c.id}>{lang === 'en' ? c.name_en : c.name}</option>)}
        </select>
        <span className="hint">{passed} / {rows.length} {t('pass')}</span>
      </label>
      <table>
        <thead>
          <tr><th /><th className="num">{t('value')}</th><th className="num">{t('target')}</th><th /></tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} title={`${t('source')}: ${r.source} (${r.mark})`}>
              <td>{localName(lang, r)}</td>
              <td className="num">{fmtIndicator(r.value, r.unit, lang)}</td>
              <td className="num">{fmtIndicator(r.target, r.unit, lang)}</td>
              <td className={r.pass === null ? '' : r.pass ? 'pass' : 'fail'}>{r.pass === null ? '—' : r.pass ? t('pass') : t('fail')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint" data-testid="table-used">
        {t('tableUsed')}: {localName(lang, analysis.table)} #{analysis.table.fingerprint}{analysis.table.edited ? ` (${t('edited')})` : ''}
      </p>
    </section>
  );
}
