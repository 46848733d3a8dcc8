import { createHash } from "node:crypto";
import { z } from "zod";
import { getDomain } from "@cop-pilot/service-library";
import { TmfClient } from "@cop-pilot/tmf-client";
import { serviceCatalog, serviceCategory, serviceSpecification, tmfApiPaths } from "@cop-pilot/tmf-schemas";

// Seeds a running platform through its own APIs, as an operator would: the
// ESO peers with each DO and imports its catalogue, and the BMP gets a
// launched product offering for every service in the ESO marketplace.

const peerSummary = z.looseObject({ id: z.string(), endpoint: z.string() });
const created = z.looseObject({ id: z.string(), href: z.string().optional() });
const anyEntity = z.looseObject({ id: z.string(), name: z.string().optional() });

export interface DomainPeer {
  id: string;
  url: string;
  token: string;
}

/** Peers the ESO with each DO not yet peered and imports the DO's catalogue, category by category. */
export async function seedPeering(eso: TmfClient, peers: DomainPeer[], log: (message: string) => void): Promise<void> {
  const existing = await eso.get("/api/peers", z.array(peerSummary));
  for (const peer of peers) {
    if (existing.some((candidate) => candidate.endpoint.replace(/\/+$/, "") === peer.url)) continue;
    const domain = getDomain(peer.id);
    const added = await eso.create(
      "/api/peers",
      {
        name: domain.name,
        endpoint: peer.url,
        apiToken: peer.token,
        location: { name: `${domain.location.city}, ${domain.location.countryCode}`, latitude: domain.location.latitude, longitude: domain.location.longitude },
        organization: { name: domain.name },
      },
      created,
    );

    const doClient = new TmfClient({ baseUrl: peer.url, token: peer.token });
    const catalogs = await doClient.listAll(`${tmfApiPaths.serviceCatalog}/serviceCatalog`, serviceCatalog);
    const categories = await doClient.listAll(`${tmfApiPaths.serviceCatalog}/serviceCategory`, serviceCategory);
    const specifications = await doClient.listAll(`${tmfApiPaths.serviceCatalog}/serviceSpecification`, serviceSpecification);
    const catalog = catalogs[0];
    if (!catalog) throw new Error(`${domain.name} has no service catalogue to import`);

    let esoCatalogId: string | undefined;
    let imported = 0;
    for (const category of categories) {
      const ids = specifications.filter((spec) => spec.category?.some((ref) => ref.id === category.id)).map((spec) => spec.id);
      if (ids.length === 0) continue;
      const result = await eso.create(
        `/api/peers/${added.id}/import`,
        {
          specificationIds: ids,
          catalog: esoCatalogId ? { id: esoCatalogId } : { name: catalog.name, description: catalog.description },
          category: { name: category.name, description: category.description },
        },
        z.looseObject({ catalog: z.looseObject({ id: z.string() }).optional() }),
      );
      esoCatalogId ??= result.catalog?.id ?? (await findCatalogId(eso, catalog.name));
      imported += ids.length;
    }
    log(`Peered ${domain.name} (${peer.url}) and imported ${imported} service specification placements`);
  }
}

async function findCatalogId(eso: TmfClient, name: string): Promise<string> {
  const catalogs = await eso.listAll(`${tmfApiPaths.serviceCatalog}/serviceCatalog`, serviceCatalog, { name });
  const found = catalogs[0];
  if (!found) throw new Error(`The ESO has no catalogue named "${name}" after an import into it`);
  return found.id;
}

/** Characteristics that name what a domain deploys and where. The offering sets them, never the customer. */
const deploymentParameters = new Set(["artifactRegistry", "artifactName", "targetCluster"]);

function priceOf(name: string, min: number, max: number, step: number): number {
  const hash = createHash("sha256").update(name).digest().readUInt32BE(0);
  return min + (hash % Math.floor((max - min) / step + 1)) * step;
}

