import { store, useStore, useT } from '../state/store.ts';
import { fill, fmtIndicator } from './format.ts';
import { localName, type MessageKey } from '../i18n/index.ts';
import { MESSAGES } from '../i18n/messages.ts';
import { Define, Mark, MarkLegend } from './Define.tsx';
import { analysisPending } from './current.ts';

/** How an indicator is made, where the table's indicator is one the engine computes (standards INDICATOR_IDS). */
export function indicatorDefinition(id: string, t: (k: MessageKey) => string): string | null {
  const key = `ind.def.${id}`;
  return Object.hasOwn(MESSAGES, key) ? t(key as MessageKey) : null;
}

export function IndicatorsPanel() {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const analysis = useStore((s) => s.analysis);
  const scope = useStore((s) => s.indicatorScope);
  const pending = useStore(analysisPending);
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
        <span className="hint" data-testid="indicators-passed">{fill(t('fig.passCount'), { n: passed, total: rows.length })}</span>
      </label>
      {pending && <p className="hint" role="status" data-testid="figures-pending">{t('fig.updating')}</p>}
      <table>
        <thead>
          <tr><th>{t('fig.indicator')}</th><th className="num">{t('value')}</th><th className="num">{t('target')}</th><th>{t('fig.verdict')}</th><th>{t('mark')}</th></tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const def = indicatorDefinition(r.id, t);
            return (
              <tr key={r.id} data-indicator={r.id}>
                <td>{def ? <Define text={def}>{localName(lang, r)}</Define> : localName(lang, r)}</td>
                <td className="num">{fmtIndicator(r.value, r.unit, lang)}</td>
                <td className="num">≥ {fmtIndicator(r.target, r.unit, lang)}</td>
                <td className={r.pass === null ? '' : r.pass ? 'pass' : 'fail'}>{r.pass === null ? t('value.na') : r.pass ? t('pass') : t('fail')}</td>
                <td><Mark mark={r.mark} source={r.source} /></td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <MarkLegend />
      <p className="hint" data-testid="table-used">
        {t('tableUsed')}: {localName(lang, analysis.table)} #{analysis.table.fingerprint}{analysis.table.edited ? ` (${t('edited')})` : ''}
      </p>
    </section>
  );
}
