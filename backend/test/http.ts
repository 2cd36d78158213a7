import { AssertionError } from 'node:assert';
import { contractFor } from './openapi-contract.js';
/** A small HTTP client over fetch that keeps cookies like a browser would (no domain/path subtleties). */
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  contentType: string;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent verbatim (e.g. malformed JSON); sets content-type application/json. */
  rawBody?: string;
  token?: string;
  headers?: Record<string, string>;
  /** Read the body as bytes (PDF, files) instead of text or JSON. */
  binary?: boolean;
}

export class Client {
  readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  get = <T = any>(path: string, options?: RequestOptions) => this.request<T>('GET', path, options);
  post = <T = any>(path: string, options?: RequestOptions) => this.request<T>('POST', path, options);
  patch = <T = any>(path: string, options?: RequestOptions) => this.request<T>('PATCH', path, options);

  /** The header a browser app would send back from the readable csrf_token cookie. */
  csrfHeader(): Record<string, string> {
    const token = this.cookies.get('csrf_token');
    return token ? { 'x-csrf-token': token } : {};
  }

  async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    this.storeCookies(response.headers.getSetCookie());
    const contentType = response.headers.get('content-type') ?? '';
    const check = (parsed: unknown, text: string) => {
      const breaches = contractFor(this.baseUrl).check(method, `${this.baseUrl}${path}`, response.status, contentType, parsed, text);
      if (breaches.length > 0)
        throw new AssertionError({ message: `The response breaks the OpenAPI document:\n  ${breaches.join('\n  ')}` });
    };
    if (options.binary && response.ok) {
      const bytes = Buffer.from(await response.arrayBuffer());
      check(bytes, bytes.length > 0 ? '(binary)' : '');
      return { status: response.status, headers: response.headers, contentType, body: bytes as T };
    }
    const text = await response.text();
    const parsed = text && contentType.includes('json') ? JSON.parse(text) : text;
    check(parsed, text);
    return { status: response.status, headers: response.headers, contentType, body: parsed };
  }

  private storeCookies(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}
