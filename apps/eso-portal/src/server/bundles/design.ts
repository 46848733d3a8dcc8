import "server-only";
import { asc, isNotNull, sql } from "drizzle-orm";
import { serviceLifecycleStatuses, tmfApiPaths, type CharacteristicSpecification } from "@cop-pilot/tmf-schemas";
import { insertDocument, newId, notFound, TmfError, type TmfDocument, recordAudit, type AuditActor } from "@cop-pilot/tmf-server";
import { z } from "zod";
import { schema, type EsoDb } from "../db";
import {
  characteristicMappingType,
  checkBundleSpecification,
  isBundleDocument,
  loadParts,
  orderableLifecycleStatuses,
  partRelationshipType,
  type BundleCharacteristic,
  type BundlePart,
} from "./specification";

// The portal's bundle designer. The designer picks the parts and the
// characteristics the bundle exposes. Each exposed characteristic maps onto
// the characteristic of the same name in every part that has it.

export const bundleDesignInput = z.object({
  name: z.string().trim().min(1, "Name is required").max(200),
  description: z.string().trim().max(2000).optional(),
  version: z.string().trim().min(1, "Version is required").max(50),
  lifecycleStatus: z.enum(serviceLifecycleStatuses),
  partIds: z.array(z.string().min(1)).min(2, "Choose at least two parts"),
  characteristicNames: z.array(z.string().min(1)).default([]),
});
export type BundleDesignInput = z.infer<typeof bundleDesignInput>;

/** A specification the designer may choose as a part, with the characteristics a bundle can expose. */
export interface BundleCandidate {
  id: string;
  name: string;
  domainName: string;
  configurable: string[];
}

function configurableNames(characteristics: readonly CharacteristicSpecification[]): string[] {
  return characteristics.filter((characteristic) => characteristic.configurable !== false).map((characteristic) => characteristic.name);
}

/** Lists the orderable specifications imported from peered domains, by domain and name. */
export async function listBundleCandidates(db: EsoDb): Promise<BundleCandidate[]> {
  const rows = await db
    .select({ id: schema.serviceSpecification.id })
    .from(schema.serviceSpecification)
    .where(isNotNull(schema.serviceSpecification.peerId))
    .orderBy(asc(schema.serviceSpecification.name));
  const parts = await loadParts(db, rows.map((row) => row.id));
  return [...parts.values()]
    .filter((part) => (orderableLifecycleStatuses as readonly string[]).includes(part.lifecycleStatus ?? ""))
    .map((part) => ({ id: part.id, name: part.name, domainName: part.peer.name, configurable: configurableNames(part.characteristics) }))
    .sort((left, right) => left.domainName.localeCompare(right.domainName) || left.name.localeCompare(right.name));
}

/** Builds a bundle characteristic from the first part that has `name`, mapped onto every part that has it configurable. */
function exposedCharacteristic(name: string, parts: readonly BundlePart[]): BundleCharacteristic | undefined {
  const carriers = parts.filter((part) => part.characteristics.some((characteristic) => characteristic.name === name && characteristic.configurable !== false));
  const template = carriers[0]?.characteristics.find((characteristic) => characteristic.name === name);
  if (!template) return undefined;
  return {
    name,
    ...(template.description ? { description: template.description } : {}),
    ...(template.valueType ? { valueType: template.valueType } : {}),
    configurable: true,
    minCardinality: 0,
    maxCardinality: 1,
    characteristicValueSpecification: template.characteristicValueSpecification ?? [],
    "@type": "CharacteristicSpecification",
    charSpecRelationship: carriers.map((part) => ({ relationshipType: characteristicMappingType, parentSpecificationId: part.id, name })),
  };
}

