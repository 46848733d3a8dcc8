import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { credentials, platform, type PlatformCredentials } from "../platform";
import { signIn } from "../portals";

// No seeded secret (account passwords, API tokens, the simulated fabric's
// password) may appear in a page or JSON response that a portal sends to a
// browser, or in any component's log. The spec crawls the portals as every
// seeded account, calls the JSON APIs with each component's token, and then
// searches everything it collected, and every log, for each secret.

const portals: Record<string, string> = { bmp: platform.bmp, eso: platform.eso, "do-lulea": platform.doUrl(0) };
const pagesPerAccount = 25;

function secretsOf(seeded: PlatformCredentials): { name: string; value: string }[] {
  const secrets = [
    ...seeded.accounts.map((account) => ({ name: `password of ${account.email}`, value: account.password })),
    ...Object.entries(seeded.apiTokens).map(([component, token]) => ({ name: `API token of ${component}`, value: token })),
  ];
  if (seeded.simulatedFabric) secrets.push({ name: "simulated fabric password", value: seeded.simulatedFabric.password });
  return secrets.filter((secret) => secret.value.length >= 8);
}

/** Visits `start` and then the same-origin links it finds, breadth first, and returns the HTML of each page. */
async function crawl(page: Page, origin: string, start: string): Promise<Map<string, string>> {
  const visited = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0 && visited.size < pagesPerAccount) {
    const next = queue.shift()!;
    if (visited.has(next)) continue;
    await page.goto(`${origin}${next}`);
    visited.set(next, await page.content());
    const links = await page.locator("a[href^='/']").evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute("href") ?? ""));
    for (const link of links) {
      const pathOnly = link.split("#")[0]!;
      if (pathOnly !== "" && !pathOnly.startsWith("/api/auth") && !visited.has(pathOnly)) queue.push(pathOnly);
    }
  }
  return visited;
}

async function getText(request: APIRequestContext, url: string, token: string): Promise<string> {
  const response = await request.get(url, { headers: { Authorization: `Bearer ${token}` }, failOnStatusCode: false });
  return `${response.status()} ${await response.text()}`;
}

function readLogs(): Map<string, string> {
  const logs = new Map<string, string>();
  const directory = path.join(platform.dataDir, "logs");
  for (const name of readdirSync(directory)) logs.set(`logs/${name}`, readFileSync(path.join(directory, name), "utf8"));
  return logs;
}

test("no seeded secret in pages, JSON or logs", async ({ page, request }) => {
  test.setTimeout(600_000);
  const seeded = credentials();
  const secrets = secretsOf(seeded);
  expect(secrets.length, "credentials.json should hold passwords and API tokens to search for").toBeGreaterThan(5);
  const collected = new Map<string, string>();

  for (const account of seeded.accounts) {
    const origin = portals[account.portal];
    if (!origin) continue;
    await page.context().clearCookies();
    await signIn(page, origin, account);
    const start = new URL(page.url()).pathname;
    for (const [pagePath, html] of await crawl(page, origin, start)) collected.set(`${account.email} ${origin}${pagePath}`, html);
  }

  const jsonCalls: [string, string][] = [
    [`${platform.eso}/api/peers`, "eso"],
    [`${platform.eso}/api/expansion/identities`, "eso"],
    [`${platform.eso}/api/expansion/clusters`, "eso"],
    [`${platform.eso}/api/expansion/fabric-networks`, "eso"],
    [`${platform.eso}/tmf-api/serviceOrdering/v4/serviceOrder?limit=50`, "eso"],
    [`${platform.eso}/tmf-api/party/v4/organization`, "eso"],
    [`${platform.bmp}/tmf-api/productOrderingManagement/v4/productOrder?limit=50`, "bmp"],
    [`${platform.bmp}/tmf-api/productCatalogManagement/v4/productOffering?limit=50`, "bmp"],
    [`${platform.doUrl(0)}/tmf-api/serviceOrdering/v4/serviceOrder?limit=50`, "do-lulea"],
    [`${platform.doUrl(0)}/tmf-api/serviceInventory/v4/service?limit=50`, "do-lulea"],
    [`${platform.doUrl(0)}/tmf-api/party/v4/individual`, "do-lulea"],
  ];
  for (const [url, component] of jsonCalls) collected.set(`GET ${url}`, await getText(request, url, seeded.apiTokens[component]!));

  expect(collected.size, "the crawl should have collected pages and JSON").toBeGreaterThan(20);
  const logs = readLogs();
  expect(logs.size, `${platform.dataDir}/logs should hold the components' logs`).toBeGreaterThan(3);

  const leaks: string[] = [];
  for (const [source, text] of [...collected, ...logs]) {
    for (const secret of secrets) {
      if (text.includes(secret.value)) leaks.push(`${secret.name} in ${source}`);
    }
  }
  expect(leaks, "seeded secrets found in responses or logs").toEqual([]);
});
