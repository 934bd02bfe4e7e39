// Zipped shapefiles (bytes written here: .shp/.shx/.dbf/.prj, GBK attributes, Gauss-Krüger and
// other grids) and CSV/XLSX POIs in GCJ-02 and BD-09 (their values computed here with the published
// formulas, independently of gcoord) import to the expected features and run end to end.
import { describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import proj4 from 'proj4';
import * as XLSX from 'xlsx';
import { importFiles, inspectFiles } from '../../workers/io/import.ts';
import { readTable } from '../../workers/io/table.ts';
import { projectionFromPrj } from '../../workers/io/shapefile.ts';
import { resolveCategory } from '../../workers/io/fields.ts';
import { ImportError } from '../../workers/io/source.ts';
import { DatasetRefused } from '../../workers/model/validate.ts';
import { Engine } from '../../workers/engine.ts';
import { analyze } from '../../workers/analysis/coverage.ts';
import { loadStandards } from '../../scripts/lib/standards.ts';
import { ll } from './fixtures.ts';

type XY = [number, number];
const hex = (h: string) => Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16)));
const utf8 = (s: string) => new TextEncoder().encode(s);
// GBK bytes, from Python's codec: 名称 层数 人口 类别 社区卫生服务站 便利店 幸福小区1号楼 幸福小区2号楼 建设路 经度 纬度 幼儿园
const GBK = {
  名称: hex('c3fbb3c6'), 层数: hex('b2e3cafd'), 人口: hex('c8cbbfda'), 类别: hex('c0e0b1f0'),
  社区卫生服务站: hex('c9e7c7f8cec0c9fab7fecef1d5be'), 便利店: hex('b1e3c0fbb5ea'),
  幸福小区1号楼: hex('d0d2b8a3d0a1c7f831bac5c2a5'), 幸福小区2号楼: hex('d0d2b8a3d0a1c7f832bac5c2a5'), 建设路: hex('bda8c9e8c2b7'),
  经度: hex('beadb6c8'), 纬度: hex('ceb3b6c8'), 幼儿园: hex('d3d7b6f9d4b0'),
};

// ---- shapefile writing (ESRI Shapefile Technical Description, 1998) ----
type Shape = { type: 1; pt: XY } | { type: 3 | 5; parts: XY[][] };
function shpFiles(shapes: Shape[]): { shp: Uint8Array; shx: Uint8Array } {
  const contents = shapes.map((s) => {
    if (s.type === 1) {
      const b = new DataView(new ArrayBuffer(20));
      b.setInt32(0, 1, true); b.setFloat64(4, s.pt[0], true); b.setFloat64(12, s.pt[1], true);
      return new Uint8Array(b.buffer);
    }
    const pts = s.parts.flat();
    const b = new DataView(new ArrayBuffer(44 + 4 * s.parts.length + 16 * pts.length));
    b.setInt32(0, s.type, true);
    const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
    [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].forEach((v, k) => b.setFloat64(4 + 8 * k, v, true));
    b.setInt32(36, s.parts.length, true); b.setInt32(40, pts.length, true);
    let start = 0;
    s.parts.forEach((p, k) => { b.setInt32(44 + 4 * k, start, true); start += p.length; });
    const o = 44 + 4 * s.parts.length;
    pts.forEach((p, k) => { b.setFloat64(o + 16 * k, p[0], true); b.setFloat64(o + 16 * k + 8, p[1], true); });
    return new Uint8Array(b.buffer);
  });
  const all = shapes.flatMap((s) => (s.type === 1 ? [s.pt] : s.parts.flat()));
  const header = (lengthBytes: number) => {
    const h = new DataView(new ArrayBuffer(100));
    h.setInt32(0, 9994, false); h.setInt32(24, lengthBytes / 2, false); h.setInt32(28, 1000, true); h.setInt32(32, shapes[0].type, true);
    [Math.min(...all.map((p) => p[0])), Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[0])), Math.max(...all.map((p) => p[1]))]
      .forEach((v, k) => h.setFloat64(36 + 8 * k, v, true));
    return new Uint8Array(h.buffer);
  };
  const shpLen = 100 + contents.reduce((s, c) => s + 8 + c.length, 0);
  const shp = new Uint8Array(shpLen);
  shp.set(header(shpLen));
  const shx = new Uint8Array(100 + 8 * shapes.length);
  shx.set(header(shx.length));
  let at = 100;
  contents.forEach((c, i) => {
    const rh = new DataView(shp.buffer, at, 8);
    rh.setInt32(0, i + 1, false); rh.setInt32(4, c.length / 2, false);
    const xh = new DataView(shx.buffer, 100 + 8 * i, 8);
    xh.setInt32(0, at / 2, false); xh.setInt32(4, c.length / 2, false);
    shp.set(c, at + 8);
    at += 8 + c.length;
  });
  return { shp, shx };
}

