import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import {
  productCatalogCreate,
  productCatalogUpdate,
  productCategoryCreate,
  productCategoryUpdate,
  productOfferingCreate,
  productOfferingPriceValue,
  productOfferingUpdate,
  productSpecificationCreate,
  productSpecificationUpdate,
  tmfApiPaths,
  type ServiceSpecification,
} from "@cop-pilot/tmf-schemas";
import {
  TmfError,
  createResourceHandlers,
  findDocument,
  getDocument,
  invalidBody,
  noContentResponse,
  notFound,
  okResponse,
  selectFields,
  type Db,
  type DocumentTable,
  type RouteFactory,
  type TmfDocument,
} from "@cop-pilot/tmf-server";
import { businessAdmins, isCustomer, signedInUsers } from "../access";
import { mergeProductCharacteristics, productSpecCharacteristicSchema, toProductSpecCharacteristic, type ProductSpecCharacteristic } from "../catalog/characteristics";
import { assertLifecycleStep } from "../catalog/lifecycle";
import { serviceDomainOf, serviceDomainSchema } from "../catalog/service-domain";
import { deleteProductOffering, deleteProductSpecification } from "../catalog/deletion";
import { checkBundledOfferings } from "../catalog/bundles";
import { checkEligibleParty, checkInlinePrice, checkOfferingTerms, checkValidFor } from "../catalog/offering-terms";
import { catalogColumns, offeringColumns, versionedColumns } from "../catalog/store";
import { checkValueUses, productSpecificationRef } from "../catalog/value-use";
import { route } from "../auth";
import { db, schema } from "../db";
import { productCatalogEvents } from "../events";
import { esoClient } from "../eso";
import { esoRequestError } from "../eso-errors";

// TMF620 Product Catalog Management. Every signed-in user and API client may
// read; business admins and API clients may write. Customers see launched
// offerings only.

const base = tmfApiPaths.productCatalog;
const byName = { defaultSort: [{ path: ["name"], descending: false }] };

type Ref = { id: string; href?: string; name?: string; [key: string]: unknown };

/** Loads a referenced document, or rejects the write with a 422 naming the attribute and id. */
async function loadRef(tx: Db, table: DocumentTable, type: string, attribute: string, ref: Ref): Promise<TmfDocument> {
  const target = await findDocument(tx, table, ref.id);
  if (!target) throw new TmfError("unprocessable", `${attribute}: ${type} ${ref.id} does not exist`);
  return target;
}

/**
 * Rebuilds each reference from the document it names, so that its `href`
 * and `name` are always those of the stored resource, whatever the client sent.
 */
async function resolveRefs(tx: Db, table: DocumentTable, type: string, attribute: string, refs: Ref[]): Promise<Ref[]> {
  const resolved: Ref[] = [];
  for (const ref of refs) {
    const target = await loadRef(tx, table, type, attribute, ref);
    resolved.push({
      id: target.id,
      href: target.href,
      ...(typeof target.name === "string" ? { name: target.name } : {}),
      ...(typeof target.version === "string" ? { version: target.version } : {}),
      "@referredType": (target["@type"] as string | undefined) ?? type,
    });
  }
  return resolved;
}

async function checkProductCatalog(document: TmfDocument, tx: Db): Promise<TmfDocument> {
  const categories = (document.category as Ref[] | undefined) ?? [];
  return { ...document, category: await resolveRefs(tx, schema.productCategory, "ProductCategory", "category", categories) };
}

const characteristicsOfDocument = z.object({
  productSpecCharacteristic: z.array(productSpecCharacteristicSchema).optional(),
  domain: serviceDomainSchema.optional(),
});

/** Reads the ESO service specifications a product specification references, in order. */
async function loadServices(refs: Ref[]): Promise<ServiceSpecification[]> {
  const services: ServiceSpecification[] = [];
  for (const ref of refs) {
    try {
      services.push(await esoClient().getServiceSpecification(ref.id));
    } catch (error) {
      throw esoRequestError(error, `serviceSpecification: checking ESO service specification ${ref.id}`);
    }
  }
  return services;
}

