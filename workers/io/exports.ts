// The files analysts hand on: gap areas as GeoJSON, indicators and per-building access as CSV.
// CSVs are UTF-8 with a BOM so Excel in a Chinese locale opens them without mojibake.

import { gapFeatures, type AnalysisResult } from '../analysis/coverage.ts';
import type { Engine } from '../engine.ts';
import { toLonLat } from '../model/geo.ts';

const BOM = '\uFEFF';

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'pass' : 'fail';
  let s = String(v);
  // A cell starting with = + - @ would run as a formula in a spreadsheet: keep it text.
  if (/^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(header: string[], rows: unknown[][]): string {
  return BOM + [header.join(','), ...rows.map((r) => r.map(cell).join(','))].join('\r\n') + '\r\n';
}

export function tableLabel(r: AnalysisResult): string {
  return `${r.table.id} v${r.table.version} #${r.table.fingerprint}${r.table.edited ? ' (edited)' : ''}`;
}

export function gapsGeoJson(r: AnalysisResult): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    standards: tableLabel(r),
    profile: r.profile,
    features: gapFeatures(r),
  });
}

export const INDICATOR_BASE_COLUMNS = ['community_id', 'community_name', 'population', 'households', 'age60plus'];

export function indicatorsCsv(e: Engine, r: AnalysisResult): string {
  const scopes = [...r.communities.map((c) => c.id), 'district'];
  const ids = [...new Set(r.indicators.map((i) => i.id))];
  const cats = Object.keys(r.categories);
  const header = [
    ...INDICATOR_BASE_COLUMNS,
    ...ids.flatMap((id) => [id, `${id}_target`, `${id}_pass`]),
    ...cats.map((c) => `${c}_share`),
    'circle5_completeness', 'circle10_completeness', 'circle15_completeness', 'parking_deficit_spaces', 'standards_table', 'profile',
  ];
  // Where residents are estimates (model/population.ts), each scope says what share of its people they are.
  const est = e.facts.populationEstimated;
  if (est) header.push('population_estimated_share');
  // Scopes the dataset did not bring (zones derived from streets or a grid, drawn boundaries, 其他)
  // say so in a last column, so a table of "communities" is never read as official 社区.
  const sources = e.facts.communitySources;
  const marked = sources.some((s) => s !== 'dataset');
  if (marked) header.push('scope_source');
  const estPop = new Map<string, number>();
  const totals = new Map<string, { pop: number; hh: number; eld: number }>();
  const { everyone, households, age60plus } = e.facts.cohorts;
  for (let i = 0; i < everyone.length; i++) {
    for (const key of [r.buildingCommunity[i], 'district']) {
      if (!key) continue;
      const t = totals.get(key) ?? { pop: 0, hh: 0, eld: 0 };
      t.pop += everyone[i];
      t.hh += households[i];
      t.eld += age60plus[i];
      totals.set(key, t);
      if (est?.[i]) estPop.set(key, (estPop.get(key) ?? 0) + everyone[i]);
    }
  }
  const rows = scopes.map((scope) => {
    const name = scope === 'district' ? '全区' : r.communities.find((c) => c.id === scope)!.name;
    const t = totals.get(scope) ?? { pop: 0, hh: 0, eld: 0 };
    const ind = ids.flatMap((id) => {
      const row = r.indicators.find((i) => i.scope === scope && i.id === id);
      return [row?.value ?? null, row?.target ?? null, row?.pass ?? null];
    });
    const cov = cats.map((c) => {
      const res = r.categories[c as keyof typeof r.categories]!;
      const v = scope === 'district' ? res.district : res.byCommunity[scope];
      return v && v.target > 0 ? Math.round(v.share * 10000) / 10000 : null;
    });
    // Nobody living in a scope: its completeness is n/a (empty), not 0.
    const comp = ['5', '10', '15'].map((k) => (t.pop > 0 ? Math.round((r.completenessByCommunity[k]?.[scope] ?? 0) * 10000) / 10000 : null));
    const deficit = scope === 'district' ? r.parkingDeficit.district : r.parkingDeficit.byCommunity[scope] ?? 0;
    const share = est ? [t.pop > 0 ? Math.round(((estPop.get(scope) ?? 0) / t.pop) * 10000) / 10000 : null] : [];
    const source = marked ? [scope === 'district' ? '' : sources[e.facts.communityIds.indexOf(scope)] ?? ''] : [];
    return [scope, name, t.pop, t.hh, t.eld, ...ind, ...cov, ...comp, Math.round(deficit), tableLabel(r), r.profile, ...share, ...source];
  });
  return csv(header, rows);
}

export function accessCsv(e: Engine, r: AnalysisResult): string {
  const cats = Object.keys(r.categories) as Array<keyof typeof r.categories>;
  // Only datasets with estimated residents get the column, so exact data keeps its documented layout.
  const est = e.facts.populationEstimated;
  const header = ['building_id', 'community', 'lon', 'lat', 'population', ...(est ? ['population_estimated'] : []), ...cats.map((c) => `${c}_m`)];
  const rows = r.buildingIds.map((id, i) => {
    const [lon, lat] = toLonLat(e.proj, e.buildingXY[2 * i], e.buildingXY[2 * i + 1]);
    const ok = Number.isFinite(lon) && Number.isFinite(lat);
    return [
      id, r.buildingCommunity[i], ok ? Math.round(lon * 1e7) / 1e7 : null, ok ? Math.round(lat * 1e7) / 1e7 : null,
      e.facts.cohorts.everyone[i],
      ...(est ? [est[i] ? 'yes' : 'no'] : []),
      ...cats.map((c) => {
        const d = r.categories[c]!.dist[i];
        return Number.isFinite(d) ? Math.round(d) : null;
      }),
    ];
  });
  return csv(header, rows);
}

/**
 * Per-building walks before and after a plan, for joining in other GIS tools: `building_id`, then
 * `<category>_before_m`, `<category>_after_m` for every category (empty beyond the search limit).
 */
export function diffCsv(before: AnalysisResult, after: AnalysisResult): string {
  const cats = Object.keys(after.categories) as Array<keyof typeof after.categories>;
  const header = ['building_id', ...cats.flatMap((c) => [`${c}_before_m`, `${c}_after_m`])];
  const m = (d: number | undefined) => (d !== undefined && Number.isFinite(d) ? Math.round(d) : null);
  const rows = after.buildingIds.map((id, i) => [id, ...cats.flatMap((c) => [m(before.categories[c]?.dist[i]), m(after.categories[c]!.dist[i])])]);
  return csv(header, rows);
}
