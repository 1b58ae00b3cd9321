import { createLogger } from '../common/logger.js';
import { authConfig, issueToken } from '../gateway/auth.js';
import { loadSimulatorsConfig } from './config.js';
import { startSimulators } from './server.js';
import { simulatorClock } from './clock.js';

const config = loadSimulatorsConfig();
const log = createLogger('simulators');
const running = await startSimulators(config.port, config.host, simulatorClock(config));
// Auto-answers reach the gateway as the partner authority, with a token of the development
// issuer (simulators exist only where that issuer does).
const gatewayUrl = config.gatewayUrl;
const secret = config.authJwtSecret;
if (gatewayUrl && secret) {
  const auth = authConfig(secret);
  running.linkGateway({
    url: gatewayUrl,
    tokenFor: (authority) =>
      issueToken(auth, {
        subject: `${authority.toLowerCase()}-simulator`,
        role: 'partner',
        authority,
      }),
  });
}
log.info('partner simulators listening', {
  url: running.url,
  gateway: gatewayUrl ?? null,
  clock: config.clock,
});
const shutdown = () => void running.stop().then(() => process.exit(0));
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
