import { startServer } from './server.js';

const gateway = await startServer();
const shutdown = () => void gateway.stop().then(() => process.exit(0));
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