/** Maps each given characteristic to the services that have a characteristic of its name, unless it is mapped already. */
function mapToServices(characteristics: ProductSpecCharacteristic[], services: ServiceSpecification[]): ProductSpecCharacteristic[] {
  return characteristics.map((characteristic) => {
    if (characteristic.serviceCharacteristic !== undefined) return characteristic;
    const targets = services.filter((service) => (service.specCharacteristic ?? []).some((candidate) => candidate.name === characteristic.name));
    return { ...characteristic, serviceCharacteristic: targets.map((service) => ({ name: characteristic.name, serviceSpecification: { id: service.id, name: service.name } })) };
  });
}

/**
 * Checks a product specification: well-formed characteristics with unique
 * names over one or more ESO service specifications, which the ESO must
 * offer. Characteristics left out are copied from the services, a
 * characteristic that several services share becoming one that sets them
 * all. Characteristics given must belong to one of the services, and each
 * mapping must name a service characteristic of a referenced service.
 */
async function checkProductSpecification(document: TmfDocument, tx: Db): Promise<TmfDocument> {
  const parsed = characteristicsOfDocument.safeParse(document);
  if (!parsed.success) throw invalidBody(parsed.error);
  let characteristics = parsed.data.productSpecCharacteristic?.map(toProductSpecCharacteristic);
  const names = (characteristics ?? []).map((characteristic) => characteristic.name);
  const repeated = names.filter((name, index) => names.indexOf(name) !== index);
  if (repeated.length > 0) throw new TmfError("invalidBody", `productSpecCharacteristic: ${[...new Set(repeated)].join(", ")} given more than once`);

  const refs = (document.serviceSpecification as Ref[] | undefined) ?? [];
  const refIds = refs.map((ref) => ref.id);
  const repeatedRefs = refIds.filter((id, index) => refIds.indexOf(id) !== index);
  if (repeatedRefs.length > 0) throw new TmfError("invalidBody", `serviceSpecification: ${[...new Set(repeatedRefs)].join(", ")} given more than once`);
  const result: TmfDocument = { ...document, ...(characteristics ? { productSpecCharacteristic: characteristics } : {}) };
  if (refs.length === 0) return result;

  const current = await findDocument(tx, schema.productSpecification, document.id);
  const currentRefs = current?.serviceSpecification as Ref[] | undefined;
  const unchanged =
    current !== undefined &&
    JSON.stringify(currentRefs?.map((ref) => ref.id)) === JSON.stringify(refIds) &&
    JSON.stringify(current.productSpecCharacteristic) === JSON.stringify(result.productSpecCharacteristic);
  // The stored references were built from the ESO's replies, so they replace whatever href or name a patch merged into them.
  if (unchanged) return { ...result, serviceSpecification: currentRefs };

  const services = await loadServices(refs);
  if (characteristics === undefined) {
    const merged = mergeProductCharacteristics(services);
    if (merged.conflicts.length > 0) {
      throw new TmfError(
        "unprocessable",
        `productSpecCharacteristic: ${merged.conflicts.join(", ")} ${merged.conflicts.length === 1 ? "is" : "are"} defined differently by the services referenced; list the product characteristics explicitly, or sell the services as a bundle of offerings`,
      );
    }
    characteristics = merged.characteristics;
  } else {
    const offered = new Set(services.flatMap((service) => (service.specCharacteristic ?? []).map((characteristic) => `${service.id}|${characteristic.name}`)));
    characteristics = mapToServices(characteristics, services);
    const unknown = characteristics.filter(
      (characteristic) =>
        (characteristic.serviceCharacteristic ?? []).length === 0 ||
        (characteristic.serviceCharacteristic ?? []).some((target) => !offered.has(`${target.serviceSpecification.id}|${target.name}`)),
    );
    if (unknown.length > 0) {
      const listed = unknown.map((characteristic) => characteristic.name).join(", ");
      throw new TmfError("unprocessable", `productSpecCharacteristic: ${listed} ${unknown.length === 1 ? "does not set a characteristic" : "do not set characteristics"} of ESO service specification ${refIds.join(", ")}`);
    }
  }

  const domains = services.map((service) => serviceDomainOf(service));
  const sameDomain = domains.every((domain) => domain?.name === domains[0]?.name);
  const domain = parsed.data.domain ?? (sameDomain ? domains[0] : undefined);
  const relatedParty = services.flatMap((service) => service.relatedParty ?? []);
  return {
    ...result,
    serviceSpecification: services.map((service) => ({
      id: service.id,
      ...(service.href ? { href: service.href } : {}),
      name: service.name,
      ...(service.version ? { version: service.version } : {}),
      "@referredType": "ServiceSpecification",
    })),
    productSpecCharacteristic: characteristics,
    ...(document.relatedParty === undefined && relatedParty.length > 0 ? { relatedParty } : {}),
    ...(domain ? { domain } : {}),
  };
}

