// A thin client for the Camunda 7 REST API on loopback. Only the calls we use, typed narrowly.
// The engine answers HTTP Basic auth (engine/ registers the authentication filter).

export type CamundaValue = { value: unknown; type: string; valueInfo?: Record<string, unknown> };
export type CamundaVariables = Record<string, CamundaValue>;

/** The engine could not be reached at all (down, restarting): callers keep the work and try later. */
export class EngineUnavailableError extends Error {
  override name = 'EngineUnavailableError';
}

/** The engine answered with an error status. */
export class EngineError extends Error {
  override name = 'EngineError';
  constructor(readonly status: number, readonly type: string, message: string) {
    // The engine's message, or at least what kind of answer it was: an empty message hides the cause.
    super(message || `HTTP ${status} ${type}`);
  }
}

export interface EngineTask {
  id: string;
  name: string | null;
  assignee: string | null;
  created: string;
  due: string | null;
  priority: number;
  processInstanceId: string;
  processDefinitionId: string;
  taskDefinitionKey: string;
  formKey: string | null;
  businessKey?: string | null;
}

export interface EngineClientOptions {
  baseUrl: string;
  user: string;
  password: string;
  timeoutMs?: number;
}

/** Plain JSON values become typed Camunda variables; objects and arrays travel as Json. */
export function toCamundaVariables(values: Record<string, unknown>): CamundaVariables {
  const out: CamundaVariables = {};
  for (const [name, value] of Object.entries(values)) {
    if (value === null || value === undefined) out[name] = { value: null, type: 'Null' };
    else if (typeof value === 'boolean') out[name] = { value, type: 'Boolean' };
    else if (typeof value === 'number') out[name] = Number.isInteger(value) ? { value, type: 'Long' } : { value, type: 'Double' };
    else if (typeof value === 'string') out[name] = { value, type: 'String' };
    else out[name] = { value: JSON.stringify(value), type: 'Json' };
  }
  return out;
}

export function fromCamundaVariables(variables: CamundaVariables): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(variables)) {
    out[name] = v.type === 'Json' && typeof v.value === 'string' ? JSON.parse(v.value) : v.value;
  }
  return out;
}

export class EngineClient {
  private readonly auth: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: EngineClientOptions) {
    this.auth = 'Basic ' + Buffer.from(`${options.user}:${options.password}`).toString('base64');
    this.timeoutMs = options.timeoutMs ?? 15000;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { authorization: this.auth, accept: 'application/json' };
    let payload: string | FormData | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    let response: Response;
    try {
      response = await fetch(this.options.baseUrl + path, {
        method, headers, body: payload, signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (cause) {
      throw new EngineUnavailableError(`engine unreachable: ${method} ${path}: ${(cause as Error).message}`, { cause });
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    const parsed: unknown = text ? safeJson(text) : undefined;
    if (!response.ok) {
      const err = (parsed ?? {}) as { type?: string; message?: string };
      throw new EngineError(response.status, err.type ?? 'Unknown', err.message ?? (text.slice(0, 300) || response.statusText));
    }
    return parsed as T;
  }

  async isUp(): Promise<boolean> {
    try {
      await this.request('GET', '/engine');
      return true;
    } catch {
      return false;
    }
  }

  startProcess(key: string, businessKey: string, variables: Record<string, unknown> = {}) {
    return this.request<{ id: string; businessKey: string; definitionId: string }>(
      'POST', `/process-definition/key/${encodeURIComponent(key)}/start`,
      { businessKey, variables: toCamundaVariables(variables) },
    );
  }

  /** Running or finished instances with this business key (history covers both). */
  findInstancesByBusinessKey(key: string, businessKey: string) {
    const q = new URLSearchParams({ processDefinitionKey: key, processInstanceBusinessKey: businessKey });
    return this.request<Array<{ id: string; state: string }>>('GET', `/history/process-instance?${q}`);
  }

  /**
   * Deploys the given files as one deployment, compared with the last deployment of the same name:
   * `changedOnly` (the default) deploys only the resources that changed; otherwise all of them are
   * deployed together when any changed (so resources that reference each other stay in one
   * deployment), and nothing when none did.
   */
  deploy(name: string, files: Array<{ name: string; content: string | Buffer }>, options: { changedOnly?: boolean } = {}) {
    const form = new FormData();
    form.set('deployment-name', name);
    form.set('deployment-source', 'hromada');
    form.set('enable-duplicate-filtering', 'true');
    form.set('deploy-changed-only', String(options.changedOnly ?? true));
    for (const file of files) {
      const type = file.name.endsWith('.form') ? 'application/json' : 'application/xml';
      form.set(file.name, new Blob([typeof file.content === 'string' ? file.content : new Uint8Array(file.content)], { type }), file.name);
    }
    return this.request<{ id: string; deployedProcessDefinitions: Record<string, { key: string; version: number }> | null }>(
      'POST', '/deployment/create', form,
    );
  }

  getTask(id: string) {
    return this.request<EngineTask>('GET', `/task/${encodeURIComponent(id)}`);
  }

  queryTasks(query: Record<string, unknown>, firstResult = 0, maxResults = 100) {
    return this.request<EngineTask[]>('POST', `/task?firstResult=${firstResult}&maxResults=${maxResults}`, query);
  }

  /** How many tasks match a query (the same filters as queryTasks, sorting ignored). */
  async countTasks(query: Record<string, unknown>): Promise<number> {
    const { sorting: _ignored, ...filters } = query;
    return (await this.request<{ count: number }>('POST', '/task/count', filters)).count;
  }

  taskIdentityLinks(id: string) {
    return this.request<Array<{ userId: string | null; groupId: string | null; type: string }>>(
      'GET', `/task/${encodeURIComponent(id)}/identity-links`,
    );
  }

  claimTask(id: string, userId: string) {
    return this.request<void>('POST', `/task/${encodeURIComponent(id)}/claim`, { userId });
  }

  completeTask(id: string, variables: Record<string, unknown>) {
    return this.request<void>('POST', `/task/${encodeURIComponent(id)}/complete`, { variables: toCamundaVariables(variables) });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
