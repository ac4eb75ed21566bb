import assert from 'node:assert/strict';
import type { Hono } from 'hono';
import type { Database } from '../../src/db/database.ts';
import type { AppEnv } from '../../src/http/context.ts';
import { testApp } from './http.ts';

/**
 * Response bodies in tests are read loosely (`res.body.error.code`); the assertions are the type check.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;

/** A JSON API client over `app.request()` (no network), for the complaint API tests. */
export interface ApiResponse<T = Loose> {
  status: number;
  body: T;
  headers: Headers;
}

export interface ApiError {
  error: { code: string; message: string; fields?: { field: string; message: string }[] };
}

export class ApiClient {
  constructor(readonly app: Hono<AppEnv>) {}

  static async create(database: Database, env: Record<string, string> = {}): Promise<ApiClient> {
    return new ApiClient(await testApp(database, env));
  }

  async request<T = Loose>(method: string, path: string, opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) };
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const res = await this.app.request(path, { method, headers: { ...headers, ...opts.headers }, ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}) });
    const text = await res.text();
    let body: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('application/json')) body = JSON.parse(text);
    return { status: res.status, body: body as T, headers: res.headers };
  }

  get<T = Loose>(path: string, token: string) {
    return this.request<T>('GET', path, { token });
  }

  post<T = Loose>(path: string, token: string | undefined, body: unknown, headers: Record<string, string> = {}) {
    return this.request<T>('POST', path, { ...(token ? { token } : {}), body, headers });
  }

  /** Performs an action and returns the response. */
  action(token: string, id: string, action: string, input: unknown = {}) {
    return this.post(`/api/v1/complaints/${id}/actions/${action}`, token, input);
  }
}

/** Asserts a status, printing the body when it differs. */
export function expectStatus<T>(res: ApiResponse<T>, status: number, what = ''): ApiResponse<T> {
  assert.equal(res.status, status, `${what} expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res;
}

/** The field names of a 422 answer. */
export function fieldsOf(res: ApiResponse): string[] {
  return ((res.body as ApiError).error?.fields ?? []).map((f) => f.field);
}

/** Fills for the presets with open points (the same as the workflow scenarios' unit tests). */
export { CBF_FILLS, LENTL_FILLS } from '../../src/domain/workflow/test-support.ts';
