import type { ClusterNode } from "./driver";
import type { KubernetesObject } from "./emulator-resources";
import { instanceLabelKey } from "./manifests";
import { simulatedUsage, type SimulatedDeploymentState } from "./simulated-usage";

interface DeploymentStatusFields {
  replicas?: number;
  availableReplicas?: number;
}

const metricsApiVersion = "metrics.k8s.io/v1beta1";

/**
 * Builds the NodeMetricsList and PodMetricsList that metrics-server would serve for the emulator's
 * Deployments, from the same load model as the simulated cluster, or the CPU set for a Deployment. Each
 * available replica is one pod.
 */
export function emulatedMetrics(nodes: ClusterNode[], deployments: KubernetesObject[], now: number, cpuDemandMillicores: ReadonlyMap<string, number> = new Map()) {
  const states: SimulatedDeploymentState[] = deployments.map((deployment) => {
    const status = (deployment.status ?? {}) as DeploymentStatusFields;
    const desired = (deployment.spec as { replicas?: number }).replicas ?? 1;
    const available = status.availableReplicas ?? 0;
    return {
      namespace: deployment.metadata.namespace ?? "default",
      name: deployment.metadata.name,
      status: { phase: available >= desired ? "available" : "progressing", replicas: desired, readyReplicas: available },
      fault: undefined,
      cpuDemandMillicores: cpuDemandMillicores.get(`${deployment.metadata.namespace ?? "default"}/${deployment.metadata.name}`),
    };
  });
  const usage = simulatedUsage(nodes, states, now);
  const timestamp = new Date(now).toISOString();

  const nodeMetrics = {
    kind: "NodeMetricsList",
    apiVersion: metricsApiVersion,
    metadata: {},
    items: usage.nodes.map((node) => ({
      metadata: { name: node.name, creationTimestamp: timestamp },
      timestamp,
      window: "15s",
      usage: { cpu: `${Math.round((node.cpuUsedMillicores ?? 0) * 1000)}u`, memory: `${Math.round((node.memoryUsedBytes ?? 0) / 1024)}Ki` },
    })),
  };

  const pods = usage.deployments.flatMap((deployment, index) => {
    const labels = ((deployments[index] as KubernetesObject).spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels;
    const running = states[index]?.status.readyReplicas ?? 0;
    return Array.from({ length: running }, (_, replica) => ({
      metadata: { name: `${deployment.name}-${replica}`, namespace: deployment.namespace, labels: { ...labels, [instanceLabelKey]: deployment.name }, creationTimestamp: timestamp },
      timestamp,
      window: "15s",
      containers: [
        {
          name: deployment.name,
          usage: {
            cpu: `${Math.round(((deployment.cpuMillicores ?? 0) / running) * 1000)}u`,
            memory: `${Math.round((deployment.memoryBytes ?? 0) / running / 1024)}Ki`,
          },
        },
      ],
    }));
  });
  const podMetrics = { kind: "PodMetricsList", apiVersion: metricsApiVersion, metadata: {}, items: pods };
  return { nodeMetrics, podMetrics };
}
