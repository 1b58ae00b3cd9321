import { envInt, envString } from './env.js';

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
export type PartnerName = 'BA' | 'RECOGNITION' | 'MISSION' | 'BVA' | 'AZR' | 'EAT';

export function partnerUrl(name: PartnerName): string {
  const path = name.toLowerCase();
  return envString(
    `PARTNER_${name}_URL`,
    `http://127.0.0.1:${envInt('SIMULATORS_PORT', 4010)}/${path}`,
  );
}
