// The twin's view state (one field of the app store). Kept free of imports so the store can take
// its defaults without an import cycle.

export type ViewMode = '2d' | '3d';

/** What the extruded buildings are coloured by. */
export type TwinMetric = 'walk' | 'covered' | 'completeness' | 'change' | 'use';
export const TWIN_METRICS: TwinMetric[] = ['walk', 'covered', 'completeness', 'change', 'use'];

export interface TwinState {
  view: ViewMode;
  metric: TwinMetric;
  /** Circle (5/10/15 min) whose completeness the `completeness` metric shows. */
  circle: 5 | 10 | 15;
  /** The one-screen overview (一屏统览) fills the window. */
  overview: boolean;
  /** Briefing mode (汇报模式) and its current slide, 0-based. */
  briefing: boolean;
  slide: number;
}

export const TWIN_DEFAULT: TwinState = { view: '2d', metric: 'walk', circle: 15, overview: false, briefing: false, slide: 0 };

/** The camera tilt the 3D view starts from. */
export const PITCH_3D = 55;
