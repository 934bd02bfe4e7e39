// Coordinate systems named by EPSG code, as older GeoJSON (the 2008 `crs` member, still written by
// QGIS and ArcGIS) names them: WGS84, CGCS2000, Web Mercator and the CGCS2000 Gauss-Krüger grids.

import proj4 from 'proj4';
import type { Position } from '../model/dataset.ts';

export interface NamedCrs {
  /** proj4 definition; null for longitude/latitude degrees. */
  def: string | null;
  label: string;
  china: boolean;
}

const tmerc = (lon0: number, x0: number) => `+proj=tmerc +lat_0=0 +lon_0=${lon0} +k=1 +x_0=${x0} +y_0=0 +ellps=GRS80 +units=m +no_defs`;

/** The system an EPSG code stands for, or null when it is not one we can place safely. */
export function epsgCrs(code: number): NamedCrs | null {
  if (code === 4326) return { def: null, label: 'WGS84 (EPSG:4326)', china: false };
  if (code === 4490) return { def: null, label: 'CGCS2000 (EPSG:4490)', china: true };
  if (code === 3857 || code === 900913) return { def: 'EPSG:3857', label: 'Web Mercator (EPSG:3857)', china: false };
  // EPSG's CGCS2000 Gauss-Krüger series: 6° zones 13–23 with the zone in x, 6° by central
  // meridian 75°E–135°E, 3° zones 25–45 with the zone in x, 3° by central meridian 75°E–135°E.
  if (code >= 4491 && code <= 4501) { const z = 13 + code - 4491; return { def: tmerc(z * 6 - 3, z * 1e6 + 500000), label: `CGCS2000 Gauss-Krüger 6° zone ${z} (EPSG:${code})`, china: true }; }
  if (code >= 4502 && code <= 4512) { const cm = 75 + (code - 4502) * 6; return { def: tmerc(cm, 500000), label: `CGCS2000 Gauss-Krüger 6° CM ${cm}°E (EPSG:${code})`, china: true }; }
  if (code >= 4513 && code <= 4533) { const z = 25 + code - 4513; return { def: tmerc(z * 3, z * 1e6 + 500000), label: `CGCS2000 Gauss-Krüger 3° zone ${z} (EPSG:${code})`, china: true }; }
  if (code >= 4534 && code <= 4554) { const cm = 75 + (code - 4534) * 3; return { def: tmerc(cm, 500000), label: `CGCS2000 Gauss-Krüger 3° CM ${cm}°E (EPSG:${code})`, china: true }; }
  return null;
}

/** EPSG code from a GeoJSON `crs` name ("EPSG:3857", "urn:ogc:def:crs:EPSG::4548", "urn:ogc:def:crs:OGC:1.3:CRS84"). */
export function crsCode(name: string): number | null {
  if (/CRS84$/i.test(name)) return 4326;
  const m = /EPSG:(?::|[\d.]*:)?(\d+)$/i.exec(name.trim());
  return m ? Number(m[1]) : null;
}

/** A converter from the system's coordinates to WGS84 longitude/latitude. */
export function toWgs84(crs: NamedCrs): (p: Position) => Position {
  if (!crs.def) return (p) => p;
  const conv = proj4(crs.def, 'EPSG:4326');
  return (p) => conv.forward([p[0], p[1]]) as Position;
}
