import { z } from "zod";
import { TmfClient } from "@cop-pilot/tmf-client";
import { readConfig } from "./platform/config";
import { readCredentials } from "./platform/credentials";
import { seedPeering, seedProductCatalog } from "./platform/seed";

// The seed job of a container deployment: once the components are healthy, the
// ESO peers with every DO and imports its catalogue, and the BMP publishes an
// offering per marketplace service, through their APIs, as `npm start` does.

const settings = z.object({
  ESO_URL: z.string().url(),
  BMP_URL: z.string().url(),
  /** URL of each DO as the ESO reaches it, with `{domain}` standing for the domain id. */
  DO_URL_TEMPLATE: z.string().includes("{domain}"),
});

const say = (message: string) => console.log(`[seed] ${message}`);

/** Waits until every component is ready, because in a cluster the job may start first. */
async function waitUntilHealthy(urls: string[], timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const url of urls) {
    for (;;) {
      const healthy = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) }).then((response) => response.ok, () => false);
      if (healthy) break;
      if (Date.now() > deadline) throw new Error(`${url} did not become healthy within ${timeoutMs / 1000} s`);
      say(`waiting for ${url}`);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
    }
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const urls = settings.parse(process.env);
  const { credentials } = readCredentials(config.dataDir);
  const eso = new TmfClient({ baseUrl: urls.ESO_URL, token: credentials.apiTokens.eso, timeoutMs: 60_000 });
  const bmp = new TmfClient({ baseUrl: urls.BMP_URL, token: credentials.apiTokens.bmp, timeoutMs: 60_000 });
  const peers = config.domains
    .filter((domain) => domain.peered)
    .map((domain) => ({ id: domain.id, url: urls.DO_URL_TEMPLATE.replace("{domain}", domain.id), token: credentials.apiTokens[`do-${domain.id}`]! }));
  await waitUntilHealthy([urls.ESO_URL, urls.BMP_URL, ...peers.map((peer) => peer.url)]);
  await seedPeering(eso, peers, say);
  await seedProductCatalog(bmp, eso, say);
  say("platform seeded");
}

main().catch((error: Error) => {
  console.error(`[seed] failed: ${error.message}`);
  process.exit(1);
});
