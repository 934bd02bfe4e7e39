// Zipped shapefiles (.shp + .dbf + .prj [+ .cpg]) to our layers, reprojected to WGS84 with proj4.
// Projections are read from the .prj and accepted only where we know what they mean: WGS84,
// CGCS2000 geographic (EPSG:4490), Web Mercator, and transverse Mercator grids such as CGCS2000
// Gauss-Krüger 3° and 6° zones (with or without the zone number in front of x). Attributes are
// decoded as the .cpg says, else by the dBASE language byte, else UTF-8 when valid, else GBK.

import { unzipSync } from 'fflate';
import { parseDbf, parseShp } from 'shpjs';
import { ImportError, type LayerParts } from './source.ts';
import { guessFields, mapRow, type FieldMaps } from './fields.ts';
import type { LayerName } from '../model/dataset.ts';

export interface Projection {
  /** proj4 definition of the source grid; null for longitude/latitude degrees. */
  def: string | null;
  label: string;
  /** A Chinese datum: coordinates must lie in China. */
  china: boolean;
}

const param = (wkt: string, name: string): number | undefined => {
  const m = new RegExp(`PARAMETER\\s*\\[\\s*"${name}"\\s*,\\s*(-?[\\d.eE+-]+)`, 'i').exec(wkt);
  return m ? Number(m[1]) : undefined;
};

/** Reads a .prj (ESRI or OGC WKT). Throws ImportError for a system we cannot place safely. */
export function projectionFromPrj(wkt: string, file: string): Projection {
  const text = wkt.trim();
  const geog = /GEOGCS\s*\[\s*"([^"]*)"/i.exec(text)?.[1] ?? '';
  const datum = /DATUM\s*\[\s*"([^"]*)"/i.exec(text)?.[1] ?? '';
  const ids = `${geog} ${datum}`;
  const isCgcs = /China_?2000|CGCS_?2000|China_Geodetic_Coordinate_System_2000|China Geodetic Coordinate System 2000/i.test(ids);
  const isWgs = /WGS_?1984|WGS[ _]?84/i.test(ids);
  if (/Beijing_?1954|Xian_?1980|Xi'an_?1980|New_Beijing/i.test(ids)) {
    throw new ImportError(file, `the data is in ${geog || datum}, which needs datum shift parameters this tool does not have: reproject to CGCS2000 or WGS84 in your GIS first`);
  }
  if (!isCgcs && !isWgs) throw new ImportError(file, `unknown coordinate system "${geog || datum || text.slice(0, 60)}": reproject to WGS84 (EPSG:4326) or CGCS2000 (EPSG:4490)`);
  const projcs = /PROJCS\s*\[\s*"([^"]*)"/i.exec(text)?.[1];
  if (!projcs) return { def: null, label: isCgcs ? 'CGCS2000 (EPSG:4490)' : 'WGS84 (EPSG:4326)', china: isCgcs };
  const unit = /UNIT\s*\[\s*"([^"]*)"\s*,\s*([\d.]+)\s*\]\s*(,\s*AUTHORITY[^\]]*\])?\s*\]?\s*$/i.exec(text) ?? /UNIT\s*\[\s*"(Meter|metre|m)"/i.exec(text);
  if (unit && !/^(meter|metre|m)$/i.test(unit[1])) throw new ImportError(file, `projected coordinates in "${unit[1]}" are not supported: export in metres`);
  const method = /PROJECTION\s*\[\s*"([^"]*)"/i.exec(text)?.[1] ?? '';
  if (/Mercator_Auxiliary_Sphere|Pseudo.?Mercator|Popular_Visualisation|Web_Mercator/i.test(`${method} ${projcs}`)) {
    return { def: 'EPSG:3857', label: 'Web Mercator (EPSG:3857)', china: false };
  }
  if (/Gauss|Transverse_Mercator/i.test(method)) {
    const lon0 = param(text, 'Central_Meridian'), fe = param(text, 'False_Easting') ?? 0, fn = param(text, 'False_Northing') ?? 0;
    const k = param(text, 'Scale_Factor') ?? 1, lat0 = param(text, 'Latitude_Of_Origin') ?? 0;
    if (lon0 === undefined) throw new ImportError(file, `the .prj's ${method} projection has no central meridian`);
    const ellps = isCgcs ? '+ellps=GRS80' : '+datum=WGS84';
    return {
      def: `+proj=tmerc +lat_0=${lat0} +lon_0=${lon0} +k=${k} +x_0=${fe} +y_0=${fn} ${ellps} +units=m +no_defs`,
      label: `${projcs} (transverse Mercator, central meridian ${lon0}°)`, china: isCgcs,
    };
  }
  throw new ImportError(file, `unsupported projection "${projcs}" (${method}): reproject to WGS84, CGCS2000, Web Mercator or a CGCS2000 Gauss-Krüger zone`);
}

/**
 * Gauss-Krüger x often carries the zone number in front (39 512 345.6 for zone 39). When the .prj's
 * false easting lacks it but the zone's central meridian matches, the prefix is taken as meant.
 */
function fixZonePrefix(proj: Projection, sampleX: number, file: string, notes: LayerParts['notes']): Projection {
  if (!proj.def?.startsWith('+proj=tmerc')) return proj;
  const fe = Number(/\+x_0=([-\d.]+)/.exec(proj.def)![1]);
  const lon0 = Number(/\+lon_0=([-\d.]+)/.exec(proj.def)![1]);
  if (!(sampleX > 1e7 && fe < 1e6)) return proj;
  const zone = Math.floor(sampleX / 1e6);
  const fits = zone * 3 === lon0 || zone * 6 - 3 === lon0;
  if (!fits) {
    throw new ImportError(file, `x coordinates carry zone number ${zone}, but the .prj's central meridian is ${lon0}° (zone ${lon0 / 3} of 3° or ${(lon0 + 3) / 6} of 6°): wrong .prj`);
  }
  notes.push({ file, problem: `x coordinates carry the Gauss-Krüger zone number ${zone} in front; read with false easting ${zone * 1e6 + 500000}` });
  return { ...proj, def: proj.def.replace(/\+x_0=[-\d.]+/, `+x_0=${zone * 1e6 + fe}`) };
}

