import { readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tmfRouteMethods, type TmfRouteMethod } from "./methods";

// Test support, imported only by tests: walks the TMF route files of an app
// and calls every method of each without credentials.

export interface RouteMethodReply {
  /** Route file, relative to the app's `src/app` folder. */
  file: string;
  method: TmfRouteMethod;
  status: number;
  allow: string | null;
  body: unknown;
}

/** Lists the `route.ts` files under `tmfApiDirectory`, leaving out the catch-all route of unknown paths. */
export function findTmfRouteFiles(tmfApiDirectory: string): string[] {
  const entries = readdirSync(tmfApiDirectory, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name === "route.ts" && !entry.parentPath.includes("[...path]"))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** Builds a request URL for a route file, filling each dynamic segment such as `[id]` with `test-id`. */
function requestUrlOf(appDirectory: string, file: string): string {
  const route = path.relative(appDirectory, path.dirname(file)).split(path.sep).map((segment) => (segment.startsWith("[") ? "test-id" : segment));
  return `http://127.0.0.1/${route.join("/")}`;
}

/** Calls every method of every TMF route file without credentials and returns the replies. */
export async function callEveryRouteMethod(appDirectory: string, importRoute: (file: string) => Promise<Record<string, unknown>>): Promise<RouteMethodReply[]> {
  const replies: RouteMethodReply[] = [];
  for (const file of findTmfRouteFiles(path.join(appDirectory, "tmf-api"))) {
    const routeModule = await importRoute(file);
    for (const method of tmfRouteMethods) {
      const handler = routeModule[method] as ((request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>) | undefined;
      const relative = path.relative(appDirectory, file);
      if (!handler) {
        replies.push({ file: relative, method, status: 0, allow: null, body: undefined });
        continue;
      }
      const response = await handler(new Request(requestUrlOf(appDirectory, file), { method }), { params: Promise.resolve({ id: "test-id" }) });
      const text = await response.text();
      replies.push({ file: relative, method, status: response.status, allow: response.headers.get("allow"), body: text === "" ? undefined : JSON.parse(text) });
    }
  }
  return replies;
}

/**
 * Declares the tests of an app's TMF route methods: every method of every
 * route file either reaches the route wrapper (401 without credentials) or
 * gets a TMF 405 whose `Allow` header names the served methods. `env` is
 * set before the route modules load.
 */
export function describeTmfRouteMethods(appDirectory: string, env: Record<string, string>, importRoute: (file: string) => Promise<Record<string, unknown>>): void {
  let replies: RouteMethodReply[] = [];

  beforeAll(async () => {
    Object.assign(process.env, env);
    replies = await callEveryRouteMethod(appDirectory, importRoute);
  }, 120_000);

  describe("TMF route methods", () => {
    it("exports every method", () => {
      expect(replies.length).toBeGreaterThan(0);
      expect(replies.filter((reply) => reply.status === 0)).toEqual([]);
    });

    it("rejects unsupported methods with 405", () => {
      const rejected = replies.filter((reply) => reply.status === 405);
      expect(rejected.length).toBeGreaterThan(0);
      for (const reply of rejected) {
        expect(reply.body, `${reply.method} ${reply.file}`).toMatchObject({ "@type": "Error", code: "methodNotAllowed", status: "405" });
        expect(reply.allow, `${reply.method} ${reply.file}`).toMatch(/OPTIONS$/);
        expect(reply.allow!.split(", "), `${reply.method} ${reply.file}`).not.toContain(reply.method);
      }
    });

    it("serves the allowed methods", () => {
      for (const reply of replies.filter((candidate) => candidate.status === 405)) {
        const allowed = reply.allow!.split(", ").filter((method) => method !== "HEAD" && method !== "OPTIONS");
        for (const method of allowed) {
          const served = replies.find((candidate) => candidate.file === reply.file && candidate.method === method);
          expect(served?.status, `${method} ${reply.file}`).toBe(401);
        }
      }
    });

    it("rejects PUT everywhere", () => {
      expect(replies.filter((reply) => reply.method === "PUT" && reply.status !== 405)).toEqual([]);
    });
  });
}