/** dBASE III table; `gbk` sets the Chinese language driver byte. Values are bytes already encoded. */
function dbf(fields: Array<{ name: Uint8Array; type: 'C' | 'N'; len: number }>, rows: Uint8Array[][], gbk: boolean): Uint8Array {
  const recLen = 1 + fields.reduce((s, f) => s + f.len, 0);
  const headLen = 32 + 32 * fields.length + 1;
  const out = new Uint8Array(headLen + recLen * rows.length + 1).fill(0);
  const v = new DataView(out.buffer);
  out[0] = 3; out[1] = 126; out[2] = 11; out[3] = 23;
  v.setUint32(4, rows.length, true); v.setUint16(8, headLen, true); v.setUint16(10, recLen, true);
  out[29] = gbk ? 0x4d : 0;
  fields.forEach((f, k) => {
    out.set(f.name.slice(0, 10), 32 + 32 * k);
    out[32 + 32 * k + 11] = f.type.charCodeAt(0);
    out[32 + 32 * k + 16] = f.len;
  });
  out[headLen - 1] = 0x0d;
  rows.forEach((r, i) => {
    let at = headLen + recLen * i;
    out[at++] = 0x20;
    r.forEach((val, k) => {
      const cell = new Uint8Array(fields[k].len).fill(0x20);
      if (fields[k].type === 'N') cell.set(val, fields[k].len - val.length); else cell.set(val);
      out.set(cell, at);
      at += fields[k].len;
    });
  });
  out[out.length - 1] = 0x1a;
  return out;
}

// The district in metres around (117°E, 32°N); projected by `to` into the shapefile's grid.
const STREETS: XY[][] = [[[0, 0], [100, 0], [200, 0]], [[100, 0], [100, 200]]];
const BUILDINGS: XY[] = [[50, 20], [120, 150]];
const POIS: XY[] = [[0, 0], [200, 10]];
/** Clockwise square (shapefile outer rings run clockwise). */
const cwSquare = (c: XY, h: number): XY[] => [[c[0] - h, c[1] - h], [c[0] - h, c[1] + h], [c[0] + h, c[1] + h], [c[0] + h, c[1] - h], [c[0] - h, c[1] - h]];

function districtZip(prj: string | null, to: (lonlat: XY) => XY): Uint8Array {
  const P = (p: XY) => to(ll(p) as XY);
  const files: Record<string, Uint8Array> = {};
  const add = (name: string, shapes: Shape[], table: Uint8Array) => {
    const { shp, shx } = shpFiles(shapes);
    files[`${name}.shp`] = shp; files[`${name}.shx`] = shx; files[`${name}.dbf`] = table;
    if (prj) files[`${name}.prj`] = utf8(prj);
  };
  add('roads', STREETS.map((l) => ({ type: 3, parts: [l.map(P)] })),
    dbf([{ name: GBK.名称, type: 'C', len: 20 }], [[GBK.建设路], [GBK.建设路]], true));
  add('buildings', BUILDINGS.map((c) => ({ type: 5, parts: [cwSquare(c, 5).map(P)] })),
    dbf([{ name: GBK.名称, type: 'C', len: 20 }, { name: GBK.层数, type: 'N', len: 4 }, { name: GBK.人口, type: 'N', len: 6 }],
      [[GBK.幸福小区1号楼, utf8('6'), utf8('120')], [GBK.幸福小区2号楼, utf8('3'), utf8('45')]], true));
  add('poi', POIS.map((p) => ({ type: 1, pt: P(p) })),
    dbf([{ name: GBK.名称, type: 'C', len: 20 }, { name: GBK.类别, type: 'C', len: 20 }],
      [[GBK.社区卫生服务站, GBK.社区卫生服务站], [GBK.便利店, utf8('convenience')]], true));
  return zipSync(files);
}

