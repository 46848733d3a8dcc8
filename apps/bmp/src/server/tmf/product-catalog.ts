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
import { productCharacteristicsOf, productSpecCharacteristicSchema, toProductSpecCharacteristic } from "../catalog/characteristics";
import { assertLifecycleStep } from "../catalog/lifecycle";
import { serviceDomainOf, serviceDomainSchema } from "../catalog/service-domain";
import { deleteProductOffering, deleteProductSpecification } from "../catalog/deletion";
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

/**
 * Checks a product specification: well-formed characteristics with unique
 * names and at most one ESO service specification, which the ESO must offer.
 * Characteristics left out are copied from that service; characteristics
 * given must be characteristics of that service.
 */
async function checkProductSpecification(document: TmfDocument, tx: Db): Promise<TmfDocument> {
  const parsed = characteristicsOfDocument.safeParse(document);
  if (!parsed.success) throw invalidBody(parsed.error);
  let characteristics = parsed.data.productSpecCharacteristic?.map(toProductSpecCharacteristic);
  const names = (characteristics ?? []).map((characteristic) => characteristic.name);
  const repeated = names.filter((name, index) => names.indexOf(name) !== index);
  if (repeated.length > 0) throw new TmfError("invalidBody", `productSpecCharacteristic: ${[...new Set(repeated)].join(", ")} given more than once`);

  const refs = (document.serviceSpecification as Ref[] | undefined) ?? [];
  if (refs.length > 1) {
    throw new TmfError("unprocessable", `serviceSpecification: a product specification is built on one ESO service specification, got ${refs.length}`);
  }
  const [ref] = refs;
  const result: TmfDocument = { ...document, ...(characteristics ? { productSpecCharacteristic: characteristics } : {}) };
  if (!ref) return result;

  const current = await findDocument(tx, schema.productSpecification, document.id);
  const currentRefs = current?.serviceSpecification as Ref[] | undefined;
  const unchanged =
    current !== undefined &&
    currentRefs?.[0]?.id === ref.id &&
    JSON.stringify(current.productSpecCharacteristic) === JSON.stringify(result.productSpecCharacteristic);
  // The stored reference was built from the ESO's reply, so it replaces whatever href or name a patch merged into it.
  if (unchanged) return { ...result, serviceSpecification: currentRefs };

  let service;
  try {
    service = await esoClient().getServiceSpecification(ref.id);
  } catch (error) {
    throw esoRequestError(error, `serviceSpecification: checking ESO service specification ${ref.id}`);
  }
  if (characteristics === undefined) {
    characteristics = productCharacteristicsOf(service);
  } else {
    const offered = new Set((service.specCharacteristic ?? []).map((characteristic) => characteristic.name));
    const unknown = characteristics.map((characteristic) => characteristic.name).filter((name) => !offered.has(name));
    if (unknown.length > 0) {
      throw new TmfError("unprocessable", `productSpecCharacteristic: ${unknown.join(", ")} ${unknown.length === 1 ? "is not a characteristic" : "are not characteristics"} of ESO service specification ${ref.id}`);
    }
  }
  const domain = parsed.data.domain ?? serviceDomainOf(service);
  return {
    ...result,
    serviceSpecification: [
      {
        id: service.id,
        ...(service.href ? { href: service.href } : {}),
        name: service.name,
        ...(service.version ? { version: service.version } : {}),
        "@referredType": "ServiceSpecification",
      },
    ],
    productSpecCharacteristic: characteristics,
    ...(document.relatedParty === undefined && service.relatedParty ? { relatedParty: service.relatedParty } : {}),
    ...(domain ? { domain } : {}),
  };
}

/**
 * Checks an offering: a permitted lifecycle step, that its specification,
 * categories and price references exist, and that its `prodSpecCharValueUse`
 * fits the specification. References are rebuilt from what they name.
 */
async function checkProductOffering(document: TmfDocument, tx: Db): Promise<TmfDocument> {
  const current = await findDocument(tx, schema.productOffering, document.id);
  assertLifecycleStep("ProductOffering", document.id, current?.lifecycleStatus as string | undefined, document.lifecycleStatus);

  const specificationRef = document.productSpecification as Ref | undefined;
  if (!specificationRef) throw new TmfError("unprocessable", "productSpecification: an offering must reference the product specification it sells");
  const specification = await loadRef(tx, schema.productSpecification, "ProductSpecification", "productSpecification", specificationRef);
  const valueUses = document.prodSpecCharValueUse === undefined ? undefined : checkValueUses(document.prodSpecCharValueUse, specification);
  const categories = await resolveRefs(tx, schema.productCategory, "ProductCategory", "category", (document.category as Ref[] | undefined) ?? []);

  const prices: Record<string, unknown>[] = [];
  for (const price of (document.productOfferingPrice as Record<string, unknown>[] | undefined) ?? []) {
    const isReference = typeof price.id === "string" && price.price === undefined;
    if (isReference) prices.push(...(await resolveRefs(tx, schema.productOfferingPrice, "ProductOfferingPrice", "productOfferingPrice", [price as Ref])));
    else prices.push(price);
  }
  return {
    ...document,
    productSpecification: productSpecificationRef(specification),
    category: categories,
    productOfferingPrice: prices,
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
    DELETE: route<{ id: string }>(businessAdmins, async ({ params }) => {
      await deleteProductSpecification(db(), params.id);
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
    DELETE: route<{ id: string }>(businessAdmins, async ({ params }) => {
      await deleteProductOffering(db(), params.id);
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
