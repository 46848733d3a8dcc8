import { z } from "zod";
import { getDomain } from "@cop-pilot/service-library";
import { TmfClient } from "@cop-pilot/tmf-client";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { domainId, type ConformancePlatform } from "./platform";

// Data the kits assume on the platform under test, created through our own
// TMF APIs before the kits run.

const entity = z.looseObject({ id: z.string(), href: z.string(), name: z.string().optional(), version: z.string().optional() });
type Entity = z.infer<typeof entity>;

function first<T>(items: T[], what: string): T {
  const [item] = items;
  if (!item) throw new Error(`the conformance platform has no ${what} to seed from`);
  return item;
}

function ref(target: Entity, referredType: string) {
  return { id: target.id, href: target.href, ...(target.name ? { name: target.name } : {}), "@referredType": referredType };
}

/**
 * Returns the attributes merged over two POST payloads of the kits. The
 * TMF620 offering names product specification 9881 of the kit author's
 * system, so it gets one of ours. The TMF622 order item names no product
 * offering, which an item that adds a product must name, so it gets a
 * launched one.
 */
export async function seedProductReferences(platform: ConformancePlatform): Promise<Record<string, Record<string, unknown>>> {
  const bmp = new TmfClient({ baseUrl: platform.bmp, token: platform.tokens.bmp, timeoutMs: 30_000 });
  const base = tmfApiPaths.productCatalog;
  const specification = first((await bmp.list(`${base}/productSpecification`, entity, { limit: 1 })).items, "product specification");
  const offering = first((await bmp.list(`${base}/productOffering`, entity, { lifecycleStatus: "Launched", limit: 1 })).items, "launched product offering");
  return {
    ProductOffering: { productSpecification: ref(specification, "ProductSpecification") },
    ProductOrder: { productOrderItem: [{ id: "123", action: "add", productOffering: ref(offering, "ProductOffering") }] },
  };
}

/**
 * Creates the services the TMF638 kit reads: two services of one category
 * with different names and states, each with every optional attribute the
 * kit checks, and a third service of another category that supports both.
 * The kit takes the two most recently changed services as its subjects, so
 * the supporting service is created first.
 */
export async function seedServiceInventory(platform: ConformancePlatform): Promise<void> {
  const client = new TmfClient({ baseUrl: platform.do, token: platform.tokens.do, timeoutMs: 30_000 });
  const domain = getDomain(domainId);
  const specification = first((await client.list(`${tmfApiPaths.serviceCatalog}/serviceSpecification`, entity, { limit: 1 })).items, "service specification");
  const resource = first((await client.list(`${tmfApiPaths.resourceInventory}/resource`, entity, { limit: 1 })).items, "resource");
  const owner = first((await client.list(`${tmfApiPaths.party}/organization`, entity, { limit: 1 })).items, "organization");

  const common = {
    startDate: new Date().toISOString(),
    serviceSpecification: { ...ref(specification, "ServiceSpecification"), version: specification.version ?? "1.0.0" },
    serviceCharacteristic: [{ name: "replicas", valueType: "integer", value: 1 }],
    supportingResource: [ref(resource, "Resource")],
    relatedParty: [{ ...ref(owner, "Organization"), role: "Owner" }],
    // NOTE: the DO serves no TMF674 geographic site API, so this href names the site without resolving.
    place: [{ id: domain.id, href: `${platform.do}/tmf-api/geographicSiteManagement/v4/geographicSite/${domain.id}`, name: domain.location.city, role: "installationSite", "@referredType": "GeographicSite" }],
  };
  const path = `${tmfApiPaths.serviceInventory}/service`;
  const supporting = await client.create(
    path,
    { ...common, name: "Conformance edge gateway", description: "Edge gateway that the monitored services rely on", category: "edgeInfrastructure", state: "active" },
    entity,
  );
  const dependency = {
    serviceRelationship: [{ relationshipType: "reliesOn", service: ref(supporting, "Service") }],
    supportingService: [ref(supporting, "Service")],
  };
  for (const [name, state] of [
    ["Conformance seismic monitor A", "active"],
    ["Conformance seismic monitor B", "inactive"],
  ] as const) {
    await client.create(path, { ...common, ...dependency, name, description: `${name}, seeded for the TMF638 conformance kit`, category: "monitoring", state }, entity);
  }
}
