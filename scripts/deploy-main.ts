import { loadInfraConfig } from '../common/config.js';
import { createZeebeClient } from '../common/zeebe.js';
import { deployAll } from './deploy.js';

/** Deploys every model under processes/ to the broker at ZEEBE_ADDRESS (docker-compose `deploy`). */
const zeebe = createZeebeClient(loadInfraConfig().zeebeAddress);
try {
  await deployAll(zeebe);
} finally {
  await zeebe.close();
}
