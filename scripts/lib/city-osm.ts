// A generated dataset written back as OpenStreetMap elements, so the benchmark can time the OSM
// importers on a city of realistic size: shared vertices become shared nodes, streets and buildings
// become tagged ways, facilities become nodes tagged as data/osm-tags.json maps them back.

import type { Dataset, Position } from '../../workers/model/dataset.ts';
import type { WNode, WWay } from './osm-pbf-writer.ts';

const FACILITY_TAGS: Record<string, Record<string, string>> = {
  health_station: { amenity: 'clinic' }, health_centre: { amenity: 'hospital' }, nursery: { amenity: 'childcare' },
  kindergarten: { amenity: 'kindergarten' }, elderly_daycare: { amenity: 'social_facility', social_facility: 'day_care' },
  elderly_home: { amenity: 'nursing_home' }, primary_school: { amenity: 'school', 'isced:level': '1' },
  middle_school: { amenity: 'school', 'isced:level': '2' }, market: { amenity: 'marketplace' }, convenience: { shop: 'convenience' },
  service_station: { amenity: 'community_centre' }, park: { leisure: 'park' }, green: { leisure: 'garden' },
  sports: { leisure: 'sports_centre' }, parking: { amenity: 'parking' }, bus_stop: { highway: 'bus_stop' },
};

export function datasetToOsm(ds: Dataset): { nodes: WNode[]; ways: WWay[] } {
  const nodes: WNode[] = [];
  const ways: WWay[] = [];
  const ids = new Map<string, number>();
  const node = (p: Position, tags?: Record<string, string>) => {
    if (tags) {
      nodes.push({ id: nodes.length + 1, lon: p[0], lat: p[1], tags });
      return nodes.length;
    }
    const key = `${p[0]},${p[1]}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = nodes.length + 1;
      nodes.push({ id, lon: p[0], lat: p[1] });
      ids.set(key, id);
    }
    return id;
  };
  const ring = (r: Position[]) => {
    const refs = r.map((p) => node(p));
    if (refs[0] !== refs[refs.length - 1]) refs.push(refs[0]);
    return refs;
  };
  for (const f of ds.streets.features) {
    const p = f.properties;
    const tags: Record<string, string> = { highway: p.class, name: p.name };
    if (p.foot === 'no') tags.foot = 'no';
    ways.push({ id: ways.length + 1, refs: f.geometry.coordinates.map((q) => node(q)), tags });
  }
  for (const f of ds.buildings.features) {
    const p = f.properties;
    ways.push({ id: ways.length + 1, refs: ring(f.geometry.coordinates[0]), tags: { building: p.use === 'residential' ? 'apartments' : p.use, 'building:levels': String(p.floors) } });
  }
  for (const f of ds.facilities.features) {
    const tags = { ...FACILITY_TAGS[f.properties.category], name: f.properties.name };
    if (f.geometry.type === 'Point') node(f.geometry.coordinates, tags);
    else ways.push({ id: ways.length + 1, refs: ring(f.geometry.coordinates[0]), tags });
  }
  return { nodes, ways };
}