const GEOG_CGCS = 'GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]';
const PRJ = {
  gk3: `PROJCS["CGCS2000_3_Degree_GK_CM_117E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`,
  gk6: `PROJCS["CGCS2000_GK_Zone_20",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",20500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`,
  cgcs: GEOG_CGCS,
  wgs84: 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]',
  webmerc: 'PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mercator_Auxiliary_Sphere"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],PARAMETER["Standard_Parallel_1",0.0],PARAMETER["Auxiliary_Sphere_Type",0.0],UNIT["Meter",1.0]]',
};
// The grids as EPSG defines them (epsg.io), used here only to write the test files.
const GRID = {
  gk3: '+proj=tmerc +lat_0=0 +lon_0=117 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs', // EPSG:4548
  gk6: '+proj=tmerc +lat_0=0 +lon_0=117 +k=1 +x_0=20500000 +y_0=0 +ellps=GRS80 +units=m +no_defs', // EPSG:4498
};
const toGrid = (def: string) => (p: XY) => proj4('EPSG:4326', def, p) as XY;

describe.each([
  ['CGCS2000 3° Gauss-Krüger (CM 117°E)', PRJ.gk3, toGrid(GRID.gk3)],
  ['CGCS2000 6° Gauss-Krüger zone 20 (zone number in x)', PRJ.gk6, toGrid(GRID.gk6)],
  ['CGCS2000 geographic (EPSG:4490)', PRJ.cgcs, (p: XY) => p],
  ['WGS84', PRJ.wgs84, (p: XY) => p],
  ['Web Mercator', PRJ.webmerc, (p: XY) => proj4('EPSG:4326', 'EPSG:3857', p) as XY],
])('a zipped shapefile in %s with GBK attributes', (_, prj, to) => {
  const { dataset, report } = importFiles([{ name: 'district.zip', data: districtZip(prj, to) }]);

  it('reprojects to WGS84 within a centimetre and decodes GBK', () => {
    const b1 = dataset.buildings.features[0];
    const want = ll([45, 15]);
    const got = (b1.geometry.coordinates as number[][][])[0].find((p) => Math.abs(p[0] - want[0]) < 1e-6 && Math.abs(p[1] - want[1]) < 1e-6);
    expect(got, JSON.stringify((b1.geometry.coordinates as number[][][])[0])).toBeDefined();
    expect(Math.abs(got![0] - want[0]) * 94_000).toBeLessThan(0.01);
    expect(Math.abs(got![1] - want[1]) * 111_000).toBeLessThan(0.01);
    expect(dataset.buildings.features.map((f) => (f.properties as unknown as Record<string, unknown>).name)).toEqual(['幸福小区1号楼', '幸福小区2号楼']);
    expect(dataset.buildings.features.map((f) => [f.properties.floors, f.properties.population])).toEqual([[6, 120], [3, 45]]);
    expect(dataset.facilities.features.map((f) => [f.properties.name, f.properties.category])).toEqual([['社区卫生服务站', 'health_station'], ['便利店', 'convenience']]);
    expect(dataset.streets.features).toHaveLength(2);
    expect(report.items.some((i) => i.severity === 'info' && /read as buildings \(2 features\)/.test(i.problem))).toBe(true);
  });

  it('runs the analysis end to end', () => {
    const e = new Engine({ ...dataset, meta: { ...dataset.meta, center: [117, 32] } });
    const { dist } = e.distancesFrom(e.categorySources('health_station').refs, 1000);
    // Building (50, 20) to the station at (0, 0): 20 to the street, 50 along it.
    expect(dist[0]).toBeCloseTo(70, 0);
    const s = loadStandards(undefined);
    expect(analyze(e, s, { profile: s.profiles[0] }).indicators.length).toBeGreaterThan(0);
  });
});

