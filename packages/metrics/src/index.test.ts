import { describe, expect, it } from "vitest";
import { createComponentMetrics, readinessResponse, routeOf } from "./index";

describe("routeOf", () => {
  it.each([
    ["/tmf-api/serviceOrdering/v4/serviceOrder", "/tmf-api/serviceOrdering/v4/serviceOrder"],
    ["/tmf-api/serviceOrdering/v4/serviceOrder/7f3c", "/tmf-api/serviceOrdering/v4/serviceOrder/{id}"],
    ["/tmf-api/serviceOrdering/v4/hub/12/", "/tmf-api/serviceOrdering/v4/hub/{id}"],
    ["/api/peers", "/api/peers"],
    ["/api/peers/7/import", "/api/peers/{id}/import"],
    ["/metrics", "/metrics"],
  ])("maps %s to %s", (path, route) => {
    expect(routeOf(path)).toBe(route);
  });
});

describe("component metrics", () => {
  it("renders request durations by route", async () => {
    const metrics = createComponentMetrics("do-lulea");
    metrics.recordRequest({ method: "GET", path: "/tmf-api/serviceOrdering/v4/serviceOrder/1", status: 200, durationMs: 12 });
    metrics.recordRequest({ method: "GET", path: "/tmf-api/serviceOrdering/v4/serviceOrder/2", status: 200, durationMs: 30 });
    const text = await (await metrics.render()).text();
    expect(text).toContain(
      'cop_pilot_http_request_duration_seconds_count{component="do-lulea",method="GET",route="/tmf-api/serviceOrdering/v4/serviceOrder/{id}",status="200"} 2',
    );
  });

  it("reads gauges when scraped", async () => {
    const metrics = createComponentMetrics("eso");
    let orders = 3;
    metrics.addGauge({
      name: "cop_pilot_service_orders",
      help: "Service orders by state",
      labelNames: ["state"],
      read: async () => [{ labels: { state: "completed" }, value: orders }],
    });
    expect(await (await metrics.render()).text()).toContain('cop_pilot_service_orders{state="completed",component="eso"} 3');
    orders = 4;
    expect(await (await metrics.render()).text()).toContain('cop_pilot_service_orders{state="completed",component="eso"} 4');
  });

  it("serves the Prometheus text format", async () => {
    const response = await createComponentMetrics("bmp").render();
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  });
});

describe("readinessResponse", () => {
  it("answers 200 when every check passes", async () => {
    const response = await readinessResponse({ database: async () => {}, migrations: async () => {} });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ready", checks: { database: "ok", migrations: "ok" } });
  });

  it("answers 503 with the reason of each failed check", async () => {
    const response = await readinessResponse({
      database: async () => {
        throw new Error("connection refused");
      },
      migrations: async () => {},
    });
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: "not ready", checks: { database: "connection refused", migrations: "ok" } });
  });

  it("fails a check that hangs", async () => {
    const response = await readinessResponse({ database: () => new Promise(() => {}) }, 20);
    expect(response.status).toBe(503);
    expect(((await response.json()) as { checks: Record<string, string> }).checks.database).toBe("timed out after 20 ms");
  });
});
