import "server-only";
import {
  allowedTransitions,
  describeDraftProblems,
  nextVersionOf,
  specificationDraftSchema,
  specificationKind,
  toServiceSpecification,
  transitionProblem,
  type SpecificationKind,
} from "@cop-pilot/service-design";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { recordAudit, TmfError, type Principal } from "@cop-pilot/tmf-server";
import { z } from "zod";
import type { EsoDb } from "../db";
import { peerFailure, withPeerClient } from "../peering/peer-client";
import { loadPeer } from "../peering/peers";
import type { PeerRow } from "../peering/views";

// Service design from the ESO portal. A resource-facing or customer-facing
// specification belongs to the DO whose resources it uses, so the ESO saves
// it in that DO's TMF633 catalogue and reads the DO's TMF634 resource
// specifications over the DO's API. The marketplace copy follows through
// the import and the availability check. A service across domains is a
// bundle, which the ESO's bundle design composes from imported specifications.

/** Roles that may design service specifications from the ESO portal. */
export const designerRoles = ["platformAdmin", "serviceDesigner"] as const;

const catalogPath = tmfApiPaths.serviceCatalog;
const resourceCatalogPath = tmfApiPaths.resourceCatalog;

const remoteEntity = z.looseObject({ id: z.string(), name: z.string(), version: z.string().optional(), lifecycleStatus: z.string().optional(), description: z.string().optional() });
const remoteSpecification = remoteEntity.extend({
  "@type": z.string().optional(),
  specCharacteristic: z.array(z.looseObject({ name: z.string() })).optional(),
  resourceSpecification: z.array(z.looseObject({ id: z.string(), name: z.string().optional() })).optional(),
  serviceSpecRelationship: z.array(z.looseObject({ id: z.string(), name: z.string().optional() })).optional(),
});
type RemoteSpecification = z.infer<typeof remoteSpecification>;

export interface PeerSpecificationView {
  id: string;
  name: string;
  version?: string;
  lifecycleStatus?: string;
  description?: string;
  kind: SpecificationKind;
  parts: string[];
  characteristicCount: number;
  allowedTransitions: readonly string[];
}

function assertDesigner(principal: Principal): void {
  if (principal.kind === "apiClient") return;
  if (!(designerRoles as readonly string[]).includes(principal.role)) {
    throw new TmfError("forbidden", `Role ${principal.role} may not design service specifications; it takes ${designerRoles.join(" or ")}`);
  }
}

async function loadDesignPeer(db: EsoDb, peerId: string): Promise<PeerRow> {
  const peer = await loadPeer(db, peerId);
  if (peer.dialect === "openslice") throw new TmfError("unprocessable", `Domain "${peer.name}" speaks the OpenSlice dialect; design its services in its own portal`);
  return peer;
}

async function atPeer<T>(peer: PeerRow, call: Parameters<typeof withPeerClient<T>>[1]): Promise<T> {
  try {
    return await withPeerClient(peer, call);
  } catch (error) {
    if (error instanceof TmfError) throw error;
    throw peerFailure(peer.endpoint, error);
  }
}

function viewOf(specification: RemoteSpecification): PeerSpecificationView {
  const kind = specificationKind(specification);
  const parts = kind === "resourceFacing" ? (specification.resourceSpecification ?? []) : (specification.serviceSpecRelationship ?? []);
  return {
    id: specification.id,
    name: specification.name,
    ...(specification.version ? { version: specification.version } : {}),
    ...(specification.lifecycleStatus ? { lifecycleStatus: specification.lifecycleStatus } : {}),
    ...(specification.description ? { description: specification.description } : {}),
    kind,
    parts: parts.map((part) => part.name ?? part.id),
    characteristicCount: specification.specCharacteristic?.length ?? 0,
    allowedTransitions: allowedTransitions(specification.lifecycleStatus),
  };
}

/** Reads what a DO offers to design with: its resource specifications, categories and designed specifications. */
export async function loadPeerDesign(db: EsoDb, peerId: string) {
  const peer = await loadDesignPeer(db, peerId);
  return atPeer(peer, async (client) => {
    const [resources, categories, specifications] = await Promise.all([
      client.listAll(`${resourceCatalogPath}/resourceSpecification`, remoteEntity),
      client.listAll(`${catalogPath}/serviceCategory`, remoteEntity),
      client.listAll(`${catalogPath}/serviceSpecification`, remoteSpecification),
    ]);
    const designed = specifications.map(viewOf).filter((specification) => specification.kind !== "service");
    return {
      peer: { id: peer.id, name: peer.name },
      resourceSpecifications: resources,
      categories,
      resourceFacing: designed.filter((specification) => specification.kind === "resourceFacing"),
      customerFacing: designed.filter((specification) => specification.kind === "customerFacing"),
    };
  });
}

