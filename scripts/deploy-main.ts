import { EngineClient, loadEngineConfig } from '../common/engine.js';
import { Engine } from '../gateway/data/engine.js';
import { deployAll } from './deploy.js';

/** Deploys every model under processes/ to the engine at ENGINE_URL (docker-compose `deploy`). */
await deployAll(new Engine(new EngineClient(loadEngineConfig(), 60_000)));
