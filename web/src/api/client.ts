/**
 * Typed fetch client for the jineng API: JSON in and out, the session cookie, the CSRF header
 * on every state-changing request, `{"error":{"code","message"}}` → ApiError, and 401 → the
 * login page (keeping the path to return to).
 */
import type { ErrorBody } from '../../../common/errors.ts';

/** A failed API call: the server's stable code and its Chinese message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Don't redirect to /login on 401 (login itself, the session probe). */
  noAuthRedirect?: boolean;
  /** Extra request headers (e.g. Idempotency-Key). */
  headers?: Record<string, string>;
}

let csrfToken: string | null = null;

/** Remembers the CSRF token from login or GET /api/v1/me (null after logout). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The path of the login page that returns to `path` afterwards. */
export function loginPath(path: string): string {
  return path && path !== '/' && !path.startsWith('/login') ? `/login?next=${encodeURIComponent(path)}` : '/login';
}

type UnauthorizedHandler = (returnTo: string) => void;
let onUnauthorized: UnauthorizedHandler = (returnTo) => {
  window.location.assign(loginPath(returnTo));
};

/** The app routes 401s through the router (no page reload); the default reloads. */
export function setUnauthorizedHandler(handler: UnauthorizedHandler): void {
  onUnauthorized = handler;
}

/** `/api/v1/x?a=1`: skips empty values so filters stay out of the URL until set. */
export function buildUrl(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function isErrorBody(x: unknown): x is ErrorBody {
  if (typeof x !== 'object' || x === null || !('error' in x)) return false;
  const e = (x as { error: unknown }).error;
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string' && typeof (e as { message?: unknown }).message === 'string';
}

function fallbackMessage(status: number): string {
  if (status === 401) return '登录已失效，请重新登录';
  if (status === 403) return '无权执行此操作';
  if (status === 404) return '记录不存在或无权访问';
  if (status === 429) return '请求过于频繁，请稍后再试';
  if (status >= 500) return '服务暂时不可用，请稍后重试';
  return `请求失败（HTTP ${status}）`;
}

/** One API call. Resolves with the parsed JSON body, rejects with ApiError. */
export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { ...opts.headers, accept: 'application/json' };
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), { method, headers, body, credentials: 'same-origin', signal: opts.signal });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', '无法连接服务器，请检查网络后重试');
  }

  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!res.ok) {
    const err = isErrorBody(data) ? new ApiError(res.status, data.error.code, data.error.message) : new ApiError(res.status, `http.${res.status}`, fallbackMessage(res.status));
    if (res.status === 401 && !opts.noAuthRedirect) {
      setCsrfToken(null);
      onUnauthorized(window.location.pathname + window.location.search);
    }
    throw err;
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query, opts: Omit<RequestOptions, 'query' | 'body'> = {}) => request<T>('GET', path, { ...opts, query }),
  post: <T>(path: string, body?: unknown, opts: Omit<RequestOptions, 'body'> = {}) => request<T>('POST', path, { ...opts, body }),
  put: <T>(path: string, body?: unknown, opts: Omit<RequestOptions, 'body'> = {}) => request<T>('PUT', path, { ...opts, body }),
  patch: <T>(path: string, body?: unknown, opts: Omit<RequestOptions, 'body'> = {}) => request<T>('PATCH', path, { ...opts, body }),
  delete: <T>(path: string, opts: Omit<RequestOptions, 'body'> = {}) => request<T>('DELETE', path, opts),
};

/** A page of a server-paged list (every list endpoint answers this shape). */
export interface Paged<T> {
  items: T[];
  total: number;
}

/** Parses an error response body (JSON text) into an ApiError. */
function apiErrorOf(status: number, text: string): ApiError {
  let data: unknown = undefined;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  return isErrorBody(data) ? new ApiError(status, data.error.code, data.error.message) : new ApiError(status, `http.${status}`, fallbackMessage(status));
}

export interface UploadOptions {
  query?: Query;
  /** Upload progress: bytes sent of the total. */
  onProgress?: (sent: number, total: number) => void;
  /** Aborts the upload (the promise rejects with an AbortError DOMException). */
  signal?: AbortSignal;
}

/**
 * POSTs a file as the raw request body (`application/octet-stream`) with the CSRF header,
 * reporting upload progress (XMLHttpRequest: fetch has no upload progress).
 */
export function uploadRaw<T>(path: string, file: Blob, opts: UploadOptions = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', buildUrl(path, opts.query));
    xhr.withCredentials = true;
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => opts.onProgress?.(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onerror = () => reject(new ApiError(0, 'network', '上传失败：无法连接服务器，请检查网络后重试'));
    xhr.onabort = () => reject(new DOMException('上传已取消', 'AbortError'));
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve((xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T);
        } catch {
          reject(new ApiError(xhr.status, 'response.invalid', '服务器返回的数据无法解析'));
        }
        return;
      }
      const err = apiErrorOf(xhr.status, xhr.responseText);
      if (xhr.status === 401) {
        setCsrfToken(null);
        onUnauthorized(window.location.pathname + window.location.search);
      }
      reject(err);
    };
    opts.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

/** The file name of a Content-Disposition header (RFC 5987 `filename*=` first). */
export function dispositionFileName(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      return star[1].trim();
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header);
  return plain ? plain[1].trim() : null;
}

/**
 * Downloads a file from a GET endpoint with the session cookie and saves it under the
 * server's file name (or `fallbackName`). Errors arrive as ApiError, never as a JSON page.
 */
export async function downloadFile(path: string, query?: Query, fallbackName = 'download'): Promise<string> {
  let res: Response;
  try {
    res = await fetch(buildUrl(path, query), { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', '无法连接服务器，请检查网络后重试');
  }
  if (!res.ok) {
    const err = apiErrorOf(res.status, await res.text());
    if (res.status === 401) {
      setCsrfToken(null);
      onUnauthorized(window.location.pathname + window.location.search);
    }
    throw err;
  }
  const blob = await res.blob();
  const name = dispositionFileName(res.headers.get('content-disposition')) ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Give the browser time to start the download before the URL is revoked.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}

/** The message to show for any thrown value. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error && err.message) return err.message;
  return '操作失败，请稍后重试';
}
