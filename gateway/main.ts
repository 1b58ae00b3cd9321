import { startServer } from './server.js';

const gateway = await startServer();
// Ctrl-C in `npm start` reaches the gateway twice (SIGINT from the terminal, SIGTERM from the
// stack): it stops once.
let stopping: Promise<void> | undefined;
const shutdown = () => {
  stopping ??= gateway.stop().then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