/** Validates a design draft and saves it as a specification in design in the DO's catalogue. Returns the DO's specification. */
export async function designAtPeer(db: EsoDb, input: { principal: Principal; peerId: string; draft: unknown }): Promise<PeerSpecificationView> {
  assertDesigner(input.principal);
  const parsed = specificationDraftSchema.safeParse(input.draft);
  if (!parsed.success) throw new TmfError("invalidBody", describeDraftProblems(parsed.error));
  const peer = await loadDesignPeer(db, input.peerId);
  const created = await atPeer(peer, (client) => client.create(`${catalogPath}/serviceSpecification`, toServiceSpecification(parsed.data), remoteSpecification));
  await auditPeerWrite(db, input.principal, peer, {
    action: "create",
    resourceId: created.id,
    summary: `Designed service specification "${created.name}" ${created.version ?? ""} at "${peer.name}"`.trimEnd(),
  });
  return viewOf(created);
}

/**
 * Records a design write that a DO accepted. The change lives in the DO's
 * database, so no transaction spans both: the entry is written after the
 * DO's reply, and the DO's own log records the same change with the ESO's
 * API client as the actor.
 */
async function auditPeerWrite(db: EsoDb, principal: Principal, peer: PeerRow, entry: { action: string; resourceId: string; summary: string; detail?: Record<string, unknown> }): Promise<void> {
  // NOTE: a failure of this insert after the DO accepted the write loses the ESO's entry, while the DO's entry stays.
  await recordAudit(db, principal, { ...entry, resourceType: "ServiceSpecification", detail: { peerId: peer.id, ...entry.detail } });
}

const statusChange = z.object({ specificationId: z.string().min(1), lifecycleStatus: z.string().min(1) });

/** Moves a DO's designed specification to another lifecycle status, if the lifecycle allows the move. */
export async function changeStatusAtPeer(db: EsoDb, input: { principal: Principal; peerId: string; change: unknown }): Promise<PeerSpecificationView> {
  assertDesigner(input.principal);
  const change = statusChange.safeParse(input.change);
  if (!change.success) throw new TmfError("invalidBody", change.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; "));
  const { specificationId, lifecycleStatus } = change.data;
  const peer = await loadDesignPeer(db, input.peerId);
  return atPeer(peer, async (client) => {
    const path = `${catalogPath}/serviceSpecification/${encodeURIComponent(specificationId)}`;
    const current = await client.get(path, remoteSpecification);
    const problem = transitionProblem(current.lifecycleStatus, lifecycleStatus);
    if (problem) throw new TmfError("unprocessable", `lifecycleStatus: ${problem}`);
    const changed = await client.patch(path, { lifecycleStatus }, remoteSpecification);
    await auditPeerWrite(db, input.principal, peer, {
      action: "stateChange",
      resourceId: specificationId,
      summary: `Moved service specification "${current.name}" at "${peer.name}" from ${current.lifecycleStatus ?? "no status"} to ${lifecycleStatus}`,
      detail: { from: current.lifecycleStatus, to: lifecycleStatus },
    });
    return viewOf(changed);
  });
}

/** Saves the next version of a DO's specification as a new specification in design; the old one stays as it is. */
export async function newVersionAtPeer(db: EsoDb, input: { principal: Principal; peerId: string; specificationId: unknown }): Promise<PeerSpecificationView> {
  assertDesigner(input.principal);
  const id = z.string().min(1).safeParse(input.specificationId);
  if (!id.success) throw new TmfError("invalidBody", "specificationId: a specification id is required");
  const peer = await loadDesignPeer(db, input.peerId);
  return atPeer(peer, async (client) => {
    const current = await client.get(`${catalogPath}/serviceSpecification/${encodeURIComponent(id.data)}`, remoteSpecification);
    const sameName = await client.listAll(`${catalogPath}/serviceSpecification`, remoteEntity, { name: current.name });
    const body = nextVersionOf(current, sameName.map((specification) => specification.version));
    const created = await client.create(`${catalogPath}/serviceSpecification`, body, remoteSpecification);
    await auditPeerWrite(db, input.principal, peer, {
      action: "create",
      resourceId: created.id,
      summary: `Created version ${created.version ?? "?"} of service specification "${created.name}" at "${peer.name}"`,
      detail: { previousVersionId: id.data },
    });
    return viewOf(created);
  });
}
