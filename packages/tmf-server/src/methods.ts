import { TmfError, toTmfErrorResponse } from "./errors";

// Next.js replies to a method that a route file does not export with an empty
// 405. TMF clients expect the TMF Error body on every error, so each TMF
// route file exports every method through `withMethodNotAllowed`.

/** Methods a TMF route file exports. Next.js derives HEAD from GET and serves OPTIONS itself. */
export const tmfRouteMethods = ["GET", "POST", "PATCH", "PUT", "DELETE"] as const;
export type TmfRouteMethod = (typeof tmfRouteMethods)[number];

type MethodNotAllowedHandler = (request: Request) => Promise<Response>;

// Marks the 405 handlers, so that checks of who may call what can tell them from real handlers.
const methodNotAllowedMarker = Symbol("methodNotAllowed");

/** Whether `handler` is one that `withMethodNotAllowed` added: it answers 405 to every caller. */
export function isMethodNotAllowedHandler(handler: unknown): boolean {
  return typeof handler === "function" && methodNotAllowedMarker in handler;
}

/** Returns a handler that rejects every request with 405, the TMF Error body and an `Allow` header listing `allowed`. */
export function methodNotAllowedHandler(allowed: readonly string[]): MethodNotAllowedHandler {
  const allow = [...allowed, ...(allowed.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
  const handler: MethodNotAllowedHandler = async (request) => {
    const path = new URL(request.url).pathname;
    const error = new TmfError("methodNotAllowed", `${request.method} is not supported on ${path}; use ${allowed.join(", ")}`);
    return toTmfErrorResponse(error, { Allow: allow });
  };
  return Object.assign(handler, { [methodNotAllowedMarker]: true });
}

/**
 * Completes the handlers of a route file with a 405 handler for each
 * method in `tmfRouteMethods` it lacks, e.g.
 * `export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(handlers.collection)`.
 */
export function withMethodNotAllowed<THandler>(handlers: Partial<Record<TmfRouteMethod, THandler>>): Record<TmfRouteMethod, THandler | MethodNotAllowedHandler> {
  const allowed = tmfRouteMethods.filter((method) => handlers[method] !== undefined);
  const rejected = methodNotAllowedHandler(allowed);
  const complete = {} as Record<TmfRouteMethod, THandler | MethodNotAllowedHandler>;
  for (const method of tmfRouteMethods) complete[method] = handlers[method] ?? rejected;
  return complete;
}
