import { store, useStore, useT, type LayerKey } from '../state/store.ts';
import type { MessageKey } from '../i18n/index.ts';
import { glyphUrl } from '../map/glyphs.ts';
import { categoryName } from './categoryName.ts';
import { CATEGORY_IDS } from '../../workers/model/dataset.ts';

const ORDER: LayerKey[] = ['analysis', 'gaps', 'facilities', 'buildings', 'sites', 'streets', 'compounds', 'communities', 'landuse'];

export function LayerPanel() {
  const t = useT();
  const layers = useStore((s) => s.layers);
  const lang = useStore((s) => s.lang);
  return (
    <section className="panel" aria-labelledby="layers-title">
      <h2 id="layers-title">{t('layers')}</h2>
      <ul className="layer-list">
        {ORDER.map((key) => (
          <li key={key}>
            <label>
              <input
                type="checkbox"
                checked={layers[key]}
                onChange={(e) => store.setState((s) => ({ layers: { ...s.layers, [key]: e.target.checked } }))}
              />
              {t(`layer.${key}` as MessageKey)}
            </label>
          </li>
        ))}
      </ul>
      <details className="legend">
        <summary>{t('legend')}</summary>
        <ul>
          {CATEGORY_IDS.map((c) => (
            <li key={c}>
              <img className="glyph-swatch" src={glyphUrl(c, lang)} alt="" width={18} height={18} data-symbol />
              {categoryName(c, lang)}
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}
