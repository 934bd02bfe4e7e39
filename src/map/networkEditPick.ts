// Picking for the network-edit tools, in screen pixels so that "near" means near on the map at any
// zoom: the nearest street (for closing it or snapping a path's end), the nearest gate, the nearest
// point of a compound wall.
import type { Map as MlMap } from 'maplibre-gl';
import type { Dataset, Position } from '../../workers/model/dataset.ts';
import type { GateView } from './networkEditLayers.ts';

/** Pick radius in CSS pixels. */
export const PICK_PX = 12;

interface Hit { d: number; at: Position }

function nearestOnLine(map: MlMap, coords: Position[], px: number, py: number): Hit {
  let best: Hit = { d: Infinity, at: coords[0] };
  let prev = map.project(coords[0] as [number, number]);
  for (let k = 1; k < coords.length; k++) {
    const cur = map.project(coords[k] as [number, number]);
    const dx = cur.x - prev.x, dy = cur.y - prev.y, L2 = dx * dx + dy * dy;
    const t = L2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - prev.x) * dx + (py - prev.y) * dy) / L2));
    const d = Math.hypot(px - prev.x - t * dx, py - prev.y - t * dy);
    if (d < best.d) {
      // Interpolate in lon/lat: at map scale Web Mercator is linear along a segment.
      const a = coords[k - 1], b = coords[k];
      best = { d, at: [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])] };
    }
    prev = cur;
  }
  return best;
}

/** The street nearest the click within PICK_PX: its id, and the point on it nearest the click. */
export function pickStreet(map: MlMap, ds: Dataset, lon: number, lat: number, publicOnly = false): { id: string; name: string; at: Position } | null {
  const p = map.project([lon, lat]);
  let best: { id: string; name: string; at: Position; d: number } | null = null;
  for (const f of ds.streets.features) {
    if (f.geometry?.type !== 'LineString') continue;
    if (publicOnly && f.properties.compound) continue;
    const h = nearestOnLine(map, f.geometry.coordinates, p.x, p.y);
    if (h.d <= PICK_PX && (!best || h.d < best.d)) best = { id: String(f.properties.id), name: String(f.properties.name ?? ''), at: h.at, d: h.d };
  }
  return best && { id: best.id, name: best.name, at: best.at };
}

export function pickGate(map: MlMap, gates: GateView[], lon: number, lat: number): GateView | null {
  const p = map.project([lon, lat]);
  let best: GateView | null = null, bd = PICK_PX;
  for (const g of gates) {
    const q = map.project(g.position as [number, number]);
    const d = Math.hypot(q.x - p.x, q.y - p.y);
    if (d <= bd) { bd = d; best = g; }
  }
  return best;
}

/** The compound wall nearest the click within PICK_PX, and the point on it. */
export function pickWall(map: MlMap, ds: Dataset, lon: number, lat: number): { compound: string; name: string; at: Position } | null {
  const p = map.project([lon, lat]);
  let best: { compound: string; name: string; at: Position; d: number } | null = null;
  for (const c of ds.compounds.features) {
    const ring = c.geometry?.coordinates?.[0];
    if (!ring) continue;
    const h = nearestOnLine(map, ring, p.x, p.y);
    if (h.d <= PICK_PX && (!best || h.d < best.d)) best = { compound: String(c.properties.id), name: String(c.properties.name ?? ''), at: h.at, d: h.d };
  }
  return best && { compound: best.compound, name: best.name, at: best.at };
}

/**
 * Where a clicked path point goes: onto a gate near the click, else onto the street near it, else
 * where it was clicked (an interior bend of the path).
 */
export function snapPathPoint(map: MlMap, ds: Dataset, gates: GateView[], lon: number, lat: number): Position {
  const g = pickGate(map, gates, lon, lat);
  if (g) return g.position;
  const s = pickStreet(map, ds, lon, lat);
  return s ? s.at : [lon, lat];
}
