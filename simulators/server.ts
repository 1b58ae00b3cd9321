import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { baSimulator } from './ba/ba-simulator.js';
import { recognitionSimulator } from './recognition/recognition-simulator.js';
import { missionSimulator } from './mission/mission-simulator.js';
import { bvaSimulator } from './bva/bva-simulator.js';
import { azrSimulator } from './azr/azr-simulator.js';
import { eatSimulator } from './eat/eat-simulator.js';

/** All partner-system simulators on one HTTP port, each under its own path (/ba, ...). */
export function createSimulatorsApp() {
  const app = express();
  app.use(express.json({ limit: '1mb' }));
  const ba = baSimulator();
  app.use('/ba', ba.router);
  const recognition = recognitionSimulator();
  app.use('/recognition', recognition.router);
  const mission = missionSimulator();
  app.use('/mission', mission.router);
  const bva = bvaSimulator();
  app.use('/bva', bva.router);
  const azr = azrSimulator();
  app.use('/azr', azr.router);
  const eat = eatSimulator();
  app.use('/eat', eat.router);
  app.get(
    '/health',
    (_req, res) =>
      void res.json({
        status: 'ok',
        simulators: ['ba', 'recognition', 'mission', 'bva', 'azr', 'eat'],
      }),
  );
  return {
    app,
    simulators: {
      ba: ba.sim,
      recognition: recognition.sim,
      mission: mission.sim,
      bva: bva.sim,
      azr: azr.sim,
      eat: eat.sim,
    },
  };
}

export async function startSimulators(port: number, host = '127.0.0.1') {
  const { app, simulators } = createSimulatorsApp();
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(port, host, () => resolve(s));
  });
  const { port: actualPort } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${actualPort}`,
    simulators,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
