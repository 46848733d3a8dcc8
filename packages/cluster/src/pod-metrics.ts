import { z } from "zod";
import { parseQuantity } from "./quantity";

// PodMetrics of the metrics.k8s.io/v1beta1 API that metrics-server serves: the CPU and memory each
// container used over the last sampling window.
export const podMetricsListSchema = z.object({
  items: z.array(
    z.object({
      metadata: z.object({ name: z.string() }),
      containers: z.array(z.object({ name: z.string(), usage: z.object({ cpu: z.string() }).loose() })),
    }),
  ),
});
export type PodMetricsList = z.infer<typeof podMetricsListSchema>;

/**
 * Returns the mean CPU use of the pods as a percentage of what each pod requests (`requestedCpuPerPod`, in
 * cores), rounded to one decimal, or null when no pod reported metrics.
 */
export function cpuUtilizationOf(metrics: PodMetricsList, requestedCpuPerPod: number): number | null {
  if (metrics.items.length === 0 || requestedCpuPerPod <= 0) return null;
  const usedCores = metrics.items.reduce((total, pod) => total + pod.containers.reduce((sum, container) => sum + parseQuantity(container.usage.cpu), 0), 0);
  const percent = (usedCores / (metrics.items.length * requestedCpuPerPod)) * 100;
  return Math.round(percent * 10) / 10;
}
