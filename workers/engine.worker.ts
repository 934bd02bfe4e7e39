import { expose } from 'comlink';
import { EngineApi } from './api.ts';

expose(new EngineApi());
