import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  ServerConfiguration,
  VersionApi,
  createConfiguration,
  setHeaderOptions,
  type KubernetesObject,
  type RequestContext,
  type ResponseContext,
  type V1Node,
  type V1ObjectMeta,
} from "@kubernetes/client-node";
import { createLogger } from "@cop-pilot/logger";
import { STATUS_CODES } from "node:http";
import { z } from "zod";
import {
  clusterInfoSchema,
  clusterLoggerSchema,
  deploymentRefSchema,
  deploymentRequestSchema,
  imageReference,
  managedByValue,
  replicasSchema,
  type ClusterDriver,
  type ClusterInfo,
  type ClusterLogger,
  type ClusterNode,
  type DeploymentMetrics,
  type DeploymentRef,
} from "./driver";
import { ClusterError, parseInput, type ClusterErrorCode } from "./errors";
import { cpuUtilizationOf, kubernetesUsage, nodeMetricsListSchema, podMetricsListSchema } from "./kubernetes-usage";
import { deploymentManifest, deploymentStatusOf, instanceLabelKey, managedByLabelKey, serviceManifest } from "./manifests";
import { parseQuantity } from "./quantity";

export const kubernetesClusterOptionsSchema = z.object({
  /** Kubeconfig as YAML text. */
  kubeconfig: z.string().refine((text) => text.trim() !== "", "must contain the kubeconfig YAML text"),
  /** Kubeconfig context to use; the kubeconfig's current-context when absent. */
  context: z.string().min(1).optional(),
  /** Milliseconds after which one API request is aborted. */
  requestTimeoutMs: z.number().int().positive().default(30_000),
  logger: clusterLoggerSchema.optional(),
});
export type KubernetesClusterOptions = z.input<typeof kubernetesClusterOptionsSchema>;

/** Field manager under which the driver applies its objects. */
export const fieldManager = "cop-pilot";

const apiStatusSchema = z.looseObject({ message: z.string().optional(), reason: z.string().optional() });

const errorCodeByHttpStatus: Record<number, ClusterErrorCode> = {
  400: "invalidRequest",
  401: "unauthorized",
  403: "forbidden",
  404: "notFound",
  409: "conflict",
  422: "invalidRequest",
};

const hintByHttpStatus: Record<number, string> = {
  401: " Check the token or client certificate of the kubeconfig user.",
  403: " Grant the kubeconfig user RBAC permission for this request.",
};

/** Reads `message` and `reason` from the Status object that the API server sends with an error. */
function readApiStatus(body: unknown): z.infer<typeof apiStatusSchema> {
  let value = body;
  if (typeof body === "string") {
    try {
      value = JSON.parse(body);
    } catch {
      return body.trim() === "" ? {} : { message: body.trim() };
    }
  }
  const result = apiStatusSchema.safeParse(value);
  return result.success ? result.data : {};
}

