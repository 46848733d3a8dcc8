import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { createLogger } from "@cop-pilot/logger";
import { tmfApiPaths, type ServiceSpecification } from "@cop-pilot/tmf-schemas";
import { TmfClientError } from "@cop-pilot/tmf-client";
import { findDocument, insertDocument, newId, recordAudit, replaceDocument, TmfError, type AuditActor, type TmfDocument } from "@cop-pilot/tmf-server";
import { schema, type EsoDb } from "../db";
import { publishDocumentChange } from "../events";
import { peerAdapter, peerFailure } from "./peer-client";
import { loadPeer } from "./peers";
import type { CatalogChoice, ImportInput } from "./schemas";
import type { PeerRow } from "./views";

const log = createLogger("peering");

const catalogPath = tmfApiPaths.serviceCatalog;

/** A DO's specification as the import list shows it. */
export interface RemoteSpecificationSummary {
  id: string;
  name: string;
  version: string | null;
  description: string | null;
  lifecycleStatus: string | null;
  /** Id of the marketplace copy, when this specification is imported. */
  importedAs: string | null;
}

/** Origin of an imported specification, stored on the marketplace copy as the `domain` extension. */
export interface SpecificationDomain {
  id: string;
  name: string;
  location: { name: string | null; latitude: number; longitude: number };
  remoteId: string;
  remoteHref: string | null;
}

/** Lists the DO's service specifications live, marking those already in the marketplace. */
export async function listRemoteSpecifications(db: EsoDb, peerId: string): Promise<RemoteSpecificationSummary[]> {
  const peer = await loadPeer(db, peerId);
  let remote: ServiceSpecification[];
  try {
    remote = await peerAdapter(peer).listServiceSpecifications();
  } catch (error) {
    throw peerFailure(peer.endpoint, error);
  }
  const imported = await db
    .select({ id: schema.serviceSpecification.id, remoteId: schema.serviceSpecification.remoteId })
    .from(schema.serviceSpecification)
    .where(eq(schema.serviceSpecification.peerId, peer.id));
  const importedByRemoteId = new Map(imported.map((row) => [row.remoteId, row.id]));
  return remote
    .map((specification) => ({
      id: specification.id,
      name: specification.name,
      version: specification.version ?? null,
      description: specification.description ?? null,
      lifecycleStatus: specification.lifecycleStatus ?? null,
      importedAs: importedByRemoteId.get(specification.id) ?? null,
    }))
    .sort((left, right) => left.name.localeCompare(right.name));
}

/**
 * Builds the marketplace copy of a DO's specification, in the canonical TMF
 * shape that the peer's adapter returns.
 */
export function toMarketplaceSpecification(
  remote: ServiceSpecification,
  target: { id: string; href: string; category: TmfDocument["category"]; peer: PeerRow; organization: { id: string; href: string; name: string } },
): TmfDocument {
  const { id: remoteId, href: remoteHref, lastUpdate: _lastUpdate, category: _category, relatedParty: _relatedParty, ...rest } = remote;
  const domain: SpecificationDomain = {
    id: target.peer.id,
    name: target.peer.name,
    location: { name: target.peer.locationName, latitude: target.peer.latitude, longitude: target.peer.longitude },
    remoteId,
    remoteHref: remoteHref ?? null,
  };
  return {
    ...rest,
    specCharacteristic: rest.specCharacteristic ?? [],
    id: target.id,
    href: target.href,
    "@type": rest["@type"] ?? "ServiceSpecification",
    category: target.category,
    relatedParty: [{ id: target.organization.id, href: target.organization.href, name: target.organization.name, role: "Owner", "@referredType": "Organization" }],
    domain,
  };
}

/** Attributes of a DO's list entry that tell whether its specification changed. */
function summaryOf(specification: ServiceSpecification) {
  return {
    name: specification.name,
    description: specification.description ?? null,
    version: specification.version ?? null,
    lastUpdate: specification.lastUpdate ?? null,
    lifecycleStatus: specification.lifecycleStatus ?? null,
  };
}

