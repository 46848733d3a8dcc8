import { asc, eq, inArray } from "drizzle-orm";
import { bmpSchema } from "@cop-pilot/db";
import type { ServiceClient } from "@cop-pilot/tmf-client";
import type { Db, TmfDocument } from "@cop-pilot/tmf-server";
import { pricesOf, type PriceView } from "@/lib/prices";
import type { ProductSpecCharacteristic } from "./characteristics";
import { serviceDomainOf, storedServiceDomain, type ServiceDomain } from "./service-domain";
import { isTechnicalCharacteristic, offeringCharacteristicFields, storedValueUses, type OfferingCharacteristicField } from "./value-use";

// Read models of the portal pages: offerings with their catalogue, category,
// domain and prices, in plain objects that server components pass on.

const { productCatalog, productCategory, productOffering, productSpecification } = bmpSchema;

type Ref = { id: string; name?: string };

export interface OfferingView {
  id: string;
  name: string;
  description?: string;
  lifecycleStatus: string;
  catalog?: Ref;
  categories: Ref[];
  domain?: ServiceDomain;
  prices: PriceView[];
  productSpecificationId?: string;
  /** Name of the ESO service the offering deploys; several are joined with commas. */
  serviceName?: string;
  lastUpdate?: string;
  isBundle: boolean;
  /** The offerings a bundle sells, each with its domain. */
  bundled: { id: string; name: string; domain?: ServiceDomain }[];
  /** Every domain the offering deploys into: one, or one per bundled offering. */
  domains: ServiceDomain[];
  /** SLA terms, by name. */
  terms: string[];
  validFor?: { startDateTime?: string; endDateTime?: string };
  /** Whether only some organizations may order the offering. */
  restricted: boolean;
}

export interface CatalogView {
  id: string;
  name: string;
  description?: string;
  categories: Ref[];
}

function refsOf(value: unknown): Ref[] {
  return Array.isArray(value) ? (value as Ref[]).filter((ref) => typeof ref?.id === "string") : [];
}

type Loaded = { offerings: Map<string, TmfDocument>; specifications: Map<string, TmfDocument> };

function specificationOf(offering: TmfDocument, loaded: Loaded): TmfDocument | undefined {
  return loaded.specifications.get((offering.productSpecification as Ref | undefined)?.id ?? "");
}

function toView(offering: TmfDocument, loaded: Loaded, catalogs: CatalogView[]): OfferingView {
  const specification = specificationOf(offering, loaded);
  const categories = refsOf(offering.category);
  const categoryIds = new Set(categories.map((category) => category.id));
  const catalog = catalogs.find((candidate) => candidate.categories.some((category) => categoryIds.has(category.id)));
  const bundled = refsOf(offering.bundledProductOffering).map((ref) => {
    const component = loaded.offerings.get(ref.id);
    const domain = component ? storedServiceDomain(specificationOf(component, loaded)) : undefined;
    return { id: ref.id, name: String(component?.name ?? ref.name ?? ref.id), ...(domain ? { domain } : {}) };
  });
  const ownDomain = storedServiceDomain(specification);
  const domains = bundled.length > 0 ? bundled.flatMap((component) => (component.domain ? [component.domain] : [])) : ownDomain ? [ownDomain] : [];
  const terms = Array.isArray(offering.productOfferingTerm) ? (offering.productOfferingTerm as { name?: unknown }[]).map((term) => String(term.name ?? "")).filter(Boolean) : [];
  return {
    id: offering.id,
    name: String(offering.name),
    description: typeof offering.description === "string" ? offering.description : undefined,
    lifecycleStatus: String(offering.lifecycleStatus ?? "In design"),
    catalog: catalog ? { id: catalog.id, name: catalog.name } : undefined,
    categories,
    domain: ownDomain ?? domains[0],
    prices: pricesOf(offering.productOfferingPrice),
    productSpecificationId: (offering.productSpecification as Ref | undefined)?.id,
    serviceName:
      refsOf(specification?.serviceSpecification)
        .map((ref) => ref.name ?? ref.id)
        .join(", ") || undefined,
    lastUpdate: typeof offering.lastUpdate === "string" ? offering.lastUpdate : undefined,
    isBundle: offering.isBundle === true,
    bundled,
    domains,
    terms,
    ...(offering.validFor ? { validFor: offering.validFor as OfferingView["validFor"] } : {}),
    restricted: Array.isArray(offering.eligibleParty) && offering.eligibleParty.length > 0,
  };
}

/** Loads every catalogue with its category references, by name. */
export async function loadCatalogs(db: Db): Promise<CatalogView[]> {
  const rows = await db.select({ document: productCatalog.document }).from(productCatalog).orderBy(asc(productCatalog.name));
  return rows.map(({ document }) => {
    const catalog = document as TmfDocument;
    return {
      id: catalog.id,
      name: String(catalog.name),
      description: typeof catalog.description === "string" ? catalog.description : undefined,
      categories: refsOf(catalog.category),
    };
  });
}

