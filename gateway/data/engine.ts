import {
  EngineClient,
  EngineError,
  toTypedValue,
  toTypedValues,
  type TypedValue,
} from '../../common/engine.js';

/** A decision the engine evaluated, as its history gives it. */
export interface EvaluatedDecision {
  decisionDefinitionId: string;
  decisionDefinitionKey: string;
  decisionDefinitionName: string | null;
  activityId: string;
  evaluationTime: string;
  inputs: { clauseId: string; clauseName: string | null; value: unknown }[];
  outputs: { clauseId: string; ruleId: string; variableName: string; value: unknown }[];
}

/**
 * What the gateway asks of the Operaton engine, over its REST API (`/engine-rest`), in the
 * platform's words. Reads of a case's progress never come here: they come from the read model.
 *
 * Ids: the engine's process instance, task, incident, definition ids are strings; the public
 * API calls them keys (`processInstanceKey`, `taskKey`, ...) as before.
 */
export interface DeploymentResource {
  name: string;
  content: string;
}

export interface EngineDeployment {
  id: string;
  processes: { id: string; key: string; version: number; resource: string }[];
  decisions: { id: string; key: string; version: number; resource: string }[];
}

export interface EngineDefinition {
  /** The engine's definition id (`<key>:<version>:<uuid>`). */
  id: string;
  key: string;
  version: number;
  resource: string;
  deploymentId: string;
}

type DefinitionDto = {
  id: string;
  key: string;
  /** The model's name, if it has one. */
  name?: string | null;
  version: number;
  resource: string;
  deploymentId: string;
};

/** The engine refused because of what was asked (not because it is away). */
export function isRefusal(err: unknown): err is EngineError {
  return err instanceof EngineError && err.status >= 400 && err.status < 500;
}

/** Operaton answers "nothing matched" of a correlation with a 400 of this type. */
const MISMATCH = /MismatchingMessageCorrelationException/;

/** The one deployment name (see `deploy`). */
const DEPLOYMENT_NAME = 'wsa-models';

/** A decision evaluated by the engine host's DMN engine without deploying it (the modeler's "try it"). */
export interface DecisionTryOut {
  decisionKey: string;
  decisionName: string | null;
  /** One entry per matched rule (or the collected value): output name → value. */
  result: Record<string, unknown>[];
  /** The decision and those it requires, each with its inputs and the rules that matched. */
  decisions: {
    decisionKey: string;
    decisionName: string | null;
    inputs: { id: string; name: string | null; value: unknown }[];
    matchedRules: { ruleId: string; ruleIndex: number; outputs: Record<string, unknown> }[];
  }[];
}

export class Engine {
  constructor(readonly client: EngineClient) {}

  /**
   * Evaluates a decision of a DMN document that is not deployed, with the engine host's own
   * DMN engine (`POST /engine-wsa/decisions/evaluate`). A document or inputs the engine cannot
   * take come back as its 400 `{field, message}`, thrown as an EngineError.
   */
  async tryDecision(
    xml: string,
    decisionKey: string | undefined,
    variables: Record<string, unknown>,
  ): Promise<DecisionTryOut> {
    return this.client.hostRequest<DecisionTryOut>('POST', '/engine-wsa/decisions/evaluate', {
      xml,
      decisionKey,
      variables,
    });
  }

  /** Starts the newest version of a process with the case id as business key. */
  async startInstance(
    processKey: string,
    businessKey: string,
    variables: Record<string, unknown>,
  ): Promise<string> {
    const started = await this.client.request<{ id: string }>(
      'POST',
      `/process-definition/key/${encodeURIComponent(processKey)}/start`,
      { businessKey, variables: toTypedValues(variables) },
    );
    return started.id;
  }

  /**
   * The root instance already started for a business key (a start whose answer was lost):
   * the engine is asked, so a retried start never starts a second instance.
   */
  async instanceForBusinessKey(processKey: string, businessKey: string): Promise<string | null> {
    const found = await this.client.request<{ id: string }[]>(
      'GET',
      `/history/process-instance?processDefinitionKey=${encodeURIComponent(processKey)}&processInstanceBusinessKey=${encodeURIComponent(businessKey)}&rootProcessInstances=true`,
    );
    return found[0]?.id ?? null;
  }

