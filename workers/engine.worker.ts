import { expose } from 'comlink';
import highsLoader from 'highs';
import highsWasm from 'highs/runtime?url';
import { EngineApi } from './api.ts';
import { setHighsLoader } from './siting/exact.ts';

// The solver's WebAssembly is bundled with the app, so siting works offline.
setHighsLoader(() => highsLoader({ locateFile: () => highsWasm }));
expose(new EngineApi());
