import { createLogger } from "@cop-pilot/logger";
import { z } from "zod";
import {
  artifactSchema,
  clusterLoggerSchema,
  clusterNodeSchema,
  deploymentRefSchema,
  deploymentRequestSchema,
  replicaResourceRequests,
  replicasSchema,
  type ClusterDriver,
  type ClusterInfo,
  type ClusterLogger,
  type ClusterNode,
  type DeploymentMetrics,
  type DeploymentRef,
  type DeploymentStatus,
  type ParsedDeploymentRequest,
} from "./driver";
import { ClusterError, formatIssues, parseInput } from "./errors";
import { formatCpuMillicores, formatMemoryBytes, parseQuantity } from "./quantity";
import { simulatedDeploymentUsage, simulatedFaultSchema, simulatedUsage, type SimulatedDeploymentState } from "./simulated-usage";

/** Kubernetes version that simulated clusters report. */
export const simulatedKubernetesVersion = "v1.31.0-sim";

export const simulatedDeploymentRecordSchema = z.object({
  cluster: z.string(),
  namespace: z.string(),
  name: z.string(),
  artifact: artifactSchema,
  replicas: z.number().int().min(0),
  config: z.record(z.string(), z.string()),
  labels: z.record(z.string(), z.string()),
  port: z.number().int(),
  /** Reason the rollout fails, fixed at deploy time; null when it succeeds. */
  failureReason: z.string().nullable(),
  /** Incremented on each deploy that changes the specification, as metadata.generation is. */
  generation: z.number().int().min(1),
  createdAt: z.iso.datetime(),
  /** Start of the current rollout: the creation, or the last deploy that changed the specification. */
  rolloutStartedAt: z.iso.datetime(),
  /** CPU the deployment's workload uses in total, in millicores, as set with setCpuUtilization; absent until then. */
  cpuDemandMillicores: z.number().min(0).optional(),

  /** Fault set through setDeploymentFault; absent on a healthy deployment. */
  fault: simulatedFaultSchema.optional(),
});
export type SimulatedDeploymentRecord = z.infer<typeof simulatedDeploymentRecordSchema>;

/**
 * Persistence of simulated deployments as JSON records, so that a Domain Orchestrator can keep them
 * in its database and a rollout in progress survives its restart. Keys start with the cluster name,
 * so one store may serve several simulated clusters.
 */
export interface SimulatedClusterStore {
  /** Returns the stored record, or undefined (or null) when the key is absent. */
  get(key: string): Promise<unknown>;
  put(key: string, record: SimulatedDeploymentRecord): Promise<void>;
  delete(key: string): Promise<void>;
  list(): Promise<unknown[]>;
}

/** Creates a SimulatedClusterStore that keeps records in process memory, for tests. */
export function createMemoryStore(): SimulatedClusterStore {
  const records = new Map<string, string>();
  return {
    async get(key) {
      const text = records.get(key);
      return text === undefined ? undefined : JSON.parse(text);
    },
    async put(key, record) {
      // Stored as text so that callers cannot mutate a stored record, as with a database.
      records.set(key, JSON.stringify(record));
    },
    async delete(key) {
      records.delete(key);
    },
    async list() {
      return [...records.values()].map((text) => JSON.parse(text));
    },
  };
}

export const simulatedClusterStoreSchema = z.custom<SimulatedClusterStore>(
  (value) =>
    typeof value === "object" &&
    value !== null &&
    ["get", "put", "delete", "list"].every((method) => typeof (value as Record<string, unknown>)[method] === "function"),
  "must be an object with get, put, delete and list methods",
);

export const simulatedClusterOptionsSchema = z.object({
  name: z.string().min(1),
  nodes: z.array(clusterNodeSchema).min(1).optional(),
  /** Milliseconds from the start of a rollout until the deployment is available (or failed). */
  readyDelayMs: z.number().int().min(0).default(2000),
  /** Artifact names whose deployments fail. */
  failArtifacts: z.array(z.string()).default([]),
  store: simulatedClusterStoreSchema,
  logger: clusterLoggerSchema.optional(),
});
export type SimulatedClusterOptions = z.input<typeof simulatedClusterOptionsSchema>;

