import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { credentials, platform } from "../platform";

// One product order placed with a W3C traceparent must leave log lines with
// that trace id in the BMP, the ESO and the DO that deploys it: the trace
// crosses all three layers, through the order processors' later work too.

const productOrderPath = "/tmf-api/productOrderingManagement/v4/productOrder";
const traceId = "7c0a4d5e2f1b4c3d9e8f7a6b5c4d3e2f";

function logLinesWithTrace(component: string): { module?: string; msg?: string }[] {
  const file = path.join(platform.dataDir, "logs", `${component}.log`);
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.startsWith("{") && line.includes(traceId))
    .map((line) => JSON.parse(line) as { module?: string; msg?: string; traceId?: string })
    .filter((entry) => entry.traceId === traceId);
}

test("a product order's trace reaches the BMP, the ESO and the DO", async ({ request }) => {
  test.setTimeout(60_000);
  const headers = { Authorization: `Bearer ${credentials().apiTokens.bmp}` };
  const offerings = await request.get(`${platform.bmp}/tmf-api/productCatalogManagement/v4/productOffering?lifecycleStatus=Launched&limit=1`, { headers });
  const [offering] = (await offerings.json()) as { id: string }[];
  expect(offering).toBeDefined();

  const placed = await request.post(`${platform.bmp}${productOrderPath}`, {
    headers: { ...headers, traceparent: `00-${traceId}-1a2b3c4d5e6f7a8b-01` },
    data: { productOrderItem: [{ id: "1", action: "add", productOffering: { id: offering!.id } }] },
  });
  expect(placed.status()).toBe(201);
  const { id } = (await placed.json()) as { id: string };

  await expect
    .poll(async () => ((await (await request.get(`${platform.bmp}${productOrderPath}/${id}`, { headers })).json()) as { state: string }).state, { timeout: 45_000 })
    .toBe("completed");

  expect(logLinesWithTrace("bmp").map((entry) => entry.msg)).toContain("product order state changed");
  expect(logLinesWithTrace("eso").map((entry) => entry.msg)).toContain("order delegated to the DO");
  const domainLogs = readdirSync(path.join(platform.dataDir, "logs"))
    .filter((file) => file.startsWith("do-"))
    .flatMap((file) => logLinesWithTrace(file.replace(/\.log$/, "")));
  expect(domainLogs.map((entry) => entry.msg)).toContain("service order state changed");
});
