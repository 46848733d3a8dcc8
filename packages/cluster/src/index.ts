import { z } from "zod";
import type { ClusterDriver } from "./driver";
import { parseInput } from "./errors";
import { createKubernetesCluster, kubernetesClusterOptionsSchema } from "./kubernetes";
import { createSimulatedCluster, simulatedClusterOptionsSchema } from "./simulated";

export * from "./driver";
export * from "./emulator";
export type { KubernetesObject } from "./emulator-resources";
export { createSelfSignedCertificate, type TlsCertificate } from "./emulator-certificate";
export { ClusterError, type ClusterErrorCode } from "./errors";
export * from "./kubernetes";
export { deploymentManifest, deploymentStatusOf, serviceManifest } from "./manifests";
export * from "./quantity";
export * from "./simulated";
export * from "./simulated-usage";

export const clusterDriverConfigSchema = z.discriminatedUnion("kind", [
  simulatedClusterOptionsSchema.extend({ kind: z.literal("simulated") }),
  kubernetesClusterOptionsSchema.extend({ kind: z.literal("kubernetes") }),
]);
export type ClusterDriverConfig = z.input<typeof clusterDriverConfigSchema>;

/** Creates the driver that `config.kind` selects: a simulated cluster or a real Kubernetes cluster. */
export function createClusterDriver(config: ClusterDriverConfig): ClusterDriver {
  const parsed = parseInput(clusterDriverConfigSchema, config, "cluster driver configuration", "invalidConfig");
  if (parsed.kind === "simulated") {
    const { kind: _simulated, ...options } = parsed;
    return createSimulatedCluster(options);
  }
  const { kind: _kubernetes, ...options } = parsed;
  return createKubernetesCluster(options);
}