describe('shapefile projections: independent check and refusals', () => {
  it('a point on the central meridian decodes to the latitude whose meridian arc is its northing', () => {
    // Meridian arc length on the CGCS2000 ellipsoid by numeric integration (Simpson, 2000 steps).
    const a = 6378137, f = 1 / 298.257222101, e2 = f * (2 - f);
    const lat = 32 * Math.PI / 180, n = 2000;
    const M = (phi: number) => (a * (1 - e2)) / (1 - e2 * Math.sin(phi) ** 2) ** 1.5;
    let arc = M(0) + M(lat);
    for (let k = 1; k < n; k++) arc += (k % 2 ? 4 : 2) * M((lat * k) / n);
    arc *= lat / (3 * n);
    const zip = districtZip(PRJ.gk3, (p) => [500000 + (p[0] - 117) * 94_450, arc + (p[1] - 32) * 110_850]);
    const { dataset } = importFiles([{ name: 'cm.zip', data: zip }]);
    // The point written exactly at (500000, arc) is the station at (0, 0) of the fixture.
    const station = dataset.facilities.features[0].geometry.coordinates as number[];
    expect(Math.abs(station[0] - 117) * 94_450).toBeLessThan(0.001);
    expect(Math.abs(station[1] - 32) * 110_850).toBeLessThan(0.001);
  });

  it('refuses a .prj whose zone does not match the x coordinates, Beijing 1954 and unknown systems', () => {
    const wrongZone = districtZip(PRJ.gk3.replace('500000.0', '500000.0'), (p) => { const q = toGrid(GRID.gk3)(p); return [q[0] + 40_000_000, q[1]]; });
    expect(() => importFiles([{ name: 'zone.zip', data: wrongZone }])).toThrow(/zone\.zip\/roads\.shp: x coordinates carry zone number 40, but the \.prj's central meridian is 117°/);
    expect(() => projectionFromPrj('GEOGCS["GCS_Beijing_1954",DATUM["D_Beijing_1954",SPHEROID["Krasovsky_1940",6378245.0,298.3]]]', 'a.prj'))
      .toThrow(/a\.prj: the data is in GCS_Beijing_1954, which needs datum shift parameters/);
    expect(() => projectionFromPrj('PROJCS["Lambert",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137,298.257223563]]],PROJECTION["Lambert_Conformal_Conic"],UNIT["Meter",1]]', 'b.prj'))
      .toThrow(/b\.prj: unsupported projection "Lambert"/);
    expect(() => projectionFromPrj('LOCAL_CS["site grid"]', 'c.prj')).toThrow(/c\.prj: unknown coordinate system/);
  });

  it('metres without a .prj are refused as metres given as degrees', () => {
    const zip = districtZip(null, toGrid(GRID.gk3));
    try {
      importFiles([{ name: 'noprj.zip', data: zip }]);
      throw new Error('expected a refusal');
    } catch (e) {
      expect(e).toBeInstanceOf(DatasetRefused);
      expect((e as Error).message).toMatch(/coordinates look like projected metres/);
    }
  });

  it('a zip without a .shp and a file that is no zip are refused by name', () => {
    expect(() => importFiles([{ name: 'empty.zip', data: zipSync({ 'a.txt': utf8('x') }) }])).toThrow(/empty\.zip: the zip holds no \.shp file/);
    expect(() => importFiles([{ name: 'junk.zip', data: utf8('not a zip') }])).toThrow(ImportError);
  });
});

// ---- GCJ-02 and BD-09 by the published formulas (the "eviltransform" constants), not gcoord ----
const A = 6378245.0, EE = 0.00669342162296594323;
function tLat(x: number, y: number) {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  return r;
}
function tLon(x: number, y: number) {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return r;
}
function wgsToGcj([lon, lat]: XY): XY {
  let dLat = tLat(lon - 105, lat - 35), dLon = tLon(lon - 105, lat - 35);
  const rad = (lat / 180) * Math.PI;
  let magic = Math.sin(rad);
  magic = 1 - EE * magic * magic;
  const s = Math.sqrt(magic);
  dLat = (dLat * 180) / (((A * (1 - EE)) / (magic * s)) * Math.PI);
  dLon = (dLon * 180) / ((A / s) * Math.cos(rad) * Math.PI);
  return [lon + dLon, lat + dLat];
}
function gcjToBd([lon, lat]: XY): XY {
  const xPi = (Math.PI * 3000) / 180;
  const z = Math.sqrt(lon * lon + lat * lat) + 0.00002 * Math.sin(lat * xPi);
  const th = Math.atan2(lat, lon) + 0.000003 * Math.cos(lon * xPi);
  return [z * Math.cos(th) + 0.0065, z * Math.sin(th) + 0.006];
}
const metres = (p: XY, q: XY) => Math.hypot((p[0] - q[0]) * 111_320 * Math.cos((p[1] * Math.PI) / 180), (p[1] - q[1]) * 110_540);

// Known WGS84 points across China (landmarks; the values need not be exact, the conversion is what is measured).
const KNOWN: Array<[string, XY]> = [
  ['天安门', [116.39128, 39.90731]], ['五道口', [116.33758, 39.99291]], ['外滩', [121.49053, 31.23743]],
  ['广州塔', [113.31911, 23.10893]], ['天府广场', [104.06580, 30.65727]], ['合肥', [117.22720, 31.82057]],
  ['乌鲁木齐', [87.61688, 43.82556]], ['哈尔滨', [126.53497, 45.80377]], ['海口', [110.19989, 20.04422]], ['拉萨', [91.11720, 29.64671]],
];

describe('CSV and XLSX POIs in GCJ-02 and BD-09', () => {
  it('the published formulas reproduce a published GCJ-02 pair (Tiananmen)', () => {
    // Widely quoted pair: WGS84 116.391305, 39.907230 ↔ GCJ-02 116.397545, 39.908625 (within a few metres).
    expect(metres(wgsToGcj([116.391305, 39.90723]), [116.397545, 39.908625])).toBeLessThan(5);
  });

  it.each([['gcj02', wgsToGcj], ['bd09', (p: XY) => gcjToBd(wgsToGcj(p))]] as const)('%s back to WGS84: mean error under 0.5 m', (crs, fwd) => {
    const csv = 'name,lng,lat,category\n' + KNOWN.map(([n, p]) => { const q = fwd(p); return `${n},${q[0].toFixed(8)},${q[1].toFixed(8)},convenience`; }).join('\n');
    const parts = readTable(utf8(csv), `pois-${crs}.csv`, { crs });
    const got = parts.layers.facilities!.features.map((f) => (f as { geometry: { coordinates: XY } }).geometry.coordinates);
    const errs = KNOWN.map(([, p], i) => metres(p, got[i]));
    const mean = errs.reduce((s, e) => s + e, 0) / errs.length;
    expect(mean).toBeLessThan(0.5);
    expect(Math.max(...errs)).toBeLessThan(2);
    // Without conversion the same points would be hundreds of metres off: the test can fail.
    expect(metres(KNOWN[0][1], fwd(KNOWN[0][1]))).toBeGreaterThan(100);
  });

  /** Streets and buildings of the fixture as GeoJSON, for importing POI tables beside them. */
  const base = () => {
    const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
    return [
      { name: 'streets.geojson', data: fc(STREETS.map((l, i) => ({ type: 'Feature', geometry: { type: 'LineString', coordinates: l.map(ll) }, properties: { id: `s${i}`, class: 'residential' } }))) },
      { name: 'buildings.geojson', data: fc(BUILDINGS.map((c, i) => ({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [cwSquare(c, 5).map(ll)] }, properties: { id: `b${i}`, population: 100 } }))) },
    ];
  };

  it('a GBK CSV with Chinese headers in BD-09 imports beside GeoJSON and runs end to end', () => {
    const rows = POIS.map((p) => gcjToBd(wgsToGcj(ll(p) as XY)));
    const line = (name: Uint8Array, p: XY, cat: Uint8Array) => [name, utf8(`,${p[0].toFixed(8)},${p[1].toFixed(8)},`), cat, utf8('\r\n')];
    const parts = [GBK.名称, utf8(','), GBK.经度, utf8(','), GBK.纬度, utf8(','), GBK.类别, utf8('\r\n'),
      ...line(GBK.社区卫生服务站, rows[0], GBK.社区卫生服务站), ...line(GBK.幼儿园, rows[1], GBK.幼儿园)];
    const bytes = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
    let at = 0;
    for (const p of parts) { bytes.set(p, at); at += p.length; }
    const { dataset } = importFiles([...base(), { name: '百度POI.csv', data: bytes }]);
    expect(dataset.facilities.features.map((f) => [f.properties.name, f.properties.category])).toEqual([['社区卫生服务站', 'health_station'], ['幼儿园', 'kindergarten']]);
    const p0 = dataset.facilities.features[0].geometry.coordinates as unknown as XY;
    expect(metres(p0, ll(POIS[0]) as XY)).toBeLessThan(1);
    const e = new Engine({ ...dataset, meta: { ...dataset.meta, center: [117, 32] } });
    const { dist } = e.distancesFrom(e.categorySources('health_station').refs, 1000);
    expect(Math.abs(dist[0] - 70)).toBeLessThan(1.5);
  });

  it('an XLSX in GCJ-02 imports with its field mapping', () => {
    const ws = XLSX.utils.json_to_sheet(POIS.map((p, i) => { const q = wgsToGcj(ll(p) as XY); return { 设施名称: `站${i}`, 经度: q[0], 纬度: q[1], 设施类型: 'health_station', 床位数: 12 }; }));
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'POI');
    const data = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    const { dataset } = importFiles([...base(), { name: 'amap.xlsx', data }], { pointCrs: { 'amap.xlsx': 'gcj02' } });
    expect(dataset.facilities.features.map((f) => [f.properties.name, f.properties.category, f.properties.capacity])).toEqual([['站0', 'health_station', 12], ['站1', 'health_station', 12]]);
    expect(metres(dataset.facilities.features[1].geometry.coordinates as unknown as XY, ll(POIS[1]) as XY)).toBeLessThan(1);
  });

  it('bad tables: no coordinate columns, non-numeric coordinates, outside China for GCJ-02', () => {
    expect(() => importFiles([...base(), { name: 'x.csv', data: 'name,addr\na,b\n' }])).toThrow(/x\.csv: no longitude\/latitude columns/);
    const { report } = importFiles([...base(), { name: 'p.csv', data: 'id,name,lon,lat,category\nk1,a,abc,32,convenience\n' }]);
    expect(report.items.some((i) => i.file === 'p.csv' && i.feature === 'k1' && /not a number|NaN/.test(i.problem))).toBe(true);
    const helsinki = 'name,lon,lat,category\na,24.94,60.17,convenience\nb,24.95,60.171,convenience\n';
    const streets = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'LineString', coordinates: [[24.94, 60.17], [24.95, 60.17]] }, properties: { id: 's' } }] });
    const buildings = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[24.941, 60.1701], [24.942, 60.1701], [24.942, 60.1705], [24.941, 60.1701]]] }, properties: { id: 'b' } }] });
    expect(() => importFiles([{ name: 'streets.geojson', data: streets }, { name: 'buildings.geojson', data: buildings }, { name: 'gcj.csv', data: helsinki }], { pointCrs: { 'gcj.csv': 'gcj02' } }))
      .toThrow(/outside China.*Chinese coordinate system/);
  });
});

