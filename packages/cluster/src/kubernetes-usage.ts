import type { V1Deployment, V1Node } from "@kubernetes/client-node";
import { z } from "zod";
import type { ClusterUsage, DeploymentUsage, NodeUsage } from "./driver";
import { deploymentStatusOf, instanceLabelKey } from "./manifests";
import { parseQuantity } from "./quantity";

const usageSchema = z.object({ cpu: z.string(), memory: z.string() });

/** NodeMetricsList of metrics.k8s.io/v1beta1, as metrics-server serves it. */
export const nodeMetricsListSchema = z.object({
  items: z.array(z.looseObject({ metadata: z.looseObject({ name: z.string() }), usage: usageSchema })),
});

/** PodMetricsList of metrics.k8s.io/v1beta1; metrics-server copies the pod's labels into the metadata. */
export const podMetricsListSchema = z.object({
  items: z.array(
    z.looseObject({
      metadata: z.looseObject({ name: z.string(), namespace: z.string(), labels: z.record(z.string(), z.string()).optional() }),
      containers: z.array(z.looseObject({ name: z.string(), usage: usageSchema })),
    }),
  ),
});

/**
 * Returns the mean CPU use of the pods as a percentage of what each pod requests (`requestedCpuPerPod`, in
 * cores), rounded to one decimal, or null when no pod reported metrics.
 */
export function cpuUtilizationOf(metrics: z.infer<typeof podMetricsListSchema>, requestedCpuPerPod: number): number | null {
  if (metrics.items.length === 0 || requestedCpuPerPod <= 0) return null;
  const usedCores = metrics.items.reduce((total, pod) => total + pod.containers.reduce((sum, container) => sum + parseQuantity(container.usage.cpu), 0), 0);
  const percent = (usedCores / (metrics.items.length * requestedCpuPerPod)) * 100;
  return Math.round(percent * 10) / 10;
}

export interface KubernetesUsageInput {
  nodes: V1Node[];
  /** Undefined when the cluster serves no metrics.k8s.io API. */
  nodeMetrics: z.infer<typeof nodeMetricsListSchema> | undefined;
  deployments: V1Deployment[];
  podMetrics: z.infer<typeof podMetricsListSchema> | undefined;
  now: number;
}

function quantityOrZero(text: string | undefined): number {
  return text === undefined ? 0 : parseQuantity(text);
}

/** Converts a CPU quantity to millicores, rounded to a tenth so that float error of suffixes like "u" goes. */
function millicoresOf(cores: number): number {
  return Math.round(cores * 10_000) / 10;
}

/**
 * Combines Node status, Deployment status and metrics.k8s.io readings into a ClusterUsage. A deployment
 * is healthy when its rollout has not failed and at least one replica is ready.
 *
 * NOTE: Kubernetes publishes no readiness probe latency, so probeLatencyMs is always null here.
 */
export function kubernetesUsage(input: KubernetesUsageInput): ClusterUsage {
  const nodeUse = new Map(input.nodeMetrics?.items.map((item) => [item.metadata.name, item.usage]));
  const nodes: NodeUsage[] = input.nodes.map((node) => {
    const name = node.metadata?.name ?? "";
    const use = nodeUse.get(name);
    return {
      name,
      cpuUsedMillicores: use === undefined ? null : millicoresOf(parseQuantity(use.cpu)),
      cpuAllocatableMillicores: millicoresOf(quantityOrZero(node.status?.allocatable?.cpu)),
      memoryUsedBytes: use === undefined ? null : parseQuantity(use.memory),
      memoryAllocatableBytes: quantityOrZero(node.status?.allocatable?.memory),
    };
  });

  // Pod use summed per deployment, keyed by "namespace/instance label".
  const podUse = new Map<string, { cpu: number; memory: number }>();
  for (const pod of input.podMetrics?.items ?? []) {
    const instance = pod.metadata.labels?.[instanceLabelKey];
    if (instance === undefined) continue;
    const key = `${pod.metadata.namespace}/${instance}`;
    const entry = podUse.get(key) ?? { cpu: 0, memory: 0 };
    for (const container of pod.containers) {
      entry.cpu += millicoresOf(parseQuantity(container.usage.cpu));
      entry.memory += parseQuantity(container.usage.memory);
    }
    podUse.set(key, entry);
  }

  const deployments: DeploymentUsage[] = input.deployments.map((deployment) => {
    const namespace = deployment.metadata?.namespace ?? "";
    const name = deployment.metadata?.name ?? "";
    const status = deploymentStatusOf(deployment);
    // Without the metrics API the use is unknown (null); with it, a deployment without pod metrics uses nothing.
    const use = input.podMetrics === undefined ? undefined : (podUse.get(`${namespace}/${name}`) ?? { cpu: 0, memory: 0 });
    return {
      namespace,
      name,
      replicas: status.replicas,
      readyReplicas: status.readyReplicas,
      cpuMillicores: use === undefined ? null : Math.round(use.cpu * 10) / 10,
      memoryBytes: use === undefined ? null : Math.round(use.memory),
      healthy: status.phase !== "failed" && status.readyReplicas > 0,
      probeLatencyMs: null,
    };
  });

  return { sampledAt: new Date(input.now).toISOString(), nodes, deployments };
}
