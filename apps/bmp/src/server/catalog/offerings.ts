import { eq } from "drizzle-orm";
import { z } from "zod";
import { bmpSchema } from "@cop-pilot/db";
import type { ServiceClient } from "@cop-pilot/tmf-client";
import type { ServiceSpecification } from "@cop-pilot/tmf-schemas";
import { TmfError, invalidBody, newId, notFound, insertDocument, replaceDocument, type Db, type Principal, type TmfDocument, recordAudit } from "@cop-pilot/tmf-server";
import { assertAllowed, businessAdmins } from "../access";
import { esoRequestError } from "../eso-errors";
import { mergeProductCharacteristics, type ProductSpecCharacteristic } from "./characteristics";
import { assertLifecycleStep } from "./lifecycle";
import { serviceDomainOf, type ServiceDomain } from "./service-domain";
import { findOrCreateCatalog, findOrCreateCategory, offeringColumns, resourceHref, versionedColumns } from "./store";
import { checkValueUses, defaultCustomerCharacteristics, productSpecificationRef, valueUsesFor } from "./value-use";

const { productOffering, productSpecification } = bmpSchema;

const amount = z
  .number({ error: "Enter an amount in euros, such as 250 or 99.50" })
  .finite("Enter an amount in euros, such as 250 or 99.50")
  .nonnegative("An amount cannot be negative")
  .max(1_000_000_000, "An amount must be at most 1,000,000,000");

/** Input of the "New offering" form: the ESO service, name, description, category, prices and the characteristics customers may set. */
export const newOfferingInput = z.object({
  serviceSpecificationId: z.string().trim().min(1, "Choose a service specification"),
  name: z.string().trim().min(1, "Enter a name").max(200, "A name has at most 200 characters"),
  description: z.string().trim().max(4000, "A description has at most 4000 characters").optional(),
  /** Category of the product catalogue; empty means the service's own category at the ESO. */
  categoryName: z.string().trim().max(200, "A category name has at most 200 characters").optional(),
  oneTimePrice: amount.optional(),
  monthlyPrice: amount.optional(),
  /** A usage price: the amount in EUR per `usageUnit`, e.g. 0.05 per "GB". */
  usagePrice: amount.optional(),
  usageUnit: z.string().trim().max(40, "A unit has at most 40 characters").optional(),
  /** Further ESO services the product deploys together with the first, in the same order item. */
  additionalServiceSpecificationIds: z.array(z.string().trim().min(1)).max(5, "Choose at most 5 further services").optional(),
  /** SLA terms, one per entry, e.g. "Availability 99.5 % per month". */
  slaTerms: z.array(z.string().trim().min(1).max(300, "An SLA term has at most 300 characters")).max(20).optional(),
  /** Validity period: the offering can be ordered from `validFrom` until `validTo` (ISO dates). */
  validFrom: z.iso.date("Enter a date such as 2026-01-31").optional(),
  validTo: z.iso.date("Enter a date such as 2026-12-31").optional(),
  /** Ids of the organizations that may order the offering; empty means every customer. */
  eligibleOrganizationIds: z.array(z.string().trim().min(1).max(200)).max(50).optional(),
  /**
   * Names of the service's characteristics that customers may set when they
   * order; the others stay at their defaults. Left out, customers may set
   * every characteristic except the technical characteristics.
   */
  customerCharacteristics: z.array(z.string().trim().min(1)).optional(),
});

export type NewOfferingInput = z.infer<typeof newOfferingInput>;

/** Builds the TMF620 validity period and SLA terms of an offering from the form's dates and lines. */
export function offeringTerms(input: Pick<NewOfferingInput, "validFrom" | "validTo" | "slaTerms">): Record<string, unknown> {
  if (input.validFrom && input.validTo && input.validTo <= input.validFrom) {
    throw new TmfError("invalidBody", `validTo: ${input.validTo} must be after validFrom ${input.validFrom}`);
  }
  const validFor = {
    ...(input.validFrom ? { startDateTime: `${input.validFrom}T00:00:00Z` } : {}),
    ...(input.validTo ? { endDateTime: `${input.validTo}T00:00:00Z` } : {}),
  };
  return {
    ...(Object.keys(validFor).length > 0 ? { validFor } : {}),
    ...(input.slaTerms && input.slaTerms.length > 0 ? { productOfferingTerm: input.slaTerms.map((term) => ({ name: term, "@type": "ProductOfferingTerm" })) } : {}),
  };
}

