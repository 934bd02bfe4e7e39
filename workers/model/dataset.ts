// The data model: WGS84 GeoJSON layers as the app, the CLI and the importers exchange them.
// Whatever a dataset came from (generator, OSM, shapefile), the engine only ever sees this shape.

export const CATEGORY_IDS = [
  'health_station', 'health_centre', 'nursery', 'kindergarten', 'elderly_daycare', 'elderly_home',
  'primary_school', 'middle_school', 'market', 'convenience', 'service_station', 'park', 'green',
  'sports', 'parking', 'bus_stop',
] as const;
export type CategoryId = (typeof CATEGORY_IDS)[number];

export const COHORTS = ['everyone', 'households', 'age0_3', 'age3_6', 'age6_12', 'age60plus', 'cars'] as const;
export type Cohort = (typeof COHORTS)[number];

export type Position = [number, number];

export interface Feature<G, P> {
  type: 'Feature';
  id?: string | number;
  geometry: G;
  properties: P;
}
export interface FeatureCollection<G, P> {
  type: 'FeatureCollection';
  features: Feature<G, P>[];
}
export interface PointGeom { type: 'Point'; coordinates: Position }
export interface LineGeom { type: 'LineString'; coordinates: Position[] }
export interface PolygonGeom { type: 'Polygon'; coordinates: Position[][] }

export interface CommunityProps {
  id: string;
  name: string;
  name_en: string;
  type: 'old' | 'new' | 'mixed' | 'unit';
  households: number;
  population: number;
  groups: number;
}
export interface CompoundProps {
  id: string;
  name: string;
  community: string;
  gates: Position[];
}
export interface BuildingProps {
  id: string;
  community: string;
  compound: string | null;
  floors: number;
  height: number;
  use: 'residential' | 'commercial' | 'office' | 'industrial' | 'public';
  households: number;
  population: number;
  age0_3: number;
  age3_6: number;
  age6_12: number;
  age60plus: number;
  cars: number;
}
export interface StreetProps {
  id: string;
  class: string;
  name: string;
  foot: 'yes' | 'no';
  /** Compound whose internal path this is; null for public streets. */
  compound: string | null;
  /** Set on the internal paths that start at a compound gate. */
  gate?: boolean;
}
export type FacilityStatus = 'existing' | 'candidate' | 'planned';
export interface FacilityProps {
  id: string;
  category: CategoryId;
  name: string;
  capacity: number | null;
  status: FacilityStatus;
  community: string;
  compound: string | null;
}
export interface SiteProps {
  id: string;
  name: string;
  kind: 'vacant_land' | 'idle_building';
  area_m2: number;
  community: string;
  compound: string | null;
}
export interface LanduseProps {
  id: string;
  kind: 'green' | 'water' | 'rail' | 'commercial' | 'industrial' | 'hightech';
  name: string;
}

export interface DatasetMeta {
  id: string;
  name: string;
  name_en: string;
  synthetic: boolean;
  description: string;
  center: Position;
  bbox: [number, number, number, number];
  area_km2: number;
  boundary: Position[];
  seed?: number;
  attribution?: string;
}

export interface Dataset {
  meta: DatasetMeta;
  communities: FeatureCollection<PolygonGeom, CommunityProps>;
  compounds: FeatureCollection<PolygonGeom, CompoundProps>;
  buildings: FeatureCollection<PolygonGeom, BuildingProps>;
  streets: FeatureCollection<LineGeom, StreetProps>;
  facilities: FeatureCollection<PointGeom | PolygonGeom, FacilityProps>;
  sites: FeatureCollection<PolygonGeom, SiteProps>;
  landuse: FeatureCollection<PolygonGeom | LineGeom, LanduseProps>;
}

export const LAYER_NAMES = ['communities', 'compounds', 'buildings', 'streets', 'facilities', 'sites', 'landuse'] as const;
export type LayerName = (typeof LAYER_NAMES)[number];

/** Street classes that count as vehicle roads for road-network density. */
export const VEHICLE_CLASSES = new Set([
  'motorway', 'trunk', 'primary', 'secondary', 'tertiary', 'unclassified', 'residential', 'living_street',
]);

const EMPTY = () => ({ type: 'FeatureCollection' as const, features: [] });

/** A dataset with every layer present, so partial imports (streets only, say) still load. */
export function completeDataset(partial: Partial<Dataset> & { meta?: Partial<DatasetMeta> }): Dataset {
  const layer = <K extends LayerName>(k: K): Dataset[K] => {
    const fc = partial[k] as Dataset[K] | undefined;
    return fc && Array.isArray(fc.features) ? fc : (EMPTY() as unknown as Dataset[K]);
  };
  return {
    meta: { id: 'dataset', name: '数据集', name_en: 'Dataset', synthetic: false, description: '', center: [NaN, NaN],
      bbox: [NaN, NaN, NaN, NaN], area_km2: 0, boundary: [], ...partial.meta } as DatasetMeta,
    communities: layer('communities'), compounds: layer('compounds'), buildings: layer('buildings'), streets: layer('streets'),
    facilities: layer('facilities'), sites: layer('sites'), landuse: layer('landuse'),
  };
}
