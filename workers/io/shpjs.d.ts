// shpjs ships no types; these are the two functions the shapefile reader uses.
declare module 'shpjs' {
  /** Geometries of a .shp, reprojected with a proj4 definition when one is given. */
  export function parseShp(shp: Uint8Array | ArrayBuffer, prj?: string): unknown[];
  /** Attribute rows of a .dbf, decoded with the named text encoding. */
  export function parseDbf(dbf: Uint8Array | ArrayBuffer, encoding?: string): Array<Record<string, unknown>>;
}