/** Builds the TMF620 inline prices of an offering: a one-off set-up fee, a monthly fee and a usage price, in EUR. */
export function offeringPrices(input: Pick<NewOfferingInput, "oneTimePrice" | "monthlyPrice" | "usagePrice" | "usageUnit">): Record<string, unknown>[] {
  const prices: Record<string, unknown>[] = [];
  if (input.oneTimePrice !== undefined) {
    prices.push({ name: "Set-up fee", priceType: "oneTime", price: { unit: "EUR", value: input.oneTimePrice } });
  }
  if (input.monthlyPrice !== undefined) {
    prices.push({
      name: "Monthly fee",
      priceType: "recurring",
      recurringChargePeriodType: "month",
      recurringChargePeriodLength: 1,
      price: { unit: "EUR", value: input.monthlyPrice },
    });
  }
  if (input.usagePrice !== undefined) {
    if (!input.usageUnit) throw new TmfError("invalidBody", "usageUnit: a usage price needs the unit it is charged per, such as GB or hour");
    prices.push({ name: `Usage per ${input.usageUnit}`, priceType: "usage", unitOfMeasure: { amount: 1, units: input.usageUnit }, price: { unit: "EUR", value: input.usagePrice } });
  }
  return prices;
}

/**
 * Builds the product specification over one or more ESO services: their
 * references, the characteristics (shared ones merged), operators and the
 * domain of the first service. Throws a 422 when the services define a
 * shared characteristic differently.
 */
export function productSpecificationOver(
  services: readonly ServiceSpecification[],
  options: { id: string; baseUrl: string; name: string; description?: string; domain?: ServiceDomain },
): TmfDocument {
  const service = services[0]!;
  const merged = mergeProductCharacteristics(services);
  if (merged.conflicts.length > 0) {
    throw new TmfError("unprocessable", `${merged.conflicts.join(", ")} ${merged.conflicts.length === 1 ? "is" : "are"} defined differently by the chosen services; sell them as a bundle of offerings instead`);
  }
  const relatedParty = services.flatMap((candidate) => candidate.relatedParty ?? []);
  return {
    id: options.id,
    href: resourceHref(options.baseUrl, "productSpecification", options.id),
    "@type": "ProductSpecification",
    name: options.name,
    ...(options.description ? { description: options.description } : {}),
    version: service.version ?? "1.0",
    lifecycleStatus: "Active",
    isBundle: false,
    serviceSpecification: services.map((candidate) => ({ id: candidate.id, href: candidate.href, name: candidate.name, version: candidate.version, "@referredType": "ServiceSpecification" })),
    productSpecCharacteristic: merged.characteristics,
    ...(relatedParty.length > 0 ? { relatedParty } : {}),
    ...(options.domain ? { domain: options.domain } : {}),
  };
}

/**
 * Names the product catalogue an ESO service belongs in: the ESO catalogue
 * that contains the service's category, else the domain's pilot cluster. Both
 * name the pilot cluster, as in "CL1 – Business Integration in Mining".
 */
async function catalogueFor(eso: ServiceClient, service: ServiceSpecification, domain: ServiceDomain | undefined): Promise<{ name: string; description?: string }> {
  const categoryIds = new Set((service.category ?? []).map((ref) => ref.id));
  if (categoryIds.size > 0) {
    try {
      const catalogs = await eso.listServiceCatalogs();
      const holding = catalogs.find((catalog) => catalog.category?.some((ref) => categoryIds.has(ref.id)));
      if (holding) return { name: holding.name, description: holding.description };
    } catch {
      // The catalogue name is a convenience; the domain below names the cluster too.
    }
  }
  if (domain?.pilotCluster) return { name: `${domain.pilotCluster.code} – ${domain.pilotCluster.name}` };
  if (domain) return { name: domain.name };
  return { name: "Other services", description: "Services whose domain the ESO does not name." };
}

/**
 * Creates a product specification over an ESO service specification and an
 * offering of it (In design), in the catalogue of the service's pilot
 * cluster and the chosen category, both created when missing. The
 * offering's `prodSpecCharValueUse` lists the characteristics customers may set.
 */
