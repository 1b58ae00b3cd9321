import { envInt, envString } from '../common/env.js';
import { createLogger } from '../common/logger.js';
import { authConfig, issueToken } from '../gateway/auth.js';
import { startSimulators } from './server.js';

const log = createLogger('simulators');
const running = await startSimulators(
  envInt('SIMULATORS_PORT', 4010),
  envString('SIMULATORS_HOST', '127.0.0.1'),
);
// Auto-answers reach the gateway as the partner authority, with a token of the development
// issuer (simulators exist only where that issuer does).
const gatewayUrl = process.env.GATEWAY_URL;
const secret = process.env.AUTH_JWT_SECRET;
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
log.info('partner simulators listening', { url: running.url, gateway: gatewayUrl ?? null });
const shutdown = () => void running.stop().then(() => process.exit(0));
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