describe('GeoJSON with a legacy "crs" member (as QGIS and ArcGIS write it)', () => {
  const layerFiles = (crsName: string, to: (p: XY) => XY) => {
    const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: crsName } }, features });
    return [
      { name: 'streets.geojson', data: fc(STREETS.map((l, i) => ({ type: 'Feature', geometry: { type: 'LineString', coordinates: l.map((p) => to(ll(p) as XY)) }, properties: { id: `s${i}`, class: 'residential' } }))) },
      { name: 'buildings.geojson', data: fc(BUILDINGS.map((c, i) => ({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [cwSquare(c, 5).map((p) => to(ll(p) as XY))] }, properties: { id: `b${i}`, population: 10 } }))) },
    ];
  };
  it.each([
    ['EPSG:4548', GRID.gk3],
    ['urn:ogc:def:crs:EPSG::4527', '+proj=tmerc +lat_0=0 +lon_0=117 +k=1 +x_0=39500000 +y_0=0 +ellps=GRS80 +units=m +no_defs'],
    ['urn:ogc:def:crs:EPSG::3857', 'EPSG:3857'],
  ])('%s is converted to WGS84', (name, def) => {
    const { dataset, report } = importFiles(layerFiles(name, toGrid(def)));
    const got = dataset.streets.features[0].geometry.coordinates[1];
    const want = ll([100, 0]);
    expect(Math.abs(got[0] - want[0]) * 94_000).toBeLessThan(0.01);
    expect(Math.abs(got[1] - want[1]) * 111_000).toBeLessThan(0.01);
    expect(report.items.some((i) => i.severity === 'info' && /converted to WGS84/.test(i.problem))).toBe(true);
  });
  it('an unknown crs is refused by name', () => {
    expect(() => importFiles(layerFiles('EPSG:2154', (p) => p))).toThrow(/streets\.geojson: unsupported "crs" EPSG:2154/);
  });
});

