// npm run bench -- --out bench.json [--scale 15] [--runs 15] [--no-city]
// Engine speed on the embedded district and on a tiled city of over a million street edges.
// Every figure is the median of repeated runs after warm-up; targets are reported beside them.

import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import Graph from 'graphology';
import { dijkstra } from 'graphology-shortest-path';
import { loadDatasetDir } from './lib/load.ts';
import { loadStandards } from './lib/standards.ts';
import { CENTER, tileCity } from './lib/build.ts';
import { DISTRICT } from './lib/district.ts';
import { GeoJsonSink } from './lib/geojson-sink.ts';
import { Engine } from '../workers/engine.ts';
import { analyze } from '../workers/analysis/coverage.ts';
import { buildGraph } from '../workers/network/graph.ts';
import { streetArrays } from '../workers/network/network.ts';
import { makeSeeds } from '../workers/routing/access.ts';
import { useScenario } from '../workers/scenario/apply.ts';
import { DragSession } from '../workers/siting/drag.ts';
import { suggest } from '../workers/siting/suggest.ts';
import type { Scenario } from '../workers/scenario/types.ts';
import type { Engine as EngineT } from '../workers/engine.ts';
import type { Position } from '../workers/model/dataset.ts';
import { buildOverlay, coverageReference, coverageWithEdits } from '../workers/scenario/network-edits.ts';
import { applyFacilityChanges } from '../workers/scenario/apply.ts';
import { toLonLat } from '../workers/model/geo.ts';
import { datasetToOsm } from './lib/city-osm.ts';
import { writeOsmPbf } from './lib/osm-pbf-writer.ts';
import { importFiles } from '../workers/io/import.ts';
import { parseOsmPbf } from '../workers/io/osm-pbf.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'bench.json' },
    scale: { type: 'string', default: '15' },
    runs: { type: 'string', default: '15' },
    'no-city': { type: 'boolean', default: false },
  },
});
const RUNS = Math.max(3, Number(values.runs));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
/** Median wall time of `fn` over `runs` runs after `warm` warm-up runs, in ms. */
function time(fn: () => void, runs = RUNS, warm = 3): number {
  for (let i = 0; i < warm; i++) fn();
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    ts.push(performance.now() - t);
  }
  return round(median(ts));
}
const round = (v: number) => Math.round(v * 1000) / 1000;
const gc = () => (globalThis as { gc?: () => void }).gc?.();
const memMb = () => {
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 2 ** 20;
};

const result: Record<string, unknown> = {
  machine: { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? '', platform: `${os.platform()} ${os.arch()}` },
  runs: RUNS,
};
const standards = loadStandards();

/**
 * p95 of the full live update (coverage, colours, gaps, the candidate's own walking area) for a
 * health station dragged along 200 positions across the bounding box, one step per frame.
 */
function dragP95(engine: EngineT, bbox: [number, number, number, number]): number {
  const [x0, y0, x1, y1] = bbox;
  const at = (t: number): Position => [x0 + (x1 - x0) * (0.1 + 0.8 * t), y0 + (y1 - y0) * (0.15 + 0.7 * t)];
  const plan: Scenario = {
    format: 'circletwin-scenario', version: 1, id: 'bench', name: 'bench', dataset: '', created: '', updated: '', revision: 0,
    changes: [{ kind: 'facility_add', id: 'cand', category: 'health_station', name: '', capacity: null, position: at(0), origin: 'manual' }],
    time_of_day: null, slides: [],
  };
  useScenario(engine, plan);
  const session = new DragSession(engine, standards, standards.profiles[0], engine.facilities, 'cand');
  for (let k = 0; k < 10; k++) session.move(...at(k / 10));
  const ts: number[] = [];
  for (let k = 0; k < 200; k++) {
    const t = performance.now();
    session.move(...at(k / 199));
    ts.push(performance.now() - t);
  }
  useScenario(engine, null);
  ts.sort((a, b) => a - b);
  return round(ts[Math.floor(0.95 * (ts.length - 1))]);
}

/**
 * From an added footpath to updated coverage of every category: the plan's overlay is built, put in
 * force, its facility set derived and each category's coverage updated from the plan's coverage
 * before the edit (workers/scenario/network-edits.ts, coverageWithEdits). The path runs from the
 * street in front of the first health station to the nearest public street 200 m east of it.
 */
