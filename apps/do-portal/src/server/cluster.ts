import "server-only";
import { readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import {
  createKubernetesCluster,
  createSimulatedCluster,
  type ClusterDriver,
  type ClusterKind,
  type SimulatedClusterStore,
} from "@cop-pilot/cluster";
import { createLogger } from "@cop-pilot/logger";
import type { Db } from "@cop-pilot/tmf-server";
import { env } from "@/env";
import { db, schema } from "./db";
import { currentDomain } from "./domain";

const { simulatedClusterRecord } = schema;

/** Keeps the simulated cluster's deployments in the DO's database, so that rollouts survive a restart. */
export function createDatabaseClusterStore(database: Db): SimulatedClusterStore {
  return {
    async get(key) {
      const [row] = await database
        .select({ record: simulatedClusterRecord.record })
        .from(simulatedClusterRecord)
        .where(eq(simulatedClusterRecord.key, key));
      return row?.record;
    },
    async put(key, record) {
      const now = new Date();
      await database
        .insert(simulatedClusterRecord)
        .values({ key, record, updatedAt: now })
        .onConflictDoUpdate({ target: simulatedClusterRecord.key, set: { record, updatedAt: now } });
    },
    async delete(key) {
      await database.delete(simulatedClusterRecord).where(eq(simulatedClusterRecord.key, key));
    },
    async list() {
      const rows = await database.select({ record: simulatedClusterRecord.record }).from(simulatedClusterRecord);
      return rows.map((row) => row.record);
    },
  };
}

export type DomainClusterOptions =
  | { kind: "kubernetes"; kubeconfigPath: string; context?: string }
  | { kind: "simulated"; name: string; readyDelayMs: number; failArtifacts: string[] };

/** Builds the driver of the domain's cluster: a real one from a kubeconfig file, or the simulated one. */
export function createDomainCluster(database: Db, options: DomainClusterOptions): ClusterDriver {
  if (options.kind === "kubernetes") {
    let kubeconfig: string;
    try {
      kubeconfig = readFileSync(options.kubeconfigPath, "utf8");
    } catch (error) {
      throw new Error(`Cannot read the kubeconfig at KUBECONFIG_PATH "${options.kubeconfigPath}": ${(error as Error).message}`, {
        cause: error,
      });
    }
    return createKubernetesCluster({ kubeconfig, context: options.context, logger: createLogger("cluster.kubernetes") });
  }
  return createSimulatedCluster({
    name: options.name,
    readyDelayMs: options.readyDelayMs,
    failArtifacts: options.failArtifacts,
    store: createDatabaseClusterStore(database),
    logger: createLogger("cluster.simulated"),
  });
}

/** Kind of cluster this process drives, known from the configuration without calling the cluster. */
export function clusterKind(): ClusterKind {
  return env().KUBECONFIG_PATH ? "kubernetes" : "simulated";
}

function clusterOptionsFromEnv(): DomainClusterOptions {
  const config = env();
  if (config.KUBECONFIG_PATH) return { kind: "kubernetes", kubeconfigPath: config.KUBECONFIG_PATH, context: config.KUBE_CONTEXT };
  return {
    kind: "simulated",
    name: currentDomain().computeCluster,
    readyDelayMs: config.CLUSTER_READY_DELAY_MS,
    failArtifacts: config.CLUSTER_FAIL_ARTIFACTS,
  };
}

const globalForCluster = globalThis as unknown as { doCluster?: ClusterDriver };

/** Returns the cluster driver of this process, built once from the environment. */
export function cluster(): ClusterDriver {
  globalForCluster.doCluster ??= createDomainCluster(db(), clusterOptionsFromEnv());
  return globalForCluster.doCluster;
}
