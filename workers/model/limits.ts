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
  /** Grid cells of an isochrone raster (the cell grows to stay under it). */
  isochroneCells: 250_000,
} as const;

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
