import {
  ClusterError,
  deploymentRequestSchema,
  isLabelValue,
  toDeploymentName,
  type DeploymentRef,
  type DeploymentRequest,
} from "@cop-pilot/cluster";
import { orderParameterNames, type Domain } from "@cop-pilot/service-library";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import type { z } from "zod";
import { deploymentResourceCategory } from "../inventory/resource-names";
import { characteristicValue, type EntityRefDocument, type ServiceOrderDocument, type ServiceOrderItemDocument } from "./documents";

// How an order item becomes a deployment in the domain's cluster. The
// deployment's name is derived from the order and the item alone, so a
// processor that restarts half-way finds the deployment it created.

/** Label keys of the deployments this DO creates, naming the order and item they serve. */
export const serviceOrderIdLabel = "cop-pilot/service-order-id";
export const serviceOrderItemIdLabel = "cop-pilot/service-order-item-id";

/** `@referredType` of the supportingResource that names a deployment. */
export const deploymentReferredType = deploymentResourceCategory;

const artifactCharacteristics = { registry: "artifactRegistry", name: "artifactName", version: "artifactVersion" } as const;

// Characteristics the DO consumes itself; every other one reaches the workload as configuration.
const orchestrationCharacteristics = new Set<string>([...orderParameterNames, "replicas"]);

function configValue(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Returns the name of the deployment that serves an order item. */
export function deploymentNameOf(order: Pick<ServiceOrderDocument, "id">, item: ServiceOrderItemDocument): string {
  const serviceName = item.service.name ?? item.service.serviceSpecification?.name ?? "service";
  // The whole order id keeps names unique across orders (a name over 63 characters ends in a hash of the whole text).
  return toDeploymentName(`${serviceName}-${order.id}-${item.id}`);
}

export function deploymentRefOf(order: Pick<ServiceOrderDocument, "id">, item: ServiceOrderItemDocument, domain: Domain): DeploymentRef {
  return { namespace: domain.id, name: deploymentNameOf(order, item) };
}

/** Builds the cluster request of an order item from its resolved characteristics. */
export function deploymentRequestOf(order: Pick<ServiceOrderDocument, "id">, item: ServiceOrderItemDocument, domain: Domain): DeploymentRequest {
  const config: Record<string, string> = {};
  for (const characteristic of item.service.serviceCharacteristic ?? []) {
    if (!orchestrationCharacteristics.has(characteristic.name)) config[characteristic.name] = configValue(characteristic.value);
  }
  const labels: Record<string, string> = { [serviceOrderIdLabel]: order.id };
  if (isLabelValue(item.id)) labels[serviceOrderItemIdLabel] = item.id;

  return {
    ...deploymentRefOf(order, item, domain),
    artifact: {
      registry: characteristicValue(item, artifactCharacteristics.registry) as string,
      name: characteristicValue(item, artifactCharacteristics.name) as string,
      version: characteristicValue(item, artifactCharacteristics.version) as string,
    },
    replicas: (characteristicValue(item, "replicas") as number | undefined) ?? 1,
    config,
    labels,
  };
}

function characteristicOfIssue(issue: z.core.$ZodIssue): string | undefined {
  const [first, second] = issue.path;
  if (first === "artifact" && typeof second === "string" && second in artifactCharacteristics) {
    return artifactCharacteristics[second as keyof typeof artifactCharacteristics];
  }
  if (first === "replicas") return "replicas";
  if (first === "config" && typeof second === "string") return second;
  return undefined;
}

/** One reason why an order item cannot become a deployment, with the characteristic at fault when there is one. */
export interface DeploymentProblem {
  characteristic?: string;
  message: string;
}

/**
 * Checks that an order item can become a deployment, and returns one problem
 * per fault naming the characteristic at fault. Empty when the item is fine.
 */
export function deploymentIssuesOf(order: Pick<ServiceOrderDocument, "id">, item: ServiceOrderItemDocument, domain: Domain): DeploymentProblem[] {
  const missing = Object.values(artifactCharacteristics).filter((name) => characteristicValue(item, name) === undefined);
  if (missing.length > 0) {
    const names = Object.values(artifactCharacteristics).join(", ");
    return missing.map((name) => ({ characteristic: name, message: `${name} has no value; this DO deploys only specifications that define ${names}` }));
  }

  let request: DeploymentRequest;
  try {
    request = deploymentRequestOf(order, item, domain);
  } catch (error) {
    if (error instanceof ClusterError) return [{ message: error.message }];
    throw error;
  }
  const result = deploymentRequestSchema.safeParse(request);
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const characteristic = characteristicOfIssue(issue);
    return characteristic
      ? { characteristic, message: `${characteristic} ${issue.message}` }
      : { message: `${issue.path.map(String).join(".")}: ${issue.message}` };
  });
}

/** Returns the messages of deploymentIssuesOf, one per problem. */
export function deploymentProblemsOf(order: Pick<ServiceOrderDocument, "id">, item: ServiceOrderItemDocument, domain: Domain): string[] {
  return deploymentIssuesOf(order, item, domain).map((problem) => problem.message);
}

/**
 * Returns the id of the TMF639 resource of a deployment. It is derived from
 * the namespace and name, so that a processor that restarts half-way finds the
 * resource it created. A dot separates them because neither DNS label contains
 * one, and unlike a slash it needs no escaping in a URL path.
 */
export function deploymentResourceId(ref: DeploymentRef): string {
  return `${ref.namespace}.${ref.name}`;
}

/** Returns the TMF639 resource name of a deployment: "namespace/name", as kubectl writes it. */
export function deploymentResourceName(ref: DeploymentRef): string {
  return `${ref.namespace}/${ref.name}`;
}

/** Returns the supportingResource entry that refers to the TMF639 resource of a deployment. */
export function deploymentResourceRef(ref: DeploymentRef, baseUrl: string): EntityRefDocument {
  const id = deploymentResourceId(ref);
  return {
    id,
    href: `${baseUrl}${tmfApiPaths.resourceInventory}/resource/${id}`,
    name: deploymentResourceName(ref),
    "@referredType": deploymentReferredType,
  };
}

function splitDeploymentKey(text: string | undefined, separator: string): DeploymentRef | undefined {
  const [namespace, name, ...rest] = (text ?? "").split(separator);
  if (!namespace || !name || rest.length > 0) return undefined;
  return { namespace, name };
}

/**
 * Reads a deployment back from a supportingResource entry. It accepts the
 * entries of `deploymentResourceRef` and the older ones that had no TMF639
 * resource and carried "namespace/name" as their id.
 */
export function deploymentRefFromResource(resource: EntityRefDocument): DeploymentRef | undefined {
  if (resource["@referredType"] !== deploymentReferredType) return undefined;
  return splitDeploymentKey(resource.name, "/") ?? splitDeploymentKey(resource.id, "/");
}

/** True for a supportingResource entry written before deployments became TMF639 resources. */
export function isLegacyDeploymentRef(resource: EntityRefDocument): boolean {
  return resource["@referredType"] === deploymentReferredType && resource.href === undefined;
}