  /** The process keys of a case's instances in the engine, running or ended (root and called). */
  async processKeysForBusinessKey(businessKey: string): Promise<string[]> {
    const found = await this.client.request<{ processDefinitionKey: string }[]>(
      'GET',
      `/history/process-instance?processInstanceBusinessKey=${encodeURIComponent(businessKey)}`,
    );
    return [...new Set(found.map((i) => i.processDefinitionKey))];
  }

  /**
   * Delivers a message to every instance that waits for it: by the case id (every instance
   * of a case, root or called procedure, carries it as business key), or — for a standing
   * message such as a withdrawal, which the root's event sub-process takes and which cancels
   * the called procedures — to the root instance only. False when none waits.
   */
  async correlate(
    messageName: string,
    target: { businessKey: string } | { processInstanceId: string },
    variables: Record<string, unknown>,
  ): Promise<boolean> {
    try {
      const results = await this.client.request<unknown[]>('POST', '/message', {
        messageName,
        ...target,
        processVariables: toTypedValues(variables),
        all: true,
        // With `all`, the engine answers an empty list (not an error) when nothing waits.
        resultEnabled: true,
      });
      return results.length > 0;
    } catch (err) {
      if (err instanceof EngineError && MISMATCH.test(err.type + err.message)) return false;
      throw err;
    }
  }

  /**
   * Completes a user task as `user`, after asking the engine (not the read model, which may
   * be a moment behind) whether a colleague holds it: 'taken' then. Two completions racing
   * each other are decided by the engine: the second finds the task gone. 'gone' when the
   * engine no longer has the task.
   */
  async completeTaskAs(
    taskId: string,
    user: string,
    variables: Record<string, unknown>,
  ): Promise<'done' | 'taken' | 'gone'> {
    const task = await this.orNull(
      this.client.request<{ assignee: string | null }>('GET', `/task/${enc(taskId)}`),
    );
    if (!task) return 'gone';
    if (task.assignee !== null && task.assignee !== user) return 'taken';
    return (await this.completeTask(taskId, variables)) ? 'done' : 'gone';
  }

  /** The task's assignee now (null: nobody), or 'gone' when the engine no longer has it. */
  async taskAssignee(taskId: string): Promise<string | null | 'gone'> {
    const task = await this.orNull(
      this.client.request<{ assignee: string | null }>('GET', `/task/${enc(taskId)}`),
    );
    return task ? task.assignee : 'gone';
  }

