import "server-only";
import { asc, eq } from "drizzle-orm";
import { allowedTransitions, specificationKind, type SpecificationKind } from "@cop-pilot/service-design";
import type { CharacteristicSpecification } from "@cop-pilot/tmf-schemas";
import { findDocument, type Db } from "@cop-pilot/tmf-server";
import { schema } from "../db";

// What the service design pages show: the building blocks (resource
// specifications, resource-facing specifications, categories) and the
// designed specifications with the lifecycle moves open to them.

interface Ref {
  id: string;
  name?: string;
  version?: string;
}

export interface DesignChoiceView {
  id: string;
  name: string;
  version?: string;
  description?: string;
}

export interface ResourceSpecificationView extends DesignChoiceView {
  lifecycleStatus?: string;
  category?: string;
  characteristicCount: number;
}

export interface DesignedSpecificationView extends DesignChoiceView {
  kind: SpecificationKind;
  lifecycleStatus?: string;
  lastUpdate?: string;
  category: Ref[];
  resourceSpecification: Ref[];
  serviceSpecRelationship: Ref[];
  specCharacteristic: CharacteristicSpecification[];
  allowedTransitions: readonly string[];
}

function choiceOf(document: Record<string, unknown>): DesignChoiceView {
  return {
    id: String(document.id),
    name: String(document.name),
    ...(typeof document.version === "string" ? { version: document.version } : {}),
    ...(typeof document.description === "string" ? { description: document.description } : {}),
  };
}

function designedOf(document: Record<string, unknown>): DesignedSpecificationView {
  return {
    ...choiceOf(document),
    kind: specificationKind(document),
    lifecycleStatus: typeof document.lifecycleStatus === "string" ? document.lifecycleStatus : undefined,
    lastUpdate: typeof document.lastUpdate === "string" ? document.lastUpdate : undefined,
    category: (document.category as Ref[] | undefined) ?? [],
    resourceSpecification: (document.resourceSpecification as Ref[] | undefined) ?? [],
    serviceSpecRelationship: (document.serviceSpecRelationship as Ref[] | undefined) ?? [],
    specCharacteristic: (document.specCharacteristic as CharacteristicSpecification[] | undefined) ?? [],
    allowedTransitions: allowedTransitions(document.lifecycleStatus),
  };
}

/** Loads the resource specifications, categories and every designed specification, each sorted by name and version. */
export async function loadDesignOverview(database: Db) {
  const [resources, categories, specifications] = await Promise.all([
    database.select({ document: schema.resourceSpecification.document }).from(schema.resourceSpecification).orderBy(asc(schema.resourceSpecification.name)),
    database.select({ document: schema.serviceCategory.document }).from(schema.serviceCategory).orderBy(asc(schema.serviceCategory.name)),
    database
      .select({ document: schema.serviceSpecification.document })
      .from(schema.serviceSpecification)
      .orderBy(asc(schema.serviceSpecification.name), asc(schema.serviceSpecification.version)),
  ]);
  const designed = specifications.map((row) => designedOf(row.document)).filter((specification) => specification.kind !== "service");
  return {
    resourceSpecifications: resources.map((row): ResourceSpecificationView => {
      const category = row.document.category as string | undefined;
      return {
        ...choiceOf(row.document),
        lifecycleStatus: typeof row.document.lifecycleStatus === "string" ? row.document.lifecycleStatus : undefined,
        ...(typeof category === "string" ? { category } : {}),
        characteristicCount: Array.isArray(row.document.resourceSpecCharacteristic) ? row.document.resourceSpecCharacteristic.length : 0,
      };
    }),
    categories: categories.map((row) => choiceOf(row.document)),
    resourceFacing: designed.filter((specification) => specification.kind === "resourceFacing"),
    customerFacing: designed.filter((specification) => specification.kind === "customerFacing"),
  };
}

/** Loads one designed specification with the other versions of the same name; undefined when there is none. */
export async function loadDesignedSpecification(database: Db, id: string) {
  const document = await findDocument(database, schema.serviceSpecification, id);
  if (!document) return undefined;
  const versions = await database
    .select({ id: schema.serviceSpecification.id, version: schema.serviceSpecification.version, lifecycleStatus: schema.serviceSpecification.lifecycleStatus })
    .from(schema.serviceSpecification)
    .where(eq(schema.serviceSpecification.name, String(document.name)))
    .orderBy(asc(schema.serviceSpecification.version));
  return { specification: designedOf(document), versions };
}
