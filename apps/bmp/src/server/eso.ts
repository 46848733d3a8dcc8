import "server-only";
import { createServiceClient, TmfClient, type ServiceClient } from "@cop-pilot/tmf-client";
import { env } from "@/env";

const globalForEso = globalThis as unknown as { bmpEsoClient?: ServiceClient; bmpEsoHttpClient?: TmfClient };

/** Returns the TMF client of the ESO, built once per process from ESO_URL and ESO_API_TOKEN. */
export function esoHttpClient(): TmfClient {
  globalForEso.bmpEsoHttpClient ??= new TmfClient({ baseUrl: env().ESO_URL, token: env().ESO_API_TOKEN, timeoutMs: env().ESO_TIMEOUT_MS });
  return globalForEso.bmpEsoHttpClient;
}

/** Returns the TMF633/TMF641 client of the ESO. */
export function esoClient(): ServiceClient {
  globalForEso.bmpEsoClient ??= createServiceClient(esoHttpClient());
  return globalForEso.bmpEsoClient;
}
