import type { V1Deployment, V1DeploymentCondition, V1Service } from "@kubernetes/client-node";
import {
  imageReference,
  isLabelValue,
  managedByValue,
  replicaResourceRequests,
  type DeploymentStatus,
  type ParsedDeploymentRequest,
} from "./driver";

/** Label selecting the pods of one deployment; its value is the deployment name. */
export const instanceLabelKey = "app.kubernetes.io/instance";
export const managedByLabelKey = "app.kubernetes.io/managed-by";

/** Returns the labels of every object made for a request: the request's labels plus the driver's own. */
export function labelsOf(request: ParsedDeploymentRequest): Record<string, string> {
  const labels: Record<string, string> = {
    ...request.labels,
    "app.kubernetes.io/name": request.artifact.name,
    [instanceLabelKey]: request.name,
    [managedByLabelKey]: managedByValue,
  };
  // An OCI tag may be longer than a label value, or start with '_'; such a version is left out.
  if (isLabelValue(request.artifact.version)) {
    labels["app.kubernetes.io/version"] = request.artifact.version;
  }
  return labels;
}

/** Builds the apps/v1 Deployment that runs the artifact's image with the request's config as environment. */
export function deploymentManifest(request: ParsedDeploymentRequest): V1Deployment {
  const labels = labelsOf(request);
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: request.name, namespace: request.namespace, labels },
    spec: {
      replicas: request.replicas,
      selector: { matchLabels: { [instanceLabelKey]: request.name } },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: request.name,
              image: imageReference(request.artifact),
              env: Object.entries(request.config).map(([name, value]) => ({ name, value })),
              ports: [{ name: "http", containerPort: request.port, protocol: "TCP" }],
              resources: { requests: { ...replicaResourceRequests } },
            },
          ],
        },
      },
    },
  };
}

/** Builds the ClusterIP Service that exposes the Deployment's pods on the container port. */
export function serviceManifest(request: ParsedDeploymentRequest): V1Service {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: request.name, namespace: request.namespace, labels: labelsOf(request) },
    spec: {
      type: "ClusterIP",
      selector: { [instanceLabelKey]: request.name },
      ports: [{ name: "http", port: request.port, targetPort: "http", protocol: "TCP" }],
    },
  };
}

function findCondition(deployment: V1Deployment, type: string): V1DeploymentCondition | undefined {
  return deployment.status?.conditions?.find((condition) => condition.type === type);
}

/**
 * Derives the phase of a Deployment with the checks of `kubectl rollout status`, in its order: nothing is
 * judged until the controller has observed the latest generation (observedGeneration >= generation); then
 * a Progressing condition with reason ProgressDeadlineExceeded means failed; otherwise the rollout waits
 * until every desired replica is updated, no old replica is left, and every updated replica is available.
 */
export function deploymentStatusOf(deployment: V1Deployment): DeploymentStatus {
  const desired = deployment.spec?.replicas ?? 1;
  const status = deployment.status ?? {};
  const readyReplicas = status.readyReplicas ?? 0;

  const waiting = (message: string): DeploymentStatus => {
    const replicaFailure = findCondition(deployment, "ReplicaFailure");
    const failureNote = replicaFailure?.status === "True" && replicaFailure.message ? ` ${replicaFailure.message}` : "";
    return { phase: "progressing", replicas: desired, readyReplicas, message: `${message}${failureNote}` };
  };

  const generation = deployment.metadata?.generation ?? 0;
  if ((status.observedGeneration ?? 0) < generation) {
    return waiting(`Waiting for the Deployment controller to observe generation ${generation}.`);
  }
  // A condition from before the latest generation was observed does not count.
  const progressing = findCondition(deployment, "Progressing");
  if (progressing?.reason === "ProgressDeadlineExceeded") {
    return {
      phase: "failed",
      replicas: desired,
      readyReplicas,
      message: progressing.message ?? "The Deployment exceeded its progress deadline.",
    };
  }
  const updated = status.updatedReplicas ?? 0;
  if (updated < desired) {
    return waiting(`Waiting for rollout: ${updated} of ${desired} replicas updated.`);
  }
  const total = status.replicas ?? 0;
  if (total > updated) {
    return waiting(`Waiting for rollout: ${total - updated} old replicas pending termination.`);
  }
  const available = status.availableReplicas ?? 0;
  if (available < updated) {
    return waiting(`Waiting for rollout: ${available} of ${updated} updated replicas available.`);
  }

  return { phase: "available", replicas: desired, readyReplicas, message: `${available} of ${desired} replicas available.` };
}