describe('the field-mapping step', () => {
  it('offers GBK column names decoded, with guesses, and the import honours a changed mapping', () => {
    const zip = districtZip(PRJ.gk3, toGrid(GRID.gk3));
    const info = inspectFiles([{ name: 'district.zip', data: zip }]);
    const b = info.find((s) => s.key === 'buildings')!;
    expect(b.columns).toEqual(['名称', '层数', '人口']);
    expect(b.guess).toMatchObject({ name: '名称', floors: '层数', population: '人口' });
    // Mapping population to nothing: the importer estimates it instead.
    const { dataset } = importFiles([{ name: 'district.zip', data: zip }], { fieldMaps: { buildings: { name: '名称', floors: '层数' } } });
    const p = dataset.buildings.features[0].properties as unknown as Record<string, unknown>;
    expect(p.population_estimated).toBe(true);
    expect(p.floors).toBe(6);
  });
});

describe('coordinate columns', () => {
  it('are guessed from longer names and can be chosen in the mapping', () => {
    const q = wgsToGcj(ll(POIS[0]) as XY);
    const a = readTable(utf8(`名称,经度_gcj02,纬度_gcj02,类别\n站,${q[0]},${q[1]},health_station\n`), 'a.csv', { crs: 'gcj02' });
    const pa = (a.layers.facilities!.features[0] as { geometry: { coordinates: XY } }).geometry.coordinates;
    expect(metres(pa, ll(POIS[0]) as XY)).toBeLessThan(1);
    const p = ll(POIS[1]) as XY;
    const csv = utf8(`name,E,N,category\n店,${p[0]},${p[1]},convenience\n`);
    expect(() => readTable(csv, 'b.csv')).toThrow(/b\.csv: no longitude\/latitude columns/);
    const b = readTable(csv, 'b.csv', { fieldMaps: { 'b.csv': { name: 'name', category: 'category', lon: 'E', lat: 'N' } } });
    expect((b.layers.facilities!.features[0] as { geometry: { coordinates: XY } }).geometry.coordinates).toEqual(p);
    expect(() => readTable(csv, 'b.csv', { fieldMaps: { 'b.csv': { lon: 'X', lat: 'N' } } })).toThrow(/chosen coordinate column "X" is not in the table/);
  });
});

describe('category values in users\' tables', () => {
  it('ids, standards names and the usual Chinese words map onto categories; others stay for the validator', () => {
    const cases: Array<[string, string]> = [
      ['health_station', 'health_station'], ['社区卫生服务站', 'health_station'], ['Health centre', 'health_centre'],
      ['XX街道社区卫生服务中心', 'health_centre'], ['东门卫生站', 'health_station'], ['阳光托育园', 'nursery'], ['实验幼儿园', 'kindergarten'],
      ['老年人日间照料中心', 'elderly_daycare'], ['敬老院', 'elderly_home'], ['第一小学', 'primary_school'], ['第二中学', 'middle_school'],
      ['农贸市场', 'market'], ['便民店', 'convenience'], ['党群服务中心', 'service_station'], ['街心游园', 'green'], ['人民公园', 'park'],
      ['全民健身广场', 'sports'], ['地下停车库', 'parking'], ['公交站', 'bus_stop'],
    ];
    for (const [v, id] of cases) expect([v, resolveCategory(v)]).toEqual([v, id]);
    expect(resolveCategory('银行')).toBe('银行');
  });
});
