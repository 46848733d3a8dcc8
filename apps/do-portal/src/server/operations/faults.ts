import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { simulatedFaultSchema, type SimulatedClusterDriver } from "@cop-pilot/cluster";
import { TmfError, okResponse, readJsonBody } from "@cop-pilot/tmf-server";
import { env } from "@/env";
import { route } from "../auth";
import { cluster, clusterKind } from "../cluster";
import { db, schema } from "../db";
import type { InventoryService } from "../inventory/services";
import { deploymentOfService } from "../ordering/service-changes";
import { domainOwners } from "../tmf/access";

const faultRequestSchema = z.object({
  serviceId: z.string().trim().min(1),
  /** The fault to set; null clears it. */
  fault: simulatedFaultSchema.nullable(),
});

// POST /api/cluster/faults – mark the deployment of a service unhealthy or slow in the simulated cluster
export const POST = route(domainOwners, async ({ request, log }) => {
  // Without the flag the path does not exist, so normal runs expose no way to degrade a service on purpose.
  if (env().CLUSTER_FAULT_INJECTION !== "enabled" || clusterKind() !== "simulated") {
    throw new TmfError("notFound", "Fault injection is not enabled; set CLUSTER_FAULT_INJECTION=enabled on a DO with a simulated cluster");
  }
  const { serviceId, fault } = await readJsonBody(request, faultRequestSchema);

  const [row] = await db().select({ document: schema.service.document }).from(schema.service).where(eq(schema.service.id, serviceId));
  if (!row) throw new TmfError("notFound", `Service with id "${serviceId}" does not exist`);
  const ref = deploymentOfService(row.document as InventoryService);
  if (!ref) throw new TmfError("unprocessable", `Service "${serviceId}" has no deployment in the cluster`);

  await (cluster() as SimulatedClusterDriver).setDeploymentFault(ref, fault ?? undefined);
  log.warn({ serviceId, deployment: ref, fault }, "simulated fault changed");
  return okResponse({ serviceId, deployment: ref, fault });
});
