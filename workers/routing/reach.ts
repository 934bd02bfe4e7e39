// Buildings within reach of a finished search: found through the edges around reached nodes (and
// the edges the seeds sit on), never by scanning every building, so a small search stays small.

import type { Graph } from '../network/graph.ts';
import type { Costs } from '../network/profile.ts';
import { pointDistance, type Seeds } from './access.ts';
import type { Searcher } from './search.ts';
import type { Snaps } from './spatial.ts';

export class BuildingReach {
  private readonly stamp: Int32Array;
  private run = 0;
  private readonly dBuf = new Float64Array(1);
  private readonly sBuf = new Int32Array(1);

  /** `edgeBStart`/`edgeBIds`: buildings by the edge they are snapped to (CSR). */
  constructor(private readonly g: Graph, private readonly snaps: Snaps, private readonly edgeBStart: Uint32Array,
    private readonly edgeBIds: Uint32Array) {
    this.stamp = new Int32Array(snaps.edge.length).fill(-1);
  }

  /** Calls `fn(building, metres)` once for every building within `cutoff` of the last search from `seeds`. */
  forEach(search: Searcher, costs: Costs, seeds: Seeds, cutoff: number, fn: (i: number, d: number) => void): void {
    const run = ++this.run;
    const g = this.g, s = this.snaps, start = this.edgeBStart, ids = this.edgeBIds, stamp = this.stamp;
    const dBuf = this.dBuf, sBuf = this.sBuf;
    const visit = (edge: number) => {
      for (let j = start[edge]; j < start[edge + 1]; j++) {
        const i = ids[j];
        if (stamp[i] === run) continue;
        stamp[i] = run;
        pointDistance(g, costs, search, seeds, s.edge[i], s.t[i], s.offset[i], dBuf, sBuf, 0);
        if (dBuf[0] <= cutoff) fn(i, dBuf[0]);
      }
    };
    const reached = search.reached();
    const ov = costs.overlay?.ov, N = g.nodeCount;
    for (let r = 0; r < reached.length; r++) {
      const u = reached[r];
      if (u >= N) {
        // A network edit's join point: the buildings on the edge it splits.
        const e = ov!.xSplitEdge[u - N];
        if (e >= 0) visit(e);
        continue;
      }
      for (let a = g.offsets[u]; a < g.offsets[u + 1]; a++) visit(g.arcEdge[a]);
    }
    for (const edge of seeds.onEdge.keys()) if (edge < g.edgeCount) visit(edge);
    // Buildings on closed edges walk from the nearest open one, wherever that is.
    if (ov) for (const edge of ov.disabledEdges) visit(edge);
  }
}
