import { upsertAccount } from "@cop-pilot/auth";
import { bmpSchema } from "@cop-pilot/db";
import { createTestDatabase, stopTestServer, type TestDatabase } from "@cop-pilot/db/testing";
import { TmfClient, createServiceClient } from "@cop-pilot/tmf-client";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import type { Role } from "@cop-pilot/tmf-server";
import type { OrderProcessorOptions } from "../ordering/processor";
import { startEsoEmulator, type EsoEmulator } from "./eso-emulator";

// Integration tests of the BMP: a fresh database on a real PostgreSQL, the
// ESO emulator, three signed-in users and an API client, and a small router
// that hands requests to the same route handlers Next.js serves.

export const apiToken = "bmp-test-api-token-0123456789";
export const esoToken = "eso-test-api-token-0123456789";
const publicUrl = "http://127.0.0.1:39899";

export type Caller = "client" | "customer" | "otherCustomer" | "businessAdmin" | "anonymous" | "wrongToken";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (request: Request, context: { params: Promise<any> }) => Promise<Response>;
type Handlers = { collection: Partial<Record<string, Handler>>; item: Partial<Record<string, Handler>> };

export interface CallResult {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Headers;
}

export interface CallOptions {
  as?: Caller;
  /** A string is sent as it is, e.g. malformed JSON; anything else as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Harness {
  database: TestDatabase<typeof bmpSchema>;
  eso: EsoEmulator;
  userIds: Record<"customer" | "otherCustomer" | "businessAdmin", string>;
  call(method: string, path: string, options?: CallOptions): Promise<CallResult>;
  /** Options for the order processor against the emulator, without backoff so a retry is due at once. */
  processorOptions: OrderProcessorOptions;
  /** Runs order processor passes until one finds nothing due, at most `maxPasses`. */
  processOrders(maxPasses?: number): Promise<void>;
  close(): Promise<void>;
}

/** Organization of the `customer` account; `otherCustomer` belongs to none. */
export const customerOrganizationId = "organization-lkab-test";

const accounts: Record<"customer" | "otherCustomer" | "businessAdmin", { email: string; role: Role; name: string; organizationId?: string }> = {
  customer: { email: "customer@bmp.test", role: "customer", name: "Carla Customer", organizationId: customerOrganizationId },
  otherCustomer: { email: "other@bmp.test", role: "customer", name: "Otto Other" },
  businessAdmin: { email: "business@bmp.test", role: "businessAdmin", name: "Bea Business" },
};
const password = "correct-horse-battery-staple";

export async function startHarness(): Promise<Harness> {
  const eso = await startEsoEmulator({ token: esoToken, domainIds: ["lulea", "valencia", "central-macedonia"] });
  const database = await createTestDatabase("bmp", bmpSchema);

  // The modules read their configuration on first use, so it is set before they load.
  Object.assign(process.env, {
    DATABASE_URL: database.url,
    BETTER_AUTH_SECRET: "bmp-integration-test-secret-0123456789abcdef",
    PUBLIC_URL: publicUrl,
    API_TOKEN: apiToken,
    ESO_URL: eso.url,
    ESO_API_TOKEN: esoToken,
    ESO_TIMEOUT_MS: "2000",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
  });
  const catalog = await import("../tmf/product-catalog");
  const ordering = await import("../tmf/product-ordering");
  const inventory = await import("../tmf/product-inventory");
  const { auth } = await import("../auth");
  const { db } = await import("../db");
  const { runOrderProcessorPass } = await import("../ordering/processor");

  const routes: Record<string, Handlers> = {
    [`${tmfApiPaths.productCatalog}/productCatalog`]: catalog.productCatalogHandlers,
    [`${tmfApiPaths.productCatalog}/productCategory`]: catalog.productCategoryHandlers,
    [`${tmfApiPaths.productCatalog}/productSpecification`]: catalog.productSpecificationHandlers,
    [`${tmfApiPaths.productCatalog}/productOffering`]: catalog.productOfferingHandlers,
    [`${tmfApiPaths.productCatalog}/productOfferingPrice`]: catalog.productOfferingPriceHandlers,
    [`${tmfApiPaths.productOrdering}/productOrder`]: ordering.productOrderHandlers,
    [`${tmfApiPaths.productOrdering}/cancelProductOrder`]: ordering.cancelProductOrderHandlers,
    [`${tmfApiPaths.productInventory}/product`]: inventory.productHandlers,
  };

  const userIds = {} as Harness["userIds"];
  const cookies = {} as Record<keyof typeof accounts, string>;
  for (const [key, account] of Object.entries(accounts) as [keyof typeof accounts, (typeof accounts)[keyof typeof accounts]][]) {
    userIds[key] = await upsertAccount(database.db, { ...account, password });
    const response = await auth().api.signInEmail({ body: { email: account.email, password }, asResponse: true });
    const setCookies = response.headers.getSetCookie();
    if (setCookies.length === 0) throw new Error(`Signing in ${account.email} set no cookie (status ${response.status})`);
    cookies[key] = setCookies.map((cookie) => cookie.split(";")[0]).join("; ");
  }

  async function call(method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
    const url = new URL(path, publicUrl);
    const caller = options.as ?? "client";
    const headers: Record<string, string> = { ...options.headers };
    if (caller === "client") headers.Authorization = `Bearer ${apiToken}`;
    else if (caller === "wrongToken") headers.Authorization = "Bearer not-the-bmp-token-0123456789";
    else if (caller !== "anonymous") headers.Cookie = cookies[caller];
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
      headers["Content-Type"] = "application/json";
    }

    const collection = routes[url.pathname];
    const slash = url.pathname.lastIndexOf("/");
    const item = routes[url.pathname.slice(0, slash)];
    const handler = collection ? collection.collection[method] : item?.item[method];
    if (!handler) throw new Error(`No route handler for ${method} ${url.pathname}`);
    const params = collection ? {} : { id: decodeURIComponent(url.pathname.slice(slash + 1)) };

    const response = await handler(new Request(url, { method, headers, body }), { params: Promise.resolve(params) });
    const text = await response.text();
    return { status: response.status, body: text === "" ? undefined : JSON.parse(text), headers: response.headers };
  }

  const processorOptions: OrderProcessorOptions = {
    eso: createServiceClient(new TmfClient({ baseUrl: eso.url, token: esoToken, timeoutMs: 2000 })),
    pollIntervalMs: 0,
    retryBaseMs: 0,
    retryMaxMs: 0,
  };

  return {
    database,
    eso,
    userIds,
    call,
    processorOptions,
    async processOrders(maxPasses = 10) {
      for (let pass = 0; pass < maxPasses; pass += 1) {
        if ((await runOrderProcessorPass(db(), processorOptions)) === 0) return;
      }
    },
    async close() {
      await db().$client.end();
      await database.drop();
      await eso.close();
      await stopTestServer();
    },
  };
}
