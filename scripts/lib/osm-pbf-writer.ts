// A minimal OSM PBF writer (dense nodes, ways, relations; zlib blobs) for test fixtures and the
// benchmark city. Follows https://wiki.openstreetmap.org/wiki/PBF_Format field by field.

import { PbfWriter } from 'pbf';
import { zlibSync } from 'fflate';

export interface WNode { id: number; lon: number; lat: number; tags?: Record<string, string> }
export interface WWay { id: number; refs: number[]; tags?: Record<string, string> }
export interface WRelation { id: number; members: Array<{ type: 'node' | 'way' | 'relation'; ref: number; role: string }>; tags?: Record<string, string> }

const BLOCK = 8000;

export function writeOsmPbf(nodes: WNode[], ways: WWay[], relations: WRelation[] = [], opts: { compress?: boolean } = {}): Uint8Array {
  const chunks: Uint8Array[] = [];
  const compress = opts.compress ?? true;
  const blob = (type: string, data: Uint8Array) => {
    const b = new PbfWriter();
    if (compress) {
      b.writeVarintField(2, data.length);
      b.writeBytesField(3, zlibSync(data, { level: 6 }));
    } else b.writeBytesField(1, data);
    const blobBytes = b.finish();
    const h = new PbfWriter();
    h.writeStringField(1, type);
    h.writeVarintField(3, blobBytes.length);
    const hb = h.finish();
    const len = new Uint8Array(4);
    new DataView(len.buffer).setInt32(0, hb.length, false);
    chunks.push(len, hb, blobBytes);
  };
  let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity;
  for (const n of nodes) { minLon = Math.min(minLon, n.lon); maxLon = Math.max(maxLon, n.lon); minLat = Math.min(minLat, n.lat); maxLat = Math.max(maxLat, n.lat); }
  const header = new PbfWriter();
  if (nodes.length) {
    header.writeMessage(1, (_: unknown, w: PbfWriter) => {
      w.writeSVarintField(1, Math.round(minLon * 1e9)); w.writeSVarintField(2, Math.round(maxLon * 1e9));
      w.writeSVarintField(3, Math.round(maxLat * 1e9)); w.writeSVarintField(4, Math.round(minLat * 1e9));
    }, null);
  }
  header.writeStringField(4, 'OsmSchema-V0.6');
  header.writeStringField(4, 'DenseNodes');
  header.writeStringField(16, 'circletwin');
  blob('OSMHeader', header.finish());

  const block = (fill: (w: PbfWriter, str: (s: string) => number) => void) => {
    const table = new Map<string, number>([['', 0]]);
    const str = (s: string) => { let i = table.get(s); if (i === undefined) { i = table.size; table.set(s, i); } return i; };
    const group = new PbfWriter();
    fill(group, str);
    const groupBytes = group.finish();
    const w = new PbfWriter();
    w.writeMessage(1, (_: unknown, t: PbfWriter) => { for (const s of table.keys()) t.writeStringField(1, s); }, null);
    w.writeBytesField(2, groupBytes);
    w.writeVarintField(17, 100);
    blob('OSMData', w.finish());
  };
  for (let i = 0; i < nodes.length; i += BLOCK) {
    const part = nodes.slice(i, i + BLOCK);
    block((g, str) => g.writeMessage(2, (_: unknown, d: PbfWriter) => {
      const ids: number[] = [], lats: number[] = [], lons: number[] = [], kv: number[] = [];
      let pid = 0, plat = 0, plon = 0;
      for (const n of part) {
        const lat = Math.round(n.lat * 1e7), lon = Math.round(n.lon * 1e7);
        ids.push(n.id - pid); lats.push(lat - plat); lons.push(lon - plon);
        pid = n.id; plat = lat; plon = lon;
        for (const [k, v] of Object.entries(n.tags ?? {})) kv.push(str(k), str(v));
        kv.push(0);
      }
      d.writePackedSVarint(1, ids);
      d.writePackedSVarint(8, lats);
      d.writePackedSVarint(9, lons);
      if (part.some((n) => n.tags && Object.keys(n.tags).length)) d.writePackedVarint(10, kv);
    }, null));
  }
  for (let i = 0; i < ways.length; i += BLOCK) {
    const part = ways.slice(i, i + BLOCK);
    block((g, str) => {
      for (const wy of part) {
        g.writeMessage(3, (_: unknown, w: PbfWriter) => {
          w.writeVarintField(1, wy.id);
          const e = Object.entries(wy.tags ?? {});
          if (e.length) { w.writePackedVarint(2, e.map(([k]) => str(k))); w.writePackedVarint(3, e.map(([, v]) => str(v))); }
          w.writePackedSVarint(8, wy.refs.map((r, k) => r - (k ? wy.refs[k - 1] : 0)));
        }, null);
      }
    });
  }
  for (let i = 0; i < relations.length; i += BLOCK) {
    const part = relations.slice(i, i + BLOCK);
    block((g, str) => {
      for (const r of part) {
        g.writeMessage(4, (_: unknown, w: PbfWriter) => {
          w.writeVarintField(1, r.id);
          const e = Object.entries(r.tags ?? {});
          if (e.length) { w.writePackedVarint(2, e.map(([k]) => str(k))); w.writePackedVarint(3, e.map(([, v]) => str(v))); }
          w.writePackedVarint(8, r.members.map((m) => str(m.role)));
          w.writePackedSVarint(9, r.members.map((m, k) => m.ref - (k ? r.members[k - 1].ref : 0)));
          w.writePackedVarint(10, r.members.map((m) => ['node', 'way', 'relation'].indexOf(m.type)));
        }, null);
      }
    });
  }
  const total = chunks.reduce((s, c) => s + c.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return out;
}
