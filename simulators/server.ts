import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { baSimulator } from './ba/ba-simulator.js';
import { recognitionSimulator } from './recognition/recognition-simulator.js';
import { missionSimulator } from './mission/mission-simulator.js';
import { bvaSimulator } from './bva/bva-simulator.js';
import { azrSimulator } from './azr/azr-simulator.js';
import { eatSimulator } from './eat/eat-simulator.js';
import { fitConnectSimulator } from './fit-connect/fit-connect-simulator.js';
import type { GatewayLink } from './auto-answer.js';
import { wallClock, type SimulatorClock } from './clock.js';
import { PARTNERS, type Partner } from '../common/partners.js';

/**
 * All partner-system simulators on one HTTP port, each under its own path (/ba, ...).
 * `gateway` is how auto-answers reach the platform (see auto-answer.ts); it may be set
 * after the simulators start, since the gateway may start later.
 */
export function createSimulatorsApp(
  gateway: () => GatewayLink | undefined = () => undefined,
  clock: SimulatorClock = wallClock,
) {
  const app = express();
  // The FIT-Connect Submission API: intake, not a partner the workers call (common/partners.ts);
  // its submissions carry encrypted attachments, hence the larger body limit.
  const fitConnect = fitConnectSimulator(clock);
  app.use('/fit-connect', express.json({ limit: '25mb' }), fitConnect.router);
  app.use(express.json({ limit: '1mb' }));
  // One simulator for every partner system (common/partners.ts), each under its own path.
  const ba = baSimulator(gateway, clock);
  const recognition = recognitionSimulator(gateway, clock);
  const mission = missionSimulator(gateway, clock);
  const bva = bvaSimulator(gateway, clock);
  const azr = azrSimulator(clock);
  const eat = eatSimulator(clock);
  const routers: Record<Partner, express.Router> = {
    ba: ba.router,
    recognition: recognition.router,
    mission: mission.router,
    bva: bva.router,
    azr: azr.router,
    eat: eat.router,
  };
  for (const partner of PARTNERS) app.use(`/${partner}`, routers[partner]);
  app.get('/health', (_req, res) => void res.json({ status: 'ok', simulators: [...PARTNERS] }));
  return {
    app,
    autoAnswers: {
      ba: ba.auto,
      recognition: recognition.auto,
      mission: mission.auto,
      bva: bva.auto,
    },
    simulators: {
      ba: ba.sim,
      recognition: recognition.sim,
      mission: mission.sim,
      bva: bva.sim,
      azr: azr.sim,
      eat: eat.sim,
      fitConnect: fitConnect.sim,
    },
  };
}

export async function startSimulators(
  port: number,
  host = '127.0.0.1',
  clock: SimulatorClock = wallClock,
) {
  let link: GatewayLink | undefined;
  const { app, simulators, autoAnswers } = createSimulatorsApp(() => link, clock);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(port, host, () => resolve(s));
  });
  const { port: actualPort } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${actualPort}`,
    simulators,
    autoAnswers,
    /** Lets auto-answers reach the gateway. */
    linkGateway: (l: GatewayLink) => void (link = l),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
