// Minimal declarations for the parts of bpmnlint and bpmn-moddle the lint test uses;
// neither package ships types for its entry points (bpmnlint is CommonJS).

declare module 'bpmnlint' {
  export type RuleConfig = string | number | [string | number, unknown?];

  export interface Config {
    extends?: string | string[];
    rules?: Record<string, RuleConfig>;
    /** Read by the bpmnlint CLI only: moddle extensions to parse diagrams with. */
    moddleExtensions?: Record<string, string>;
  }

  export interface Resolver {
    resolveRule(pkg: string, ruleName: string): unknown;
    resolveConfig(pkg: string, configName: string): Config | Promise<Config>;
  }

  export interface Report {
    id?: string;
    path?: string[];
    message: string;
    category: 'error' | 'warn' | 'info' | 'rule-error';
    meta?: { documentation?: { url?: string } };
  }

  export class Linter {
    constructor(options: { config?: Config; resolver: Resolver });
    /** Lint a parsed model; reports keyed by rule name (e.g. `camunda-compat/task-definition`). */
    lint(moddleRoot: unknown, config?: Config): Promise<Record<string, Report[]>>;
    /** The effective rule settings of a config, its `extends` resolved. */
    resolveConfiguredRules(config: Config): Promise<Record<string, RuleConfig>>;
  }
}

declare module 'bpmnlint/lib/resolver/node-resolver.js' {
  import type { Config, Resolver } from 'bpmnlint';

  /** Resolves rules and configs (`plugin:…`) with Node module resolution. */
  export default class NodeResolver implements Resolver {
    constructor(options?: { require?: NodeJS.Require; requireLocal?: NodeJS.Require });
    resolveRule(pkg: string, ruleName: string): unknown;
    resolveConfig(pkg: string, configName: string): Config;
  }
}

declare module 'bpmn-moddle' {
  export class BpmnModdle {
    constructor(packages?: Record<string, object>, options?: object);
    fromXML(
      xml: string,
      typeName?: string,
    ): Promise<{ rootElement: unknown; warnings: Array<Error & { element?: unknown }> }>;
  }
}
