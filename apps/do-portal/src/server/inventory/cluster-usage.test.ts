import { describe, expect, it } from "vitest";
import { clusterUsageOf } from "./cluster-usage";

// Each replica requests 250m CPU and 256Mi memory.
const allocatable = { cpu: 10, memory: 40, pods: 110 };

describe("clusterUsageOf", () => {
  it.each([
    ["idle without deployments", { deployments: 0, replicas: 0 }, allocatable, "idle"],
    ["active with one deployment", { deployments: 1, replicas: 2 }, allocatable, "active"],
    ["active with zero replicas", { deployments: 1, replicas: 0 }, allocatable, "active"],
    ["active at 90 % of the CPU", { deployments: 4, replicas: 36 }, allocatable, "active"],
    ["busy above 90 % of the CPU", { deployments: 4, replicas: 37 }, allocatable, "busy"],
    ["busy above 90 % of the pods", { deployments: 3, replicas: 10 }, { cpu: 100, memory: 100, pods: 10 }, "busy"],
    ["busy above 90 % of the memory", { deployments: 1, replicas: 4 }, { cpu: 100, memory: 1, pods: 110 }, "busy"],
    ["active when the allocatable is unknown", { deployments: 1, replicas: 500 }, {}, "active"],
  ] as const)("%s", (_case, allocation, resources, expected) => {
    expect(clusterUsageOf(allocation, resources).usageState).toBe(expected);
  });

  it("sums the requests of the replicas", () => {
    expect(clusterUsageOf({ deployments: 2, replicas: 3 }, allocatable)).toEqual({
      usageState: "active",
      cpuAllocated: 0.75,
      memoryAllocated: 0.75,
      podsAllocated: 3,
      cpuAvailable: 9.25,
      memoryAvailable: 39.25,
      podsAvailable: 107,
      replicasAvailable: 37,
    });
  });

  it.each([
    ["the CPU", { cpu: 1, memory: 40, pods: 110 }, 1],
    ["the memory", { cpu: 10, memory: 1, pods: 110 }, 1],
    ["the pods", { cpu: 10, memory: 40, pods: 5 }, 2],
  ] as const)("limits available replicas by %s", (_resource, resources, expected) => {
    expect(clusterUsageOf({ deployments: 1, replicas: 3 }, resources).replicasAvailable).toBe(expected);
  });

  it("reports no available replicas beyond the allocatable", () => {
    const usage = clusterUsageOf({ deployments: 1, replicas: 50 }, allocatable);

    expect(usage.cpuAvailable).toBe(0);
    expect(usage.replicasAvailable).toBe(0);
  });

  it("leaves unknown amounts unknown", () => {
    const usage = clusterUsageOf({ deployments: 1, replicas: 3 }, { cpu: 10, memory: 40 });

    expect(usage.podsAvailable).toBeUndefined();
    expect(usage.replicasAvailable).toBeUndefined();
    expect(usage.cpuAvailable).toBe(9.25);
  });
});