/** Builds the sync record of a DO's specification from its list entry or its full representation. */
export function specificationSyncValues(peerId: string, specification: ServiceSpecification) {
  const summary = summaryOf(specification);
  return {
    peerId,
    remoteId: specification.id,
    remoteVersion: summary.version,
    remoteLastUpdate: summary.lastUpdate,
    listFingerprint: createHash("sha256").update(JSON.stringify(summary)).digest("hex"),
    syncedAt: new Date(),
  };
}

/** Records what the ESO last copied of a DO's specification. */
export async function recordSpecificationSync(db: EsoDb, peerId: string, specification: ServiceSpecification): Promise<void> {
  const values = specificationSyncValues(peerId, specification);
  await db
    .insert(schema.peerSpecificationSync)
    .values(values)
    .onConflictDoUpdate({
      target: [schema.peerSpecificationSync.peerId, schema.peerSpecificationSync.remoteId],
      set: { remoteVersion: values.remoteVersion, remoteLastUpdate: values.remoteLastUpdate, listFingerprint: values.listFingerprint, syncedAt: values.syncedAt },
    });
}

/** Loads the organization reference that every marketplace copy of a peer's specifications names as owner. */
export async function ownerReference(db: EsoDb, peer: PeerRow, baseUrl: string) {
  const organization = await findDocument(db, schema.organization, peer.organizationId);
  return {
    id: peer.organizationId,
    href: organization?.href ?? `${baseUrl}${tmfApiPaths.party}/organization/${peer.organizationId}`,
    name: String(organization?.name ?? peer.name),
  };
}

async function fetchRemoteSpecifications(peer: PeerRow, ids: string[]): Promise<ServiceSpecification[]> {
  const client = peerAdapter(peer);
  const fetched: ServiceSpecification[] = [];
  for (const id of ids) {
    try {
      fetched.push(await client.getServiceSpecification(id));
    } catch (error) {
      if (error instanceof TmfClientError && error.status === 404) {
        throw new TmfError("unprocessable", `specificationIds: the DO "${peer.name}" has no service specification "${id}"`);
      }
      throw peerFailure(peer.endpoint, error);
    }
  }
  return fetched;
}

type EntityRef = { id: string; href: string; name: string; "@referredType": string };

async function loadReference(db: EsoDb, kind: "catalogue" | "category", id: string): Promise<TmfDocument> {
  const table = kind === "catalogue" ? schema.serviceCatalog : schema.serviceCategory;
  const document = await findDocument(db, table, id);
  if (!document) throw new TmfError("unprocessable", `${kind === "catalogue" ? "catalog" : "category"}.id: Service ${kind} "${id}" does not exist`);
  return document;
}

async function resolveOrCreate(db: EsoDb, kind: "catalogue" | "category", choice: CatalogChoice, baseUrl: string): Promise<TmfDocument> {
  if (choice.id !== undefined) return loadReference(db, kind, choice.id);
  const id = newId();
  const resource = kind === "catalogue" ? "serviceCatalog" : "serviceCategory";
  const document: TmfDocument = {
    id,
    href: `${baseUrl}${catalogPath}/${resource}/${id}`,
    "@type": kind === "catalogue" ? "ServiceCatalog" : "ServiceCategory",
    name: choice.name!,
    ...(choice.description ? { description: choice.description } : {}),
    lifecycleStatus: "Active",
    version: "1.0",
    ...(kind === "category" ? { isRoot: true } : { category: [] }),
  };
  return insertDocument(db, kind === "catalogue" ? schema.serviceCatalog : schema.serviceCategory, document, {
    name: document.name,
    lifecycleStatus: "Active",
  });
}

function referenceTo(document: TmfDocument, type: string): EntityRef {
  return { id: document.id, href: document.href, name: String(document.name), "@referredType": type };
}

function withReference(references: unknown, reference: EntityRef): EntityRef[] {
  const list = Array.isArray(references) ? (references as EntityRef[]) : [];
  return list.some((entry) => entry.id === reference.id) ? list : [...list, reference];
}

/**
 * Returns the marketplace id of a DO's specification, derived from the peer
 * and the DO's id (in the form of a UUID). A specification that leaves the
 * marketplace and comes back keeps its id, so product offerings and orders
 * that refer to it stay valid.
 */
