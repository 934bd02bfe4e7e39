// OSM XML (.osm) reader: a streaming scan over the text, no DOM (Web Workers have no DOMParser),
// into OsmData. Malformed input is refused with the line where it went wrong.

import { OsmData, type OsmMember, type Tags } from './osm.ts';
import { ImportError } from './source.ts';

const ATTR = /([A-Za-z_:][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const ENTITY = /&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi;

function decode(v: string): string {
  if (v.indexOf('&') < 0) return v;
  return v.replace(ENTITY, (_, e: string) => {
    switch (e.toLowerCase()) {
      case 'amp': return '&';
      case 'lt': return '<';
      case 'gt': return '>';
      case 'quot': return '"';
      case 'apos': return "'";
      default: return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    }
  });
}

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  ATTR.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ATTR.exec(tag))) out[m[1]] = decode(m[2] ?? m[3] ?? '');
  return out;
}

export function parseOsmXml(text: string, file: string, onProgress?: (share: number) => void): OsmData {
  const osm = new OsmData();
  const head = text.slice(0, 2000);
  if (!/<osm[\s>]/.test(head)) throw new ImportError(file, 'not OpenStreetMap XML: no <osm> element at the start');
  type Open = { kind: 'node'; id: number; lon: number; lat: number; tags: Tags | null }
    | { kind: 'way'; id: number; refs: number[]; tags: Tags }
    | { kind: 'relation'; id: number; members: OsmMember[]; tags: Tags };
  let open: Open | null = null;
  let pos = 0;
  let sawOsmEnd = false;
  const lineAt = (i: number) => text.slice(0, i).split('\n').length;
  const close = () => {
    if (!open) return;
    if (open.kind === 'node') osm.addNode(open.id, open.lon, open.lat, open.tags);
    else if (open.kind === 'way') osm.ways.push({ id: open.id, refs: open.refs, tags: open.tags });
    else osm.relations.push({ id: open.id, members: open.members, tags: open.tags });
    open = null;
  };
  let nextReport = 1 << 20;
  for (;;) {
    const lt = text.indexOf('<', pos);
    if (lt < 0) break;
    const gt = text.indexOf('>', lt);
    if (gt < 0) throw new ImportError(file, `XML ends inside a tag (line ${lineAt(lt)})`);
    pos = gt + 1;
    if (onProgress && lt > nextReport) { onProgress(lt / text.length); nextReport = lt + (1 << 20); }
    const c1 = text.charCodeAt(lt + 1);
    if (c1 === 63 /* ? */ || c1 === 33 /* ! */) continue;
    if (c1 === 47 /* / */) {
      const name = text.slice(lt + 2, gt).trim();
      if (name === 'node' || name === 'way' || name === 'relation') close();
      else if (name === 'osm') sawOsmEnd = true;
      continue;
    }
    const body = text.slice(lt + 1, gt);
    const selfClosing = body.endsWith('/');
    const sp = body.search(/[\s/]/);
    const name = sp < 0 ? body : body.slice(0, sp);
    switch (name) {
      case 'node': {
        const a = attrs(body);
        const id = Number(a.id), lon = Number(a.lon), lat = Number(a.lat);
        if (!Number.isFinite(id)) throw new ImportError(file, `node without a numeric id (line ${lineAt(lt)})`);
        if (a.visible === 'false' || a.action === 'delete') { if (!selfClosing) open = null; break; }
        if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw new ImportError(file, `node/${a.id} has no valid lat/lon (line ${lineAt(lt)})`);
        open = { kind: 'node', id, lon, lat, tags: null };
        if (selfClosing) close();
        break;
      }
      case 'way': {
        const a = attrs(body);
        open = { kind: 'way', id: Number(a.id), refs: [], tags: {} };
        if (a.visible === 'false' || a.action === 'delete') { open = null; break; }
        if (selfClosing) close();
        break;
      }
      case 'relation': {
        const a = attrs(body);
        open = { kind: 'relation', id: Number(a.id), members: [], tags: {} };
        if (a.visible === 'false' || a.action === 'delete') { open = null; break; }
        if (selfClosing) close();
        break;
      }
      case 'tag': {
        if (!open) break;
        const a = attrs(body);
        if (a.k === undefined) break;
        if (open.kind === 'node') (open.tags ??= {})[a.k] = a.v ?? '';
        else open.tags[a.k] = a.v ?? '';
        break;
      }
      case 'nd': {
        if (open?.kind !== 'way') break;
        const m = /ref\s*=\s*["'](-?\d+)["']/.exec(body);
        if (m) open.refs.push(Number(m[1]));
        break;
      }
      case 'member': {
        if (open?.kind !== 'relation') break;
        const a = attrs(body);
        if (a.type === 'node' || a.type === 'way' || a.type === 'relation') open.members.push({ type: a.type, ref: Number(a.ref), role: a.role ?? '' });
        break;
      }
      case 'bounds': {
        const a = attrs(body);
        const b = [a.minlon, a.minlat, a.maxlon, a.maxlat].map(Number);
        if (b.every(Number.isFinite)) osm.bounds = b as [number, number, number, number];
        break;
      }
      default:
        break;
    }
  }
  if (!sawOsmEnd) throw new ImportError(file, 'OSM XML is cut short: no closing </osm>');
  return osm.finish();
}
