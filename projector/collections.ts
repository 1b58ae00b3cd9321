/**
 * The read model ("projection") of the engine's exported records. Written only by the
 * projector; read by the gateway (status, timeline), later by the tasklist and KPIs.
 */
export const Collections = {
  /** One InstanceView per process instance (_id = processInstanceKey). */
  processInstances: 'process_instances',
  /** The gateway's cases; the projector only links an instance it could not link itself. */
  cases: 'cases',
} as const;
