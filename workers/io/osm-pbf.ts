// OSM PBF (.osm.pbf) reader on `pbf` (protobuf wire format) and fflate (zlib), so the same code
// runs in the browser worker and in Node. Blocks are decoded one at a time straight into OsmData:
// dense nodes with their delta coding, ways, multipolygon/boundary relations. Tags of untagged
// nodes are never materialised. Format: the OSM wiki page "PBF Format".

import { PbfReader as Pbf } from 'pbf';
import { unzlibSync } from 'fflate';
import { OsmData, type OsmMember, type Tags } from './osm.ts';
import { ImportError } from './source.ts';

const SUPPORTED = new Set(['OsmSchema-V0.6', 'DenseNodes', 'HistoricalInformation']);
const MEMBER_TYPES: OsmMember['type'][] = ['node', 'way', 'relation'];

export function parseOsmPbf(buf: Uint8Array, file: string, onProgress?: (share: number) => void): OsmData {
  const osm = new OsmData();
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let pos = 0;
  let sawHeader = false;
  let blocks = 0;
  while (pos < buf.length) {
    if (pos + 4 > buf.length) throw new ImportError(file, `PBF cut short at byte ${pos}`);
    const headerLen = view.getInt32(pos, false);
    pos += 4;
    if (headerLen <= 0 || headerLen > 64 * 1024 || pos + headerLen > buf.length) {
      throw new ImportError(file, blocks === 0 ? 'not an OSM PBF file (no blob header at the start)' : `PBF corrupt at byte ${pos - 4}: bad blob header length ${headerLen}`);
    }
    const hp = new Pbf(buf.subarray(pos, pos + headerLen));
    let type = '', size = 0;
    while (hp.pos < hp.length) {
      const v = hp.readVarint(), tag = v >> 3;
      if (tag === 1) type = hp.readString();
      else if (tag === 3) size = hp.readVarint();
      else hp.skip(v);
    }
    pos += headerLen;
    if (size < 0 || pos + size > buf.length) throw new ImportError(file, `PBF cut short: a ${type || 'blob'} of ${size} bytes runs past the end of the file`);
    const data = blobData(buf.subarray(pos, pos + size), file);
    pos += size;
    blocks++;
    if (type === 'OSMHeader') {
      sawHeader = true;
      readHeader(data, osm, file);
    } else if (type === 'OSMData') {
      if (!sawHeader) throw new ImportError(file, 'PBF data block before the OSMHeader: not a valid OSM PBF');
      readPrimitiveBlock(data, osm);
    }
    onProgress?.(pos / buf.length);
  }
  if (!sawHeader) throw new ImportError(file, 'not an OSM PBF file: no OSMHeader block');
  return osm.finish();
}

let inflateOut = new Uint8Array(1 << 20);

function blobData(b: Uint8Array, file: string): Uint8Array {
  const p = new Pbf(b);
  let raw: Uint8Array | null = null, zlib: Uint8Array | null = null, rawSize = 0, other = '';
  while (p.pos < p.length) {
    const v = p.readVarint(), tag = v >> 3;
    if (tag === 1) raw = p.readBytes();
    else if (tag === 2) rawSize = p.readVarint();
    else if (tag === 3) zlib = p.readBytes();
    else if (tag === 4 || tag === 5 || tag === 6 || tag === 7) { other = ['', '', '', '', 'lzma', 'bzip2', 'lz4', 'zstd'][tag]; p.skip(v); }
    else p.skip(v);
  }
  if (raw) return raw;
  if (zlib) {
    try {
      if (rawSize <= 0) return unzlibSync(zlib);
      // One output buffer serves every block (nothing keeps a view into it past its block).
      if (inflateOut.length < rawSize) inflateOut = new Uint8Array(Math.max(rawSize, inflateOut.length * 2));
      return unzlibSync(zlib, { out: inflateOut.subarray(0, rawSize) });
    } catch (e) {
      throw new ImportError(file, `PBF block does not inflate: ${(e as Error).message}`);
    }
  }
  throw new ImportError(file, other ? `PBF blocks compressed with ${other} are not supported: re-save with zlib (osmium cat -f pbf)` : 'PBF blob without data');
}

