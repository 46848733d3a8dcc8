import "server-only";
import { ClusterError, createKubernetesCluster, createSimulatedCluster, defaultSimulatedNodes, type ClusterDriver } from "@cop-pilot/cluster";
import { createSimulatedFabric, createZitiFabric, FabricError, type FabricDriver, type SimulatedFabric } from "@cop-pilot/fabric";
import { createLogger } from "@cop-pilot/logger";
import { TmfError } from "@cop-pilot/tmf-server";
import { z } from "zod";
import { env } from "@/env";
import { schema, type EsoDb } from "../db";
import { openSecret, requireSecretKey, sealSecret } from "./secrets";
import { databaseClusterStore, databaseFabricStore } from "./stores";

export type FabricNetworkRow = typeof schema.fabricNetwork.$inferSelect;
export type DomainClusterRow = typeof schema.domainCluster.$inferSelect;

/** Path under PUBLIC_URL where the simulated fabric controller serves fabric clients. */
export const simulatedControllerPath = "/api/fabric/simulated";

export const fabricCredentialsSchema = z.object({
  username: z.string().trim().min(1, "is required").max(255),
  password: z.string().min(1, "is required").max(1024),
  /** PEM CA of the controller's TLS certificate. */
  ca: z
    .string()
    .trim()
    .max(20_000)
    .refine((text) => text === "" || text.includes("-----BEGIN CERTIFICATE-----"), "must be a PEM certificate")
    .optional()
    .transform((text) => (text ? text : undefined)),
});
export type FabricCredentials = z.infer<typeof fabricCredentialsSchema>;

export function seal(plaintext: string): string {
  return sealSecret(plaintext, requireSecretKey(env().COP_PILOT_SECRET_KEY));
}

export function unseal(sealed: string): string {
  return openSecret(sealed, requireSecretKey(env().COP_PILOT_SECRET_KEY));
}

/** Returns the simulated controller: one per ESO, shared by every simulated fabric network. */
export function simulatedFabric(db: EsoDb, credentials?: FabricCredentials): SimulatedFabric {
  const password = env().SIMULATED_FABRIC_PASSWORD;
  if (password === undefined) {
    throw new TmfError("unavailable", "The simulated fabric controller has no account: set SIMULATED_FABRIC_PASSWORD (the launcher writes one to .data/secrets.json)");
  }
  const account = { username: env().SIMULATED_FABRIC_USERNAME, password };
  return createSimulatedFabric({
    store: databaseFabricStore(db),
    issuer: `${env().PUBLIC_URL}${simulatedControllerPath}`,
    username: credentials?.username ?? account.username,
    password: credentials?.password ?? account.password,
    account,
    heartbeatTimeoutMs: env().SIMULATED_FABRIC_HEARTBEAT_TIMEOUT_MS,
    logger: createLogger("fabric.simulated"),
  });
}

export function createFabricDriver(db: EsoDb, kind: string, controllerUrl: string, credentials: FabricCredentials): FabricDriver {
  if (kind === "simulated") return simulatedFabric(db, credentials);
  return createZitiFabric({ controllerUrl, ...credentials, logger: createLogger("fabric.ziti") });
}

/** Builds the driver of a stored fabric network with its unsealed credentials. */
export function fabricDriverOf(db: EsoDb, network: FabricNetworkRow): FabricDriver {
  const credentials = fabricCredentialsSchema.parse(JSON.parse(unseal(network.sealedCredentials)));
  return createFabricDriver(db, network.kind, network.controllerUrl, credentials);
}

/** Builds the driver of a registered cluster: the simulated stand-in, or Kubernetes with the unsealed kubeconfig. */
export function clusterDriverOf(db: EsoDb, cluster: Pick<DomainClusterRow, "id" | "name" | "kind" | "sealedKubeconfig">): ClusterDriver {
  if (cluster.kind === "simulated" || cluster.sealedKubeconfig === null) {
    // Keyed by id, because names are unique only within an organization; the nodes carry the name, as the DO started in it names them.
    return createSimulatedCluster({
      name: cluster.id,
      nodes: defaultSimulatedNodes(cluster.name),
      store: databaseClusterStore(db),
      readyDelayMs: env().CLUSTER_READY_DELAY_MS,
      logger: createLogger("cluster.simulated"),
    });
  }
  return createKubernetesCluster({ kubeconfig: unseal(cluster.sealedKubeconfig), requestTimeoutMs: 15_000, logger: createLogger("cluster.kubernetes") });
}

/** Maps a fabric failure to a TMF error: rejected credentials and bad input are the caller's to fix (422), the rest a 502. */
export function fabricFailure(action: string, error: unknown): TmfError {
  if (error instanceof TmfError) return error;
  if (error instanceof FabricError) {
    const code = ["unauthorized", "invalidRequest", "invalidConfig", "conflict", "notFound"].includes(error.code) ? "unprocessable" : "badGateway";
    return new TmfError(code, `${action} failed: ${error.message}`, { cause: error });
  }
  return new TmfError("badGateway", `${action} failed: ${(error as Error).message}`, { cause: error });
}

/** Maps a cluster failure to a TMF error; every cluster failure during registration is the caller's to fix (422). */
export function clusterFailure(action: string, error: unknown): TmfError {
  if (error instanceof TmfError) return error;
  if (error instanceof ClusterError) return new TmfError("unprocessable", `${action} failed: ${error.message}`, { cause: error });
  return new TmfError("badGateway", `${action} failed: ${(error as Error).message}`, { cause: error });
}
