import "server-only";
import { count, eq } from "drizzle-orm";
import { createLogger } from "@cop-pilot/logger";
import { newId, notFound, TmfError, recordAudit, type AuditActor } from "@cop-pilot/tmf-server";
import { z } from "zod";
import { env } from "@/env";
import { schema, type EsoDb } from "../db";
import { organizationChoice } from "../peering/schemas";
import { createFabricDriver, fabricCredentialsSchema, fabricFailure, seal, simulatedControllerPath, type FabricNetworkRow } from "./drivers";
import { endpointSchema } from "./endpoints";
import { resolveOrganization } from "./organizations";

const log = createLogger("expansion.fabric");

// Binding the ESO to a Secure Integration Fabric network: the platform admin
// enters the controller and the ESO's credentials on it, and the ESO signs in
// before anything is saved.

export const addFabricNetworkInput = z
  .object({
    name: z.string().trim().min(1, "is required").max(200),
    kind: z.enum(["simulated", "ziti"], { error: 'must be "simulated" or "ziti"' }),
    /** Ignored for the simulated kind, whose controller is the ESO itself. */
    controllerUrl: endpointSchema.optional(),
    credentials: fabricCredentialsSchema,
    organization: organizationChoice,
    location: z
      .object({ name: z.string().trim().min(1).max(200), latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) })
      .optional(),
  })
  .superRefine((value, context) => {
    if (value.kind === "ziti" && value.controllerUrl === undefined) {
      context.addIssue({ code: "custom", path: ["controllerUrl"], message: "is required for an OpenZiti controller" });
    }
  });
export type AddFabricNetworkInput = z.infer<typeof addFabricNetworkInput>;

/** A fabric network as callers see it: never with its credentials. */
export interface FabricNetworkView {
  id: string;
  name: string;
  kind: string;
  controllerUrl: string;
  organizationId: string;
  organizationName: string | null;
  locationName: string | null;
  identityCount: number;
  createdAt: string;
}

async function toViews(db: EsoDb, rows: FabricNetworkRow[]): Promise<FabricNetworkView[]> {
  const views: FabricNetworkView[] = [];
  for (const row of rows) {
    const [organization] = await db.select({ name: schema.organization.name }).from(schema.organization).where(eq(schema.organization.id, row.organizationId));
    const [identities] = await db.select({ total: count() }).from(schema.fabricIdentity).where(eq(schema.fabricIdentity.fabricNetworkId, row.id));
    views.push({
      id: row.id,
      name: row.name,
      kind: row.kind,
      controllerUrl: row.controllerUrl,
      organizationId: row.organizationId,
      organizationName: organization?.name ?? null,
      locationName: row.locationName,
      identityCount: Number(identities?.total ?? 0),
      createdAt: row.createdAt.toISOString(),
    });
  }
  return views;
}

export async function loadFabricNetwork(db: EsoDb, id: string): Promise<FabricNetworkRow> {
  const [row] = await db.select().from(schema.fabricNetwork).where(eq(schema.fabricNetwork.id, id)).limit(1);
  if (!row) throw notFound("FabricNetwork", id);
  return row;
}

export async function listFabricNetworks(db: EsoDb): Promise<FabricNetworkView[]> {
  return toViews(db, await db.select().from(schema.fabricNetwork).orderBy(schema.fabricNetwork.name));
}

export async function getFabricNetwork(db: EsoDb, id: string): Promise<FabricNetworkView> {
  const [view] = await toViews(db, [await loadFabricNetwork(db, id)]);
  return view!;
}

/** Adds a fabric network after signing in to its controller; rejected credentials or an unreachable controller save nothing. */
export async function addFabricNetwork(db: EsoDb, input: AddFabricNetworkInput, options: { baseUrl: string; actor: AuditActor }): Promise<FabricNetworkView> {
  const controllerUrl = input.kind === "simulated" ? `${env().PUBLIC_URL}${simulatedControllerPath}` : input.controllerUrl!;
  const [taken] = await db.select({ id: schema.fabricNetwork.id }).from(schema.fabricNetwork).where(eq(schema.fabricNetwork.name, input.name)).limit(1);
  if (taken) throw new TmfError("conflict", `A fabric network named "${input.name}" exists already (${taken.id})`);

  try {
    await createFabricDriver(db, input.kind, controllerUrl, input.credentials).authenticate();
  } catch (error) {
    log.info({ controllerUrl, error: (error as Error).message }, "fabric network rejected: authentication failed");
    throw fabricFailure(`Signing in to the fabric controller at ${controllerUrl}`, error);
  }

  const id = newId();
  await db.transaction(async (tx) => {
    const organization = await resolveOrganization(tx, input.organization, { baseUrl: options.baseUrl, organizationType: "FabricOperator" });
    await tx.insert(schema.fabricNetwork).values({
      id,
      name: input.name,
      kind: input.kind,
      controllerUrl,
      organizationId: organization.id,
      sealedCredentials: seal(JSON.stringify(input.credentials)),
      locationName: input.location?.name ?? null,
      latitude: input.location?.latitude ?? null,
      longitude: input.location?.longitude ?? null,
    });
    await recordAudit(tx, options.actor, { action: "create", resourceType: "FabricNetwork", resourceId: id, summary: `Bound ${input.kind} fabric network "${input.name}" at ${controllerUrl}` });
  });
  log.info({ fabricNetworkId: id, kind: input.kind, controllerUrl }, "fabric network added");
  return getFabricNetwork(db, id);
}

/** Removes a fabric network that has no identities left. */
export async function removeFabricNetwork(db: EsoDb, id: string, actor: AuditActor): Promise<void> {
  await db.transaction(async (tx) => {
    const network = await loadFabricNetwork(tx, id);
    const [identities] = await tx.select({ total: count() }).from(schema.fabricIdentity).where(eq(schema.fabricIdentity.fabricNetworkId, id));
    if (Number(identities?.total ?? 0) > 0) {
      throw new TmfError("conflict", `Fabric network "${network.name}" still has ${identities!.total} identities; delete them first`);
    }
    await tx.delete(schema.fabricNetwork).where(eq(schema.fabricNetwork.id, id));
    await recordAudit(tx, actor, { action: "delete", resourceType: "FabricNetwork", resourceId: id, summary: `Removed fabric network "${network.name}"` });
  });
  log.info({ fabricNetworkId: id }, "fabric network removed");
}