function loadKubeConfig(kubeconfig: string, context: string | undefined): KubeConfig {
  const config = new KubeConfig();
  try {
    config.loadFromString(kubeconfig);
  } catch (error) {
    throw new ClusterError("invalidConfig", `Invalid kubeconfig: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }

  if (context !== undefined) {
    if (config.getContextObject(context) === null) {
      const known = config.getContexts().map((entry) => entry.name);
      throw new ClusterError("invalidConfig", `Kubeconfig context "${context}" not found; the kubeconfig defines: ${known.join(", ") || "no contexts"}`);
    }
    config.setCurrentContext(context);
  }
  const currentContext = config.getCurrentContext() as string | undefined;
  if (!currentContext) {
    throw new ClusterError("invalidConfig", "Kubeconfig sets no current-context; set it or pass the context option");
  }
  if (config.getCurrentCluster() === null) {
    throw new ClusterError("invalidConfig", `Kubeconfig context "${currentContext}" refers to a cluster that the kubeconfig does not define`);
  }
  return config;
}

function toClusterNode(node: V1Node): unknown {
  const labels = node.metadata?.labels ?? {};
  const roles = Object.keys(labels)
    .filter((key) => key.startsWith("node-role.kubernetes.io/"))
    .map((key) => key.slice("node-role.kubernetes.io/".length));
  // Older clusters mark the role with the kubernetes.io/role label instead.
  const legacyRole = labels["kubernetes.io/role"];
  if (legacyRole !== undefined && !roles.includes(legacyRole)) {
    roles.push(legacyRole);
  }

  const resources = (list: Record<string, string> | undefined) => ({
    cpu: list?.cpu ?? "0",
    memory: list?.memory ?? "0",
    pods: list?.pods ?? "0",
  });
  const ready = node.status?.conditions?.some((condition) => condition.type === "Ready" && condition.status === "True") ?? false;

  return {
    name: node.metadata?.name ?? "",
    roles,
    ready,
    capacity: resources(node.status?.capacity),
    allocatable: resources(node.status?.allocatable),
  } satisfies Record<keyof ClusterNode, unknown>;
}

/**
 * Creates a driver of a real Kubernetes cluster. `deploy` creates the namespace when missing, then
 * applies an apps/v1 Deployment and a ClusterIP Service of the same name server-side; `scale` patches
 * the Deployment's scale subresource. Objects that
 * exist without the label app.kubernetes.io/managed-by=cop-pilot-do are never overwritten or deleted.
 *
 * NOTE: the artifact is run as a container image (registry path + name:version); an artifact that is
 * a Helm chart is not rendered.
 */
export function createKubernetesCluster(options: KubernetesClusterOptions): ClusterDriver {
  const { kubeconfig, context, requestTimeoutMs, logger: loggerOption } = parseInput(
    kubernetesClusterOptionsSchema,
    options,
    "Kubernetes cluster options",
    "invalidConfig",
  );
  const logger: ClusterLogger = loggerOption ?? createLogger("cluster.kubernetes");
  const kubeConfig = loadKubeConfig(kubeconfig, context);
  const cluster = kubeConfig.getCurrentCluster();
  const clusterName = cluster?.name ?? "";
  const server = cluster?.server ?? "";

  const configuration = createConfiguration({
    baseServer: new ServerConfiguration(server, {}),
    authMethods: { default: kubeConfig },
    promiseMiddleware: [
      {
        async pre(request: RequestContext) {
          request.setSignal(AbortSignal.timeout(requestTimeoutMs));
          return request;
        },
        async post(response: ResponseContext) {
          return response;
        },
      },
    ],
  });
  const coreApi = new CoreV1Api(configuration);
  const appsApi = new AppsV1Api(configuration);
  const versionApi = new VersionApi(configuration);
  const objectApi = new KubernetesObjectApi(configuration);
  const customObjectsApi = new CustomObjectsApi(configuration);

  const managedSelector = `${managedByLabelKey}=${managedByValue}`;

  function toClusterError(error: unknown, operation: string): ClusterError {
    if (error instanceof ClusterError) {
      return error;
    }
    if (error instanceof ApiException) {
      const httpStatus = Number(error.code);
      const { message, reason } = readApiStatus(error.body);
      // The generated client drops the body of a 401 reply, so the HTTP status text is used instead.
      const detail = message ?? reason ?? STATUS_CODES[httpStatus] ?? "no message";
      const reasonText = reason !== undefined && reason !== detail ? ` (${reason})` : "";
      return new ClusterError(
        errorCodeByHttpStatus[httpStatus] ?? "apiServerError",
        `${operation} failed: the Kubernetes API server at ${server} returned HTTP ${httpStatus}${reasonText}: ${detail}.${hintByHttpStatus[httpStatus] ?? ""}`,
        { httpStatus, cause: error },
      );
    }
    const name = error instanceof Error ? error.name : "";
    const text = error instanceof Error ? error.message : String(error);
    if (name === "AbortError" || name === "TimeoutError") {
      return new ClusterError("timeout", `${operation} timed out after ${requestTimeoutMs} ms waiting for the Kubernetes API server at ${server}.`, {
        cause: error,
      });
    }
    if (name === "FetchError") {
      return new ClusterError("unreachable", `${operation} failed: cannot reach the Kubernetes API server at ${server}: ${text}`, { cause: error });
    }
    return new ClusterError("apiServerError", `${operation} failed: ${text}`, { cause: error });
  }

  async function call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw toClusterError(error, operation);
    }
  }

  /** Calls `send` and returns undefined when the API server replies 404 Not Found. */
  async function callUnlessNotFound<T>(operation: string, send: () => Promise<T>): Promise<T | undefined> {
    try {
      return await call(operation, send);
    } catch (error) {
      if (error instanceof ClusterError && error.httpStatus === 404) {
        return undefined;
      }
      throw error;
    }
  }

  function assertManaged(kind: string, metadata: V1ObjectMeta | undefined): void {
    if (metadata?.labels?.[managedByLabelKey] !== managedByValue) {
      throw new ClusterError(
        "conflict",
        `${kind} "${metadata?.namespace}/${metadata?.name}" exists but is not managed by ${managedByValue} (label ${managedByLabelKey}); delete or rename it`,
        { httpStatus: 409 },
      );
    }
  }

  async function ensureNamespace(namespace: string): Promise<void> {
    const existing = await callUnlessNotFound(`Read Namespace "${namespace}"`, () => coreApi.readNamespace({ name: namespace }));
    if (existing !== undefined) {
      return;
    }
    try {
      await call(`Create Namespace "${namespace}"`, () =>
        coreApi.createNamespace({
          body: { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace, labels: { [managedByLabelKey]: managedByValue } } },
        }),
      );
      logger.info({ cluster: clusterName, namespace }, "Created namespace");
    } catch (error) {
      // Another writer created it between our read and create.
      if (!(error instanceof ClusterError && error.httpStatus === 409)) {
        throw error;
      }
    }
  }

  /**
   * Applies an object server-side as field manager "cop-pilot", forcing ownership of conflicting fields.
   * The API server creates the object when absent and otherwise merges the applied fields into it, so no
   * resourceVersion race needs handling. An existing object that this driver does not manage is refused.
   */
  async function apply<T extends { metadata?: V1ObjectMeta }>(kind: string, desired: T, read: () => Promise<T>): Promise<"created" | "updated"> {
    const path = `${desired.metadata?.namespace}/${desired.metadata?.name}`;
    const existing = await callUnlessNotFound(`Read ${kind} "${path}"`, read);
    if (existing !== undefined) {
      assertManaged(kind, existing.metadata);
    }
    await call(`Apply ${kind} "${path}"`, () =>
      objectApi.patch(structuredClone(desired) as KubernetesObject, undefined, undefined, fieldManager, true, PatchStrategy.ServerSideApply),
    );
    return existing === undefined ? "created" : "updated";
  }

  return {
    async describe(): Promise<ClusterInfo> {
      const version = await call("Read /version", () => versionApi.getCode());
      const nodeList = await call("List Nodes", () => coreApi.listNode());
      return parseInput(
        clusterInfoSchema,
        { name: clusterName, kind: "kubernetes", version: version.gitVersion, nodes: nodeList.items.map(toClusterNode) },
        `reply of the Kubernetes API server at ${server}`,
        "apiServerError",
      );
    },

    async deploy(input): Promise<DeploymentRef> {
      const request = parseInput(deploymentRequestSchema, input, "deployment request");
      const { namespace, name } = request;
      if (request.simulateFailure) {
        logger.warn({ cluster: clusterName, namespace, name }, "simulateFailure is ignored by the Kubernetes driver");
      }

      await ensureNamespace(namespace);

      const deploymentResult = await apply("Deployment", deploymentManifest(request), () => appsApi.readNamespacedDeployment({ name, namespace }));
      // The applied Service leaves out clusterIP, so the one the API server assigned stays.
      const serviceResult = await apply("Service", serviceManifest(request), () => coreApi.readNamespacedService({ name, namespace }));

      logger.info(
        { cluster: clusterName, namespace, name, deployment: deploymentResult, service: serviceResult, image: imageReference(request.artifact), replicas: request.replicas },
        "Applied Deployment and Service",
      );
      return { namespace, name };
    },

    async scale(input, replicas) {
      const { namespace, name } = parseInput(deploymentRefSchema, input, "deployment reference");
      const count = parseInput(replicasSchema, replicas, "replica count");
      const path = `${namespace}/${name}`;
      const deployment = await call(`Read Deployment "${path}"`, () => appsApi.readNamespacedDeployment({ name, namespace }));
      assertManaged("Deployment", deployment.metadata);
      await call(`Scale Deployment "${path}"`, () =>
        appsApi.patchNamespacedDeploymentScale(
          { name, namespace, body: { spec: { replicas: count } }, fieldManager },
          setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
        ),
      );
      logger.info({ cluster: clusterName, namespace, name, replicas: count }, "Scaled Deployment");
    },

    async getDeploymentStatus(input) {
      const { namespace, name } = parseInput(deploymentRefSchema, input, "deployment reference");
      const deployment = await callUnlessNotFound(`Read Deployment "${namespace}/${name}"`, () =>
        appsApi.readNamespacedDeployment({ name, namespace }),
      );
      if (deployment === undefined) {
        return { phase: "notFound", replicas: 0, readyReplicas: 0, message: `Deployment "${namespace}/${name}" does not exist.` };
      }
      return deploymentStatusOf(deployment);
    },

    async getDeploymentMetrics(input): Promise<DeploymentMetrics> {
      const { namespace, name } = parseInput(deploymentRefSchema, input, "deployment reference");
      const path = `${namespace}/${name}`;
      const deployment = await callUnlessNotFound(`Read Deployment "${path}"`, () => appsApi.readNamespacedDeployment({ name, namespace }));
      if (deployment === undefined) {
        throw new ClusterError("notFound", `Deployment "${path}" does not exist in cluster "${clusterName}".`, { httpStatus: 404 });
      }
      const { replicas, readyReplicas } = deploymentStatusOf(deployment);
      const requestedCpuPerPod = (deployment.spec?.template.spec?.containers ?? []).reduce(
        (sum, container) => sum + parseQuantity(String(container.resources?.requests?.cpu ?? "0")),
        0,
      );
      // A cluster without metrics-server has no metrics.k8s.io API and replies 404; the figure is then unknown.
      const reply = await callUnlessNotFound(`List PodMetrics of Deployment "${path}"`, () =>
        customObjectsApi.listNamespacedCustomObject({ group: "metrics.k8s.io", version: "v1beta1", namespace, plural: "pods", labelSelector: `${instanceLabelKey}=${name}` }),
      );
      if (reply === undefined) {
        return { cpuUtilizationPercent: null, replicas, readyReplicas, source: "the cluster serves no metrics.k8s.io API" };
      }
      const metrics = parseInput(podMetricsListSchema, reply, `PodMetrics reply of the Kubernetes API server at ${server}`, "apiServerError");
      if (requestedCpuPerPod === 0) {
        return { cpuUtilizationPercent: null, replicas, readyReplicas, source: "the pods request no CPU" };
      }
      const percent = cpuUtilizationOf(metrics, requestedCpuPerPod);
      return { cpuUtilizationPercent: percent, replicas, readyReplicas, source: percent === null ? "no pod reported metrics" : "metrics.k8s.io" };
    },

    async usage() {
      const nodeList = await call("List Nodes", () => coreApi.listNode());
      const deploymentList = await call("List Deployments", () => appsApi.listDeploymentForAllNamespaces({ labelSelector: managedSelector }));
      // A cluster without metrics-server has no metrics.k8s.io API and replies 404.
      const nodeMetrics = await callUnlessNotFound("List NodeMetrics", () =>
        customObjectsApi.listClusterCustomObject({ group: "metrics.k8s.io", version: "v1beta1", plural: "nodes" }),
      );
      const podMetrics = await callUnlessNotFound("List PodMetrics", () =>
        customObjectsApi.listClusterCustomObject({ group: "metrics.k8s.io", version: "v1beta1", plural: "pods", labelSelector: managedSelector }),
      );
      return kubernetesUsage({
        nodes: nodeList.items,
        nodeMetrics: nodeMetrics === undefined ? undefined : parseInput(nodeMetricsListSchema, nodeMetrics, `NodeMetricsList from ${server}`, "apiServerError"),
        deployments: deploymentList.items,
        podMetrics: podMetrics === undefined ? undefined : parseInput(podMetricsListSchema, podMetrics, `PodMetricsList from ${server}`, "apiServerError"),
        now: Date.now(),
      });
    },

    async deleteDeployment(input) {
      const { namespace, name } = parseInput(deploymentRefSchema, input, "deployment reference");

      const service = await callUnlessNotFound(`Read Service "${namespace}/${name}"`, () => coreApi.readNamespacedService({ name, namespace }));
      if (service !== undefined) {
        assertManaged("Service", service.metadata);
        await callUnlessNotFound(`Delete Service "${namespace}/${name}"`, () => coreApi.deleteNamespacedService({ name, namespace }));
      }

      const deployment = await callUnlessNotFound(`Read Deployment "${namespace}/${name}"`, () =>
        appsApi.readNamespacedDeployment({ name, namespace }),
      );
      if (deployment !== undefined) {
        assertManaged("Deployment", deployment.metadata);
        await callUnlessNotFound(`Delete Deployment "${namespace}/${name}"`, () =>
          appsApi.deleteNamespacedDeployment({ name, namespace, propagationPolicy: "Background" }),
        );
      }

      if (service !== undefined || deployment !== undefined) {
        logger.info({ cluster: clusterName, namespace, name }, "Deleted Deployment and Service");
      }
    },
  };
}
