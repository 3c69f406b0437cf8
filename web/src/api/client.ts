/**
 * The one fetch client: JSON in and out, same-origin cookies, the CSRF header on every
 * state-changing request, and every error turned into an ApiError carrying the server's code.
 */
import type { ErrorCode } from '../../../common/api/errors';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'network_error',
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

/** Kept in memory only; every session response brings the current one. */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** Called when any request answers 401 unauthenticated, so the app can return to the sign-in page. */
export function setUnauthenticatedHandler(handler: (() => void) | null) {
  onUnauthenticated = handler;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  /** Sent as is with this content type instead of JSON (CSV uploads). */
  rawBody?: { text: string; contentType: string };
  /** A file upload; the browser sets the multipart content type and boundary. */
  formData?: FormData;
  ifMatch?: string;
  /** Makes a create safe to retry: the server answers a repeated key with the first result. */
  idempotencyKey?: string;
  /** A 401 here is an expected answer (session probe, sign-in) and must not trigger the redirect. */
  quietUnauthenticated?: boolean;
}

export interface ApiResponse<T> {
  data: T;
  etag: string | null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

async function send(path: string, options: RequestOptions): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: string | FormData | undefined;
  if (options.formData) {
    body = options.formData;
  } else if (options.rawBody) {
    headers['content-type'] = options.rawBody.contentType;
    body = options.rawBody.text;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (!SAFE_METHODS.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (options.ifMatch) headers['if-match'] = options.ifMatch;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  try {
    return await fetch(path, { method, headers, body, credentials: 'same-origin' });
  } catch (cause) {
    throw new ApiError(0, 'network_error', cause instanceof Error ? cause.message : 'Network error');
  }
}

async function toApiError(response: Response): Promise<ApiError> {
  try {
    const parsed = (await response.json()) as { error?: { code?: string; message?: string; details?: unknown } };
    if (parsed.error?.code) {
      return new ApiError(response.status, parsed.error.code as ErrorCode, parsed.error.message ?? '', parsed.error.details);
    }
  } catch {
    // Not JSON (a proxy's error page): fall through to a generic error.
  }
  const code: ErrorCode = response.status >= 500 ? 'internal_error' : 'bad_request';
  return new ApiError(response.status, code, response.statusText || `HTTP ${response.status}`);
}

async function refreshCsrfToken(): Promise<boolean> {
  const response = await send('/api/auth/session', {});
  if (!response.ok) return false;
  const session = (await response.json()) as { csrfToken: string };
  setCsrfToken(session.csrfToken);
  return true;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  let response = await send(path, options);
  if (response.status === 403 && !SAFE_METHODS.has(options.method ?? 'GET')) {
    // A stale CSRF token (another tab signed in again): fetch the current one and retry once.
    const error = await toApiError(response.clone());
    if (error.code === 'csrf_failed' && (await refreshCsrfToken())) response = await send(path, options);
  }
  if (!response.ok) {
    const error = await toApiError(response);
    if (error.status === 401 && error.code === 'unauthenticated' && !options.quietUnauthenticated) onUnauthenticated?.();
    throw error;
  }
  const etag = response.headers.get('etag');
  if (response.status === 204) return { data: undefined as T, etag };
  const type = response.headers.get('content-type') ?? '';
  const data = (type.includes('json') ? await response.json() : await response.text()) as T;
  return { data, etag };
}

export async function apiGet<T>(path: string): Promise<T> {
  return (await apiRequest<T>(path)).data;
}

export async function apiSend<T>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  return (await apiRequest<T>(path, { method, body })).data;
}

/**
 * A create with an Idempotency-Key: when the connection drops before the answer arrives, the request is
 * sent once more with the same key, so the server creates the object once and answers both.
 */
export async function apiCreate<T>(path: string, body: unknown): Promise<T> {
  const options: RequestOptions = { method: 'POST', body, idempotencyKey: crypto.randomUUID() };
  try {
    return (await apiRequest<T>(path, options)).data;
  } catch (error) {
    if (error instanceof ApiError && error.code === 'network_error') return (await apiRequest<T>(path, options)).data;
    throw error;
  }
}

/** Builds `path?a=1&b=2`, leaving out empty values. */
export function withQuery(path: string, query: Record<string, string | number | boolean | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** The ETag the server gives a resource of this version (`"<version>"`). */
export function etagOf(version: number): string {
  return `"${version}"`;
}