/**
 * Checks an offering: a permitted lifecycle step, its validity period, SLA
 * terms, eligible parties and inline prices, that its specification (or,
 * for a bundle, its bundled offerings), categories and price references
 * exist, and that its `prodSpecCharValueUse` fits the specification.
 * References are rebuilt from what they name.
 */
async function checkProductOffering(document: TmfDocument, tx: Db): Promise<TmfDocument> {
  const current = await findDocument(tx, schema.productOffering, document.id);
  assertLifecycleStep("ProductOffering", document.id, current?.lifecycleStatus as string | undefined, document.lifecycleStatus);
  checkValidFor(document.validFor);
  checkOfferingTerms(document.productOfferingTerm);
  const eligibleParty = checkEligibleParty(document.eligibleParty);

  const bundled = document.isBundle === true ? await checkBundledOfferings(tx, document) : undefined;
  const specificationRef = document.productSpecification as Ref | undefined;
  if (!specificationRef && !bundled) throw new TmfError("unprocessable", "productSpecification: an offering must reference the product specification it sells, or be a bundle (isBundle) of other offerings");
  const specification = specificationRef ? await loadRef(tx, schema.productSpecification, "ProductSpecification", "productSpecification", specificationRef) : undefined;
  if (bundled && document.prodSpecCharValueUse !== undefined) {
    throw new TmfError("unprocessable", "prodSpecCharValueUse: a bundle has none; set it on the bundled offerings");
  }
  const valueUses = document.prodSpecCharValueUse === undefined || !specification ? undefined : checkValueUses(document.prodSpecCharValueUse, specification);
  const categories = await resolveRefs(tx, schema.productCategory, "ProductCategory", "category", (document.category as Ref[] | undefined) ?? []);

  const prices: Record<string, unknown>[] = [];
  for (const [index, price] of ((document.productOfferingPrice as Record<string, unknown>[] | undefined) ?? []).entries()) {
    const isReference = typeof price.id === "string" && price.price === undefined;
    if (isReference) prices.push(...(await resolveRefs(tx, schema.productOfferingPrice, "ProductOfferingPrice", "productOfferingPrice", [price as Ref])));
    else prices.push(checkInlinePrice(price, index));
  }
  return {
    ...document,
    ...(specification ? { productSpecification: productSpecificationRef(specification) } : {}),
    ...(bundled ? { bundledProductOffering: bundled } : {}),
    category: categories,
    productOfferingPrice: prices,
    ...(eligibleParty === undefined ? {} : { eligibleParty }),
    ...(valueUses === undefined ? {} : { prodSpecCharValueUse: valueUses }),
  };
}

export const productCatalogHandlers = createResourceHandlers(route, {
  type: "ProductCatalog",
  path: `${base}/productCatalog`,
  table: schema.productCatalog,
  db,
  createSchema: productCatalogCreate,
  updateSchema: productCatalogUpdate,
  columns: catalogColumns,
  defaults: () => ({ lifecycleStatus: "Launched", version: "1.0", category: [] }),
  beforeWrite: (document, _context, tx) => checkProductCatalog(document, tx),
  read: signedInUsers,
  write: businessAdmins,
  onEvent: productCatalogEvents,
  list: byName,
});

export const productCategoryHandlers = createResourceHandlers(route, {
  type: "Category",
  path: `${base}/productCategory`,
  table: schema.productCategory,
  db,
  createSchema: productCategoryCreate,
  updateSchema: productCategoryUpdate,
  columns: catalogColumns,
  defaults: () => ({ lifecycleStatus: "Launched", version: "1.0", isRoot: true }),
  read: signedInUsers,
  write: businessAdmins,
  onEvent: productCatalogEvents,
  list: byName,
});