function readHeader(data: Uint8Array, osm: OsmData, file: string) {
  const p = new Pbf(data);
  while (p.pos < p.length) {
    const v = p.readVarint(), tag = v >> 3;
    if (tag === 1) {
      const end = p.readVarint() + p.pos;
      const b = [0, 0, 0, 0];
      while (p.pos < end) {
        const w = p.readVarint(), t = w >> 3;
        if (t >= 1 && t <= 4) b[t - 1] = p.readSVarint() * 1e-9; else p.skip(w);
      }
      // left, right, top, bottom → [minlon, minlat, maxlon, maxlat]
      osm.bounds = [b[0], b[3], b[1], b[2]];
    } else if (tag === 4) {
      const feature = p.readString();
      if (!SUPPORTED.has(feature)) throw new ImportError(file, `PBF needs the feature "${feature}", which this reader does not support`);
    } else p.skip(v);
  }
}

function readPrimitiveBlock(data: Uint8Array, osm: OsmData) {
  const p = new Pbf(data);
  const strings: string[] = [];
  const groups: Array<[number, number]> = [];
  let gran = 100, latOff = 0, lonOff = 0;
  const dec = new TextDecoder();
  while (p.pos < p.length) {
    const v = p.readVarint(), tag = v >> 3;
    if (tag === 1) {
      const end = p.readVarint() + p.pos;
      while (p.pos < end) {
        const w = p.readVarint();
        if (w >> 3 === 1) {
          const len = p.readVarint();
          strings.push(dec.decode(data.subarray(p.pos, p.pos + len)));
          p.pos += len;
        } else p.skip(w);
      }
    } else if (tag === 2) {
      const len = p.readVarint();
      groups.push([p.pos, p.pos + len]);
      p.pos += len;
    } else if (tag === 17) gran = p.readVarint();
    else if (tag === 19) latOff = p.readVarint(true);
    else if (tag === 20) lonOff = p.readVarint(true);
    else p.skip(v);
  }
  const g = gran * 1e-9;
  for (const [start, end] of groups) {
    p.pos = start;
    while (p.pos < end) {
      const v = p.readVarint(), tag = v >> 3;
      if (tag === 2) readDense(p, p.readVarint() + p.pos, strings, osm, g, latOff * 1e-9, lonOff * 1e-9);
      else if (tag === 1) readNode(p, p.readVarint() + p.pos, strings, osm, g, latOff * 1e-9, lonOff * 1e-9);
      else if (tag === 3) readWay(p, p.readVarint() + p.pos, strings, osm);
      else if (tag === 4) readRelation(p, p.readVarint() + p.pos, strings, osm);
      else p.skip(v);
    }
  }
}

function packedSVarints(p: Pbf, out: number[]): void {
  const end = p.readVarint() + p.pos;
  while (p.pos < end) out.push(p.readSVarint());
}
function packedVarints(p: Pbf, out: number[]): void {
  const end = p.readVarint() + p.pos;
  while (p.pos < end) out.push(p.readVarint());
}

/** Reused between blocks: dense groups hold up to 8,000 nodes, and fresh arrays per block were most of the garbage. */
const scratch = { id: new Float64Array(8192), lat: new Float64Array(8192), lon: new Float64Array(8192) };

/** Decodes a packed zigzag field into out (grown when needed); returns how many values it held. */
function packedInto(p: Pbf, key: 'id' | 'lat' | 'lon'): number {
  const end = p.readVarint() + p.pos;
  let out = scratch[key], n = 0;
  while (p.pos < end) {
    if (n === out.length) { const bigger = new Float64Array(n * 2); bigger.set(out); scratch[key] = out = bigger; }
    out[n++] = p.readSVarint();
  }
  return n;
}