export async function createOfferingOverService(
  db: Db,
  eso: ServiceClient,
  principal: Principal,
  rawInput: unknown,
  baseUrl: string,
): Promise<{ productOffering: TmfDocument; productSpecification: TmfDocument }> {
  assertAllowed(principal, businessAdmins, "create product offerings");
  const parsed = newOfferingInput.safeParse(rawInput);
  if (!parsed.success) throw invalidBody(parsed.error);
  const input = parsed.data;

  const serviceIds = [...new Set([input.serviceSpecificationId, ...(input.additionalServiceSpecificationIds ?? [])])];
  const services: ServiceSpecification[] = [];
  for (const serviceId of serviceIds) {
    try {
      services.push(await eso.getServiceSpecification(serviceId));
    } catch (error) {
      throw esoRequestError(error, `Reading ESO service specification ${serviceId}`);
    }
  }
  const service = services[0]!;
  const domain = serviceDomainOf(service);
  const specification = productSpecificationOver(services, {
    id: newId(),
    baseUrl,
    name: input.name,
    description: input.description,
    domain,
  });
  const characteristics = specification.productSpecCharacteristic as ProductSpecCharacteristic[];
  const customerCharacteristics = input.customerCharacteristics ?? defaultCustomerCharacteristics(characteristics);
  const unknown = customerCharacteristics.filter((name) => !characteristics.some((characteristic) => characteristic.name === name));
  if (unknown.length > 0) {
    throw new TmfError("invalidBody", `customerCharacteristics: ${unknown.map((name) => `"${name}"`).join(", ")} ${unknown.length === 1 ? "is not a characteristic" : "are not characteristics"} of ESO service specification ${service.id}`);
  }
  const valueUses = checkValueUses(valueUsesFor(specification, customerCharacteristics), specification);
  const catalogInput = await catalogueFor(eso, service, domain);
  const categoryName = input.categoryName || service.category?.find((ref) => ref.name)?.name || "General";

  return db.transaction(async (tx) => {
    const catalog = await findOrCreateCatalog(tx, baseUrl, catalogInput);
    const category = await findOrCreateCategory(tx, baseUrl, catalog, { name: categoryName });

    const storedSpecification = await insertDocument(tx, productSpecification, specification, versionedColumns(specification));

    const offeringId = newId();
    const offering: TmfDocument = {
      id: offeringId,
      href: resourceHref(baseUrl, "productOffering", offeringId),
      "@type": "ProductOffering",
      name: input.name,
      ...(input.description ? { description: input.description } : {}),
      version: "1.0",
      lifecycleStatus: "In design",
      isBundle: false,
      isSellable: true,
      productSpecification: productSpecificationRef(specification),
      category: [{ id: category.id, href: category.href, name: category.name, "@referredType": "Category" }],
      productOfferingPrice: offeringPrices(input),
      ...offeringTerms(input),
      ...(input.eligibleOrganizationIds && input.eligibleOrganizationIds.length > 0
        ? { eligibleParty: input.eligibleOrganizationIds.map((id) => ({ id, "@referredType": "Organization" })) }
        : {}),
      prodSpecCharValueUse: valueUses,
    };
    const storedOffering = await insertDocument(tx, productOffering, offering, offeringColumns(offering));
    await recordAudit(tx, principal, { action: "create", resourceType: "ProductOffering", resourceId: offeringId, summary: `Created product offering "${input.name}" over a service specification` });
    return { productOffering: storedOffering, productSpecification: storedSpecification };
  });
}

/** Moves an offering along its lifecycle, e.g. to Launched ("Publish") or Retired. */
export async function changeOfferingLifecycleStatus(db: Db, principal: Principal, id: string, status: string): Promise<TmfDocument> {
  assertAllowed(principal, businessAdmins, "change product offerings");
  return db.transaction(async (tx) => {
    const [row] = await tx.select({ document: productOffering.document }).from(productOffering).where(eq(productOffering.id, id)).for("update");
    if (!row) throw notFound("ProductOffering", id);
    const current = row.document as TmfDocument;
    assertLifecycleStep("ProductOffering", id, current.lifecycleStatus as string | undefined, status);
    const updated = { ...current, lifecycleStatus: status };
    await recordAudit(tx, principal, {
      action: "lifecycleChange",
      resourceType: "ProductOffering",
      resourceId: id,
      summary: `Moved product offering "${String(current.name)}" from ${String(current.lifecycleStatus)} to ${status}`,
    });
    return replaceDocument(tx, productOffering, "ProductOffering", updated, offeringColumns(updated));
  });
}

