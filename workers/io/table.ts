// Facilities / POIs from CSV or XLSX with longitude/latitude columns in WGS84, GCJ-02 (Amap,
// Tencent) or BD-09 (Baidu), converted to WGS84 with gcoord. Rows with unusable coordinates are
// kept with what they had, so the validator names them; nothing is dropped silently here.

import Papa from 'papaparse';
import * as XLSX from 'xlsx';
import gcoord from 'gcoord';
import { ImportError, type LayerParts } from './source.ts';
import { decodeChinese, guessFields, mapRow, type FieldMap, type FieldMaps } from './fields.ts';

export type PointCrs = 'wgs84' | 'gcj02' | 'bd09';
export const POINT_CRS: PointCrs[] = ['wgs84', 'gcj02', 'bd09'];

// Exact names first, then names that start with or contain the word (经度_gcj02, lng_baidu, POINT_X).
const LON = [/^(lon|lng|long|longitude|经度|x|x坐标|point_x)$/i, /^(lon|lng|longitude)[_ (（-]|经度/i, /(wgs84|gcj|bd|baidu|amap)_?(lon|lng)/i];
const LAT = [/^(lat|latitude|纬度|y|y坐标|point_y)$/i, /^(lat|latitude)[_ (（-]|纬度/i, /(wgs84|gcj|bd|baidu|amap)_?lat/i];

/** The longitude and latitude columns a table's header suggests. */
export function guessLonLat(columns: string[]): { lon?: string; lat?: string } {
  const pick = (res: RegExp[]) => { for (const re of res) { const c = columns.find((col) => re.test(col.trim())); if (c) return c; } return undefined; };
  return { lon: pick(LON), lat: pick(LAT) };
}

export interface TableOptions {
  crs?: PointCrs;
  fieldMaps?: FieldMaps;
  /** Category for every row when the table has no category column. */
  category?: string;
}

/** The coordinate system a file name or its columns suggest (高德/amap/gcj → GCJ-02, 百度/baidu/bd09 → BD-09), else WGS84. */
export function guessCrs(name: string): PointCrs {
  if (/baidu|百度|bd09/i.test(name)) return 'bd09';
  if (/amap|gaode|高德|tencent|腾讯|gcj/i.test(name)) return 'gcj02';
  return 'wgs84';
}

/** Rows of the first sheet (XLSX) or of the CSV, with the column names. */
export function readRows(bytes: Uint8Array, file: string): { columns: string[]; rows: Array<Record<string, unknown>> } {
  if (/\.xlsx?$/i.test(file)) {
    let wb: XLSX.WorkBook;
    try {
      wb = XLSX.read(bytes, { type: 'array' });
    } catch (e) {
      throw new ImportError(file, `not a readable Excel workbook: ${(e as Error).message}`);
    }
    const sheet = wb.Sheets[wb.SheetNames[0]];
    if (!sheet) throw new ImportError(file, 'the workbook has no sheet');
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(sheet, { defval: '' });
    return { columns: rows.length ? Object.keys(rows[0]) : [], rows };
  }
  const { text } = decodeChinese(bytes);
  const res = Papa.parse<Record<string, unknown>>(text.trim(), { header: true, skipEmptyLines: true, dynamicTyping: false });
  const fatal = res.errors.find((e) => e.type === 'Delimiter' || e.code === 'MissingQuotes');
  if (fatal) throw new ImportError(file, `not parseable as CSV: ${fatal.message} (row ${(fatal.row ?? 0) + 2})`);
  return { columns: res.meta.fields ?? [], rows: res.data };
}

export function readTable(bytes: Uint8Array, file: string, opts: TableOptions = {}): LayerParts {
  const { columns, rows } = readRows(bytes, file);
  if (rows.length === 0) throw new ImportError(file, 'the table has no rows');
  const crs = opts.crs ?? guessCrs(`${file} ${columns.join(' ')}`);
  const map: FieldMap = opts.fieldMaps?.[file.replace(/^.*[\\/]/, '')] ?? opts.fieldMaps?.[file] ?? guessFields(columns);
  const guessed = guessLonLat(columns);
  const lonCol = map.lon || guessed.lon, latCol = map.lat || guessed.lat;
  if (!lonCol || !latCol) throw new ImportError(file, `no longitude/latitude columns (looked for lon/lng/经度 and lat/纬度 among: ${columns.join(', ')})`);
  for (const c of [lonCol, latCol]) if (!columns.includes(c)) throw new ImportError(file, `the chosen coordinate column "${c}" is not in the table (columns: ${columns.join(', ')})`);
  const from = crs === 'gcj02' ? gcoord.GCJ02 : crs === 'bd09' ? gcoord.BD09 : null;
  const features = rows.map((row, i) => {
    const props = mapRow(row, map);
    if (props.id === undefined || props.id === '') props.id = `row-${i + 2}`;
    else props.id = String(props.id);
    if (props.category === undefined && opts.category) props.category = opts.category;
    const lon = num(row[lonCol]), lat = num(row[latCol]);
    let coords: [number, number] = [lon, lat];
    if (from && Number.isFinite(lon) && Number.isFinite(lat)) coords = gcoord.transform([lon, lat], from, gcoord.WGS84) as [number, number];
    props.source_crs = crs;
    return { type: 'Feature', geometry: { type: 'Point', coordinates: coords }, properties: props };
  });
  const out: LayerParts = { layers: { facilities: { type: 'FeatureCollection', features } }, files: { facilities: file }, notes: [] };
  if (crs !== 'wgs84') out.china = true;
  out.notes.push({ file, severity: 'info', problem: `${rows.length} rows read as facilities, coordinates in ${crs.toUpperCase()} (${lonCol}, ${latCol}) converted to WGS84` });
  return out;
}

function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') return Number(v.trim());
  return NaN;
}