/** Returns one control-plane node and two worker nodes, with the capacity of small cloud machines. */
export function defaultSimulatedNodes(clusterName: string): ClusterNode[] {
  const worker = (index: number): ClusterNode => ({
    name: `${clusterName}-worker-${index}`,
    roles: ["worker"],
    ready: true,
    capacity: { cpu: "8", memory: "32Gi", pods: "110" },
    allocatable: { cpu: "7800m", memory: "31Gi", pods: "110" },
  });
  return [
    {
      name: `${clusterName}-control-plane`,
      roles: ["control-plane"],
      ready: true,
      capacity: { cpu: "4", memory: "16Gi", pods: "110" },
      allocatable: { cpu: "3800m", memory: "15Gi", pods: "110" },
    },
    worker(1),
    worker(2),
  ];
}

const replicaCpuMillicores = parseQuantity(replicaResourceRequests.cpu) * 1000;

function specificationOf(record: SimulatedDeploymentRecord): string {
  const { artifact, replicas, config, labels, port, failureReason } = record;
  return JSON.stringify({ artifact, replicas, config, labels, port, failureReason });
}

/** Driver of a simulated cluster, with the load and fault controls that only a simulation allows. */
export interface SimulatedClusterDriver extends ClusterDriver {
  /** Sets or, with undefined, clears the fault of an existing deployment; a new deploy keeps it. */
  setDeploymentFault(ref: DeploymentRef, fault: z.input<typeof simulatedFaultSchema> | undefined): Promise<void>;
  /**
   * Fixes the deployment's CPU use, in place of the modelled load, so that it reads `percent` of its requests
   * at the current replica count. The load stays the same in millicores when the deployment is scaled, so
   * more replicas read lower.
   */
  setCpuUtilization(ref: DeploymentRef, percent: number): Promise<void>;
}

/**
 * Creates a driver of a cluster that exists only as records in `options.store`. A deployment is
 * progressing for `readyDelayMs` after its rollout starts, then available, or failed when the request
 * set `simulateFailure` or its artifact is in `failArtifacts`. Phases are computed from stored times
 * when read, so no timer runs.
 */
