import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { isMethodNotAllowedHandler, roles, type Role } from "@cop-pilot/tmf-server";
import { upsertAccount } from "./accounts";
import type { PortalAuth } from "./portal-auth";

// The access matrix of a portal: who may call each route handler and each
// server action. Each app keeps its table in src/server/access-matrix.ts. The
// app's access-matrix integration test finds every route and action in the
// file tree and checks the table against the real handlers.

/** Everyone who can call a portal: a signed-in user of a role, an API client with the component's token, or an anonymous caller. */
export type Caller = Role | "apiClient" | "anonymous";

export const callers: readonly Caller[] = [...roles, "apiClient", "anonymous"];

/**
 * Access rule of a route handler, one of:
 * - a list of callers: the route checks the session or bearer token, so
 *   anyone else gets 401 (anonymous) or 403 (signed in with another role);
 * - `"public"`: no credentials needed, e.g. health checks and sign-in;
 * - `"ownSecret"`: sessions and API tokens are ignored, and the route accepts
 *   only its own secret (in the path or a header of its own), e.g. a TMF event
 *   listener registered at a peer; every caller without it gets a 4xx.
 */
export type RouteAccess = readonly Caller[] | "public" | "ownSecret";

export interface AccessMatrix {
  /** Key: `"METHOD /path"`, the path as the file tree spells it, e.g. `"GET /tmf-api/party/v4/individual/[id]"`. */
  routes: Record<string, RouteAccess>;
  /**
   * Key: `"file#export"`, the file relative to the app's src/app, e.g.
   * `"(portal)/oss/actions.ts#addPeer"`. Value: the roles whose session
   * may run it, or `"public"` for sign-in and sign-out.
   */
  actions: Record<string, readonly Role[] | "public">;
}

export const httpMethods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

export interface RouteFile {
  /** Absolute path of the route.ts file. */
  file: string;
  /** URL path as the file tree spells it, with route groups left out. */
  routePath: string;
}

export interface ActionFile {
  file: string;
  /** Path relative to src/app, the first half of an action's key. */
  key: string;
}

