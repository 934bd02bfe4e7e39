import { useStore, useT } from '../state/store.ts';

export function EngineStatusLine() {
  const t = useT();
  const status = useStore((s) => s.engineStatus);
  const message = useStore((s) => s.engineMessage);
  const network = useStore((s) => s.network);
  const problems = network?.problems.length ?? 0;
  return (
    <section className="panel status-line" data-testid="engine-status" data-status={status}>
      {status === 'error' ? <span className="error">{t('engineError')}: {message}</span>
        : status === 'ready' || status === 'busy' ? <span>{status === 'busy' ? t('engineBusy') : t('engineReady')}</span>
          : <span>{t('engineBusy')}</span>}
      {network && (
        <div>
          {network.nodes.toLocaleString()} nodes · {network.edges.toLocaleString()} edges · {network.components} component(s)
          {problems > 0 && <span className="warn"> · {problems} ⚠</span>}
        </div>
      )}
    </section>
  );
}
