// What a plan's network edits look like on the map: new paths and crossings, closed streets, every
// gate with its state at the plan's time of day, and the path being drawn. One GeoJSON source, added
// to whatever style the map has (a basemap switch replaces the style, so it is re-added then).
import type { GeoJSONSource, LayerSpecification, Map as MlMap } from 'maplibre-gl';
import type { Dataset, Position } from '../../workers/model/dataset.ts';
import type { Scenario } from '../../workers/scenario/types.ts';
import { openAt, parseClock } from '../../workers/scenario/network-edits.ts';

export const NET_SOURCE = 'netedit';

export interface GateView {
  id: string;
  position: Position;
  compound: string;
  added: boolean;
  open: boolean;
  hours: { open: string; close: string } | null;
}

/** Every gate of the dataset and the plan, with its state and hours as the plan leaves them. */
export function planGates(ds: Dataset, s: Scenario | null): GateView[] {
  const gates = new Map<string, GateView>();
  for (const c of ds.compounds.features) {
    (c.properties.gates ?? []).forEach((p, k) => {
      const id = `${c.properties.id}/${k}`;
      gates.set(id, { id, position: p, compound: String(c.properties.id), added: false, open: true, hours: null });
    });
  }
  for (const c of s?.changes ?? []) {
    if (c.kind === 'gate_add') gates.set(c.id, { id: c.id, position: c.position, compound: c.compound, added: true, open: true, hours: c.hours });
  }
  for (const c of s?.changes ?? []) {
    const g = c.kind === 'gate_state' || c.kind === 'gate_hours' ? gates.get(c.gate) : undefined;
    if (!g) continue;
    if (c.kind === 'gate_state') g.open = c.open;
    if (c.kind === 'gate_hours') g.hours = c.hours;
  }
  return [...gates.values()];
}

/** Whether a gate lets people through at the plan's time of day. */
export function gateOpenNow(g: GateView, time: string | null): boolean {
  const minute = time === null ? null : parseClock(time);
  return g.open && (minute === null || g.hours === null || openAt(g.hours, minute));
}

function netData(ds: Dataset, s: Scenario | null, draft: Array<[number, number]>, selectedGate: string | null) {
  const features: unknown[] = [];
  const streets = new Map(ds.streets.features.map((f) => [String(f.properties.id), f]));
  for (const c of s?.changes ?? []) {
    if (c.kind === 'path_add') {
      features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: c.coordinates }, properties: { kind: 'path', change: c.id, path_type: c.path_type } });
    } else if (c.kind === 'way_close') {
      const f = streets.get(c.street);
      if (f) features.push({ type: 'Feature', geometry: f.geometry, properties: { kind: 'closed', change: c.id } });
    }
  }
  if (s || selectedGate) {
    for (const g of planGates(ds, s)) {
      if (!s && g.id !== selectedGate) continue;
      features.push({
        type: 'Feature', geometry: { type: 'Point', coordinates: g.position },
        properties: {
          kind: 'gate', gate: g.id, state: gateOpenNow(g, s?.time_of_day ?? null) ? (g.added ? 'added' : 'open') : 'closed',
          hours: g.hours ? `${g.hours.open}–${g.hours.close}` : '', selected: g.id === selectedGate,
        },
      });
    }
  }
  if (draft.length > 1) features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: draft }, properties: { kind: 'draft' } });
  for (const p of draft) features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: p }, properties: { kind: 'draftpt' } });
  return { type: 'FeatureCollection', features };
}

const LAYERS: LayerSpecification[] = [
  {
    id: 'netedit-closed', type: 'line', source: NET_SOURCE, filter: ['==', ['get', 'kind'], 'closed'],
    paint: { 'line-color': '#c92a2a', 'line-width': 4, 'line-dasharray': [1.5, 1] },
  },
  {
    id: 'netedit-path', type: 'line', source: NET_SOURCE, filter: ['==', ['get', 'kind'], 'path'],
    layout: { 'line-cap': 'round' },
    paint: {
      'line-color': ['match', ['get', 'path_type'], 'footbridge', '#5f3dc4', 'underpass', '#364fc7', 'crossing', '#e67700', '#0b7285'],
      'line-width': 4,
    },
  },
  {
    id: 'netedit-draft', type: 'line', source: NET_SOURCE, filter: ['==', ['get', 'kind'], 'draft'],
    paint: { 'line-color': '#0b7285', 'line-width': 3, 'line-dasharray': [2, 1] },
  },
  {
    id: 'netedit-gate', type: 'circle', source: NET_SOURCE, filter: ['==', ['get', 'kind'], 'gate'],
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 13, 3, 16, 6],
      'circle-color': ['match', ['get', 'state'], 'closed', '#c92a2a', 'added', '#5f3dc4', '#2b8a3e'],
      'circle-stroke-color': ['case', ['get', 'selected'], '#f59f00', '#ffffff'],
      'circle-stroke-width': ['case', ['get', 'selected'], 4, 1.5],
    },
  },
  {
    id: 'netedit-draftpt', type: 'circle', source: NET_SOURCE, filter: ['==', ['get', 'kind'], 'draftpt'],
    paint: { 'circle-radius': 4, 'circle-color': '#ffffff', 'circle-stroke-color': '#0b7285', 'circle-stroke-width': 2 },
  },
];

/** Puts the source and layers on the map if the style lacks them, then sets the data. */
export function syncNetworkLayers(map: MlMap, ds: Dataset, s: Scenario | null, draft: Array<[number, number]>, selectedGate: string | null): void {
  const data = netData(ds, s, draft, selectedGate);
  const src = map.getSource(NET_SOURCE) as GeoJSONSource | undefined;
  if (src) {
    src.setData(data as never);
  } else {
    map.addSource(NET_SOURCE, { type: 'geojson', data: data as never });
    for (const l of LAYERS) map.addLayer(l);
  }
}

