import { createHash } from "node:crypto";
import { z } from "zod";
import { artifactSchema, type Artifact } from "./artifact";
import { ClusterError } from "./errors";
import { quantitySchema } from "./quantity";

const dns1123LabelPattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1035LabelPattern = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const dns1123SubdomainPattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const labelNamePattern = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
// Environment variable names as Kubernetes validates them without the RelaxedEnvironmentVariableValidation gate.
const envVarNamePattern = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** Label value that the cluster driver sets as `app.kubernetes.io/managed-by`. */
export const managedByValue = "cop-pilot-do";

/** Labels that the driver sets itself, so a request may not set them. */
export const reservedLabelKeys = [
  "app.kubernetes.io/name",
  "app.kubernetes.io/instance",
  "app.kubernetes.io/version",
  "app.kubernetes.io/managed-by",
] as const;

/** Resources each replica requests, in the simulated cluster's accounting and in real Deployments alike. */
export const replicaResourceRequests = { cpu: "250m", memory: "256Mi" } as const;

export const dns1123LabelSchema = z
  .string()
  .max(63, "must be at most 63 characters")
  .regex(dns1123LabelPattern, "must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit");

export function isLabelValue(text: string): boolean {
  return text === "" || (text.length <= 63 && labelNamePattern.test(text));
}

function isLabelKey(key: string): boolean {
  const slash = key.indexOf("/");
  const prefix = slash === -1 ? undefined : key.slice(0, slash);
  const name = slash === -1 ? key : key.slice(slash + 1);
  if (prefix !== undefined && (prefix.length > 253 || !dns1123SubdomainPattern.test(prefix))) {
    return false;
  }
  return name.length <= 63 && labelNamePattern.test(name);
}

export const labelsSchema = z.record(z.string(), z.string()).superRefine((labels, context) => {
  for (const [key, value] of Object.entries(labels)) {
    if (!isLabelKey(key)) {
      context.addIssue({ code: "custom", path: [key], message: `"${key}" is not a valid Kubernetes label key` });
    } else if ((reservedLabelKeys as readonly string[]).includes(key)) {
      context.addIssue({ code: "custom", path: [key], message: `label "${key}" is set by the cluster driver and may not be requested` });
    }
    if (!isLabelValue(value)) {
      context.addIssue({
        code: "custom",
        path: [key],
        message: `"${value}" is not a valid label value: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`,
      });
    }
  }
});

export const replicasSchema = z.number().int().min(0);

export { artifactSchema, ociTagPattern, type Artifact } from "./artifact";

export const deploymentRequestSchema = z.object({
  namespace: dns1123LabelSchema,
  // A DNS-1035 label is also a DNS-1123 label, and a Service name must be one.
  name: z
    .string()
    .max(63, "must be at most 63 characters")
    .regex(dns1035LabelPattern, "must be a DNS-1035 label (lowercase letters, digits and '-', starting with a letter) because it also names the Service; use toDeploymentName()"),
  artifact: artifactSchema,
  replicas: replicasSchema.default(1),
  config: z
    .record(z.string().regex(envVarNamePattern, "must be an environment variable name: letters, digits, '_', '-' or '.', not starting with a digit"), z.string())
    .default({}),
  labels: labelsSchema.default({}),
  /** Container port that the ClusterIP Service exposes under the same number. */
  port: z.number().int().min(1).max(65535).default(8080),
  simulateFailure: z.boolean().default(false),
});
/** Deployment request as callers write it; fields with defaults may be left out. */
export type DeploymentRequest = z.input<typeof deploymentRequestSchema>;
/** Deployment request after validation, with defaults filled in. */
export type ParsedDeploymentRequest = z.output<typeof deploymentRequestSchema>;

export const deploymentRefSchema = z.object({
  namespace: dns1123LabelSchema,
  name: dns1123LabelSchema,
});
export type DeploymentRef = z.infer<typeof deploymentRefSchema>;

export const deploymentPhaseSchema = z.enum(["progressing", "available", "failed", "notFound"]);
export type DeploymentPhase = z.infer<typeof deploymentPhaseSchema>;

export const deploymentStatusSchema = z.object({
  phase: deploymentPhaseSchema,
  /** Desired replica count of the deployment. */
  replicas: z.number().int().min(0),
  readyReplicas: z.number().int().min(0),
  message: z.string().optional(),
});
export type DeploymentStatus = z.infer<typeof deploymentStatusSchema>;

export const resourceListSchema = z.object({
  cpu: quantitySchema,
  memory: quantitySchema,
  pods: quantitySchema,
});
export type ResourceList = z.infer<typeof resourceListSchema>;

export const clusterNodeSchema = z.object({
  name: z.string().min(1),
  roles: z.array(z.string()),
  ready: z.boolean(),
  capacity: resourceListSchema,
  allocatable: resourceListSchema,
});
export type ClusterNode = z.infer<typeof clusterNodeSchema>;

export const clusterKindSchema = z.enum(["simulated", "kubernetes"]);
export type ClusterKind = z.infer<typeof clusterKindSchema>;