/** dBASE language driver ids of Chinese code pages (byte 29 of the header). */
const LDID_GBK = new Set([0x4d, 0x7a]);

/** The text encoding of a .dbf: its .cpg, else its language byte, else UTF-8 when valid, else GBK. */
export function dbfEncoding(dbf: Uint8Array, cpg: string | undefined): string {
  const c = cpg?.trim();
  if (c) {
    if (/^(936|cp936|gbk|gb2312|gb18030|ansi 936)$/i.test(c)) return 'gbk';
    if (/utf-?8|65001/i.test(c)) return 'utf-8';
    return c;
  }
  if (LDID_GBK.has(dbf[29])) return 'gbk';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(dbf.subarray(32));
    return 'utf-8';
  } catch {
    return 'gbk';
  }
}

const LAYER_BY_NAME: Array<[RegExp, LayerName]> = [
  [/build|bldg|建筑|房屋|楼/i, 'buildings'],
  [/road|street|street|line|路|道路|路网|network/i, 'streets'],
  [/communit|社区|居委|boundary|边界/i, 'communities'],
  [/compound|小区|院/i, 'compounds'],
  [/poi|facilit|设施|点/i, 'facilities'],
  [/landuse|用地|green|绿地|water|水/i, 'landuse'],
];

export function readZippedShapefile(bytes: Uint8Array, file: string, fieldMaps: FieldMaps = {}): LayerParts {
  let zip: Record<string, Uint8Array>;
  try {
    zip = unzipSync(bytes);
  } catch (e) {
    throw new ImportError(file, `not a readable zip: ${(e as Error).message}`);
  }
  const names = Object.keys(zip).filter((n) => !n.includes('__MACOSX'));
  const shps = names.filter((n) => /\.shp$/i.test(n));
  if (shps.length === 0) throw new ImportError(file, 'the zip holds no .shp file');
  const out: LayerParts = { layers: {}, files: {}, notes: [] };
  const find = (base: string, ext: string) => names.find((n) => n.toLowerCase() === `${base.toLowerCase()}.${ext}`);
  for (const shpName of shps) {
    const base = shpName.slice(0, -4);
    const label = `${file}/${shpName.replace(/^.*\//, '')}`;
    const layerKey = base.replace(/^.*\//, '');
    const prjName = find(base, 'prj');
    let proj: Projection;
    if (prjName) proj = projectionFromPrj(new TextDecoder().decode(zip[prjName]), label.replace(/\.shp$/i, '.prj'));
    else {
      proj = { def: null, label: 'none (.prj missing): read as WGS84 degrees', china: false };
      out.notes.push({ file: label, problem: 'no .prj: coordinates read as WGS84 longitude/latitude' });
    }
    const shp = zip[shpName];
    if (shp.length < 100 || new DataView(shp.buffer, shp.byteOffset).getInt32(0, false) !== 9994) throw new ImportError(label, 'not a shapefile (.shp header is wrong)');
    if (shp.length > 100) proj = fixZonePrefix(proj, new DataView(shp.buffer, shp.byteOffset).getFloat64(36, true), label, out.notes);
    let geoms: Array<{ type: string; coordinates: unknown } | null>;
    try {
      geoms = parseShp(shp, proj.def ?? undefined) as typeof geoms;
    } catch (e) {
      throw new ImportError(label, `the .shp cannot be read: ${(e as Error).message}`);
    }
    const dbfName = find(base, 'dbf');
    let rows: Array<Record<string, unknown>> = [];
    if (dbfName) {
      const cpgName = find(base, 'cpg');
      const enc = dbfEncoding(zip[dbfName], cpgName ? new TextDecoder().decode(zip[cpgName]) : undefined);
      try {
        rows = parseDbf(zip[dbfName], enc) as typeof rows;
      } catch (e) {
        throw new ImportError(label.replace(/\.shp$/i, '.dbf'), `the .dbf cannot be read: ${(e as Error).message}`);
      }
    } else out.notes.push({ file: label, problem: 'no .dbf: features have no attributes' });
    if (proj.china) out.china = true;
    const columns = rows.length ? Object.keys(rows[0]) : [];
    const map = fieldMaps[layerKey] ?? fieldMaps[file] ?? guessFields(columns);
    const gtype = geoms.find((g) => g)?.type ?? '';
    const layer = LAYER_BY_NAME.find(([re]) => re.test(layerKey))?.[1]
      ?? (/LineString/.test(gtype) ? 'streets' : /Polygon/.test(gtype) ? 'buildings' : 'facilities');
    const features = geoms.map((g, i) => {
      const props = mapRow(rows[i] ?? {}, map);
      if (props.id === undefined) props.id = `${layerKey}/${i + 1}`;
      if (layer === 'streets' && props.class === undefined) props.class = typeof props.highway === 'string' ? props.highway : typeof props.fclass === 'string' ? props.fclass : 'other';
      return { type: 'Feature', geometry: g, properties: props };
    });
    const fc = out.layers[layer] ?? { type: 'FeatureCollection' as const, features: [] };
    fc.features.push(...features);
    out.layers[layer] = fc;
    out.files[layer] = out.files[layer] ? `${out.files[layer]} + ${label}` : label;
    out.notes.push({ file: label, severity: 'info', problem: `read as ${layer} (${features.length} features) in ${proj.label}` });
  }
  return out;
}
