import { describe, expect, it } from "vitest";
import { classifyActionResult, compareWithFileTree, fillRoutePath, judgeActionOutcome, judgeRouteStatus } from "./access-matrix";

const tmfError = (status: number, code: string) => JSON.stringify({ code, reason: "r", message: "m", status: String(status) });

describe("compareWithFileTree", () => {
  it("names a route without a row and where to add it", () => {
    const problems = compareWithFileTree({ routes: {}, actions: {} }, { routes: ["GET /healthz"], actions: [] }, "apps/x/src/server/access-matrix.ts");
    expect(problems).toEqual(['route GET /healthz has no row; add `"GET /healthz": [roles…]` to routes in apps/x/src/server/access-matrix.ts']);
  });

  it("names a row whose route is gone", () => {
    const problems = compareWithFileTree({ routes: { "GET /gone": "public" }, actions: { "a.ts#gone": ["customer"] } }, { routes: [], actions: [] }, "table.ts");
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('"GET /gone" names no route handler');
    expect(problems[1]).toContain('"a.ts#gone" names no server action');
  });
});

describe("judgeRouteStatus", () => {
  const cases = [
    { access: ["customer"] as const, caller: "customer", status: 400, body: "", ok: true },
    { access: ["customer"] as const, caller: "customer", status: 403, body: tmfError(403, "forbidden"), ok: false },
    { access: ["customer"] as const, caller: "anonymous", status: 401, body: tmfError(401, "unauthorized"), ok: true },
    { access: ["customer"] as const, caller: "anonymous", status: 404, body: "", ok: false },
    { access: ["customer"] as const, caller: "businessAdmin", status: 403, body: tmfError(403, "forbidden"), ok: true },
    { access: ["customer"] as const, caller: "businessAdmin", status: 401, body: tmfError(401, "unauthorized"), ok: false },
    { access: ["customer"] as const, caller: "businessAdmin", status: 403, body: "<html>", ok: false },
    { access: ["customer"] as const, caller: "apiClient", status: 401, body: tmfError(401, "unauthorized"), ok: true },
    { access: "public" as const, caller: "anonymous", status: 200, body: "", ok: true },
    { access: "public" as const, caller: "anonymous", status: 401, body: "", ok: false },
    { access: "ownSecret" as const, caller: "platformAdmin", status: 401, body: "", ok: true },
    { access: "ownSecret" as const, caller: "platformAdmin", status: 200, body: "", ok: false },
  ];
  for (const { access, caller, status, body, ok } of cases) {
    it(`${ok ? "accepts" : "rejects"} ${status} for ${caller} on ${JSON.stringify(access)}`, () => {
      expect(judgeRouteStatus(access, caller as never, status, body) === null).toBe(ok);
    });
  }
});

describe("server action outcomes", () => {
  const redirectTo = (target: string) => Object.assign(new Error("NEXT_REDIRECT"), { digest: `NEXT_REDIRECT;replace;${target};307;` });

  it("classifies redirects to sign-in", () => {
    expect(classifyActionResult(redirectTo("/sign-in?returnTo=%2Foss"))).toBe("signIn");
    expect(classifyActionResult(redirectTo("/sign-in?returnTo=%2Foss&denied=1"))).toBe("denied");
    expect(classifyActionResult(redirectTo("/orders/1"))).toBe("passed");
    expect(classifyActionResult(new Error("invalid input"))).toBe("passed");
  });

  it("expects sign-in for callers without a session", () => {
    expect(judgeActionOutcome(["platformAdmin"], "apiClient", "signIn")).toBeNull();
    expect(judgeActionOutcome(["platformAdmin"], "customer", "denied")).toBeNull();
    expect(judgeActionOutcome(["platformAdmin"], "customer", "passed")).toContain("expected denied");
    expect(judgeActionOutcome(["platformAdmin"], "platformAdmin", "denied")).toContain("expected passed");
  });
});

describe("fillRoutePath", () => {
  it("fills ids and catch-all segments", () => {
    const { url, params } = fillRoutePath("/tmf-api/[...path]/x/[id]");
    expect(url).toMatch(/^\/tmf-api\/no-such-api\/v4\/nothing\/x\/[0-9a-f-]{36}$/);
    expect(params.path).toEqual(["no-such-api", "v4", "nothing"]);
    expect(params.id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
