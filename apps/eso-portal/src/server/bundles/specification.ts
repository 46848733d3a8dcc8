import { eq, inArray } from "drizzle-orm";
import { orderableLifecycleStatuses } from "@cop-pilot/service-design";
import { characteristicSpecification, tmfApiPaths, type CharacteristicSpecification } from "@cop-pilot/tmf-schemas";
import { insertDocument, newId, replaceDocument, TmfError, type TmfDocument } from "@cop-pilot/tmf-server";
import { z } from "zod";
import { schema, type EsoDb } from "../db";
import type { SpecificationDomain } from "../peering/specifications";

// A bundle is a TMF633 specification of the ESO itself (`isBundle: true`)
// whose parts are specifications imported from peered DOs. Each part is named
// by a `serviceSpecRelationship` of type "hasPart". A bundle characteristic
// reaches the parts through its `charSpecRelationship` entries of type
// "mapsTo": `parentSpecificationId` names the part and `name` the part's
// characteristic that takes the bundle's value.

export const partRelationshipType = "hasPart";
export const characteristicMappingType = "mapsTo";

/** Lifecycle statuses in which a part may be bundled and ordered, as the DOs accept them. */
export { orderableLifecycleStatuses };

/** Names of the ESO's own catalogue and category that hold the bundles. */
export const multiDomainCatalogName = "End-to-end services";
export const multiDomainCategoryName = "Multi-domain";

const catalogPath = tmfApiPaths.serviceCatalog;

const characteristicMapping = z.looseObject({
  relationshipType: z.literal(characteristicMappingType, { error: `relationshipType must be "${characteristicMappingType}"` }),
  parentSpecificationId: z.string().min(1),
  name: z.string().min(1),
});

const bundleCharacteristic = characteristicSpecification.extend({
  charSpecRelationship: z.array(characteristicMapping).min(1, "maps onto no part characteristic, so its value would reach no domain"),
});
export type BundleCharacteristic = z.infer<typeof bundleCharacteristic>;

const bundleShape = z.looseObject({
  isBundle: z.literal(true),
  serviceSpecRelationship: z
    .array(z.looseObject({ id: z.string().min(1), relationshipType: z.string().optional() }))
    .min(2, "a bundle needs at least two parts"),
  specCharacteristic: z.array(bundleCharacteristic).default([]),
});

/** A part of a bundle as ordering needs it: the marketplace specification and the peer that owns it. */
export interface BundlePart {
  id: string;
  href: string;
  name: string;
  version?: string;
  lifecycleStatus: string | null;
  remoteId: string;
  remoteHref: string | null;
  peer: { id: string; name: string; availability: string };
  characteristics: CharacteristicSpecification[];
}

export function isBundleDocument(document: Record<string, unknown>): boolean {
  return document.isBundle === true;
}

function describeZodIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.map(String).join(".") || "body"}: ${issue.message}`).join("; ");
}

/** Loads the specifications a bundle may name as parts, keyed by id. Bundles and the ESO's own specifications have no peer and are left out. */
export async function loadParts(db: EsoDb, ids: readonly string[]): Promise<Map<string, BundlePart>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ specification: schema.serviceSpecification, peer: schema.peer })
    .from(schema.serviceSpecification)
    .innerJoin(schema.peer, eq(schema.peer.id, schema.serviceSpecification.peerId))
    .where(inArray(schema.serviceSpecification.id, [...ids]));
  const parts = new Map<string, BundlePart>();
  for (const { specification, peer } of rows) {
    const document = specification.document;
    if (specification.remoteId === null || isBundleDocument(document)) continue;
    const characteristics = z.array(characteristicSpecification).safeParse(document.specCharacteristic ?? []);
    parts.set(specification.id, {
      id: specification.id,
      href: String(document.href),
      name: specification.name,
      ...(specification.version ? { version: specification.version } : {}),
      lifecycleStatus: specification.lifecycleStatus,
      remoteId: specification.remoteId,
      remoteHref: (document.domain as SpecificationDomain | undefined)?.remoteHref ?? null,
      peer: { id: peer.id, name: peer.name, availability: peer.availability },
      characteristics: characteristics.success ? characteristics.data : [],
    });
  }
  return parts;
}

/** Problems of one part reference: missing, not from a peered DO, or not orderable. */
function partProblem(id: string, part: BundlePart | undefined): string | undefined {
  if (!part) return `serviceSpecRelationship ${id}: no service specification imported from a peered domain has this id`;
  if (!(orderableLifecycleStatuses as readonly string[]).includes(part.lifecycleStatus ?? "")) {
    return `serviceSpecRelationship ${id}: "${part.name}" is ${part.lifecycleStatus ?? "without a lifecycleStatus"}; only ${orderableLifecycleStatuses.join(" or ")} specifications can be parts`;
  }
  return undefined;
}

function mappingProblems(characteristic: BundleCharacteristic, parts: Map<string, BundlePart>, partIds: Set<string>): string[] {
  const problems: string[] = [];
  for (const mapping of characteristic.charSpecRelationship) {
    const label = `specCharacteristic ${characteristic.name} → ${mapping.parentSpecificationId}.${mapping.name}`;
    const part = parts.get(mapping.parentSpecificationId);
    if (!partIds.has(mapping.parentSpecificationId) || !part) {
      problems.push(`${label}: ${mapping.parentSpecificationId} is not a part of this bundle`);
      continue;
    }
    const target = part.characteristics.find((candidate) => candidate.name === mapping.name);
    if (!target) problems.push(`${label}: "${part.name}" has no characteristic ${mapping.name}`);
    else if (target.configurable === false) problems.push(`${label}: ${mapping.name} of "${part.name}" is not configurable`);
    else if (characteristic.valueType !== undefined && target.valueType !== undefined && characteristic.valueType.toLowerCase() !== target.valueType.toLowerCase()) {
      problems.push(`${label}: the bundle characteristic is ${characteristic.valueType} but ${mapping.name} is ${target.valueType}`);
    }
  }
  return problems;
}

/** Finds the ESO's multi-domain category, creating it and its catalogue on first use. */
export async function ensureMultiDomainCategory(db: EsoDb, baseUrl: string): Promise<{ id: string; href: string; name: string }> {
  const [existing] = await db.select({ document: schema.serviceCategory.document }).from(schema.serviceCategory).where(eq(schema.serviceCategory.name, multiDomainCategoryName)).limit(1);
  if (existing) return { id: String(existing.document.id), href: String(existing.document.href), name: multiDomainCategoryName };

  const categoryId = newId();
  const category = await insertDocument(
    db,
    schema.serviceCategory,
    {
      id: categoryId,
      href: `${baseUrl}${catalogPath}/serviceCategory/${categoryId}`,
      "@type": "ServiceCategory",
      name: multiDomainCategoryName,
      description: "End-to-end services composed in the ESO from the services of several domains",
      lifecycleStatus: "Active",
      isRoot: true,
    },
    { name: multiDomainCategoryName, lifecycleStatus: "Active" },
  );
  const reference = { id: category.id, href: category.href, name: multiDomainCategoryName, "@referredType": "ServiceCategory" };
  const [catalog] = await db.select({ document: schema.serviceCatalog.document }).from(schema.serviceCatalog).where(eq(schema.serviceCatalog.name, multiDomainCatalogName)).limit(1);
  if (catalog) {
    const categories = Array.isArray(catalog.document.category) ? (catalog.document.category as unknown[]) : [];
    const document = { ...catalog.document, id: String(catalog.document.id), href: String(catalog.document.href), category: [...categories, reference] };
    await replaceDocument(db, schema.serviceCatalog, "ServiceCatalog", document, { name: multiDomainCatalogName, lifecycleStatus: "Active" });
  } else {
    const catalogId = newId();
    await insertDocument(
      db,
      schema.serviceCatalog,
      {
        id: catalogId,
        href: `${baseUrl}${catalogPath}/serviceCatalog/${catalogId}`,
        "@type": "ServiceCatalog",
        name: multiDomainCatalogName,
        description: "Services the ESO offers itself, across domains",
        lifecycleStatus: "Active",
        category: [reference],
      },
      { name: multiDomainCatalogName, lifecycleStatus: "Active" },
    );
  }
  return { id: category.id, href: category.href, name: multiDomainCategoryName };
}

/**
 * Checks a bundle specification before the TMF633 API or the portal stores
 * it. Every part must be an orderable specification imported from a peered
 * DO, and no part may be named twice. Every characteristic mapping must name
 * a configurable characteristic of a part, with the same value type. The
 * bundle is returned with the names and hrefs of its parts filled in and
 * filed in the multi-domain category. Other specifications pass unchanged.
 */
export async function checkBundleSpecification(document: TmfDocument, db: EsoDb, baseUrl: string): Promise<TmfDocument> {
  if (!isBundleDocument(document)) return document;
  if (document.domain !== undefined) throw new TmfError("invalidBody", "isBundle: a specification imported from a domain cannot become a bundle");
  const parsed = bundleShape.safeParse(document);
  if (!parsed.success) throw new TmfError("invalidBody", describeZodIssues(parsed.error));
  const bundle = parsed.data;

  const problems: string[] = [];
  const partIds = bundle.serviceSpecRelationship.map((relationship) => relationship.id);
  const seen = new Set<string>();
  for (const id of partIds) {
    if (seen.has(id)) problems.push(`serviceSpecRelationship ${id}: the part is named more than once`);
    seen.add(id);
  }
  for (const relationship of bundle.serviceSpecRelationship) {
    if (relationship.relationshipType !== undefined && relationship.relationshipType !== partRelationshipType) {
      problems.push(`serviceSpecRelationship ${relationship.id}: relationshipType must be "${partRelationshipType}"`);
    }
  }
  const parts = await loadParts(db, partIds);
  for (const id of seen) {
    const problem = partProblem(id, parts.get(id));
    if (problem) problems.push(problem);
  }
  const names = new Set<string>();
  for (const characteristic of bundle.specCharacteristic) {
    if (names.has(characteristic.name)) problems.push(`specCharacteristic ${characteristic.name}: the name is used more than once`);
    names.add(characteristic.name);
    problems.push(...mappingProblems(characteristic, parts, seen));
  }
  if (problems.length > 0) throw new TmfError("unprocessable", problems.join("; "));

  const category = await ensureMultiDomainCategory(db, baseUrl);
  const categories = Array.isArray(document.category) ? (document.category as { id: string }[]) : [];
  return {
    ...document,
    serviceSpecRelationship: bundle.serviceSpecRelationship.map((relationship) => {
      const part = parts.get(relationship.id)!;
      return { ...relationship, relationshipType: partRelationshipType, href: part.href, name: part.name, "@type": "ServiceSpecRelationship" };
    }),
    specCharacteristic: bundle.specCharacteristic,
    category: categories.some((entry) => entry.id === category.id) ? categories : [...categories, { ...category, "@referredType": "ServiceCategory" }],
  };
}
