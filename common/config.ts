import { envInt, envString } from './env.js';
import { partnerUrlVariable, perPartner, type Partner } from './partners.js';

/** Where the shared infrastructure is. Every component reads the same variables. */
export interface InfraConfig {
  /** The PostgreSQL database of the engine's outbox, the read model and the gateway's records. */
  databaseUrl: string;
}

export function loadInfraConfig(): InfraConfig {
  return {
    databaseUrl: envString(
      'DATABASE_URL',
      'postgres://wsa:wsa-local-development@127.0.0.1:5433/wsa',
    ),
  };
}

/** Base URL of a partner system (here: its simulator on SIMULATORS_PORT, under its own path). */
export function partnerUrl(partner: Partner): string {
  return envString(
    partnerUrlVariable(partner),
    `http://127.0.0.1:${envInt('SIMULATORS_PORT', 4010)}/${partner}`,
  );
}

/** Every partner system's base URL (common/partners.ts). */
export function partnerUrls(): Record<Partner, string> {
  return perPartner(partnerUrl);
}
