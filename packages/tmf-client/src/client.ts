import { z } from "zod";
import { tmfError, type TmfErrorBody } from "@cop-pilot/tmf-schemas";
import { currentTrace, formatTraceparent } from "@cop-pilot/logger/trace";

export interface TmfClientOptions {
  /** Base URL of the peer, without the /tmf-api path, e.g. `http://127.0.0.1:3101`. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer …`. */
  token?: string;
  /** Per-request timeout in milliseconds. */
  timeoutMs?: number;
  /** Extra headers on every request, e.g. a request id. */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
}

/** Error of a call to a peer: unreachable (`status` 0), timed out, rejected, or a reply with an unexpected body. */
export class TmfClientError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly url: string,
    readonly body?: TmfErrorBody,
  ) {
    super(message);
    this.name = "TmfClientError";
  }

  /** True when the peer could not be reached or returned a server error, so a retry may succeed. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

export interface ListResult<T> {
  items: T[];
  /** From X-Total-Count; undefined when the peer does not send it. */
  total: number | undefined;
}

export type QueryValue = string | number | boolean | undefined;

/** A TMF Open API client that speaks HTTP only and validates every reply it returns. */
export class TmfClient {
  private readonly baseUrl: string;

  constructor(private readonly options: TmfClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
  }

  async list<T>(path: string, schema: z.ZodType<T>, query: Record<string, QueryValue> = {}): Promise<ListResult<T>> {
    const { body, headers } = await this.request("GET", path, { query });
    const items = this.parse(z.array(schema), body, path);
    const totalHeader = headers.get("x-total-count");
    return { items, total: totalHeader !== null && /^\d+$/.test(totalHeader) ? Number(totalHeader) : undefined };
  }

  /** Lists every item, page by page; stops when a page comes back short. */
  async listAll<T>(path: string, schema: z.ZodType<T>, query: Record<string, QueryValue> = {}, pageSize = 200): Promise<T[]> {
    const all: T[] = [];
    for (let offset = 0; ; offset += pageSize) {
      const page = await this.list(path, schema, { ...query, offset, limit: pageSize });
      all.push(...page.items);
      const done = page.items.length < pageSize || (page.total !== undefined && all.length >= page.total);
      // A peer that ignores paging returns everything in the first page.
      if (done || page.total === undefined) return all;
    }
  }

  async get<T>(path: string, schema: z.ZodType<T>, query: Record<string, QueryValue> = {}): Promise<T> {
    const { body } = await this.request("GET", path, { query });
    return this.parse(schema, body, path);
  }

  async create<T>(path: string, input: unknown, schema: z.ZodType<T>, headers: Record<string, string> = {}): Promise<T> {
    const { body } = await this.request("POST", path, { body: input, headers });
    return this.parse(schema, body, path);
  }

  /** Sends a JSON merge patch; peers that accept only plain JSON take `contentType: "application/json"`. */
  async patch<T>(path: string, input: unknown, schema: z.ZodType<T>, contentType = "application/merge-patch+json"): Promise<T> {
    const { body } = await this.request("PATCH", path, { body: input, contentType });
    return this.parse(schema, body, path);
  }

  async delete(path: string): Promise<void> {
    await this.request("DELETE", path, {});
  }

  private parse<T>(schema: z.ZodType<T>, body: unknown, path: string): T {
    const result = schema.safeParse(body);
    if (!result.success) {
      const detail = result.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`)
        .join("; ");
      throw new TmfClientError(`Invalid reply from ${this.baseUrl}${path}: ${detail}`, 502, this.baseUrl + path);
    }
    return result.data;
  }

  private async request(
    method: string,
    path: string,
    init: { query?: Record<string, QueryValue>; body?: unknown; contentType?: string; headers?: Record<string, string> },
  ): Promise<{ body: unknown; headers: Headers }> {
    const url = new URL(this.baseUrl + path);
    for (const [key, value] of Object.entries(init.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { Accept: "application/json", ...this.options.headers, ...init.headers };
    if (this.options.token) headers.Authorization = `Bearer ${this.options.token}`;
    // The callee's log lines then join the trace of the order or request this call serves.
    const trace = currentTrace();
    if (trace && !headers.traceparent) headers.traceparent = formatTraceparent(trace);
    if (init.body !== undefined) headers["Content-Type"] = init.contentType ?? "application/json";

    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(url, {
        method,
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        redirect: "error",
      });
    } catch (error) {
      const cause = error as Error & { cause?: { code?: string; message?: string } };
      // fetch reports "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, …) is on its cause.
      const reason = cause.cause?.code ?? cause.cause?.message ?? cause.message;
      const what = cause.name === "TimeoutError" ? "timed out" : `failed: ${reason}`;
      throw new TmfClientError(`${method} ${url.origin}${url.pathname} ${what}`, 0, url.toString());
    }

    const text = await response.text();
    let body: unknown = undefined;
    if (text !== "") {
      try {
        body = JSON.parse(text);
      } catch {
        throw new TmfClientError(`${method} ${url.pathname} returned ${response.status} with a body that is not JSON`, response.ok ? 502 : response.status, url.toString());
      }
    }
    if (!response.ok) {
      const error = tmfError.safeParse(body);
      const reason = error.success ? `${error.data.reason}${error.data.message ? `: ${error.data.message}` : ""}` : response.statusText;
      throw new TmfClientError(`${method} ${url.pathname} returned ${response.status} (${reason})`, response.status, url.toString(), error.success ? error.data : undefined);
    }
    return { body, headers: response.headers };
  }
}