const specificationHandlers = createResourceHandlers(route, {
  type: "ProductSpecification",
  path: `${base}/productSpecification`,
  table: schema.productSpecification,
  db,
  createSchema: productSpecificationCreate,
  updateSchema: productSpecificationUpdate,
  columns: versionedColumns,
  defaults: () => ({ lifecycleStatus: "Active", version: "1.0", isBundle: false }),
  beforeWrite: (document, _context, tx) => checkProductSpecification(document, tx),
  read: signedInUsers,
  write: businessAdmins,
  onEvent: productCatalogEvents,
  list: byName,
});

export const productSpecificationHandlers = {
  collection: specificationHandlers.collection,
  item: {
    ...specificationHandlers.item,
    // DELETE /tmf-api/productCatalogManagement/v4/productSpecification/{id} – delete a specification that no offering sells
    DELETE: route<{ id: string }>(businessAdmins, async ({ params, principal }) => {
      await deleteProductSpecification(db(), params.id, principal);
      return noContentResponse();
    }),
  },
};

function isForeignKeyViolation(error: unknown): boolean {
  const candidates = [error, (error as { cause?: unknown } | undefined)?.cause];
  return candidates.some((candidate) => (candidate as { code?: unknown } | undefined)?.code === "23503");
}

/**
 * Route wrapper of offering writes. The check of the product specification
 * and the insert are separate statements, so a specification deleted in
 * between makes the insert break the foreign key. The client then gets a 409
 * instead of an unexpected error.
 */
const offeringRoute: RouteFactory = (access, handler) =>
  route(access, async (context) => {
    try {
      return await handler(context);
    } catch (error) {
      if (!isForeignKeyViolation(error)) throw error;
      throw new TmfError("conflict", "productSpecification: the product specification was deleted while this offering was written; reference an existing one", { cause: error });
    }
  });

const offeringHandlers = createResourceHandlers(offeringRoute, {
  type: "ProductOffering",
  path: `${base}/productOffering`,
  table: schema.productOffering,
  db,
  createSchema: productOfferingCreate,
  updateSchema: productOfferingUpdate,
  columns: offeringColumns,
  defaults: () => ({ lifecycleStatus: "In design", version: "1.0", isBundle: false, isSellable: true }),
  beforeWrite: (document, _context, tx) => checkProductOffering(document, tx),
  read: signedInUsers,
  write: businessAdmins,
  onEvent: productCatalogEvents,
  list: (context) => ({
    ...byName,
    where: isCustomer(context.principal) ? eq(schema.productOffering.lifecycleStatus, "Launched") : undefined,
  }),
});

export const productOfferingHandlers = {
  collection: offeringHandlers.collection,
  item: {
    ...offeringHandlers.item,
    // Customers get a 404 for an offering that is not launched, as if it did not exist.
    GET: route<{ id: string }>(signedInUsers, async (context) => {
      const document = await getDocument(db(), schema.productOffering, "ProductOffering", context.params.id);
      if (isCustomer(context.principal) && document.lifecycleStatus !== "Launched") throw notFound("ProductOffering", context.params.id);
      const fields = context.url.searchParams.get("fields")?.split(",").filter(Boolean);
      return okResponse(selectFields(document, fields));
    }),
    // DELETE /tmf-api/productCatalogManagement/v4/productOffering/{id} – delete an offering without open orders
    DELETE: route<{ id: string }>(businessAdmins, async ({ params, principal }) => {
      await deleteProductOffering(db(), params.id, principal);
      return noContentResponse();
    }),
  },
};

const productOfferingPriceCreate = productOfferingPriceValue.extend({
  name: z.string().trim().min(1),
  version: z.string().optional(),
  lifecycleStatus: z.string().optional(),
  isBundle: z.boolean().optional(),
  "@type": z.string().optional(),
});

export const productOfferingPriceHandlers = createResourceHandlers(route, {
  type: "ProductOfferingPrice",
  path: `${base}/productOfferingPrice`,
  table: schema.productOfferingPrice,
  db,
  createSchema: productOfferingPriceCreate,
  updateSchema: productOfferingPriceCreate.partial(),
  columns: catalogColumns,
  defaults: () => ({ lifecycleStatus: "Active", version: "1.0", isBundle: false }),
  read: signedInUsers,
  write: businessAdmins,
  onEvent: productCatalogEvents,
  list: byName,
});