export function marketplaceSpecificationId(peerId: string, remoteId: string): string {
  const hex = createHash("sha256").update(`${peerId}/${remoteId}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface ImportResult {
  catalog: EntityRef;
  category: EntityRef;
  specifications: { id: string; remoteId: string; name: string; created: boolean }[];
}

/**
 * Imports a chosen set of the DO's specifications into a catalogue and
 * category, existing or new. Each specification is fetched from the DO first,
 * so that a DO failure saves nothing. A specification already imported from
 * this peer gains the category instead of being copied twice.
 */
export async function importSpecifications(db: EsoDb, peerId: string, input: ImportInput, options: { baseUrl: string; actor: AuditActor }): Promise<ImportResult> {
  const peer = await loadPeer(db, peerId);
  if (input.catalog.id !== undefined) await loadReference(db, "catalogue", input.catalog.id);
  if (input.category.id !== undefined) await loadReference(db, "category", input.category.id);

  const remote = await fetchRemoteSpecifications(peer, input.specificationIds);

  const result = await db.transaction(async (tx) => {
    await loadPeer(tx, peerId);
    const organizationRef = await ownerReference(tx, peer, options.baseUrl);

    const catalog = await resolveOrCreate(tx, "catalogue", input.catalog, options.baseUrl);
    const category = await resolveOrCreate(tx, "category", input.category, options.baseUrl);
    const categoryRef = referenceTo(category, "ServiceCategory");
    const catalogCategories = withReference(catalog.category, categoryRef);
    if (catalogCategories !== catalog.category) {
      await replaceDocument(tx, schema.serviceCatalog, "ServiceCatalog", { ...catalog, category: catalogCategories }, {
        name: catalog.name,
        lifecycleStatus: catalog.lifecycleStatus ?? null,
      });
    }

    const specifications: ImportResult["specifications"] = [];
    for (const specification of remote) {
      const [existing] = await tx
        .select({ document: schema.serviceSpecification.document })
        .from(schema.serviceSpecification)
        .where(and(eq(schema.serviceSpecification.peerId, peer.id), eq(schema.serviceSpecification.remoteId, specification.id)))
        .limit(1);
      const id = existing ? String(existing.document.id) : marketplaceSpecificationId(peer.id, specification.id);
      const document = toMarketplaceSpecification(specification, {
        id,
        href: existing ? String(existing.document.href) : `${options.baseUrl}${catalogPath}/serviceSpecification/${id}`,
        category: withReference(existing?.document.category, categoryRef),
        peer,
        organization: organizationRef,
      });
      const columns = {
        name: document.name,
        version: document.version ?? null,
        lifecycleStatus: document.lifecycleStatus ?? null,
        peerId: peer.id,
        remoteId: specification.id,
      };
      const stored = existing
        ? await replaceDocument(tx, schema.serviceSpecification, "ServiceSpecification", document, columns)
        : await insertDocument(tx, schema.serviceSpecification, document, columns);
      await publishDocumentChange(tx, "serviceSpecification", existing?.document as TmfDocument | undefined, stored);
      await recordSpecificationSync(tx, peer.id, specification);
      await tx
        .insert(schema.peerImport)
        .values({ peerId: peer.id, remoteId: specification.id, catalogId: catalog.id, categoryId: category.id })
        .onConflictDoNothing();
      specifications.push({ id, remoteId: specification.id, name: specification.name, created: !existing });
    }
    await recordAudit(tx, options.actor, {
      action: "import",
      resourceType: "ServiceCatalog",
      resourceId: catalog.id,
      summary: `Imported ${specifications.length} specification(s) of "${peer.name}" into catalogue "${catalog.name}", category "${category.name}"`,
      detail: { peerId: peer.id, categoryId: category.id, specifications: specifications.map((entry) => ({ id: entry.id, remoteId: entry.remoteId, created: entry.created })) },
    });
    return { catalog: referenceTo(catalog, "ServiceCatalog"), category: categoryRef, specifications };
  });

  log.info(
    { peerId: peer.id, catalogId: result.catalog.id, categoryId: result.category.id, imported: result.specifications.map((entry) => entry.remoteId) },
    "service specifications imported",
  );
  return result;
}

