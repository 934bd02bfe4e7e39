// The drawn community boundaries as a GeoJSON file in the communities layer's shape (id, names,
// residents and households as the analysis counts them), so it can be handed to the CLI's --data
// folder as communities.geojson or kept beside the other exports. 其他 is no boundary and is left out.
import { store } from '../state/store.ts';
import { scopedDataset } from '../state/boundaries.ts';
import { downloadText, exportFileName } from './download.ts';

export function drawnBoundariesGeoJson(): string | null {
  const s = store.getState();
  const ds = scopedDataset(s);
  if (!s.dataset || !ds || ds === s.dataset) return null;
  const features = ds.communities.features.filter((f) => (f.properties as { source?: string }).source === 'drawn');
  return JSON.stringify({ type: 'FeatureCollection', features }, null, 1);
}

export function exportDrawnBoundaries() {
  const s = store.getState();
  const text = drawnBoundariesGeoJson();
  if (!s.dataset || text === null) return;
  const name = s.lang === 'en' ? s.dataset.meta.name_en : s.dataset.meta.name;
  downloadText(exportFileName({ dataset: name, scenario: '', what: 'communities-drawn', ext: 'geojson', at: new Date() }), text, 'application/geo+json');
}