function networkEditMs(engine: EngineT): number {
  const g = engine.graph;
  const f = engine.facilities.category.findIndex((c, i) => c === 'health_station' && engine.facilities.access[i].length > 0);
  const r = engine.facilities.access[f][0];
  const u = g.edgeU[r.edge], v = g.edgeV[r.edge];
  const px = g.x[u] + r.t * (g.x[v] - g.x[u]), py = g.y[u] + r.t * (g.y[v] - g.y[u]);
  const q = engine.index.nearest(px + 200, py, 300, (e) => g.edgeZone[e] === -1 && e !== r.edge)!;
  const qx = g.x[g.edgeU[q.edge]] + q.t * (g.x[g.edgeV[q.edge]] - g.x[g.edgeU[q.edge]]);
  const qy = g.y[g.edgeU[q.edge]] + q.t * (g.y[g.edgeV[q.edge]] - g.y[g.edgeU[q.edge]]);
  const plan: Scenario = {
    format: 'circletwin-scenario', version: 1, id: 'bench', name: 'bench', dataset: '', created: '', updated: '', revision: 0,
    changes: [{ kind: 'path_add', id: 'path', path_type: 'footpath', coordinates: [toLonLat(engine.proj, px, py), toLonLat(engine.proj, qx, qy)], penalty_m: 0, name: '' }],
    time_of_day: null, slides: [],
  };
  // The plan's coverage before the edit is known (the app has it on screen); the edit updates it.
  const ref = coverageReference(engine, standards, standards.profiles[0], engine.facilities);
  const ms = time(() => {
    const { overlay, problems } = buildOverlay(engine, plan);
    if (problems.length || !overlay) throw new Error(`bench footpath refused: ${JSON.stringify(problems)}`);
    engine.setOverlay(overlay);
    coverageWithEdits(engine, ref, applyFacilityChanges(engine, plan).facilities);
  }, Math.min(RUNS, 9), 2);
  engine.setOverlay(null);
  return ms;
}

// ---- District ---------------------------------------------------------------------------------
{
  const ds = loadDatasetDir('data/jidong');
  const engine = new Engine(ds);
  const { arrays } = streetArrays(engine.proj, ds, engine.zones);
  const costs = engine.costs();
  const category = 'convenience';
  const { refs } = engine.categorySources(category);
  const seeds = makeSeeds(engine.graph, costs, refs);
  const iso = { from: CENTER, minutes: [5, 10, 15] };

  // Textbook reference: graphology's Dijkstra from each facility's node, one facility at a time.
  const g = engine.graph;
  const ref = new Graph({ type: 'undirected', multi: true });
  for (let v = 0; v < g.nodeCount; v++) ref.addNode(v);
  for (let e = 0; e < g.edgeCount; e++) ref.addEdge(g.edgeU[e], g.edgeV[e], { weight: costs.edgeCost[e] });
  const sourceNodes = refs.map((r) => g.edgeU[r[0].edge]);
  const refMs = time(() => { for (const s of sourceNodes) dijkstra.singleSource(ref, s, 'weight'); }, Math.min(RUNS, 7), 1);
  const oursSameMs = time(() => engine.searcher.run(costs, sourceNodes, sourceNodes.map(() => 0), sourceNodes.map((_, k) => k), sourceNodes.length, Infinity));

  // Suggest 5 health stations from about 2,000 network points over the whole district plus the sites layer.
  const [bx0, by0, bx1, by1] = ds.meta.bbox;
  const area: Position[] = [[bx0, by0], [bx1, by0], [bx1, by1], [bx0, by1], [bx0, by0]];
  const suggestReq = { category: 'health_station' as const, method: 'mclp' as const, k: 5, useSites: true, area, spacing_m: 42, timeLimitS: 10 };
  await suggest(engine, standards, standards.profiles[0], suggestReq);
  const suggestRuns: Array<{ ms: number; gap: number; candidates: number; proof: string }> = [];
  for (let k = 0; k < Math.min(RUNS, 5); k++) {
    const r = await suggest(engine, standards, standards.profiles[0], suggestReq);
    suggestRuns.push({ ms: r.ms, gap: r.optimality_gap, candidates: r.candidates, proof: r.proof });
  }

  result.district = {
    nodes: g.nodeCount,
    edges: g.edgeCount,
    buildings: engine.buildingIds.length,
    facilities: engine.facilityIds.length,
    graph_build_ms: time(() => buildGraph(arrays)),
    engine_build_ms: time(() => new Engine(ds), 5, 1),
    multi_source_category: category,
    multi_source_sources: refs.length,
    multi_source_ms: time(() => engine.searcher.run(costs, seeds.node, seeds.dist, seeds.src, seeds.count, 1500)),
    isochrone_ms: time(() => engine.isochrone(iso)),
    full_analysis_ms: time(() => analyze(engine, standards), Math.min(RUNS, 9), 2),
    drag_update_p95_ms: dragP95(engine, ds.meta.bbox),
    network_edit_ms: networkEditMs(engine),
    suggest_candidates: suggestRuns[0].candidates,
    suggest_ms: round(median(suggestRuns.map((r) => r.ms))),
    suggest_optimality_gap: Math.max(...suggestRuns.map((r) => r.gap)),
    suggest_proof: suggestRuns[0].proof,
    reference: {
      what: `graphology-shortest-path dijkstra.singleSource from each of ${sourceNodes.length} ${category} nodes, uncut`,
      reference_ms: refMs,
      ours_ms: oursSameMs,
      ratio: round(refMs / Math.max(oursSameMs, 1e-6)),
    },
  };
  console.log('district', JSON.stringify(result.district));
}