export const clusterInfoSchema = z.object({
  name: z.string().min(1),
  kind: clusterKindSchema,
  /** Kubernetes gitVersion, such as "v1.31.0". */
  version: z.string().min(1),
  nodes: z.array(clusterNodeSchema),
  /** Sum of the resource requests of the deployments this driver manages; absent when the driver does not compute it. */
  allocated: resourceListSchema.optional(),
});
export type ClusterInfo = z.infer<typeof clusterInfoSchema>;

/** Resource use of one deployment, as supervision reads it. */
export interface DeploymentMetrics {
  /**
   * Mean CPU use of the deployment's running pods as a percentage of their CPU requests, so 100 means the
   * pods use what they requested. Null when the cluster cannot report it: no metrics API, or no pod running.
   */
  cpuUtilizationPercent: number | null;
  replicas: number;
  readyReplicas: number;
  /** Source of the CPU figure, or the reason it is null. */
  source: string;
}

export const nodeUsageSchema = z.object({
  name: z.string().min(1),
  /** CPU in use, in millicores; null when the cluster reports no metrics. */
  cpuUsedMillicores: z.number().min(0).nullable(),
  cpuAllocatableMillicores: z.number().min(0),
  /** Memory in use, in bytes; null when the cluster reports no metrics. */
  memoryUsedBytes: z.number().min(0).nullable(),
  memoryAllocatableBytes: z.number().min(0),
});
export type NodeUsage = z.infer<typeof nodeUsageSchema>;

export const deploymentUsageSchema = z.object({
  namespace: z.string().min(1),
  name: z.string().min(1),
  /** Desired replica count. */
  replicas: z.number().int().min(0),
  readyReplicas: z.number().int().min(0),
  /** CPU used by all its pods, in millicores; null when the cluster reports no metrics. */
  cpuMillicores: z.number().min(0).nullable(),
  /** Memory used by all its pods, in bytes; null when the cluster reports no metrics. */
  memoryBytes: z.number().min(0).nullable(),
  /** Whether the deployment serves: at least one ready replica and no failed rollout. */
  healthy: z.boolean(),
  /** Response time of the readiness probe, in milliseconds; null when the driver cannot measure it. */
  probeLatencyMs: z.number().min(0).nullable(),
});
export type DeploymentUsage = z.infer<typeof deploymentUsageSchema>;

export const clusterUsageSchema = z.object({
  sampledAt: z.iso.datetime(),
  nodes: z.array(nodeUsageSchema),
  /** Deployments that this driver manages. */
  deployments: z.array(deploymentUsageSchema),
});
export type ClusterUsage = z.infer<typeof clusterUsageSchema>;

/** Driver of one cluster into which a Domain Orchestrator deploys ordered services. */
export interface ClusterDriver {
  describe(): Promise<ClusterInfo>;
  /** Creates the deployment, or updates it when one of the same namespace and name exists. */
  deploy(request: DeploymentRequest): Promise<DeploymentRef>;
  /** Sets the replica count of an existing deployment and leaves the rest of it as it is. */
  scale(ref: DeploymentRef, replicas: number): Promise<void>;
  getDeploymentStatus(ref: DeploymentRef): Promise<DeploymentStatus>;
  /** Reads the deployment's current CPU use; a deployment that does not exist is a ClusterError "notFound". */
  getDeploymentMetrics(ref: DeploymentRef): Promise<DeploymentMetrics>;
  /** Deletes the deployment and its Service; succeeds when neither exists. */
  deleteDeployment(ref: DeploymentRef): Promise<void>;
  /** Measures resource use per node and use and health per managed deployment, at one moment. */
  usage(): Promise<ClusterUsage>;
}

/** Logger shape the drivers need; a pino Logger fits it. */
export interface ClusterLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export const clusterLoggerSchema = z.custom<ClusterLogger>(
  (value) =>
    typeof value === "object" &&
    value !== null &&
    ["info", "warn", "error"].every((method) => typeof (value as Record<string, unknown>)[method] === "function"),
  "must be an object with info, warn and error methods",
);

/** Returns the container image of an artifact: the registry without `oci://`, then `/name:version`. */
export function imageReference(artifact: Artifact): string {
  const registry = artifact.registry.replace(/^oci:\/\//, "").replace(/\/$/, "");
  return `${registry}/${artifact.name}:${artifact.version}`;
}

/**
 * Derives a deployment name from free text such as a service name or id: a DNS-1035 label, so that it
 * is also a valid Service name. Text that starts with a digit gets the prefix "svc-". Text longer than
 * 63 characters is cut and given a hash suffix, so that different long texts keep different names.
 * Throws a ClusterError when the text contains no letter or digit.
 */
export function toDeploymentName(text: string): string {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (slug === "") {
    throw new ClusterError("invalidRequest", `Cannot derive a deployment name from "${text}": it contains no letter or digit`);
  }

  const name = /^[0-9]/.test(slug) ? `svc-${slug}` : slug;
  if (name.length <= 63) {
    return name;
  }
  const hash = createHash("sha256").update(text).digest("hex").slice(0, 8);
  return `${name.slice(0, 54).replace(/-+$/, "")}-${hash}`;
}