/** Creates a launched product offering in the BMP for every ESO service that has none. */
export async function seedProductCatalog(bmp: TmfClient, eso: TmfClient, log: (message: string) => void): Promise<void> {
  const productCatalog = tmfApiPaths.productCatalog;
  const esoCatalogs = await eso.listAll(`${tmfApiPaths.serviceCatalog}/serviceCatalog`, serviceCatalog);
  const esoCategories = await eso.listAll(`${tmfApiPaths.serviceCatalog}/serviceCategory`, serviceCategory);
  const esoSpecifications = await eso.listAll(`${tmfApiPaths.serviceCatalog}/serviceSpecification`, serviceSpecification);

  const productSpecifications = await bmp.listAll(`${productCatalog}/productSpecification`, z.looseObject({ id: z.string(), serviceSpecification: z.array(anyEntity).optional() }));
  const covered = new Set(productSpecifications.flatMap((spec) => spec.serviceSpecification?.map((ref) => ref.id) ?? []));
  const missing = esoSpecifications.filter((spec) => !covered.has(spec.id));
  if (missing.length === 0) return;

  const bmpCatalogs = await bmp.listAll(`${productCatalog}/productCatalog`, anyEntity);
  const bmpCategories = await bmp.listAll(`${productCatalog}/productCategory`, anyEntity);

  async function productCategoryFor(esoCategoryId: string): Promise<{ id: string; name: string } | undefined> {
    const esoCategory = esoCategories.find((category) => category.id === esoCategoryId);
    if (!esoCategory) return undefined;
    const existing = bmpCategories.find((category) => category.name === esoCategory.name);
    if (existing) return { id: existing.id, name: esoCategory.name };
    const category = await bmp.create(`${productCatalog}/productCategory`, { name: esoCategory.name, description: esoCategory.description, lifecycleStatus: "Launched" }, anyEntity);
    bmpCategories.push(category);

    const esoCatalog = esoCatalogs.find((catalog) => catalog.category?.some((ref) => ref.id === esoCategoryId));
    if (esoCatalog) {
      let catalog = bmpCatalogs.find((candidate) => candidate.name === esoCatalog.name) as (z.infer<typeof anyEntity> & { category?: { id: string }[] }) | undefined;
      if (!catalog) {
        catalog = await bmp.create(`${productCatalog}/productCatalog`, { name: esoCatalog.name, description: esoCatalog.description, lifecycleStatus: "Launched", category: [] }, anyEntity);
        bmpCatalogs.push(catalog);
      }
      const refs = [...((catalog.category as { id: string }[] | undefined) ?? []), { id: category.id, name: esoCategory.name }];
      catalog.category = refs;
      await bmp.patch(`${productCatalog}/productCatalog/${catalog.id}`, { category: refs }, anyEntity);
    }
    return { id: category.id, name: esoCategory.name };
  }

  for (const spec of missing) {
    const unsellable = (spec.specCharacteristic ?? []).find(
      (characteristic) =>
        deploymentParameters.has(characteristic.name) &&
        (characteristic.minCardinality ?? 0) > 0 &&
        !characteristic.characteristicValueSpecification?.some((value) => value.isDefault),
    );
    if (unsellable) {
      // Customers never set deployment parameters, so such a service, like the ESO's own Domain Orchestrator, stays out of the BMP.
      log(`Left ${spec.name} out of the product catalogue: its deployment parameter ${unsellable.name} is mandatory and has no default`);
      continue;
    }
    const categories = [];
    for (const ref of spec.category ?? []) {
      const category = await productCategoryFor(ref.id);
      if (category) categories.push(category);
    }
    const productSpecification = await bmp.create(
      `${productCatalog}/productSpecification`,
      {
        name: spec.name,
        description: spec.description,
        version: spec.version ?? "1.0.0",
        lifecycleStatus: "Launched",
        serviceSpecification: [{ id: spec.id, href: spec.href, name: spec.name }],
        productSpecCharacteristic: spec.specCharacteristic ?? [],
      },
      created,
    );
    await bmp.create(
      `${productCatalog}/productOffering`,
      {
        name: spec.name,
        description: spec.description,
        version: "1.0",
        lifecycleStatus: "Launched",
        isBundle: false,
        isSellable: true,
        productSpecification: { id: productSpecification.id, href: productSpecification.href, name: spec.name },
        // Customers choose every characteristic but the deployment parameters, which stay at the service's defaults.
        prodSpecCharValueUse: (spec.specCharacteristic ?? [])
          .filter((characteristic) => !deploymentParameters.has(characteristic.name))
          .map((characteristic) => ({ name: characteristic.name, valueType: characteristic.valueType })),
        category: categories,
        productOfferingPrice: [
          { name: "Set-up", priceType: "oneTime", price: { unit: "EUR", value: priceOf(`${spec.name}/setup`, 200, 2000, 50) } },
          {
            name: "Subscription",
            priceType: "recurring",
            recurringChargePeriodType: "month",
            recurringChargePeriodLength: 1,
            price: { unit: "EUR", value: priceOf(`${spec.name}/month`, 40, 900, 10) },
          },
        ],
      },
      created,
    );
  }
  log(`Published ${missing.length} product offerings in the BMP`);
}
