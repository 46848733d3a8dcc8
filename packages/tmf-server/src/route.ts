import { randomUUID } from "node:crypto";
import type { Logger } from "@cop-pilot/logger";
import { continueTrace } from "@cop-pilot/logger/trace";
import { TmfError, toTmfErrorResponse } from "./errors";
import { isAllowed, type AccessRule, type Authenticator, type Principal } from "./principal";
import type { ApiRateLimits } from "./rate-limit";

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

export interface RouteContext<TParams> {
  request: Request;
  url: URL;
  params: TParams;
  principal: Principal;
  /** Public base URL of this component, used to build `href`s. */
  baseUrl: string;
  log: Logger;
}

export type RouteHandler<TParams> = (context: RouteContext<TParams>) => Promise<Response>;

/** The second argument Next.js passes to a route handler. */
export interface NextRouteContext<TParams> {
  params: Promise<TParams>;
}

export interface RouteFactoryOptions {
  authenticate: Authenticator;
  logger: Logger;
  /** Public base URL of this component; defaults to the request's origin. */
  baseUrl?: () => string | undefined;
  /** Called once per answered request, e.g. to record its latency as a metric. */
  onResponse?: (observation: { method: string; path: string; status: number; durationMs: number }) => void;
  /** Rate limits per client address (before authentication) and per API client or user (after it); none when unset. */
  rateLimits?: () => ApiRateLimits;
}

export type RouteFactory = <TParams extends Record<string, string> = Record<string, never>>(
  access: AccessRule,
  handler: RouteHandler<TParams>,
) => (request: Request, context: NextRouteContext<TParams>) => Promise<Response>;

/**
 * Returns the wrapper every TMF route handler goes through: it authenticates
 * the caller, checks the role, runs the handler and maps every error to the
 * TMF Error body. Unexpected errors are logged and hidden from the caller.
 */
export function createRouteFactory(options: RouteFactoryOptions): RouteFactory {
  return (access, handler) => (request, context) =>
    // A caller's traceparent makes this request a span of the caller's trace; without one it starts a trace.
    continueTrace(request.headers.get("traceparent"), async () => {
      const startedAt = performance.now();
      const response = await handle(options, access, handler, request, context);
      options.onResponse?.({
        method: request.method,
        path: new URL(request.url).pathname,
        status: response.status,
        durationMs: performance.now() - startedAt,
      });
      return response;
    });
}

async function handle<TParams extends Record<string, string>>(
  options: RouteFactoryOptions,
  access: AccessRule,
  handler: RouteHandler<TParams>,
  request: Request,
  context: NextRouteContext<TParams>,
): Promise<Response> {
  const requestId = request.headers.get("x-request-id") ?? randomUUID();
  const url = new URL(request.url);
  const log = options.logger.child({ requestId, method: request.method, path: url.pathname });
  const headers = { "X-Request-Id": requestId };
  try {
    const limits = options.rateLimits?.();
    const address = limits?.clientAddress(request);
    const addressWaitMs = address !== undefined ? (limits?.perAddress?.take(address) ?? 0) : 0;
    if (addressWaitMs > 0) return tooManyRequests(addressWaitMs, "this client address", headers, log);

    const principal = await options.authenticate(request);
    if (!principal) {
      const message = request.headers.has("authorization")
        ? "The bearer token is not valid for this component"
        : "Send a bearer token in the Authorization header or sign in";
      throw new TmfError("unauthorized", message);
    }
    const principalWaitMs = limits?.perPrincipal?.take(`${principal.kind}:${principal.id}`) ?? 0;
    if (principalWaitMs > 0) return tooManyRequests(principalWaitMs, principal.kind === "apiClient" ? `API client ${principal.name}` : "your account", headers, log);
    if (!isAllowed(principal, access)) {
      throw new TmfError("forbidden", `Your role may not ${request.method} ${url.pathname}`);
    }
    const params = (await context.params) ?? ({} as never);
    const baseUrl = options.baseUrl?.() ?? url.origin;
    checkOrigin(request, principal, baseUrl);
    const response = await handler({ request, url, params, principal, baseUrl, log });
    response.headers.set("X-Request-Id", requestId);
    return response;
  } catch (error) {
    if (error instanceof TmfError) {
      if (error.status >= 500) log.error({ err: error }, "request failed");
      else log.info({ code: error.code, message: error.message }, "request rejected");
      return toTmfErrorResponse(error, headers);
    }
    log.error({ err: error }, "unexpected error");
    return toTmfErrorResponse(new TmfError("internal", `Unexpected error; quote request id ${requestId} when reporting it`), headers);
  }
}

/**
 * Rejects a write authenticated by a session cookie that a page of another
 * origin sent. SameSite=Lax does not cover it here, because every portal on
 * one host (127.0.0.1:3000, :3001, …) is the same site. Calls with a bearer
 * token and calls without an Origin header (non-browser clients) pass.
 */
function checkOrigin(request: Request, principal: Principal, baseUrl: string): void {
  if (principal.kind !== "user" || safeMethods.has(request.method)) return;
  const origin = request.headers.get("origin");
  if (origin !== null && origin !== new URL(baseUrl).origin) {
    throw new TmfError("forbidden", `A request from ${origin} may not change data here with this portal's session`);
  }
}

/** Answers 429 with a TMF Error body and `Retry-After` in whole seconds, as RFC 9110 defines it. */
function tooManyRequests(waitMs: number, who: string, headers: Record<string, string>, log: Logger): Response {
  const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
  log.info({ retryAfterSeconds, who }, "request rate limited");
  const error = new TmfError("tooManyRequests", `Too many requests from ${who}; retry in ${retryAfterSeconds} s`);
  return toTmfErrorResponse(error, { ...headers, "Retry-After": String(retryAfterSeconds) });
}
