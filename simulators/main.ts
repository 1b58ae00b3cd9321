import { envInt, envString } from '../common/env.js';
import { createLogger } from '../common/logger.js';
import { startSimulators } from './server.js';

const log = createLogger('simulators');
const running = await startSimulators(
  envInt('SIMULATORS_PORT', 4010),
  envString('SIMULATORS_HOST', '127.0.0.1'),
);
log.info('partner simulators listening', { url: running.url });
const shutdown = () => void running.stop().then(() => process.exit(0));
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