/** Composes a bundle from the designer's choices and stores it after the same checks as the TMF633 API. */
export async function composeBundle(db: EsoDb, input: BundleDesignInput, baseUrl: string, actor: AuditActor): Promise<TmfDocument> {
  const parts = await loadParts(db, input.partIds);
  const chosen = input.partIds.map((id) => parts.get(id)).filter((part): part is BundlePart => part !== undefined);
  const specCharacteristic: BundleCharacteristic[] = [];
  for (const name of new Set(input.characteristicNames)) {
    const characteristic = exposedCharacteristic(name, chosen);
    if (!characteristic) throw new TmfError("invalidBody", `characteristicNames: no chosen part has a configurable characteristic ${name}`);
    specCharacteristic.push(characteristic);
  }

  const id = newId();
  return db.transaction(async (tx) => {
    const document = await checkBundleSpecification(
      {
        id,
        href: `${baseUrl}${tmfApiPaths.serviceCatalog}/serviceSpecification/${id}`,
        "@type": "ServiceSpecification",
        name: input.name,
        ...(input.description ? { description: input.description } : {}),
        version: input.version,
        lifecycleStatus: input.lifecycleStatus,
        isBundle: true,
        serviceSpecRelationship: input.partIds.map((partId) => ({ id: partId, relationshipType: partRelationshipType })),
        specCharacteristic,
      },
      tx,
      baseUrl,
    );
    await recordAudit(tx, actor, { action: "create", resourceType: "ServiceSpecification", resourceId: id, summary: `Composed bundle "${input.name}" of ${input.partIds.length} specifications` });
    return insertDocument(tx, schema.serviceSpecification, document, { name: input.name, version: input.version, lifecycleStatus: input.lifecycleStatus });
  });
}

/** A bundle as the portal lists and shows it. */
export interface BundleSummary {
  id: string;
  name: string;
  description: string | null;
  version: string | null;
  lifecycleStatus: string | null;
  parts: { id: string; name: string; domainName: string | null; lifecycleStatus: string | null }[];
  characteristics: BundleCharacteristic[];
}

function partsOf(document: Record<string, unknown>): { id: string; name?: string }[] {
  return Array.isArray(document.serviceSpecRelationship) ? (document.serviceSpecRelationship as { id: string; name?: string }[]) : [];
}

async function summarise(db: EsoDb, documents: Record<string, unknown>[]): Promise<BundleSummary[]> {
  const parts = await loadParts(db, [...new Set(documents.flatMap((document) => partsOf(document).map((part) => part.id)))]);
  return documents.map((document) => ({
    id: String(document.id),
    name: String(document.name),
    description: typeof document.description === "string" ? document.description : null,
    version: typeof document.version === "string" ? document.version : null,
    lifecycleStatus: typeof document.lifecycleStatus === "string" ? document.lifecycleStatus : null,
    parts: partsOf(document).map((reference) => {
      const part = parts.get(reference.id);
      // A part whose domain was removed keeps the name stored in the relationship.
      return { id: reference.id, name: part?.name ?? reference.name ?? reference.id, domainName: part?.peer.name ?? null, lifecycleStatus: part?.lifecycleStatus ?? null };
    }),
    characteristics: (document.specCharacteristic ?? []) as BundleCharacteristic[],
  }));
}

export async function listBundles(db: EsoDb): Promise<BundleSummary[]> {
  const rows = await db
    .select({ document: schema.serviceSpecification.document })
    .from(schema.serviceSpecification)
    .where(sql`${schema.serviceSpecification.document} @> '{"isBundle": true}'::jsonb`)
    .orderBy(asc(schema.serviceSpecification.name));
  return summarise(db, rows.map((row) => row.document));
}

export async function loadBundle(db: EsoDb, id: string): Promise<BundleSummary> {
  const [row] = await db
    .select({ document: schema.serviceSpecification.document })
    .from(schema.serviceSpecification)
    .where(sql`${schema.serviceSpecification.id} = ${id}`)
    .limit(1);
  if (!row || !isBundleDocument(row.document)) throw notFound("ServiceSpecification", id);
  const [summary] = await summarise(db, [row.document]);
  return summary!;
}
