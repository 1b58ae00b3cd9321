import { Camunda8, Zeebe } from '@camunda8/sdk';

export type ZeebeGrpcClient = Zeebe.ZeebeGrpcClient;

/**
 * A gRPC client for the self-managed broker (no OAuth; plaintext on loopback, TLS in
 * deployment via CAMUNDA_SECURE_CONNECTION). Keys (process instance, job, element
 * instance) stay strings end to end.
 */
export function createZeebeClient(address: string): ZeebeGrpcClient {
  const c8 = new Camunda8({
    ZEEBE_GRPC_ADDRESS: address,
    ZEEBE_ADDRESS: address,
    CAMUNDA_AUTH_STRATEGY: 'NONE',
    CAMUNDA_OAUTH_DISABLED: true,
    CAMUNDA_SECURE_CONNECTION: process.env.CAMUNDA_SECURE_CONNECTION === 'true',
    zeebeGrpcSettings: { ZEEBE_CLIENT_LOG_LEVEL: process.env.ZEEBE_CLIENT_LOG_LEVEL ?? 'NONE' },
  });
  return c8.getZeebeGrpcApiClient();
}