  /** Completes a user task; false when the engine no longer has it. */
  async completeTask(taskId: string, variables: Record<string, unknown>): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.request('POST', `/task/${encodeURIComponent(taskId)}/complete`, {
          variables: toTypedValues(variables),
        });
        return true;
      } catch (err) {
        if (isTaskGone(err)) return false;
        // Another transaction changed the same rows (a colleague completing the same task, a
        // message for the case): nothing of ours was written. Once more: the task is then
        // either gone (false) or completed now.
        if (attempt < 3 && isConcurrentUpdate(err)) continue;
        throw err;
      }
    }
  }

  /**
   * Assigns a user task. `claim`: only if nobody has it ('taken' otherwise); not a claim: any
   * assignee is replaced. 'gone' when the engine no longer has the task.
   */
  async assignTask(
    taskId: string,
    assignee: string,
    claim: boolean,
  ): Promise<'done' | 'taken' | 'gone'> {
    try {
      await this.client.request(
        'POST',
        `/task/${encodeURIComponent(taskId)}/${claim ? 'claim' : 'assignee'}`,
        { userId: assignee },
      );
      return 'done';
    } catch (err) {
      if (isTaskGone(err)) return 'gone';
      if (err instanceof EngineError && /TaskAlreadyClaimed/.test(err.type + err.message))
        return 'taken';
      throw err;
    }
  }

  /** Removes the assignee; false when the engine no longer has the task. */
  async unassignTask(taskId: string): Promise<boolean> {
    try {
      await this.client.request('POST', `/task/${encodeURIComponent(taskId)}/unclaim`);
      return true;
    } catch (err) {
      if (isTaskGone(err)) return false;
      throw err;
    }
  }

  /**
   * Deploys resources as one deployment. Unchanged resources are not deployed again
   * (duplicate filtering), so a redeploy of the same files creates no new versions. The
   * engine compares a resource with the newest one of the same name in deployments of the
   * same name: every deployment has the one name below and resources are named by file
   * name, so "unchanged" means "equal to the newest deployed version of that file".
   */
  async deploy(resources: DeploymentResource[]): Promise<EngineDeployment> {
    const form = new FormData();
    form.append('deployment-name', DEPLOYMENT_NAME);
    form.append('deployment-source', 'wsa-orchestrator');
    form.append('enable-duplicate-filtering', 'true');
    form.append('deploy-changed-only', 'true');
    for (const r of resources)
      form.append(r.name, new Blob([r.content], { type: 'application/octet-stream' }), r.name);
    const d = await this.client.multipart<{
      id: string;
      deployedProcessDefinitions: Record<string, DefinitionDto> | null;
      deployedDecisionDefinitions: Record<string, DefinitionDto> | null;
    }>('/deployment/create', form);
    const list = (m: Record<string, DefinitionDto> | null) =>
      Object.values(m ?? {}).map((x) => ({
        id: x.id,
        key: x.key,
        version: x.version,
        resource: x.resource,
      }));
    const processes = list(d.deployedProcessDefinitions);
    const decisions = list(d.deployedDecisionDefinitions);
    // Unchanged resources were filtered out as duplicates: they keep their current version,
    // which is what the caller is told (as for a changed one, its newest version).
    for (const r of resources) {
      const ids = definitionIds(r);
      const known = r.name.endsWith('.dmn') ? decisions : processes;
      for (const key of ids.filter((k) => !known.some((x) => x.key === k))) {
        const latest = (
          await this.client.request<DefinitionDto[]>(
            'GET',
            `/${r.name.endsWith('.dmn') ? 'decision' : 'process'}-definition?key=${enc(key)}&latestVersion=true`,
          )
        )[0];
        if (latest)
          known.push({ id: latest.id, key, version: latest.version, resource: latest.resource });
      }
    }
    return {
      id: d.id,
      processes,
      decisions,
    };
  }

  /** Every version of every process (newest first per key), or of one key. */
  async processDefinitions(options: { key?: string; latestOnly?: boolean } = {}) {
    const query = new URLSearchParams({ sortBy: 'version', sortOrder: 'desc' });
    if (options.key) query.set('key', options.key);
    if (options.latestOnly) query.set('latestVersion', 'true');
    return this.client.request<DefinitionDto[]>('GET', `/process-definition?${query}`);
  }

  /** Every version of every decision, newest first. */
  async decisionDefinitions() {
    const query = new URLSearchParams({ sortBy: 'version', sortOrder: 'desc' });
    return this.client.request<DefinitionDto[]>('GET', `/decision-definition?${query}`);
  }

  /**
   * The decisions evaluated in one process instance (the engine's history), oldest first, with
   * the inputs and the matched rules' outputs; and each decision version's number.
   */
  async decisionsOfInstance(processInstanceId: string): Promise<EvaluatedDecision[]> {
    const query = new URLSearchParams({
      processInstanceId,
      includeInputs: 'true',
      includeOutputs: 'true',
      sortBy: 'evaluationTime',
      sortOrder: 'asc',
    });
    const found = await this.client.request<EvaluatedDecision[]>(
      'GET',
      `/history/decision-instance?${query}`,
    );
    return found;
  }

  /** One decision version (its number, its key), or null. */
  async decisionDefinition(id: string): Promise<DefinitionDto | null> {
    return this.orNull(
      this.client.request<DefinitionDto>('GET', `/decision-definition/${enc(id)}`),
    );
  }

  async processDefinition(id: string): Promise<DefinitionDto | null> {
    return this.orNull(this.client.request<DefinitionDto>('GET', `/process-definition/${enc(id)}`));
  }

  async processXml(id: string): Promise<string> {
    return (
      await this.client.request<{ bpmn20Xml: string }>('GET', `/process-definition/${enc(id)}/xml`)
    ).bpmn20Xml;
  }

  async decisionXml(id: string): Promise<string> {
    return (
      await this.client.request<{ dmnXml: string }>('GET', `/decision-definition/${enc(id)}/xml`)
    ).dmnXml;
  }

  /**
   * Moves one instance to another process definition with explicit activity mappings (the
   * engine validates the plan and refuses what it cannot do: a 4xx).
   */
  async migrate(
    processInstanceId: string,
    sourceDefinitionId: string,
    targetDefinitionId: string,
    mappings: { sourceElementId: string; targetElementId: string }[],
  ): Promise<void> {
    await this.client.request('POST', '/migration/execute', {
      migrationPlan: {
        sourceProcessDefinitionId: sourceDefinitionId,
        targetProcessDefinitionId: targetDefinitionId,
        instructions: mappings.map((m) => ({
          sourceActivityIds: [m.sourceElementId],
          targetActivityIds: [m.targetElementId],
          updateEventTrigger: false,
        })),
      },
      processInstanceIds: [processInstanceId],
      skipCustomListeners: true,
      skipIoMappings: true,
    });
  }

  /**
   * Gives a failed external task or job its retries back; the engine resolves the incident
   * and runs it again. `configuration` is the incident's: the task's or the job's id.
   */
  async retryIncident(incidentType: string, configuration: string, retries: number): Promise<void> {
    const path =
      incidentType === 'failedExternalTask'
        ? `/external-task/${enc(configuration)}/retries`
        : `/job/${enc(configuration)}/retries`;
    await this.client.request('PUT', path, { retries });
  }

  /** Sets (or replaces) variables of a running instance's root scope. */
  async setVariables(processInstanceId: string, variables: Record<string, unknown>): Promise<void> {
    await this.client.request('POST', `/process-instance/${enc(processInstanceId)}/variables`, {
      modifications: Object.fromEntries(
        Object.entries(variables).map(([k, v]): [string, TypedValue] => [k, toTypedValue(v)]),
      ),
    });
  }

  /**
   * Instance modification: ends every token at `from` and starts one before `to` (listeners
   * and input mappings of the ended element skipped, as an operator's repair). Answers what the
   * engine said when it refused (an element it does not know, nothing at `from`).
   */
  async moveToken(
    processInstanceId: string,
    from: string,
    to: string,
    annotation: string,
  ): Promise<{ moved: true } | { moved: false; reason: string }> {
    try {
      await this.client.request(
        'POST',
        `/process-instance/${enc(processInstanceId)}/modification`,
        {
          skipCustomListeners: true,
          skipIoMappings: true,
          annotation,
          instructions: [
            { type: 'startBeforeActivity', activityId: to },
            { type: 'cancel', activityId: from },
          ],
        },
      );
      return { moved: true };
    } catch (err) {
      if (err instanceof EngineError && err.status >= 400 && err.status < 500)
        return { moved: false, reason: err.message };
      throw err;
    }
  }

  /** Cancels a running instance (and what it called); the reason is kept in the history. */
  async cancelInstance(processInstanceId: string, reason: string): Promise<boolean> {
    try {
      await this.client.request(
        'DELETE',
        `/process-instance/${enc(processInstanceId)}?skipCustomListeners=true&skipIoMappings=true&failIfNotExists=true&deleteReason=${encodeURIComponent(reason)}`,
      );
      return true;
    } catch (err) {
      if (err instanceof EngineError && err.status === 404) return false;
      throw err;
    }
  }

  /** The engine answers (for readiness). */
  async ping(): Promise<void> {
    await this.client.request('GET', '/engine');
  }

  private async orNull<T>(p: Promise<T>): Promise<T | null> {
    try {
      return await p;
    } catch (err) {
      if (err instanceof EngineError && err.status === 404) return null;
      throw err;
    }
  }
}

const enc = encodeURIComponent;

/** The executable process ids of a BPMN file, or the decision ids of a DMN file. */
function definitionIds(r: DeploymentResource): string[] {
  const pattern = r.name.endsWith('.dmn')
    ? /<(?:\w+:)?decision\s[^>]*\bid="([^"]+)"/g
    : r.name.endsWith('.bpmn')
      ? /<(?:\w+:)?process\s[^>]*\bid="([^"]+)"/g
      : null;
  return pattern ? [...r.content.matchAll(pattern)].map((m) => m[1]!) : [];
}

/** The engine's optimistic locking refused a write another transaction had changed first. */
function isConcurrentUpdate(err: unknown): boolean {
  return (
    err instanceof EngineError &&
    /OptimisticLocking|updated by another transaction concurrently/i.test(err.type + err.message)
  );
}

/** A task the engine no longer has: 404, or the 500 its task service gives for a missing id. */
function isTaskGone(err: unknown): boolean {
  return (
    err instanceof EngineError &&
    (err.status === 404 || /Cannot find task|task .* is null|No task found/i.test(err.message))
  );
}
