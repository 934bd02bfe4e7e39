import { store, useStore, useT } from '../state/store.ts';
import type { MessageKey } from '../i18n/index.ts';
import { BuildingAccess } from './BuildingAccess.tsx';
import { computeIsochrone } from '../state/actions.ts';

function show(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(2);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Attributes of the clicked feature, always rendered as text so imported data can never inject HTML. */
export function FeatureInfo() {
  const t = useT();
  const sel = useStore((s) => s.selection);
  return (
    <section className="panel" aria-labelledby="attr-title" data-testid="feature-info">
      <h2 id="attr-title">{t('attributes')}</h2>
      {!sel ? (
        <p className="hint">{t('clickHint')}</p>
      ) : (
        <>
          <div className="attr-head">
            <span className="kind">{t(`kind.${sel.kind}` as MessageKey)}</span>
            <button type="button" className="link" onClick={() => store.setState({ selection: null })}>{t('close')}</button>
          </div>
          {sel.kind === 'building' && <BuildingAccess id={sel.id} />}
          {sel.kind === 'facility' && (
            <button type="button" onClick={() => void computeIsochrone({ facilityId: sel.id }, String(sel.properties.name ?? sel.id))}>
              {t('isoFromFacility')}
            </button>
          )}
          <table className="attrs">
            <tbody>
              {Object.entries(sel.properties).filter(([k]) => !k.startsWith('_')).map(([k, v]) => (
                <tr key={k}>
                  <th scope="row">{k}</th>
                  <td>{show(v)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
