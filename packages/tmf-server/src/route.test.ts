import { describe, expect, it } from "vitest";
import { createLogger } from "@cop-pilot/logger";
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
});
