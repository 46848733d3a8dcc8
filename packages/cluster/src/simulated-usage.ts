import { createHash } from "node:crypto";
import { z } from "zod";
import type { ClusterNode, ClusterUsage, DeploymentStatus, DeploymentUsage, NodeUsage } from "./driver";
import { parseQuantity } from "./quantity";

/** Fault injected into a simulated deployment, so that tests and demonstrations can degrade it on purpose. */
export const simulatedFaultSchema = z.object({
  /** Readiness probes fail: no replica is ready and the deployment is not healthy. */
  unhealthy: z.boolean().default(false),
  /** Fixed readiness probe latency in milliseconds, in place of the modelled one. */
  probeLatencyMs: z.number().min(0).max(600_000).optional(),
});
export type SimulatedFault = z.infer<typeof simulatedFaultSchema>;

export interface SimulatedDeploymentState {
  namespace: string;
  name: string;
  status: DeploymentStatus;
  fault: SimulatedFault | undefined;
  /** CPU the deployment's pods use in total, in millicores, when set in place of the modelled load. */
  cpuDemandMillicores?: number | undefined;
}

// The modelled load varies on a 10-minute period, so that charts over an hour show movement.
const loadPeriodMs = 10 * 60 * 1000;
const mebibyte = 1024 * 1024;

/** Returns a stable number in [0, 1) for a text, so each deployment keeps its own load profile across restarts. */
function stableFraction(text: string): number {
  return createHash("sha256").update(text).digest().readUInt32BE(0) / 2 ** 32;
}

function wave(now: number, phase: number): number {
  return Math.sin(2 * Math.PI * (now / loadPeriodMs + phase));
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

// Pods whose readiness probe fails still run and use resources.
function runningReplicasOf(state: SimulatedDeploymentState): number {
  return state.status.phase === "available" ? state.status.replicas : state.status.readyReplicas;
}

/**
 * Models the use of one deployment at time `now`: each ready replica uses 40–160 millicores that vary
 * by ±20 around its own base, and 96–192 MiB. Its readiness probe answers in 5–20 ms. A fault marks it
 * unhealthy (no ready replica, no probe answer) or fixes the probe latency; a set CPU demand replaces
 * the modelled CPU.
 */
export function simulatedDeploymentUsage(state: SimulatedDeploymentState, now: number): DeploymentUsage {
  const key = `${state.namespace}/${state.name}`;
  const base = stableFraction(key);
  const unhealthy = state.fault?.unhealthy === true;
  const readyReplicas = unhealthy ? 0 : state.status.readyReplicas;
  const runningReplicas = runningReplicasOf(state);

  const cpuPerReplica = 40 + base * 120 + 20 * wave(now, base);
  const memoryPerReplica = (96 + Math.floor(base * 96)) * mebibyte;
  const modelledLatency = 5 + base * 15 * (1 + 0.2 * wave(now, base + 0.25));
  const healthy = !unhealthy && state.status.phase === "available" && readyReplicas > 0;

  return {
    namespace: state.namespace,
    name: state.name,
    replicas: state.status.replicas,
    readyReplicas,
    cpuMillicores: round(runningReplicas === 0 ? 0 : (state.cpuDemandMillicores ?? runningReplicas * cpuPerReplica), 1),
    memoryBytes: runningReplicas * memoryPerReplica,
    healthy,
    probeLatencyMs: healthy ? round(state.fault?.probeLatencyMs ?? modelledLatency, 1) : null,
  };
}

/**
 * Models node use: a system share (4 % of CPU, 8 % of memory) plus the pods placed on the node.
 * Replicas go round-robin over the worker nodes, starting at a node chosen from the deployment name.
 */
export function simulatedUsage(nodes: ClusterNode[], deployments: SimulatedDeploymentState[], now: number): ClusterUsage {
  const deploymentUsages = deployments.map((state) => simulatedDeploymentUsage(state, now));
  const workers = nodes.filter((node) => node.roles.includes("worker"));
  const targets = workers.length > 0 ? workers : nodes;

  const used = new Map(nodes.map((node) => [node.name, { cpu: 0.04 * parseQuantity(node.allocatable.cpu) * 1000, memory: 0.08 * parseQuantity(node.allocatable.memory) }]));
  deployments.forEach((state, index) => {
    const usage = deploymentUsages[index] as DeploymentUsage;
    const running = runningReplicasOf(state);
    const offset = Math.floor(stableFraction(`${usage.namespace}/${usage.name}`) * targets.length);
    for (let replica = 0; replica < running; replica += 1) {
      const node = targets[(offset + replica) % targets.length] as ClusterNode;
      const entry = used.get(node.name) as { cpu: number; memory: number };
      entry.cpu += (usage.cpuMillicores ?? 0) / running;
      entry.memory += (usage.memoryBytes ?? 0) / running;
    }
  });

  const nodeUsages: NodeUsage[] = nodes.map((node) => {
    const entry = used.get(node.name) as { cpu: number; memory: number };
    return {
      name: node.name,
      cpuUsedMillicores: round(entry.cpu, 1),
      cpuAllocatableMillicores: round(parseQuantity(node.allocatable.cpu) * 1000, 1),
      memoryUsedBytes: Math.round(entry.memory),
      memoryAllocatableBytes: parseQuantity(node.allocatable.memory),
    };
  });
  return { sampledAt: new Date(now).toISOString(), nodes: nodeUsages, deployments: deploymentUsages };
}
