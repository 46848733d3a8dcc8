import { expect, test } from "@playwright/test";
import { credentials, platform } from "../platform";

// Probes and metrics as an operator's monitoring reads them: liveness and
// readiness without credentials, Prometheus metrics with the API token.

const components = [
  { name: "bmp", url: platform.bmp, gauge: "cop_pilot_product_orders", resource: "/tmf-api/productCatalogManagement/v4/productOffering" },
  { name: "eso", url: platform.eso, gauge: "cop_pilot_service_orders", resource: "/tmf-api/serviceCatalogManagement/v4/serviceCatalog" },
  { name: "do-lulea", url: platform.doUrl(0), gauge: "cop_pilot_service_orders", resource: "/tmf-api/serviceCatalogManagement/v4/serviceCatalog" },
];

for (const component of components) {
  test(`${component.name} answers /healthz and /readyz`, async ({ request }) => {
    const health = await request.get(`${component.url}/healthz`);
    expect(health.status()).toBe(200);
    const ready = await request.get(`${component.url}/readyz`);
    expect(ready.status()).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", checks: { database: "ok", migrations: "ok" } });
  });

  test(`${component.name} serves Prometheus metrics to its API clients only`, async ({ request }) => {
    expect((await request.get(`${component.url}/metrics`)).status()).toBe(401);

    const headers = { Authorization: `Bearer ${credentials().apiTokens[component.name]}` };
    // One TMF request first, so that the latency histogram has a sample of its own.
    expect((await request.get(`${component.url}${component.resource}/no-such-id`, { headers })).status()).toBe(404);
    const response = await request.get(`${component.url}/metrics`, { headers });
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("text/plain");
    const text = await response.text();
    expect(text).toContain(`# TYPE ${component.gauge} gauge`);
    expect(text).toContain("# TYPE cop_pilot_order_work_due gauge");
    expect(text).toContain(`route="${component.resource}/{id}",status="404"}`);
  });
}

test("the ESO reports each peered DO as up", async ({ request }) => {
  const headers = { Authorization: `Bearer ${credentials().apiTokens.eso}` };
  await expect
    .poll(async () => (await (await request.get(`${platform.eso}/metrics`, { headers })).text()).match(/^cop_pilot_peer_up\{[^}]*\} 1$/gm)?.length ?? 0, {
      timeout: 20_000,
    })
    .toBeGreaterThanOrEqual(4);
});
