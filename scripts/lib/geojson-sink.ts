// Collects the generator's output as WGS84 GeoJSON layers and writes them one feature per line,
// so a regenerated district diffs line by line in git.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeProjection, toLonLat, type Projection } from '../../workers/model/geo.ts';
import { completeDataset, type Dataset, type DatasetMeta, type LayerName, type Position } from '../../workers/model/dataset.ts';
import type { P, Sink } from './district.ts';

type AnyFeature = { type: 'Feature'; id: string; geometry: unknown; properties: Record<string, unknown> };

export class GeoJsonSink implements Sink {
  readonly layers: Record<LayerName, AnyFeature[]> = {
    communities: [], compounds: [], buildings: [], streets: [], facilities: [], sites: [], landuse: [],
  };
  readonly proj: Projection;
  constructor(readonly center: Position, readonly originXY: P) {
    this.proj = makeProjection(center[0], center[1]);
  }
  ll = (p: P): Position => {
    const [lon, lat] = toLonLat(this.proj, p[0] - this.originXY[0], p[1] - this.originXY[1]);
    return [round7(lon), round7(lat)];
  };
  protected add(layer: LayerName, id: string, geometry: unknown, properties: object) {
    this.layers[layer].push({ type: 'Feature', id, geometry, properties: properties as Record<string, unknown> });
  }
  community: Sink['community'] = (props, ring) =>
    this.add('communities', props.id, { type: 'Polygon', coordinates: [ring.map(this.ll)] }, props);
  compound: Sink['compound'] = (props, ring, gates) =>
    this.add('compounds', props.id, { type: 'Polygon', coordinates: [ring.map(this.ll)] }, { ...props, gates: gates.map(this.ll) });
  street: Sink['street'] = (props, pts) =>
    this.add('streets', props.id, { type: 'LineString', coordinates: pts.map(this.ll) }, props);
  building: Sink['building'] = (props, ring) =>
    this.add('buildings', props.id, { type: 'Polygon', coordinates: [ring.map(this.ll)] }, props);
  facility: Sink['facility'] = (props, point, ring) =>
    this.add('facilities', props.id, point
      ? { type: 'Point', coordinates: this.ll(point) }
      : { type: 'Polygon', coordinates: [ring!.map(this.ll)] }, props);
  site: Sink['site'] = (props, ring) =>
    this.add('sites', props.id, { type: 'Polygon', coordinates: [ring.map(this.ll)] }, props);
  landuse: Sink['landuse'] = (props, rings, line) =>
    this.add('landuse', props.id, line
      ? { type: 'LineString', coordinates: line.map(this.ll) }
      : { type: 'Polygon', coordinates: rings!.map((r) => r.map(this.ll)) }, props);

  /** The collected layers as an in-memory dataset, for benchmarks that skip the disk. */
  dataset(meta: Partial<DatasetMeta>): Dataset {
    const layers = Object.fromEntries(Object.entries(this.layers).map(([k, features]) => [k, { type: 'FeatureCollection', features }]));
    return completeDataset({ ...layers, meta } as unknown as Partial<Dataset>);
  }

  write(dir: string, meta: DatasetMeta) {
    mkdirSync(dir, { recursive: true });
    for (const [name, features] of Object.entries(this.layers)) {
      const body = features.map((f) => JSON.stringify(f)).join(',\n');
      writeFileSync(join(dir, `${name}.geojson`), `{"type":"FeatureCollection","features":[\n${body}\n]}\n`);
    }
    writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta, null, 2) + '\n');
  }
}

function round7(v: number): number {
  return Math.round(v * 1e7) / 1e7;
}
