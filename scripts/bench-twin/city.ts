// The benchmark city page: the twin's own extruded-buildings layer (src/twin/attach.ts) over the
// generated city's buildings, loaded as binary arrays written by scripts/bench-twin.ts.
import { Map as MlMap, setWorkerUrl } from 'maplibre-gl';
import maplibreWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { MapboxOverlay } from '@deck.gl/mapbox';
import { buildingsLayer, deckCompat } from '../../src/twin/attach.ts';
import { colourBuildings, type BuildingGeometry } from '../../src/twin/buildings.ts';
import { rendererInfo } from '../../src/twin/renderer.ts';

setWorkerUrl(maplibreWorkerUrl);

interface CityMeta { count: number; vertices: number; bbox: [number, number, number, number] }

async function bin(name: string): Promise<ArrayBuffer> {
  const res = await fetch(`data/${name}`);
  if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`);
  return res.arrayBuffer();
}

const meta = await (await fetch('data/meta.json')).json() as CityMeta;
const geometry: BuildingGeometry = {
  count: meta.count,
  startIndices: new Uint32Array(await bin('starts.bin')),
  positions: new Float64Array(await bin('positions.bin')),
  height: new Float32Array(await bin('height.bin')),
  use: new Uint8Array(await bin('use.bin')),
  population: new Float32Array(meta.count).fill(1),
};
const colours = new Uint8Array(meta.count * 4);
colourBuildings(geometry, { metric: 'use', dist: null, baseDist: null, threshold: 300, completeness: null }, colours);
let version = 1, drawn = 0, drawnAt = 0;
const tmp = [0, 0, 0, 255];
const getFillColor = (_: unknown, { index }: { index: number }) => {
  tmp[0] = colours[4 * index]; tmp[1] = colours[4 * index + 1]; tmp[2] = colours[4 * index + 2];
  return tmp;
};

const map = new MlMap({
  container: 'map',
  style: { version: 8, sources: {}, layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#efe9df' } }] },
  bounds: meta.bbox,
  pitch: 55,
  maxPitch: 75,
  attributionControl: false,
});
deckCompat(map);
const overlay = new MapboxOverlay({
  interleaved: true,
  layers: [],
  onAfterRender: () => {
    if (drawn !== version) {
      drawn = version;
      drawnAt = performance.now();
    }
  },
});
map.addControl(overlay);
const layer = () => buildingsLayer(geometry, { visible: true, colourVersion: version, getFillColor, highlight: false });
map.on('load', () => overlay.setProps({ layers: [layer()] }));

/** Recolours every building from a new per-building walk (as a drop does) and resolves when a frame shows it. */
async function recolour(seed: number): Promise<number> {
  const dist = new Float64Array(meta.count);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < meta.count; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    dist[i] = ((x >>> 0) % 1200);
  }
  const t0 = performance.now();
  colourBuildings(geometry, { metric: 'walk', dist, baseDist: null, threshold: 300, completeness: null }, colours);
  version++;
  overlay.setProps({ layers: [layer()] });
  map.triggerRepaint();
  while (drawn !== version) await new Promise((r) => requestAnimationFrame(r));
  return drawnAt - t0;
}

const gl = map.getCanvas().getContext('webgl2');
(window as unknown as { bench: unknown }).bench = {
  map, recolour, buildings: meta.count, renderer: gl ? rendererInfo(gl).renderer : 'unknown',
  ready: () => drawn > 0,
};
