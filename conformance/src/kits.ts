import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// The TM Forum conformance kits (CTK) as this repository runs them. Each kit
// is a Postman collection, and some come with a Postman environment and a
// CTK config file. The config file is the kit's own place for what an
// implementation supplies: the API URL, request headers and the bodies of
// the POST requests. Nothing here touches a kit's test scripts.

// The kits are TM Forum's files and are not copied into this repository: they
// are read from CTK_DIR, or from the reference folder kept beside the checkout.
export const ctkDirectory = process.env.CTK_DIR ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../shared/reference/tmf/ctk");

/** Returns whether the kit files can be read; without them the kits cannot run. */
export function kitsAvailable(): boolean {
  return existsSync(ctkDirectory);
}

export type Component = "bmp" | "eso" | "do";

export interface KitDefinition {
  /** Short name used in the summary, e.g. `TMF620`. */
  name: string;
  api: string;
  component: Component;
  collectionFile: string;
  configFile?: string;
  environmentFile?: string;
  /** Environment variable that contains the API base the collection's URLs start with. */
  baseVariable: string;
  /** Value of `baseVariable`, relative to the component's origin. */
  basePath: string;
}

// The DO's kits run first: the TMF638 kit takes the two most recently changed
// services as its subjects, and the product order of the TMF622 kit ends in
// a new service in the DO's inventory.
export const kitDefinitions: KitDefinition[] = [
  {
    name: "TMF638",
    api: "Service Inventory Management",
    component: "do",
    collectionFile: "TMF638-CTK-ServiceInventory-R18-5.postman_collection.json",
    environmentFile: "TMF638-CTK-TMFENV-V4.0.0.postman_environment.json",
    // The collection's URLs start with {{ServiceInventoryAPI}}, which the environment builds from this one.
    baseVariable: "Service_Inventory",
    basePath: "",
  },
  {
    name: "TMF639",
    api: "Resource Inventory Management",
    component: "do",
    collectionFile: "TMF639-CTK-Resource_Inventory-4.0.0.postman_collection.json",
    configFile: "TMF639-CTK-config.json",
    baseVariable: "Resource_Inventory",
    basePath: "/tmf-api/resourceInventoryManagement/v4/",
  },
  {
    name: "TMF632",
    api: "Party Management",
    component: "do",
    collectionFile: "TMF632-CTK-Party-v4.0.0.testkit.json",
    configFile: "TMF632-CTK-config.json",
    baseVariable: "Party",
    basePath: "/tmf-api/party/v4/",
  },
  {
    name: "TMF632",
    api: "Party Management",
    component: "eso",
    collectionFile: "TMF632-CTK-Party-v4.0.0.testkit.json",
    configFile: "TMF632-CTK-config.json",
    baseVariable: "Party",
    basePath: "/tmf-api/party/v4/",
  },
  {
    name: "TMF620",
    api: "Product Catalog Management",
    component: "bmp",
    collectionFile: "TMF620-CTK-Product_Catalog-4.0.0.postman_collection.json",
    configFile: "TMF620-CTK-config.json",
    environmentFile: "TMF620-CTK-TMFENV-V4.0.0.postman_environment.json",
    baseVariable: "Product_Catalog",
    basePath: "/tmf-api/productCatalogManagement/v4/",
  },
  {
    name: "TMF622",
    api: "Product Ordering Management",
    component: "bmp",
    collectionFile: "TMF622-CTK-ProductOrdering-v4.0.0.testkit.json",
    configFile: "TMF622-CTK-config.json",
    baseVariable: "Product_Ordering",
    basePath: "/tmf-api/productOrderingManagement/v4/",
  },
];

export interface CtkConfig {
  url: string;
  headers: Record<string, string>;
  /** POST bodies by resource name, e.g. `payloads.ProductOffering.POST.payload`. */
  payloads: Record<string, { POST?: { payload: Record<string, unknown> } }>;
}

interface PostmanHeader {
  key: string;
  value: string;
  disabled?: boolean;
}

interface PostmanRequest {
  method: string;
  url: string | { raw: string };
  header?: PostmanHeader[];
  body?: { mode: string; raw?: string };
}

export interface PostmanItem {
  name: string;
  item?: PostmanItem[];
  request?: PostmanRequest;
}

export interface PostmanCollection {
  info: { name: string };
  item: PostmanItem[];
}

