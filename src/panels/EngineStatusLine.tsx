import { useStore, useT } from '../state/store.ts';
import { engineText } from '../i18n/errors.ts';
import { fmtNumber } from './format.ts';
import type { MessageKey } from '../i18n/index.ts';

export function EngineStatusLine() {
  const t = useT();
  const status = useStore((s) => s.engineStatus);
  const lang = useStore((s) => s.lang);
  const message = useStore((s) => s.engineMessage);
  const network = useStore((s) => s.network);
  const analysis = useStore((s) => s.analysis);
  const dataProblems = analysis?.problems ?? [];
  const problems = [
    ...(network?.problems ?? []).map((p) => ({ key: `${p.kind}:${p.id}`, what: `${t(`kind.${p.kind === 'street' ? 'street' : p.kind}` as MessageKey)} ${p.id}`, why: p.reason })),
    ...dataProblems.map((p) => ({ key: `cap:${p.id}`, what: `${t('kind.facility')} ${p.id}`, why: p.issue })),
  ];
  return (
    <section className="panel status-line" data-testid="engine-status" data-status={status}>
      {status === 'error' ? <span className="error">{t('engineError')}: {engineText(message, lang)}</span>
        : status === 'ready' || status === 'busy' ? <span>{status === 'busy' ? t('engineBusy') : t('engineReady')}</span>
          : <span>{t('engineBusy')}</span>}
      {network && (
        <div>
          {fmtNumber(network.nodes, lang)} {t('nodes')} · {fmtNumber(network.edges, lang)} {t('edges')} · {network.components} {t('components')}
        </div>
      )}
      {problems.length > 0 && (
        <details data-testid="problems">
          <summary className="warn">{t('problems')}: {problems.length}</summary>
          <ul>
            {problems.slice(0, 200).map((p) => <li key={p.key}>{p.what}: {t(`reason.${p.why}` as MessageKey)}</li>)}
          </ul>
        </details>
      )}
    </section>
  );
}
