import { store, useStore, useT } from '../state/store.ts';
import type { MessageKey } from '../i18n/index.ts';
import { attributeRows } from '../i18n/attributes.ts';
import { BuildingAccess } from './BuildingAccess.tsx';
import { RouteInfo } from './RouteInfo.tsx';
import { computeIsochrone } from '../state/actions.ts';
import { drawnScopeOf, scopedDataset } from '../state/boundaries.ts';

/** Attributes of the clicked feature, always rendered as text so imported data can never inject HTML. */
export function FeatureInfo() {
  const t = useT();
  const sel = useStore((s) => s.selection);
  const lang = useStore((s) => s.lang);
  const standards = useStore((s) => s.standards);
  // While drawn boundaries are the scopes, a building or facility names the one it is counted in.
  const scoped = useStore((s) => scopedDataset(s));
  const scope = useStore((s) => (sel ? drawnScopeOf(s, sel.kind, sel.id) : null));
  const rows = sel ? attributeRows(sel.kind, scope ? { ...sel.properties, community: scope } : sel.properties, {
    lang, dataset: scoped, capacityUnit: (c) => standards.categories.find((x) => x.id === c)?.capacity_unit ?? null,
  }) : [];
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
          <RouteInfo />
          {sel.kind === 'building' && <BuildingAccess id={sel.id} />}
          {sel.kind === 'facility' && (
            <button type="button" onClick={() => void computeIsochrone({ facilityId: sel.id })}>
              {t('isoFromFacility')}
            </button>
          )}
          <table className="attrs">
            <tbody>
              {rows.map((r) => (
                <tr key={r.key} data-key={r.key}>
                  <th scope="row">{r.label}</th>
                  <td>{r.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