/** Loads the names of every category, by id. */
export async function loadCategoryNames(db: Db): Promise<Map<string, string>> {
  const rows = await db.select({ id: productCategory.id, name: productCategory.name }).from(productCategory);
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** Loads the bundled offerings that `offerings` lack, and the product specifications of all of them. */
async function loadRelated(db: Db, offerings: TmfDocument[]): Promise<Loaded> {
  const known = new Map(offerings.map((offering) => [offering.id, offering]));
  const missing = [...new Set(offerings.flatMap((offering) => refsOf(offering.bundledProductOffering).map((ref) => ref.id)))].filter((id) => !known.has(id));
  if (missing.length > 0) {
    const rows = await db.select({ document: productOffering.document }).from(productOffering).where(inArray(productOffering.id, missing));
    for (const { document } of rows) known.set((document as TmfDocument).id, document as TmfDocument);
  }
  const all = [...known.values()];
  const ids = [...new Set(all.map((offering) => (offering.productSpecification as Ref | undefined)?.id).filter((id): id is string => Boolean(id)))];
  if (ids.length === 0) return { offerings: known, specifications: new Map() };
  const rows = await db.select({ document: productSpecification.document }).from(productSpecification).where(inArray(productSpecification.id, ids));
  return { offerings: known, specifications: new Map(rows.map(({ document }) => [(document as TmfDocument).id, document as TmfDocument])) };
}

/** Loads offerings for the marketplace (launched only) or for the business admin (all), by name. */
export async function loadOfferings(db: Db, options: { launchedOnly: boolean }): Promise<{ offerings: OfferingView[]; catalogs: CatalogView[] }> {
  const rows = await db
    .select({ document: productOffering.document })
    .from(productOffering)
    .where(options.launchedOnly ? eq(productOffering.lifecycleStatus, "Launched") : undefined)
    .orderBy(asc(productOffering.name));
  const offerings = rows.map((row) => row.document as TmfDocument);
  const [catalogs, loaded] = await Promise.all([loadCatalogs(db), loadRelated(db, offerings)]);
  const categoryNames = await loadCategoryNames(db);
  const views = offerings.map((offering) => {
    const view = toView(offering, loaded, catalogs);
    view.categories = view.categories.map((category) => ({ ...category, name: categoryNames.get(category.id) ?? category.name }));
    return view;
  });
  return { offerings: views, catalogs };
}

/** A bundled offering with the characteristics of its own form. */
export interface BundleComponentView {
  id: string;
  name: string;
  fields: OfferingCharacteristicField[];
}

/**
 * Loads one offering with its characteristics, marked by whether customers
 * set them, and for a bundle those of each bundled offering. Returns
 * undefined when it does not exist.
 */
export async function loadOffering(db: Db, id: string): Promise<{ offering: OfferingView; fields: OfferingCharacteristicField[]; components: BundleComponentView[] } | undefined> {
  const [row] = await db.select({ document: productOffering.document }).from(productOffering).where(eq(productOffering.id, id)).limit(1);
  if (!row) return undefined;
  const offering = row.document as TmfDocument;
  const [catalogs, loaded] = await Promise.all([loadCatalogs(db), loadRelated(db, [offering])]);
  const fieldsOf = (candidate: TmfDocument) => {
    const characteristics = (specificationOf(candidate, loaded)?.productSpecCharacteristic as ProductSpecCharacteristic[] | undefined) ?? [];
    return offeringCharacteristicFields(characteristics, storedValueUses(candidate));
  };
  const components = refsOf(offering.bundledProductOffering).flatMap((ref) => {
    const component = loaded.offerings.get(ref.id);
    return component ? [{ id: component.id, name: String(component.name), fields: fieldsOf(component) }] : [];
  });
  return { offering: toView(offering, loaded, catalogs), fields: fieldsOf(offering), components };
}

export interface EsoServiceOption {
  id: string;
  name: string;
  description?: string;
  domainName?: string;
  categoryName?: string;
  /** The service's characteristics; `technical` marks those customers are not offered by default. */
  characteristics: { name: string; description?: string; technical: boolean }[];
}

/** Lists the ESO's service specifications live for the "New offering" form; `error` gives the reason when the list is empty. */
export async function listEsoServices(eso: ServiceClient): Promise<{ services: EsoServiceOption[]; error?: string }> {
  try {
    const specifications = await eso.listServiceSpecifications();
    const services = specifications
      .filter((specification) => specification.lifecycleStatus !== "Retired" && specification.lifecycleStatus !== "Obsolete")
      .map((specification) => ({
        id: specification.id,
        name: specification.name,
        description: specification.description,
        domainName: serviceDomainOf(specification)?.name,
        categoryName: specification.category?.find((ref) => ref.name)?.name,
        characteristics: (specification.specCharacteristic ?? []).map((characteristic) => ({
          name: characteristic.name,
          description: characteristic.description,
          technical: isTechnicalCharacteristic(characteristic),
        })),
      }))
      .sort((left, right) => (left.domainName ?? "").localeCompare(right.domainName ?? "") || left.name.localeCompare(right.name));
    return { services };
  } catch (error) {
    return { services: [], error: (error as Error).message };
  }
}
