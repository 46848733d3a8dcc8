import { eq, inArray } from "drizzle-orm";
import { bmpSchema } from "@cop-pilot/db";
import { findDocument, type Db, type Principal, type TmfDocument } from "@cop-pilot/tmf-server";
import { pricesOf, type PriceView } from "@/lib/prices";
import { isCustomer } from "../access";
import type { ProductSpecCharacteristic } from "../catalog/characteristics";
import { loadOffering, loadOfferings } from "../catalog/marketplace";
import { isTechnicalCharacteristic, offeringCharacteristicFields, orderFormFields, storedValueUses } from "../catalog/value-use";
import type { OfferingDetails } from "./backend";
import type { SearchableOffering } from "./offline/ranker";

// The catalogue as the assistant reads it, through the marketplace's read
// models: launched offerings only, with the characteristics customers set.

const { productOffering, productSpecification } = bmpSchema;

type Ref = { id: string };

/** Loads every launched offering with the text the ranker indexes. */
export async function loadSearchableOfferings(db: Db): Promise<SearchableOffering[]> {
  const { offerings } = await loadOfferings(db, { launchedOnly: true });
  const specificationIds = [...new Set(offerings.map((offering) => offering.productSpecificationId).filter((id): id is string => Boolean(id)))];
  const specifications =
    specificationIds.length === 0
      ? []
      : await db.select({ id: productSpecification.id, document: productSpecification.document }).from(productSpecification).where(inArray(productSpecification.id, specificationIds));
  const characteristicsById = new Map(
    specifications.map((row) => [row.id, ((row.document as TmfDocument).productSpecCharacteristic as ProductSpecCharacteristic[] | undefined) ?? []]),
  );

  return offerings.map((offering) => {
    const characteristics = (characteristicsById.get(offering.productSpecificationId ?? "") ?? []).filter((characteristic) => !isTechnicalCharacteristic(characteristic));
    return {
      id: offering.id,
      name: offering.name,
      description: offering.description,
      categories: offering.categories.map((category) => category.name ?? "").filter(Boolean),
      catalog: offering.catalog?.name,
      domainName: offering.domain?.name,
      characteristics: characteristics.map((characteristic) => ({
        name: characteristic.name,
        description: characteristic.description,
        values: (characteristic.productSpecCharacteristicValue ?? characteristic.characteristicValueSpecification ?? [])
          .map((value) => value.value)
          .filter((value) => typeof value === "string"),
      })),
    };
  });
}

/** Loads an offering the caller may order with its customer-settable characteristics, or undefined when there is none. */
export async function loadOfferingDetails(db: Db, principal: Principal, offeringId: string): Promise<OfferingDetails | undefined> {
  const loaded = await loadOffering(db, offeringId);
  if (!loaded) return undefined;
  if (isCustomer(principal) && loaded.offering.lifecycleStatus !== "Launched") return undefined;
  return {
    id: loaded.offering.id,
    name: loaded.offering.name,
    description: loaded.offering.description,
    domainName: loaded.offering.domain?.name,
    prices: loaded.offering.prices,
    fields: orderFormFields(loaded.fields),
  };
}

/**
 * Loads the name, prices and order form fields of an offering the caller
 * may see, or undefined when there is none. Customers see launched
 * offerings only.
 */
export async function loadOrderableOffering(
  db: Db,
  principal: Principal,
  offeringId: string,
): Promise<{ id: string; name: string; prices: PriceView[]; settable: Set<string> } | undefined> {
  const [row] = await db.select({ document: productOffering.document }).from(productOffering).where(eq(productOffering.id, offeringId)).limit(1);
  const offering = row?.document as TmfDocument | undefined;
  if (!offering) return undefined;
  if (isCustomer(principal) && offering.lifecycleStatus !== "Launched") return undefined;
  const specificationId = (offering.productSpecification as Ref | undefined)?.id;
  const specification = specificationId ? await findDocument(db, productSpecification, specificationId) : undefined;
  const characteristics = (specification?.productSpecCharacteristic as ProductSpecCharacteristic[] | undefined) ?? [];
  const fields = orderFormFields(offeringCharacteristicFields(characteristics, storedValueUses(offering)));
  return {
    id: offering.id,
    name: String(offering.name),
    prices: pricesOf(offering.productOfferingPrice),
    settable: new Set(fields.map((field) => field.name)),
  };
}
