import { gapFeatures, type AnalysisResult } from '../../workers/analysis/coverage.ts';
import type { CategoryId, Dataset } from '../../workers/model/dataset.ts';
import type { Overlays } from './style.ts';
import { gapKey } from './highlight.ts';

const EMPTY = { type: 'FeatureCollection' as const, features: [] };

/**
 * The selected category's analysis as map data: buildings carrying their walk (`_d`, -1 beyond the
 * search limit) and the category threshold (`_t`), and that category's gap hexagons, each with the
 * key (`_hex`) a click selects it by.
 */
export function analysisOverlays(ds: Dataset | null, analysis: AnalysisResult | null, category: CategoryId):
  Pick<Overlays, 'buildings' | 'gaps'> {
  const r = analysis?.categories[category];
  if (!ds || !analysis || !r) return { buildings: EMPTY, gaps: EMPTY };
  const buildings = {
    type: 'FeatureCollection' as const,
    features: ds.buildings.features.map((f, i) => ({
      type: 'Feature' as const,
      geometry: f.geometry,
      properties: {
        ...f.properties,
        _d: Number.isFinite(r.dist[i]) ? Math.round(r.dist[i]) : -1,
        _t: r.threshold_m,
      } as Record<string, unknown>,
    })),
  };
  const gaps = {
    type: 'FeatureCollection' as const,
    features: gapFeatures(analysis, category).map((f) => ({ ...f, properties: { ...f.properties, _hex: gapKey(f) } })),
  };
  return { buildings, gaps: gaps as unknown as Overlays['gaps'] };
}
