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
    });
  });
});
