// One owner for the map's cursor: a drag in progress, a pick tool waiting for its click, a feature
// under the pointer. Several handlers used to set it directly and undo each other.
import type { Map as MlMap } from 'maplibre-gl';
import type { AppState } from '../state/store.ts';

export type GrabCursor = '' | 'grab' | 'grabbing';

interface CursorState { hover: boolean; grab: GrabCursor }

const states = new WeakMap<MlMap, CursorState>();

type ToolState = Pick<AppState, 'tool' | 'netTool' | 'studio' | 'boundaries'>;

/** A tool that turns the next click into a position (isochrone point, network edit, search-area or boundary corner). */
export function pickToolActive(s: ToolState): boolean {
  return s.tool === 'isochrone' || s.netTool !== 'none' || s.studio.suggest.drawing || s.boundaries.drawing;
}

export function cursorFor(pick: boolean, c: CursorState): string {
  if (c.grab) return c.grab;
  if (pick) return 'crosshair';
  return c.hover ? 'pointer' : '';
}

/** The cursor the map should show now; deck.gl, which shares the canvas in 3D, asks here too. */
export function wantedCursor(map: MlMap, s: ToolState): string {
  return cursorFor(pickToolActive(s), states.get(map) ?? { hover: false, grab: '' });
}

/** Records what the caller knows (hover over a clickable feature, a grab) and sets the cursor from all of it. */
export function updateCursor(map: MlMap, s: ToolState, patch: Partial<CursorState> = {}) {
  states.set(map, { ...(states.get(map) ?? { hover: false, grab: '' as GrabCursor }), ...patch });
  const want = wantedCursor(map, s);
  const canvas = map.getCanvas();
  if (canvas.style.cursor !== want) canvas.style.cursor = want;
}
