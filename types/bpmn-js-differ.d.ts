declare module 'bpmn-js-differ' {
  /** Semantic diff of two bpmn-moddle definitions (see processes/model-checks/diff.ts). */
  export function diff(a: unknown, b: unknown): unknown;
}