function walk(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

/** Lists every route.ts under `appDirectory` (an app's src/app), sorted by path. */
export function findRouteFiles(appDirectory: string): RouteFile[] {
  return walk(appDirectory)
    .filter((file) => path.basename(file) === "route.ts")
    .map((file) => {
      const segments = path.relative(appDirectory, path.dirname(file)).split(path.sep).filter((segment) => segment !== "");
      const visible = segments.filter((segment) => !(segment.startsWith("(") && segment.endsWith(")")));
      return { file, routePath: `/${visible.join("/")}` };
    })
    .sort((left, right) => left.routePath.localeCompare(right.routePath));
}

/** Lists every module under `appDirectory` whose first statement is the "use server" directive. */
export function findActionFiles(appDirectory: string): ActionFile[] {
  return walk(appDirectory)
    .filter((file) => /\.tsx?$/.test(file) && /^\s*["']use server["']/.test(readFileSync(file, "utf8")))
    .map((file) => ({ file, key: path.relative(appDirectory, file).split(path.sep).join("/") }))
    .sort((left, right) => left.key.localeCompare(right.key));
}

/**
 * Returns a value for each dynamic segment of `routePath`: `[id]` gets a
 * random UUID, so that it matches nothing, and catch-all segments get a path
 * that no handler serves.
 */
export function fillRoutePath(routePath: string): { url: string; params: Record<string, string | string[]> } {
  const params: Record<string, string | string[]> = {};
  const url = routePath.replace(/\[(\.\.\.)?([^\]]+)\]/g, (_match, catchAll: string | undefined, name: string) => {
    if (catchAll) {
      params[name] = ["no-such-api", "v4", "nothing"];
      return "no-such-api/v4/nothing";
    }
    const value = crypto.randomUUID();
    params[name] = value;
    return value;
  });
  return { url, params };
}

/** Problems of a table against the routes and actions found in the file tree: missing rows and rows of routes that no longer exist. */
export function compareWithFileTree(
  matrix: AccessMatrix,
  found: { routes: string[]; actions: string[] },
  tablePath: string,
): string[] {
  const problems: string[] = [];
  for (const key of found.routes) {
    if (!(key in matrix.routes)) problems.push(`route ${key} has no row; add \`"${key}": [roles…]\` to routes in ${tablePath}`);
  }
  for (const key of Object.keys(matrix.routes)) {
    if (!found.routes.includes(key)) problems.push(`routes row "${key}" names no route handler; remove it from ${tablePath}`);
  }
  for (const key of found.actions) {
    if (!(key in matrix.actions)) problems.push(`server action ${key} has no row; add \`"${key}": [roles…]\` to actions in ${tablePath}`);
  }
  for (const key of Object.keys(matrix.actions)) {
    if (!found.actions.includes(key)) problems.push(`actions row "${key}" names no server action; remove it from ${tablePath}`);
  }
  return problems;
}

/** Returns why a route's response to `caller` breaks `access`, or null when it is right. */
export function judgeRouteStatus(access: RouteAccess, caller: Caller, status: number, body: string): string | null {
  if (access === "public") {
    return status === 401 || status === 403 ? `expected a public route to let ${caller} in, got ${status}` : null;
  }
  if (access === "ownSecret") {
    return status >= 400 && status < 500 ? null : `expected a 4xx without the route's own secret, got ${status}: ${body.slice(0, 200)}`;
  }
  if (access.includes(caller)) {
    return status === 401 || status === 403 ? `expected ${caller} to get past authentication, got ${status}: ${body.slice(0, 200)}` : null;
  }
  const expected = caller === "anonymous" ? 401 : 403;
  // An API client shut out of a session-only route is not signed in at all, so 401 is as right as 403.
  const accepted = caller === "apiClient" ? [401, 403] : [expected];
  if (!accepted.includes(status)) return `expected ${expected} for ${caller}, got ${status}: ${body.slice(0, 200)}`;
  try {
    const error = JSON.parse(body) as { code?: unknown; status?: unknown; reason?: unknown; message?: unknown };
    if (error.status !== String(status) || typeof error.code !== "string" || typeof error.reason !== "string" || typeof error.message !== "string") {
      return `expected a TMF Error body with the ${status}, got ${body.slice(0, 200)}`;
    }
  } catch {
    return `expected a TMF Error body with the ${status}, got ${body.slice(0, 200)}`;
  }
  return null;
}

/** Where a server action sent its caller: to sign-in (no session), to sign-in with `denied=1` (wrong role), or on. */
export type ActionOutcome = "signIn" | "denied" | "passed";

/**
 * Classifies what a server action did: Next.js's `redirect()` throws an error
 * whose digest names the target, and `requireUser` redirects to the sign-in
 * page. Any other result or error means the caller got past the role check.
 */
export function classifyActionResult(error: unknown): ActionOutcome {
  const digest = typeof error === "object" && error !== null ? (error as { digest?: unknown }).digest : undefined;
  if (typeof digest !== "string" || !digest.startsWith("NEXT_REDIRECT;")) return "passed";
  const target = digest.split(";")[2] ?? "";
  if (!target.startsWith("/sign-in")) return "passed";
  return new URLSearchParams(target.split("?")[1] ?? "").get("denied") === "1" ? "denied" : "signIn";
}

/** Returns why an action's outcome for `caller` breaks `access`, or null when it is right. */
export function judgeActionOutcome(access: readonly Role[] | "public", caller: Caller, outcome: ActionOutcome): string | null {
  // Sign-in and sign-out check no role, and sign-out redirects to the sign-in page by design.
  if (access === "public") return null;
  const allowed = (access as readonly string[]).includes(caller);
  // A caller without a portal session is sent to sign-in; a signed-in user of another role is denied.
  let expected: ActionOutcome = "denied";
  if (allowed) expected = "passed";
  else if (caller === "anonymous" || caller === "apiClient") expected = "signIn";
  return outcome === expected ? null : `expected ${expected} for ${caller}, got ${outcome}`;
}

type RouteModule = Partial<Record<(typeof httpMethods)[number], (request: Request, context: { params: Promise<unknown> }) => Promise<Response>>>;
type ActionModule = Record<string, unknown>;

export interface AccessCheckOptions {
  /** The app's src/app directory. */
  appDirectory: string;
  matrix: AccessMatrix;
  /** Path of the table, named in the messages about missing rows. */
  tablePath: string;
  /** Public base URL of the app under test. */
  baseUrl: string;
  /** Headers that make a request come from `caller`: a session cookie, a bearer token, or nothing. */
  headersFor: (caller: Caller) => Record<string, string>;
  /** Imports a module of the app, so that it shares the test's module graph and mocks. */
  importModule: (file: string) => Promise<unknown>;
  /** Sets the request headers that `next/headers` returns to the server action called next. */
  setActionHeaders: (headers: Headers) => void;
}

export interface AccessCheckReport {
  problems: string[];
  /** How many route calls and action calls were made. */
  routeCalls: number;
  actionCalls: number;
}

/**
 * Calls every route handler and server action of an app as every caller and
 * compares the answers with the table. Route handlers get a JSON `{}` body on
 * writes and a random UUID for every id, so that an allowed caller's call ends
 * in a validation error or a 404 and changes nothing worth keeping.
 */
export async function checkAccessMatrix(options: AccessCheckOptions): Promise<AccessCheckReport> {
  const routeFiles = findRouteFiles(options.appDirectory);
  const actionFiles = findActionFiles(options.appDirectory);
  const routeModules = new Map<string, RouteModule>();
  const routeKeys: string[] = [];
  for (const route of routeFiles) {
    const module = (await options.importModule(route.file)) as RouteModule;
    routeModules.set(route.routePath, module);
    for (const method of httpMethods) {
      // A 405 handler answers every caller alike; the route-method tests cover it.
      if (typeof module[method] === "function" && !isMethodNotAllowedHandler(module[method])) routeKeys.push(`${method} ${route.routePath}`);
    }
  }
  const actions: { key: string; run: (...args: unknown[]) => Promise<unknown> }[] = [];
  for (const actionFile of actionFiles) {
    const module = (await options.importModule(actionFile.file)) as ActionModule;
    for (const [name, value] of Object.entries(module)) {
      if (typeof value === "function") actions.push({ key: `${actionFile.key}#${name}`, run: value as (...args: unknown[]) => Promise<unknown> });
    }
  }

  const problems = compareWithFileTree(options.matrix, { routes: routeKeys, actions: actions.map((action) => action.key) }, options.tablePath);
  let routeCalls = 0;
  let actionCalls = 0;

  for (const key of routeKeys) {
    const access = options.matrix.routes[key];
    if (access === undefined) continue;
    const [method, routePath] = key.split(" ") as [(typeof httpMethods)[number], string];
    const handler = routeModules.get(routePath)![method]!;
    for (const caller of callers) {
      const { url, params } = fillRoutePath(routePath);
      const headers: Record<string, string> = { ...options.headersFor(caller) };
      let body: string | undefined;
      if (method === "POST" || method === "PUT" || method === "PATCH") {
        body = "{}";
        headers["content-type"] = "application/json";
      }
      const response = await handler(new Request(`${options.baseUrl}${url}`, { method, headers, body }), { params: Promise.resolve(params) });
      routeCalls += 1;
      const text = method === "HEAD" ? "" : await response.text();
      const problem = judgeRouteStatus(access, caller, response.status, text);
      if (problem) problems.push(`${key} as ${caller}: ${problem}`);
    }
  }

  for (const action of actions) {
    const access = options.matrix.actions[action.key];
    if (access === undefined) continue;
    for (const caller of callers) {
      options.setActionHeaders(new Headers(options.headersFor(caller)));
      let outcome: ActionOutcome;
      try {
        // Actions are called with the arguments of a form action (previous state, form data); the role check comes before reading them.
        await action.run(undefined, new FormData());
        outcome = "passed";
      } catch (error) {
        outcome = classifyActionResult(error);
      }
      actionCalls += 1;
      const problem = judgeActionOutcome(access, caller, outcome);
      if (problem) problems.push(`action ${action.key} as ${caller}: ${problem}`);
    }
  }
  return { problems, routeCalls, actionCalls };
}

/** Seeds one account of every role and signs each in; returns the request headers of every caller. */
export async function signInEveryRole(options: {
  db: Parameters<typeof upsertAccount>[0];
  auth: PortalAuth;
  apiToken: string;
}): Promise<(caller: Caller) => Record<string, string>> {
  const password = "access-matrix-password-0123";
  const cookies = new Map<Role, string>();
  for (const role of roles) {
    const email = `${role.toLowerCase()}@access-matrix.test`;
    await upsertAccount(options.db, { email, name: `Access ${role}`, password, role });
    const response = await options.auth.api.signInEmail({ body: { email, password }, asResponse: true });
    const setCookies = response.headers.getSetCookie();
    if (setCookies.length === 0) throw new Error(`Signing in ${email} set no cookie (status ${response.status})`);
    cookies.set(role, setCookies.map((cookie) => cookie.split(";")[0]).join("; "));
  }
  return (caller): Record<string, string> => {
    if (caller === "anonymous") return {};
    if (caller === "apiClient") return { authorization: `Bearer ${options.apiToken}` };
    return { cookie: cookies.get(caller)! };
  };
}