function readDense(p: Pbf, end: number, s: string[], osm: OsmData, g: number, latOff: number, lonOff: number) {
  let n = 0, kvStart = -1, kvEnd = -1;
  while (p.pos < end) {
    const v = p.readVarint(), tag = v >> 3;
    if (tag === 1) n = packedInto(p, 'id');
    else if (tag === 8) packedInto(p, 'lat');
    else if (tag === 9) packedInto(p, 'lon');
    else if (tag === 10) { const len = p.readVarint(); kvStart = p.pos; kvEnd = p.pos + len; p.pos += len; }
    else p.skip(v);
  }
  const { id: ids, lat: lats, lon: lons } = scratch;
  const after = p.pos;
  p.pos = kvStart;
  let id = 0, lat = 0, lon = 0;
  for (let i = 0; i < n; i++) {
    id += ids[i]; lat += lats[i]; lon += lons[i];
    let tags: Tags | null = null;
    if (kvStart >= 0 && p.pos < kvEnd) {
      for (let k = p.readVarint(); k !== 0 && p.pos <= kvEnd; k = p.readVarint()) (tags ??= {})[s[k]] = s[p.readVarint()];
    }
    osm.addNode(id, lonOff + g * lon, latOff + g * lat, tags);
  }
  p.pos = after;
}

function readNode(p: Pbf, end: number, s: string[], osm: OsmData, g: number, latOff: number, lonOff: number) {
  let id = 0, lat = 0, lon = 0;
  const keys: number[] = [], vals: number[] = [];
  while (p.pos < end) {
    const v = p.readVarint(), tag = v >> 3;
    if (tag === 1) id = p.readSVarint();
    else if (tag === 2) packedVarints(p, keys);
    else if (tag === 3) packedVarints(p, vals);
    else if (tag === 8) lat = p.readSVarint();
    else if (tag === 9) lon = p.readSVarint();
    else p.skip(v);
  }
  osm.addNode(id, lonOff + g * lon, latOff + g * lat, tagsOf(keys, vals, s));
}

function tagsOf(keys: number[], vals: number[], s: string[]): Tags | null {
  if (keys.length === 0) return null;
  const t: Tags = {};
  for (let i = 0; i < keys.length; i++) t[s[keys[i]]] = s[vals[i]];
  return t;
}

function readWay(p: Pbf, end: number, s: string[], osm: OsmData) {
  let id = 0, keysAt = -1, keysEnd = -1, valsAt = -1;
  const refs: number[] = [];
  while (p.pos < end) {
    const v = p.readVarint(), tag = v >> 3;
    if (tag === 1) id = p.readVarint();
    else if (tag === 2) { const len = p.readVarint(); keysAt = p.pos; keysEnd = p.pos + len; p.pos += len; }
    else if (tag === 3) { const len = p.readVarint(); valsAt = p.pos; p.pos += len; }
    else if (tag === 8) packedSVarints(p, refs);
    else p.skip(v);
  }
  for (let i = 1; i < refs.length; i++) refs[i] += refs[i - 1];
  // Keys and values are read in step straight from their packed fields, without arrays of indices.
  const tags: Tags = {};
  if (keysAt >= 0 && valsAt >= 0) {
    const after = p.pos;
    let kp = keysAt, vp = valsAt;
    while (kp < keysEnd) {
      p.pos = kp; const k = p.readVarint(); kp = p.pos;
      p.pos = vp; const val = p.readVarint(); vp = p.pos;
      tags[s[k]] = s[val];
    }
    p.pos = after;
  }
  osm.ways.push({ id, refs, tags });
}

function readRelation(p: Pbf, end: number, s: string[], osm: OsmData) {
  let id = 0;
  const keys: number[] = [], vals: number[] = [], roles: number[] = [], memids: number[] = [], types: number[] = [];
  while (p.pos < end) {
    const v = p.readVarint(), tag = v >> 3;
    if (tag === 1) id = p.readVarint();
    else if (tag === 2) packedVarints(p, keys);
    else if (tag === 3) packedVarints(p, vals);
    else if (tag === 8) packedVarints(p, roles);
    else if (tag === 9) packedSVarints(p, memids);
    else if (tag === 10) packedVarints(p, types);
    else p.skip(v);
  }
  const tags = tagsOf(keys, vals, s) ?? {};
  // Only areas are read from relations; route and other relations are skipped.
  if (tags.type !== 'multipolygon' && tags.type !== 'boundary') return;
  const members: OsmMember[] = [];
  let ref = 0;
  for (let i = 0; i < memids.length; i++) {
    ref += memids[i];
    members.push({ type: MEMBER_TYPES[types[i]] ?? 'node', ref, role: s[roles[i]] ?? '' });
  }
  osm.relations.push({ id, members, tags });
}
