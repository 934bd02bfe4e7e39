// A plan's facility changes turned into the facility set the analysis runs on. The baseline set is
// never touched: moved, removed and edited facilities are copies, candidates are appended.

import type { Engine } from '../engine.ts';
import type { FacilitySet } from '../analysis/facilities.ts';
import { CATEGORY_IDS, type Position } from '../model/dataset.ts';
import { toXY } from '../model/geo.ts';
import type { SnapRef } from '../routing/access.ts';
import type { Change, Scenario } from './types.ts';
import { buildOverlay } from './network-edits.ts';

export interface ChangeProblem {
  change: string;
  message: string;
}

export interface AppliedScenario {
  scenario: Scenario | null;
  facilities: FacilitySet;
  problems: ChangeProblem[];
}

/**
 * A moved facility's access points, re-snapped after a shift of (dx, dy) metres. A point facility is
 * re-snapped where it now stands; a park or a lot keeps its outline samples, each shifted from where
 * it met the network. Samples that find no street are dropped.
 */
function shiftedAccess(e: Engine, f: number, dx: number, dy: number): SnapRef[] {
  const fs = e.baseFacilities;
  const out: SnapRef[] = [];
  const refs = fs.access[f];
  if (refs.length <= 1) {
    const s = e.snapXY(fs.xy[2 * f] + dx, fs.xy[2 * f + 1] + dy);
    if (s.ref) out.push(s.ref);
    return out;
  }
  const g = e.graph;
  for (const r of refs) {
    const u = g.edgeU[r.edge], v = g.edgeV[r.edge];
    const x = g.x[u] + (g.x[v] - g.x[u]) * r.t, y = g.y[u] + (g.y[v] - g.y[u]) * r.t;
    const s = e.snapXY(x + dx, y + dy);
    if (s.ref) out.push(s.ref);
  }
  return out;
}

function validPosition(p: unknown): p is Position {
  return Array.isArray(p) && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1])
    && Math.abs(p[0] as number) <= 180 && Math.abs(p[1] as number) <= 90;
}

/** Checks a capacity value: null (unknown) or a finite non-negative number below an absurd bound. */
export function capacityProblem(c: unknown): string | null {
  if (c === null) return null;
  if (typeof c !== 'number' || !Number.isFinite(c)) return 'capacity is not a number';
  if (c < 0) return 'capacity is negative';
  if (c > 1e6) return 'capacity is implausibly large (over 1,000,000)';
  return null;
}

/**
 * The facility set of a plan. Changes that cannot apply (an unknown facility, a point off the
 * network) are reported and left out rather than guessed at.
 */
export function applyFacilityChanges(e: Engine, scenario: Scenario | null): AppliedScenario {
  const base = e.baseFacilities;
  if (!scenario || scenario.changes.length === 0) return { scenario, facilities: base, problems: [] };
  const problems: ChangeProblem[] = [];
  const index = new Map(base.ids.map((id, i) => [id, i]));
  const removed = new Set<number>();
  const moved = new Map<number, Change & { kind: 'facility_move' }>();
  const edited = new Map<number, Change & { kind: 'facility_edit' }>();
  const added: Array<Change & { kind: 'facility_add' }> = [];
  for (const c of scenario.changes) {
    if (c.kind === 'facility_add') {
      if (!CATEGORY_IDS.includes(c.category)) problems.push({ change: c.id, message: `unknown category "${c.category}"` });
      else if (!validPosition(c.position)) problems.push({ change: c.id, message: 'position is not a valid longitude/latitude' });
      else if (capacityProblem(c.capacity)) problems.push({ change: c.id, message: capacityProblem(c.capacity)! });
      else added.push(c);
      continue;
    }
    if (c.kind !== 'facility_move' && c.kind !== 'facility_remove' && c.kind !== 'facility_edit') continue;
    const f = index.get(c.facility);
    if (f === undefined) { problems.push({ change: c.id, message: `no facility "${c.facility}" in the dataset` }); continue; }
    if (c.kind === 'facility_remove') removed.add(f);
    else if (c.kind === 'facility_move') {
      if (validPosition(c.position)) moved.set(f, c);
      else problems.push({ change: c.id, message: 'position is not a valid longitude/latitude' });
    } else if (c.capacity !== undefined && capacityProblem(c.capacity)) {
      problems.push({ change: c.id, message: capacityProblem(c.capacity)! });
    } else edited.set(f, c);
  }

  const fs: FacilitySet = { ids: [], category: [], access: [], capacity: [], names: [], community: new Int32Array(0), origin: [], change: [], xy: new Float64Array(0) };
  const community: number[] = [];
  const xy: number[] = [];
  for (let f = 0; f < base.ids.length; f++) {
    if (removed.has(f)) continue;
    const mv = moved.get(f), ed = edited.get(f);
    let access = base.access[f], x = base.xy[2 * f], y = base.xy[2 * f + 1], comm = base.community[f];
    if (mv) {
      const [nx, ny] = toXY(e.proj, mv.position[0], mv.position[1]);
      access = shiftedAccess(e, f, nx - x, ny - y);
      if (access.length === 0) problems.push({ change: mv.id, message: `the new place of "${base.ids[f]}" is too far from any street it may use` });
      x = nx; y = ny;
      comm = e.facts.communityAt(x, y);
    }
    fs.ids.push(base.ids[f]);
    fs.category.push(base.category[f]);
    fs.access.push(access);
    fs.capacity.push(ed && ed.capacity !== undefined ? ed.capacity : base.capacity[f]);
    fs.names.push(ed?.name ?? base.names[f]);
    fs.origin.push(mv ? 'moved' : 'existing');
    fs.change.push(mv?.id ?? ed?.id ?? null);
    community.push(comm);
    xy.push(x, y);
  }
  for (const c of added) {
    const [x, y] = toXY(e.proj, c.position[0], c.position[1]);
    const s = e.snapXY(x, y);
    if (!s.ref) problems.push({ change: c.id, message: `"${c.name || c.id}" is too far from any street it may use (${s.reason})` });
    fs.ids.push(c.id);
    fs.category.push(c.category);
    fs.access.push(s.ref ? [s.ref] : []);
    fs.capacity.push(c.capacity);
    fs.names.push(c.name);
    fs.origin.push('candidate');
    fs.change.push(c.id);
    community.push(e.facts.communityAt(x, y));
    xy.push(x, y);
  }
  fs.community = Int32Array.from(community);
  fs.xy = Float64Array.from(xy);
  return { scenario, facilities: fs, problems };
}

/**
 * Puts a plan in force on the engine (null: the baseline): its network edits first, so that new
 * facilities can join new paths, then its facilities. Returns what could not be applied.
 */
export function useScenario(e: Engine, scenario: Scenario | null): AppliedScenario {
  const network = buildOverlay(e, scenario);
  e.setOverlay(network.overlay);
  const applied = applyFacilityChanges(e, scenario);
  e.facilities = applied.facilities;
  return { ...applied, problems: [...network.problems, ...applied.problems] };
}
