import type { Map as MlMap } from 'maplibre-gl';
import type { store } from './state/store.ts';
import type { TwinProbe } from './twin/attach.ts';

declare global {
  interface Window {
    __circletwin?: { map: MlMap; store: typeof store; twin?: TwinProbe };
  }
}