// ---- City -------------------------------------------------------------------------------------
if (!values['no-city']) {
  const scale = Math.max(2, Number(values.scale));
  // The GeoJSON exists only inside this function: the engine keeps none, so it is released before
  // any timing, as it is in the CLI and the worker.
  const built = (() => {
    const t0 = performance.now();
    const sink = new GeoJsonSink(CENTER, [DISTRICT.width / 2, DISTRICT.height / 2]);
    let links = 0;
    tileCity(20180701, scale, sink, (a, b) => {
      sink.street({ id: `link${links++}`, class: 'primary', name: '', foot: 'yes', compound: null }, [a, b]);
    });
    const ds = sink.dataset({ center: CENTER });
    const generateMs = performance.now() - t0;
    gc();
    const before = memMb();
    const t1 = performance.now();
    const engine = new Engine(ds);
    const engineMs = performance.now() - t1;
    gc();
    const engineMb = memMb() - before;
    const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const f of ds.buildings.features) {
      const [lon, lat] = f.geometry.coordinates[0][0];
      bbox[0] = Math.min(bbox[0], lon); bbox[1] = Math.min(bbox[1], lat); bbox[2] = Math.max(bbox[2], lon); bbox[3] = Math.max(bbox[3], lat);
    }
    return { engine, arrays: streetArrays(engine.proj, ds, engine.zones).arrays, generateMs, engineMs, engineMb, bbox };
  })();
  const cityBbox = built.bbox;
  gc();
  const { engine } = built;
  const costs = engine.costs();
  // 300 convenience stores spread evenly over the city.
  const all = engine.categorySources('convenience').refs.filter((r) => r.length > 0);
  const step = all.length / 300;
  const refs = Array.from({ length: 300 }, (_, k) => all[Math.floor(k * step)]);
  const seeds = makeSeeds(engine.graph, costs, refs);
  const multiMs = time(() => engine.searcher.run(costs, seeds.node, seeds.dist, seeds.src, seeds.count, 1500));
  const reached = engine.searcher.reached().length;
  const analysisMs = time(() => analyze(engine, standards), 3, 1);
  const graphMs = time(() => buildGraph(built.arrays), 5, 1);
  result.city = {
    scale,
    districts: scale * scale,
    nodes: engine.graph.nodeCount,
    junctions: engine.graph.junctionCount,
    edges: engine.graph.edgeCount,
    buildings: engine.buildingIds.length,
    facilities: engine.facilityIds.length,
    generate_ms: Math.round(built.generateMs),
    engine_build_ms: Math.round(built.engineMs),
    graph_build_ms: graphMs,
    multi_source_sources: refs.length,
    multi_source_ms: multiMs,
    multi_source_nodes_reached: reached,
    full_analysis_ms: analysisMs,
    drag_update_p95_ms: dragP95(engine, cityBbox),
    network_edit_ms: networkEditMs(engine),
    heap_mb: Math.round(built.engineMb),
    process_heap_mb: Math.round(memMb()),
  };
  console.log('city', JSON.stringify(result.city));
}

// ---- City import: the same generated city written as OSM PBF, read by the app's importer ------
if (!values['no-city']) {
  const scale = Math.max(2, Number(values.scale));
  const pbf = (() => {
    const sink = new GeoJsonSink(CENTER, [DISTRICT.width / 2, DISTRICT.height / 2]);
    let links = 0;
    tileCity(20180701, scale, sink, (a, b) => {
      sink.street({ id: `link${links++}`, class: 'primary', name: '', foot: 'yes', compound: null }, [a, b]);
    });
    const osm = datasetToOsm(sink.dataset({ center: CENTER }));
    return { bytes: writeOsmPbf(osm.nodes, osm.ways), nodes: osm.nodes.length, ways: osm.ways.length };
  })();
  gc();
  const mib = pbf.bytes.length / 2 ** 20;
  // Whole import as the app runs it: PBF decode, OSM → layers, the validation stage (estimates, zones).
  const importMs = time(() => { importFiles([{ name: 'city.osm.pbf', data: pbf.bytes }]); }, Math.min(RUNS, 3), 1);
  const parseMs = time(() => { parseOsmPbf(pbf.bytes, 'city.osm.pbf'); }, Math.min(RUNS, 5), 1);
  const city = (result.city ?? {}) as Record<string, unknown>;
  Object.assign(city, {
    import_pbf_mib: round(mib),
    import_osm_nodes: pbf.nodes,
    import_osm_ways: pbf.ways,
    import_ms: importMs,
    import_mib_per_s: round(mib / (importMs / 1000)),
    import_parse_ms: parseMs,
    import_parse_mib_per_s: round(mib / (parseMs / 1000)),
  });
  result.city = city;
  console.log('city import', JSON.stringify({ mib: round(mib), importMs, parseMs }));
}

result.targets = {
  'district.multi_source_ms': 2, 'district.isochrone_ms': 30, 'district.full_analysis_ms': 300,
  'district.drag_update_p95_ms': 16, 'district.suggest_ms': 2000, 'city.drag_update_p95_ms': 100,
  'district.network_edit_ms': 50, 'city.network_edit_ms': 1000,
  'city.graph_build_ms': 1500, 'city.multi_source_ms': 50, 'city.heap_mb': 400, 'city.full_analysis_ms': 4000,
};
writeFileSync(values.out, JSON.stringify(result, null, 2) + '\n');
console.log(`wrote ${values.out}`);
