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
  /** Name of the ESO service the offering deploys. */
  serviceName?: string;
  lastUpdate?: string;
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

function toView(offering: TmfDocument, specification: TmfDocument | undefined, catalogs: CatalogView[]): OfferingView {
  const categories = refsOf(offering.category);
  const categoryIds = new Set(categories.map((category) => category.id));
  const catalog = catalogs.find((candidate) => candidate.categories.some((category) => categoryIds.has(category.id)));
  return {
    id: offering.id,
    name: String(offering.name),
    description: typeof offering.description === "string" ? offering.description : undefined,
    lifecycleStatus: String(offering.lifecycleStatus ?? "In design"),
    catalog: catalog ? { id: catalog.id, name: catalog.name } : undefined,
    categories,
    domain: storedServiceDomain(specification),
    prices: pricesOf(offering.productOfferingPrice),
    productSpecificationId: (offering.productSpecification as Ref | undefined)?.id,
    serviceName: refsOf(specification?.serviceSpecification)[0]?.name,
    lastUpdate: typeof offering.lastUpdate === "string" ? offering.lastUpdate : undefined,
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

async function loadSpecifications(db: Db, offerings: TmfDocument[]): Promise<Map<string, TmfDocument>> {
  const ids = [...new Set(offerings.map((offering) => (offering.productSpecification as Ref | undefined)?.id).filter((id): id is string => Boolean(id)))];
  if (ids.length === 0) return new Map();
  const rows = await db.select({ document: productSpecification.document }).from(productSpecification).where(inArray(productSpecification.id, ids));
  return new Map(rows.map(({ document }) => [(document as TmfDocument).id, document as TmfDocument]));
}

/** Loads offerings for the marketplace (launched only) or for the business admin (all), by name. */
export async function loadOfferings(db: Db, options: { launchedOnly: boolean }): Promise<{ offerings: OfferingView[]; catalogs: CatalogView[] }> {
  const rows = await db
    .select({ document: productOffering.document })
    .from(productOffering)
    .where(options.launchedOnly ? eq(productOffering.lifecycleStatus, "Launched") : undefined)
    .orderBy(asc(productOffering.name));
  const offerings = rows.map((row) => row.document as TmfDocument);
  const [catalogs, specifications] = await Promise.all([loadCatalogs(db), loadSpecifications(db, offerings)]);
  const categoryNames = await loadCategoryNames(db);
  const views = offerings.map((offering) => {
    const view = toView(offering, specifications.get((offering.productSpecification as Ref | undefined)?.id ?? ""), catalogs);
    view.categories = view.categories.map((category) => ({ ...category, name: categoryNames.get(category.id) ?? category.name }));
    return view;
  });
  return { offerings: views, catalogs };
}

/** Loads one offering with its characteristics, marked by whether customers set them, or undefined when it does not exist. */
export async function loadOffering(db: Db, id: string): Promise<{ offering: OfferingView; fields: OfferingCharacteristicField[] } | undefined> {
  const [row] = await db.select({ document: productOffering.document }).from(productOffering).where(eq(productOffering.id, id)).limit(1);
  if (!row) return undefined;
  const offering = row.document as TmfDocument;
  const [catalogs, specifications] = await Promise.all([loadCatalogs(db), loadSpecifications(db, [offering])]);
  const specification = specifications.get((offering.productSpecification as Ref | undefined)?.id ?? "");
  const characteristics = (specification?.productSpecCharacteristic as ProductSpecCharacteristic[] | undefined) ?? [];
  return { offering: toView(offering, specification, catalogs), fields: offeringCharacteristicFields(characteristics, storedValueUses(offering)) };
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
