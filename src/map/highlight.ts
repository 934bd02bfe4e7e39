// The selected feature drawn on top of the map: its own geometry from the dataset (not the clipped
// tile piece the click hit), so a building, a street or a whole compound lights up entire.
import type { Dataset } from '../../workers/model/dataset.ts';
import type { Selection } from '../state/store.ts';
import { gatePoints } from './derived.ts';

interface AnyFeature { type: 'Feature'; geometry: { type: string; coordinates: unknown } | null; properties: Record<string, unknown> }
export interface HighlightCollection { type: 'FeatureCollection'; features: AnyFeature[] }

export const EMPTY_HIGHLIGHT: HighlightCollection = { type: 'FeatureCollection', features: [] };

/** Layers of the dataset a selection kind names. */
const KIND_LAYERS: Record<string, Array<keyof Pick<Dataset, 'buildings' | 'facilities' | 'sites' | 'streets' | 'compounds' | 'landuse'>>> = {
  building: ['buildings'], facility: ['facilities'], site: ['sites'], street: ['streets'], compound: ['compounds'], landuse: ['landuse'],
};

const index = new WeakMap<Dataset, Map<string, AnyFeature>>();

function byId(ds: Dataset): Map<string, AnyFeature> {
  let m = index.get(ds);
  if (!m) {
    m = new Map();
    for (const layer of ['buildings', 'facilities', 'sites', 'streets', 'compounds', 'landuse'] as const) {
      for (const f of ds[layer].features) m.set(`${layer}:${String(f.properties.id)}`, f as unknown as AnyFeature);
    }
    for (const g of gatePoints(ds).features) m.set(`gates:${g.properties.id as string}`, g as unknown as AnyFeature);
    index.set(ds, m);
  }
  return m;
}

/** A key that names one gap hexagon of one category: its category and first corner. */
export function gapKey(f: { geometry: { coordinates: unknown }; properties: Record<string, unknown> }): string {
  const ring = (f.geometry.coordinates as number[][][])[0];
  return `${String(f.properties.category)}@${ring[0][0]},${ring[0][1]}`;
}

/**
 * What to draw for a selection: the feature's geometry, tagged `area`, `line` or `point` for the
 * highlight layers. A gap hexagon is looked up among the gaps drawn now (it has no id of its own).
 */
export function highlightFeatures(ds: Dataset | null, sel: Selection | null, gaps: HighlightCollection | null): HighlightCollection {
  if (!ds || !sel) return EMPTY_HIGHLIGHT;
  let f: AnyFeature | undefined;
  if (sel.kind === 'gap') {
    f = gaps?.features.find((g) => g.geometry && gapKey(g as Parameters<typeof gapKey>[0]) === sel.id);
  } else if (sel.kind === 'gate') {
    f = byId(ds).get(`gates:${sel.id}`);
  } else {
    for (const layer of KIND_LAYERS[sel.kind] ?? []) f ??= byId(ds).get(`${layer}:${sel.id}`);
  }
  if (!f?.geometry) return EMPTY_HIGHLIGHT;
  const t = f.geometry.type;
  const shape = t === 'Polygon' || t === 'MultiPolygon' ? 'area' : t === 'LineString' || t === 'MultiLineString' ? 'line' : 'point';
  return { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: f.geometry, properties: { shape, kind: sel.kind, id: sel.id } }] };
}
