// Caps on work a request can ask for. The work must be bounded by the data, not by a typo: a
// thousand isochrone bands or a ten-hour walk would only hang the page, and a stray coordinate
// must not turn one facility outline into millions of access points. Shared by the engine, the
// CLIs and the app's stored settings, so each says the same thing.

export const LIMITS = {
  /** Isochrone bands in one request. */
  isochroneBands: 12,
  /** Longest walk an isochrone band may ask for, minutes. */
  isochroneMinutes: 120,
  /** Shortest, minutes. */
  isochroneMinMinutes: 1,
  /** Access points sampled along one facility outline (spacing grows beyond this). */
  outlineSamples: 2000,
  /** Longest walk a route is searched for, metres: twice the largest threshold a standards table may set. */
  maxSearchM: 10_000,
  /** Grid cells of an isochrone raster (the cell grows to stay under it). */
  isochroneCells: 250_000,
  /** Gap hexagon size (centre to corner), metres: smaller is one hexagon per building, larger hides every gap. */
  hexSize: [25, 2000] as const,
} as const;

/** Why analysis options are unusable (hexagon size, decay), or null. */
export function analysisOptionsProblem(opts: { hexSize?: unknown; decay?: unknown }): string | null {
  if (opts.hexSize !== undefined) {
    const h = opts.hexSize;
    if (typeof h !== 'number' || !(h >= LIMITS.hexSize[0] && h <= LIMITS.hexSize[1])) {
      return `the gap hexagon size must be ${LIMITS.hexSize[0]} to ${LIMITS.hexSize[1]} m (got ${typeof h === 'number' ? String(h) : JSON.stringify(h)})`;
    }
  }
  if (opts.decay !== undefined && opts.decay !== 'none' && opts.decay !== 'gaussian') return `decay must be "none" or "gaussian" (got ${JSON.stringify(opts.decay)})`;
  return null;
}

/** Why a list of isochrone minutes is unusable, or null when it is fine. */
export function minutesProblem(minutes: unknown): string | null {
  if (!Array.isArray(minutes) || minutes.length === 0) return 'give at least one number of minutes';
  if (minutes.length > LIMITS.isochroneBands) return `at most ${LIMITS.isochroneBands} bands (got ${minutes.length})`;
  for (const m of minutes) {
    if (typeof m !== 'number' || !Number.isFinite(m)) return `minutes must be numbers (got ${JSON.stringify(m)})`;
    if (m < LIMITS.isochroneMinMinutes || m > LIMITS.isochroneMinutes) {
      return `minutes must be positive numbers from ${LIMITS.isochroneMinMinutes} to ${LIMITS.isochroneMinutes} (got ${m})`;
    }
  }
  if (new Set(minutes).size !== minutes.length) return 'the same number of minutes is listed twice';
  return null;
}