export interface PostmanEnvironment {
  name: string;
  values: { key: string; value: string; enabled?: boolean }[];
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(path.join(ctkDirectory, file), "utf8")) as T;
}

export function readCollection(kit: KitDefinition): PostmanCollection {
  return readJson<PostmanCollection>(kit.collectionFile);
}

export function readConfig(kit: KitDefinition): CtkConfig | undefined {
  return kit.configFile ? readJson<CtkConfig>(kit.configFile) : undefined;
}

export function readEnvironment(kit: KitDefinition): PostmanEnvironment | undefined {
  return kit.environmentFile ? readJson<PostmanEnvironment>(kit.environmentFile) : undefined;
}

export function requestUrl(request: PostmanRequest): string {
  return typeof request.url === "string" ? request.url : request.url.raw;
}

/** Calls `visit` for every request of a collection, folders included. */
export function forEachRequest(items: PostmanItem[], visit: (request: PostmanRequest, item: PostmanItem) => void): void {
  for (const item of items) {
    if (item.item) forEachRequest(item.item, visit);
    if (item.request) visit(item.request, item);
  }
}

/** Returns the resource a request URL addresses: the path segment after the base variable, e.g. `productOffering`. */
export function resourceOf(url: string): string | undefined {
  const afterVariable = url.replace(/^\{\{[^}]+\}\}\/?/, "");
  return /^([A-Za-z]+)/.exec(afterVariable)?.[1];
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export interface PreparedKit {
  collection: PostmanCollection;
  environment: PostmanEnvironment;
  /** Every distinct request URL template, for the loopback check. */
  urls: string[];
}

export interface PrepareOptions {
  /** Origin of the component under test, e.g. `http://127.0.0.1:3500`. */
  origin: string;
  token: string;
  /**
   * Attributes merged over a config payload, by resource name: references
   * to resources seeded on our platform where the kit's payload names ids
   * that exist only on the kit author's system.
   */
  payloadReferences?: Record<string, Record<string, unknown>>;
}

/**
 * Applies a kit's config as the CTK runner does: the config headers go on
 * every request, with our API token as the bearer token, and each POST body
 * becomes the config payload of its resource. Every URL-valued environment
 * variable is pointed at the component under test.
 */
export function prepareKit(kit: KitDefinition, options: PrepareOptions): PreparedKit {
  const collection = readCollection(kit);
  const config = readConfig(kit);
  const headers: Record<string, string> = { ...(config?.headers ?? {}), Authorization: `Bearer ${options.token}` };
  const urls = new Set<string>();

  forEachRequest(collection.item, (request) => {
    urls.add(requestUrl(request));
    const kept = (request.header ?? []).filter((header) => !Object.keys(headers).some((name) => name.toLowerCase() === header.key.toLowerCase()));
    request.header = [...kept, ...Object.entries(headers).map(([key, value]) => ({ key, value }))];

    const resource = resourceOf(requestUrl(request));
    const payload = resource ? config?.payloads[upperFirst(resource)]?.POST?.payload : undefined;
    if (request.method === "POST" && payload) {
      const references = options.payloadReferences?.[upperFirst(resource!)] ?? {};
      request.body = { mode: "raw", raw: JSON.stringify({ ...payload, ...references }) };
    }
  });

  const base = `${options.origin}${kit.basePath}`;
  const values = (readEnvironment(kit)?.values ?? []).map((entry) => (/^https?:\/\//.test(entry.value) ? { ...entry, value: options.origin } : entry));
  const environment: PostmanEnvironment = {
    name: `${kit.name} on ${options.origin}`,
    values: [...values.filter((entry) => entry.key !== kit.baseVariable), { key: kit.baseVariable, value: base, enabled: true }],
  };
  return { collection, environment, urls: [...urls] };
}

/**
 * Resolves the variables of a request URL template from the environment, so
 * that the runner can reject a kit whose requests would reach another host.
 */
export function resolveUrl(template: string, environment: PostmanEnvironment): string {
  const variables = new Map(environment.values.filter((entry) => entry.enabled !== false).map((entry) => [entry.key, entry.value]));
  let resolved = template;
  // Variables may refer to variables, e.g. {{ServiceInventoryAPI}} to {{Service_Inventory}}.
  for (let depth = 0; depth < 5 && /\{\{[^}]+\}\}/.test(resolved); depth++) {
    resolved = resolved.replace(/\{\{([^}]+)\}\}/g, (match, name: string) => variables.get(name) ?? match);
  }
  return resolved;
}
