// The embedded district ships with the app as static assets: no network beyond the page's own host.
import communities from '../../data/jidong/communities.geojson?url';
import compounds from '../../data/jidong/compounds.geojson?url';
import buildings from '../../data/jidong/buildings.geojson?url';
import streets from '../../data/jidong/streets.geojson?url';
import facilities from '../../data/jidong/facilities.geojson?url';
import sites from '../../data/jidong/sites.geojson?url';
import landuse from '../../data/jidong/landuse.geojson?url';
import meta from '../../data/jidong/meta.json';
import type { Dataset, DatasetMeta } from '../../workers/model/dataset.ts';

const URLS = { communities, compounds, buildings, streets, facilities, sites, landuse };

export async function loadEmbeddedDataset(): Promise<Dataset> {
  const entries = await Promise.all(Object.entries(URLS).map(async ([name, url]) => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`);
    return [name, await res.json()] as const;
  }));
  return { meta: meta as DatasetMeta, ...Object.fromEntries(entries) } as Dataset;
}