export function createSimulatedCluster(options: SimulatedClusterOptions): SimulatedClusterDriver {
  const { name: clusterName, nodes, readyDelayMs, failArtifacts, store, logger: loggerOption } = parseInput(
    simulatedClusterOptionsSchema,
    options,
    "simulated cluster options",
    "invalidConfig",
  );
  const clusterNodes = nodes ?? defaultSimulatedNodes(clusterName);
  const logger: ClusterLogger = loggerOption ?? createLogger("cluster.simulated");

  const keyOf = (ref: DeploymentRef) => `${clusterName}/${ref.namespace}/${ref.name}`;

  async function readRecord(ref: DeploymentRef): Promise<SimulatedDeploymentRecord | undefined> {
    const stored = await store.get(keyOf(ref));
    if (stored === undefined || stored === null) {
      return undefined;
    }
    const result = simulatedDeploymentRecordSchema.safeParse(stored);
    if (!result.success) {
      throw new ClusterError(
        "invalidConfig",
        `Stored record "${keyOf(ref)}" of simulated cluster "${clusterName}" is invalid: ${formatIssues(result.error)}`,
      );
    }
    return result.data;
  }

  function failureReasonOf(request: ParsedDeploymentRequest): string | null {
    if (request.simulateFailure) {
      return "The deployment request set simulateFailure.";
    }
    if (failArtifacts.includes(request.artifact.name)) {
      return `Artifact "${request.artifact.name}" is in the failArtifacts list of simulated cluster "${clusterName}".`;
    }
    return null;
  }

  function statusOf(record: SimulatedDeploymentRecord, now: number): DeploymentStatus {
    const elapsedMs = now - Date.parse(record.rolloutStartedAt);
    if (elapsedMs < readyDelayMs) {
      return {
        phase: "progressing",
        replicas: record.replicas,
        readyReplicas: 0,
        message: `Rollout of generation ${record.generation} in progress: 0 of ${record.replicas} replicas ready.`,
      };
    }
    if (record.failureReason !== null) {
      return { phase: "failed", replicas: record.replicas, readyReplicas: 0, message: record.failureReason };
    }
    return {
      phase: "available",
      replicas: record.replicas,
      readyReplicas: record.replicas,
      message: `${record.replicas} of ${record.replicas} replicas available.`,
    };
  }

  function stateOf(record: SimulatedDeploymentRecord, now: number): SimulatedDeploymentState {
    return { namespace: record.namespace, name: record.name, status: statusOf(record, now), fault: record.fault, cpuDemandMillicores: record.cpuDemandMillicores };
  }

  async function readExisting(ref: DeploymentRef): Promise<SimulatedDeploymentRecord> {
    const record = await readRecord(ref);
    if (record === undefined) {
      throw new ClusterError("notFound", `Deployment "${ref.namespace}/${ref.name}" does not exist in simulated cluster "${clusterName}".`, { httpStatus: 404 });
    }
    return record;
  }

  async function storedRecords(): Promise<SimulatedDeploymentRecord[]> {
    const records: SimulatedDeploymentRecord[] = [];
    for (const stored of await store.list()) {
      const result = simulatedDeploymentRecordSchema.safeParse(stored);
      if (!result.success) {
        logger.warn({ cluster: clusterName, issues: formatIssues(result.error) }, "Skipped an invalid stored record of the simulated cluster");
      } else if (result.data.cluster === clusterName) {
        records.push(result.data);
      }
    }
    return records;
  }

  async function allocatedResources(): Promise<ClusterInfo["allocated"]> {
    const replicas = (await storedRecords()).reduce((sum, record) => sum + record.replicas, 0);
    return {
      cpu: formatCpuMillicores(replicas * parseQuantity(replicaResourceRequests.cpu) * 1000),
      memory: formatMemoryBytes(replicas * parseQuantity(replicaResourceRequests.memory)),
      pods: String(replicas),
    };
  }

  return {
    async describe() {
      return {
        name: clusterName,
        kind: "simulated",
        version: simulatedKubernetesVersion,
        nodes: structuredClone(clusterNodes),
        allocated: await allocatedResources(),
      };
    },

    async deploy(input) {
      const request = parseInput(deploymentRequestSchema, input, "deployment request");
      const ref = { namespace: request.namespace, name: request.name };
      const existing = await readRecord(ref);
      const now = new Date().toISOString();

      const record: SimulatedDeploymentRecord = {
        cluster: clusterName,
        namespace: request.namespace,
        name: request.name,
        artifact: request.artifact,
        replicas: request.replicas,
        config: request.config,
        labels: request.labels,
        port: request.port,
        failureReason: failureReasonOf(request),
        generation: 1,
        createdAt: now,
        rolloutStartedAt: now,
      };
      if (existing !== undefined) {
        // Like Kubernetes, an unchanged specification starts no new rollout.
        const changed = specificationOf(existing) !== specificationOf(record);
        record.generation = changed ? existing.generation + 1 : existing.generation;
        record.createdAt = existing.createdAt;
        record.rolloutStartedAt = changed ? now : existing.rolloutStartedAt;
        record.cpuDemandMillicores = existing.cpuDemandMillicores;
        record.fault = existing.fault;
      }

      await store.put(keyOf(ref), record);
      logger.info(
        { cluster: clusterName, ...ref, generation: record.generation, artifact: record.artifact, replicas: record.replicas },
        existing === undefined ? "Created simulated deployment" : "Updated simulated deployment",
      );
      return ref;
    },

    async scale(input, replicas) {
      const ref = parseInput(deploymentRefSchema, input, "deployment reference");
      const count = parseInput(replicasSchema, replicas, "replica count");
      const record = await readRecord(ref);
      if (record === undefined) {
        throw new ClusterError("notFound", `Deployment "${ref.namespace}/${ref.name}" does not exist in simulated cluster "${clusterName}".`, { httpStatus: 404 });
      }
      if (record.replicas === count) {
        return;
      }
      const scaled = { ...record, replicas: count, generation: record.generation + 1, rolloutStartedAt: new Date().toISOString() };
      await store.put(keyOf(ref), scaled);
      logger.info({ cluster: clusterName, ...ref, generation: scaled.generation, replicas: count }, "Scaled simulated deployment");
    },

    async getDeploymentStatus(input): Promise<DeploymentStatus> {
      const ref = parseInput(deploymentRefSchema, input, "deployment reference");
      const record = await readRecord(ref);
      if (record === undefined) {
        return { phase: "notFound", replicas: 0, readyReplicas: 0, message: `Deployment "${ref.namespace}/${ref.name}" does not exist.` };
      }

      return statusOf(record, Date.now());
    },

    async getDeploymentMetrics(input): Promise<DeploymentMetrics> {
      const ref = parseInput(deploymentRefSchema, input, "deployment reference");
      const record = await readExisting(ref);
      const { replicas, readyReplicas, cpuMillicores } = simulatedDeploymentUsage(stateOf(record, Date.now()), Date.now());
      if (readyReplicas === 0 || cpuMillicores === null) {
        return { cpuUtilizationPercent: null, replicas, readyReplicas, source: "no replica of the simulated deployment is ready" };
      }
      const percent = Math.min(100, (cpuMillicores / (readyReplicas * replicaCpuMillicores)) * 100);
      return { cpuUtilizationPercent: Math.round(percent * 10) / 10, replicas, readyReplicas, source: "simulated" };
    },

    async setCpuUtilization(input, percent) {
      const ref = parseInput(deploymentRefSchema, input, "deployment reference");
      const value = parseInput(z.number().min(0).max(100), percent, "CPU utilisation percentage");
      const record = await readExisting(ref);
      await store.put(keyOf(ref), { ...record, cpuDemandMillicores: (value / 100) * Math.max(record.replicas, 1) * replicaCpuMillicores });
      logger.info({ cluster: clusterName, ...ref, cpuUtilizationPercent: value }, "Set CPU use of simulated deployment");
    },

    async usage() {
      const now = Date.now();
      const states = (await storedRecords())
        .sort((left, right) => keyOf(left).localeCompare(keyOf(right)))
        .map((record) => stateOf(record, now));
      return simulatedUsage(clusterNodes, states, now);
    },

    async setDeploymentFault(input, faultInput) {
      const ref = parseInput(deploymentRefSchema, input, "deployment reference");
      const fault = faultInput === undefined ? undefined : parseInput(simulatedFaultSchema, faultInput, "simulated fault");
      const record = await readRecord(ref);
      if (record === undefined) {
        throw new ClusterError("notFound", `Deployment "${ref.namespace}/${ref.name}" does not exist in simulated cluster "${clusterName}".`, { httpStatus: 404 });
      }
      await store.put(keyOf(ref), { ...record, fault });
      logger.info({ cluster: clusterName, ...ref, fault: fault ?? null }, fault === undefined ? "Cleared simulated fault" : "Set simulated fault");
    },

    async deleteDeployment(input) {
      const ref = parseInput(deploymentRefSchema, input, "deployment reference");
      const stored = await store.get(keyOf(ref));
      if (stored === undefined || stored === null) {
        return;
      }
      await store.delete(keyOf(ref));
      logger.info({ cluster: clusterName, ...ref }, "Deleted simulated deployment");
    },
  };
}
