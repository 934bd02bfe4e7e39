import type { CategoryId } from '../../workers/model/dataset.ts';

/** Colour and one-character mark per facility category: readable at a glance, drawn with local fonts. */
export const CATEGORY_STYLE: Record<CategoryId, { color: string; mark: string }> = {
  health_station: { color: '#d6336c', mark: '医' },
  health_centre: { color: '#a61e4d', mark: '卫' },
  nursery: { color: '#f08c00', mark: '托' },
  kindergarten: { color: '#e8590c', mark: '幼' },
  elderly_daycare: { color: '#7048e8', mark: '老' },
  elderly_home: { color: '#5f3dc4', mark: '养' },
  primary_school: { color: '#1971c2', mark: '小' },
  middle_school: { color: '#1864ab', mark: '中' },
  market: { color: '#2b8a3e', mark: '菜' },
  convenience: { color: '#5c940d', mark: '便' },
  service_station: { color: '#c2255c', mark: '服' },
  park: { color: '#2f9e44', mark: '园' },
  green: { color: '#40c057', mark: '绿' },
  sports: { color: '#0c8599', mark: '运' },
  parking: { color: '#495057', mark: 'P' },
  bus_stop: { color: '#1098ad', mark: '公' },
};

/** Isochrone band colours, nearest band first. */
export const BAND_COLORS = ['#1a9850', '#a6d96a', '#fee08b', '#fdae61', '#f46d43', '#d73027'];
