import { parseQuantity, replicaResourceRequests } from "@cop-pilot/cluster";

/** Share of the allocatable CPU, memory or pods above which the cluster counts as busy. */
export const busyShare = 0.9;

const bytesPerGibibyte = 2 ** 30;

/** Deployments of this DO that exist in the cluster. */
export interface DeploymentAllocation {
  deployments: number;
  /** Sum of the desired replicas of those deployments. */
  replicas: number;
}

/** Resources the nodes offer to workloads, in cores, GiB and pods. An unknown amount is undefined. */
export interface AllocatableResources {
  cpu?: number;
  memory?: number;
  pods?: number;
}

export interface ClusterUsage {
  usageState: "idle" | "active" | "busy";
  /** Cores that the DO's deployments request. */
  cpuAllocated: number;
  /** GiB that the DO's deployments request. */
  memoryAllocated: number;
  podsAllocated: number;
  /** Allocatable amounts minus the allocated ones, never below 0; undefined where the allocatable amount is unknown. */
  cpuAvailable?: number;
  memoryAvailable?: number;
  podsAvailable?: number;
  /**
   * Replicas of the size `replicaResourceRequests` that still fit in the
   * available CPU, memory and pods; undefined while any of them is unknown.
   */
  replicasAvailable?: number;
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

function available(allocatable: number | undefined, allocated: number, decimals: number): number | undefined {
  return allocatable === undefined ? undefined : round(Math.max(0, allocatable - allocated), decimals);
}

function exceedsBusyShare(allocated: number, allocatable: number | undefined): boolean {
  if (allocatable === undefined) return false;
  return allocated > busyShare * allocatable;
}

/**
 * Computes the TMF639 usageState of the cluster controller from what the DO
 * deployed: idle with no deployment, busy when the requests of the replicas
 * exceed 90 % of the allocatable CPU, memory or pods, active otherwise. Every
 * replica requests `replicaResourceRequests`, as the cluster drivers set them.
 * Also computes what remains available, and how many more replicas fit in it.
 */
export function clusterUsageOf(allocation: DeploymentAllocation, allocatable: AllocatableResources): ClusterUsage {
  const cpuAllocated = round(allocation.replicas * parseQuantity(replicaResourceRequests.cpu), 3);
  const memoryAllocated = round((allocation.replicas * parseQuantity(replicaResourceRequests.memory)) / bytesPerGibibyte, 2);
  const podsAllocated = allocation.replicas;

  let usageState: ClusterUsage["usageState"] = "active";
  if (allocation.deployments === 0) {
    usageState = "idle";
  } else if (
    exceedsBusyShare(cpuAllocated, allocatable.cpu) ||
    exceedsBusyShare(memoryAllocated, allocatable.memory) ||
    exceedsBusyShare(podsAllocated, allocatable.pods)
  ) {
    usageState = "busy";
  }
  const cpuAvailable = available(allocatable.cpu, cpuAllocated, 3);
  const memoryAvailable = available(allocatable.memory, memoryAllocated, 2);
  const podsAvailable = available(allocatable.pods, podsAllocated, 0);
  const replicasAvailable =
    cpuAvailable === undefined || memoryAvailable === undefined || podsAvailable === undefined
      ? undefined
      : Math.floor(
          Math.min(
            cpuAvailable / parseQuantity(replicaResourceRequests.cpu),
            (memoryAvailable * bytesPerGibibyte) / parseQuantity(replicaResourceRequests.memory),
            podsAvailable,
          ),
        );
  return { usageState, cpuAllocated, memoryAllocated, podsAllocated, cpuAvailable, memoryAvailable, podsAvailable, replicasAvailable };
}
