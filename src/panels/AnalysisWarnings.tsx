// What the analysis cannot stand behind (no street, no building, no residents, no facility of a
// category), shown above the figures so a zero or an n/a is never mistaken for a finding.
import { useStore, useT } from '../state/store.ts';
import type { MessageKey } from '../i18n/index.ts';
import { categoryName } from './categoryName.ts';

export function AnalysisWarnings() {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const warnings = useStore((s) => s.analysis?.warnings);
  if (!warnings?.length) return null;
  return (
    <section className="panel analysis-warnings" role="status" data-testid="analysis-warnings">
      <h2 className="warn-text">{t('warn.title')} ({warnings.length})</h2>
      <ul>
        {warnings.map((w) => (
          <li key={`${w.code}:${w.category ?? ''}`} data-code={w.code}>
            {t(`warn.${w.code}` as MessageKey)}{w.category ? categoryName(w.category, lang) : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}
