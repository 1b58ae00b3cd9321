import { envInt, envString } from './env.js';

/** Where the shared infrastructure is. Every component reads the same variables. */
export interface InfraConfig {
  /** host:port of the Zeebe gateway (gRPC, plaintext on loopback). */
  zeebeAddress: string;
  /** Base URL of the Zeebe REST API (user tasks are completed there). */
  zeebeRestUrl: string;
  /** The PostgreSQL database of the read model and the gateway's records. */
  databaseUrl: string;
  redisUrl: string;
  /** Stream prefix the Redis exporter writes to (its `name` argument). */
  exporterStreamPrefix: string;
}

export function loadInfraConfig(): InfraConfig {
  return {
    zeebeAddress: envString('ZEEBE_ADDRESS', '127.0.0.1:26500'),
    zeebeRestUrl: envString('ZEEBE_REST_URL', 'http://127.0.0.1:8080'),
    databaseUrl: envString(
      'DATABASE_URL',
      'postgres://wsa:wsa-local-development@127.0.0.1:5433/wsa',
    ),
    redisUrl: envString('REDIS_URL', 'redis://127.0.0.1:6380'),
    exporterStreamPrefix: envString('ZEEBE_REDIS_NAME', 'zeebe'),
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
