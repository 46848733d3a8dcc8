import { describe, expect, it } from "vitest";
import { createLogger } from "@cop-pilot/logger";
import type { Principal } from "./principal";
import { apiRateLimitEnv, clientAddressBehindProxies, createApiRateLimits, TokenBucketLimiter } from "./rate-limit";
import { okResponse } from "./responses";
import { createRouteFactory } from "./route";

describe("TokenBucketLimiter", () => {
  it("allows a burst, then waits for refill", () => {
    const clock = { time: 0 };
    const limiter = new TokenBucketLimiter(2, 3, () => clock.time);
    expect([limiter.take("a"), limiter.take("a"), limiter.take("a")]).toEqual([0, 0, 0]);
    expect(limiter.take("a")).toBe(500);
    clock.time = 500;
    expect(limiter.take("a")).toBe(0);
    expect(limiter.take("a")).toBe(500);
  });

  it("counts keys apart", () => {
    const limiter = new TokenBucketLimiter(1, 1, () => 0);
    expect(limiter.take("a")).toBe(0);
    expect(limiter.take("a")).toBeGreaterThan(0);
    expect(limiter.take("b")).toBe(0);
  });

  it("never holds more than the burst", () => {
    const clock = { time: 0 };
    const limiter = new TokenBucketLimiter(10, 2, () => clock.time);
    limiter.take("a");
    clock.time = 60_000;
    expect([limiter.take("a"), limiter.take("a")]).toEqual([0, 0]);
    expect(limiter.take("a")).toBeGreaterThan(0);
  });
});

describe("clientAddressBehindProxies", () => {
  const forwarded = new Headers({ "x-forwarded-for": "198.51.100.9, 203.0.113.7, 10.0.0.2" });

  it("ignores X-Forwarded-For without trusted proxies", () => {
    expect(clientAddressBehindProxies(forwarded, 0)).toBeUndefined();
  });

  it("takes the entry the outermost trusted proxy wrote", () => {
    expect(clientAddressBehindProxies(forwarded, 1)).toBe("10.0.0.2");
    expect(clientAddressBehindProxies(forwarded, 2)).toBe("203.0.113.7");
  });

  it("falls back to the first entry behind too few hops", () => {
    expect(clientAddressBehindProxies(forwarded, 5)).toBe("198.51.100.9");
    expect(clientAddressBehindProxies(new Headers(), 1)).toBeUndefined();
  });
});

describe("rate limits in the route wrapper", () => {
  const settings = (overrides: Record<string, number>) =>
    ({ ...Object.fromEntries(Object.entries(apiRateLimitEnv).map(([name, schema]) => [name, schema.parse(undefined)])), ...overrides }) as Parameters<typeof createApiRateLimits>[0];

  function routeWith(principal: Principal | null, overrides: Record<string, number>) {
    const limits = createApiRateLimits(settings(overrides));
    const route = createRouteFactory({ authenticate: async () => principal, logger: createLogger("test"), rateLimits: () => limits });
    const handler = route({ roles: ["customer"] }, async () => okResponse({ ok: true }));
    return (headers: Record<string, string> = {}) => handler(new Request("http://127.0.0.1:3000/tmf-api/x", { headers }), { params: Promise.resolve({}) });
  }

  it("answers 429 with Retry-After per API client", async () => {
    const call = routeWith({ kind: "apiClient", id: "bmp", name: "bmp" }, { API_RATE_LIMIT_PER_SECOND: 0.5, API_RATE_LIMIT_BURST: 2 });
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(200);
    const limited = await call();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    expect(await limited.json()).toMatchObject({ code: "tooManyRequests", status: "429", reason: "Too many requests", message: "Too many requests from API client bmp; retry in 2 s" });
  });

  it("limits an address before authentication", async () => {
    const call = routeWith(null, { API_RATE_LIMIT_PER_ADDRESS_PER_SECOND: 1, API_RATE_LIMIT_ADDRESS_BURST: 1, TRUSTED_PROXY_COUNT: 1 });
    expect((await call({ "x-forwarded-for": "203.0.113.7" })).status).toBe(401);
    expect((await call({ "x-forwarded-for": "203.0.113.7" })).status).toBe(429);
    expect((await call({ "x-forwarded-for": "198.51.100.2" })).status).toBe(401);
  });

  it("turns a limit off with 0", async () => {
    const call = routeWith({ kind: "apiClient", id: "bmp", name: "bmp" }, { API_RATE_LIMIT_PER_SECOND: 0, API_RATE_LIMIT_BURST: 1 });
    for (let i = 0; i < 5; i += 1) expect((await call()).status).toBe(200);
  });

  it("keeps high defaults", () => {
    const defaults = settings({});
    expect(defaults.API_RATE_LIMIT_PER_SECOND).toBe(200);
    expect(defaults.API_RATE_LIMIT_BURST).toBe(2000);
    expect(defaults.TRUSTED_PROXY_COUNT).toBe(0);
  });
});
