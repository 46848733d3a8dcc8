import { describe, expect, it } from "vitest";
import { createLogger, currentTrace } from "@cop-pilot/logger";
import type { Principal } from "./principal";
import { okResponse } from "./responses";
import { createRouteFactory } from "./route";

const customer: Principal = { kind: "user", id: "u1", name: "Carla", email: "carla@cop-pilot.test", role: "customer" };
const client: Principal = { kind: "apiClient", id: "bmp", name: "bmp" };

function handlerFor(principal: Principal | null) {
  const route = createRouteFactory({ authenticate: async () => principal, logger: createLogger("test"), baseUrl: () => "http://127.0.0.1:3000" });
  return route({ roles: ["customer"] }, async () => okResponse({ ok: true }));
}

async function call(principal: Principal | null, method: string, headers: Record<string, string> = {}) {
  const response = await handlerFor(principal)(new Request("http://127.0.0.1:3000/tmf-api/x", { method, headers }), { params: Promise.resolve({}) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("route wrapper", () => {
  it("tells a missing token from a wrong one", async () => {
    expect((await call(null, "GET")).body.message).toMatch(/Send a bearer token/);
    expect((await call(null, "GET", { authorization: "Bearer nope" })).body.message).toMatch(/not valid/);
  });

  it("rejects a session write from another origin", async () => {
    const response = await call(customer, "POST", { origin: "http://127.0.0.1:3001" });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe("forbidden");
  });

  it.each([
    ["a session write from its own origin", customer, "POST", { origin: "http://127.0.0.1:3000" }],
    ["a session write without Origin", customer, "POST", {}],
    ["a session read from another origin", customer, "GET", { origin: "http://127.0.0.1:3001" }],
    ["an API client's write from another origin", client, "POST", { origin: "http://127.0.0.1:3001" }],
  ])("allows %s", async (_case, principal, method, headers) => {
    expect((await call(principal, method, headers)).status).toBe(200);
  });

  it("runs the handler in the caller's trace", async () => {
    const route = createRouteFactory({ authenticate: async () => client, logger: createLogger("test") });
    const handler = route({ roles: ["customer"] }, async () => okResponse({ traceId: currentTrace()?.traceId, spanId: currentTrace()?.spanId }));
    const traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    const response = await handler(new Request("http://127.0.0.1:3000/tmf-api/x", { headers: { traceparent } }), { params: Promise.resolve({}) });
    const body = (await response.json()) as { traceId: string; spanId: string };
    expect(body.traceId).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(body.spanId).not.toBe("00f067aa0ba902b7");
  });

  it("starts a trace for a caller without one", async () => {
    const route = createRouteFactory({ authenticate: async () => client, logger: createLogger("test") });
    const handler = route({ roles: ["customer"] }, async () => okResponse({ traceId: currentTrace()?.traceId }));
    const response = await handler(new Request("http://127.0.0.1:3000/tmf-api/x", { headers: { traceparent: "garbage" } }), { params: Promise.resolve({}) });
    expect(((await response.json()) as { traceId?: string }).traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it("reports each answered request", async () => {
    const observations: { method: string; path: string; status: number; durationMs: number }[] = [];
    const route = createRouteFactory({ authenticate: async () => null, logger: createLogger("test"), onResponse: (observation) => observations.push(observation) });
    const handler = route({ roles: ["customer"] }, async () => okResponse({}));
    await handler(new Request("http://127.0.0.1:3000/tmf-api/x/v4/y/1", { method: "DELETE" }), { params: Promise.resolve({}) });
    expect(observations).toHaveLength(1);
    expect(observations[0]).toMatchObject({ method: "DELETE", path: "/tmf-api/x/v4/y/1", status: 401 });
    expect(observations[0]!.durationMs).toBeGreaterThanOrEqual(0);
  });
});
