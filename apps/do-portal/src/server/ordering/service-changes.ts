import "server-only";
import { inArray } from "drizzle-orm";
import type { DeploymentRef, DeploymentRequest } from "@cop-pilot/cluster";
import { specificationKind, type SpecificationKind } from "@cop-pilot/service-design";
import type { Domain } from "@cop-pilot/service-library";
import type { CharacteristicSpecification, ServiceOrderCreate } from "@cop-pilot/tmf-schemas";
import { describeProblems, resolveCharacteristicChanges, TmfError, type Db } from "@cop-pilot/tmf-server";
import { schema } from "../db";
import type { InventoryService } from "../inventory/services";
import { deploymentProblemsOf, deploymentRefFromResource, deploymentRequestOf } from "./deployment";
import type { CharacteristicValue, ServiceOrderItemDocument } from "./documents";

// Order items with action `modify` or `delete` name a TMF638 service of this
// DO. A modify item changes configurable characteristics, such as replicas or
// artifactVersion, and the DO rolls the service's deployment out again. A
// delete item removes the deployment and terminates the service.

type InputItem = ServiceOrderCreate["serviceOrderItem"][number];

export function isChangeItem(item: { action: string }): boolean {
  return item.action === "modify" || item.action === "delete";
}

/** Returns the deployment that serves a service, from its supportingResource. */
export function deploymentOfService(service: Pick<InventoryService, "supportingResource">): DeploymentRef | undefined {
  return (service.supportingResource ?? []).map(deploymentRefFromResource).find((ref) => ref !== undefined);
}

/** Returns the service's characteristics with the changes applied, in their original order. */
export function mergeCharacteristics(current: readonly CharacteristicValue[], changes: readonly CharacteristicValue[]): CharacteristicValue[] {
  const changed = new Map(changes.map((change) => [change.name, change]));
  const merged = current.map((characteristic) => changed.get(characteristic.name) ?? characteristic);
  const added = changes.filter((change) => !current.some((characteristic) => characteristic.name === change.name));
  return [...merged, ...added];
}

function characteristicsOf(service: InventoryService): CharacteristicValue[] {
  return Array.isArray(service.serviceCharacteristic) ? (service.serviceCharacteristic as CharacteristicValue[]) : [];
}

/** Returns the new replica count when a modify item changes nothing but replicas, so a scale suffices. */
export function replicasOnlyChange(changes: readonly CharacteristicValue[]): number | undefined {
  const [change, ...others] = changes;
  return change?.name === "replicas" && others.length === 0 && typeof change.value === "number" ? change.value : undefined;
}

/**
 * Builds the deployment request of a service with changed characteristics. It
 * keeps the deployment's name and the labels naming the order that created
 * it, so the cluster updates the running deployment in place.
 */
export function changedDeploymentRequest(service: InventoryService, changes: readonly CharacteristicValue[], domain: Domain, ref: DeploymentRef): DeploymentRequest {
  const origin = (service.serviceOrderItem as { serviceOrderId?: string; itemId?: string }[] | undefined)?.[0];
  const item: ServiceOrderItemDocument = {
    id: origin?.itemId ?? service.id,
    action: "add",
    state: "completed",
    service: { ...service, serviceCharacteristic: mergeCharacteristics(characteristicsOf(service), changes) },
  };
  return { ...deploymentRequestOf({ id: origin?.serviceOrderId ?? service.id }, item, domain), ...ref };
}

async function loadServices(database: Db, ids: string[]): Promise<Map<string, InventoryService>> {
  if (ids.length === 0) return new Map();
  const rows = await database.select({ document: schema.service.document }).from(schema.service).where(inArray(schema.service.id, ids));
  return new Map(rows.map((row) => [String(row.document.id), row.document as InventoryService]));
}

/** The parts of a service specification that a change is checked against. */
interface ChangeRules {
  specCharacteristic: CharacteristicSpecification[];
  kind: SpecificationKind;
}

async function loadChangeRules(database: Db, ids: string[]): Promise<Map<string, ChangeRules>> {
  if (ids.length === 0) return new Map();
  const rows = await database.select({ document: schema.serviceSpecification.document }).from(schema.serviceSpecification).where(inArray(schema.serviceSpecification.id, ids));
  return new Map(
    rows.map((row) => [String(row.document.id), { specCharacteristic: (row.document.specCharacteristic ?? []) as CharacteristicSpecification[], kind: specificationKind(row.document) }]),
  );
}

/**
 * Describes why a customer-facing service cannot take a modify item: its
 * values live in the deployments of its resource-facing parts, so the change
 * has to name those services.
 */
function customerFacingChangeProblem(label: string, service: InventoryService): string {
  const parts = ((service.supportingService ?? []) as { id?: string; name?: string }[]).map((part) => `"${part.name ?? "unnamed"}" (${part.id ?? "no id"})`);
  const partList = parts.length > 0 ? parts.join(", ") : "none recorded";
  return `${label}: customer-facing service "${service.name ?? service.id}" (${service.id}) cannot be changed as a whole; change its resource-facing parts instead, with modify items on services ${partList}`;
}

/**
 * Checks the modify and delete items of an order and builds their stored
 * form. A named service must exist here, be active and have a deployment. The
 * changes of a modify item must be configurable characteristics of the
 * service's specification, with allowed values, that still make a valid
 * deployment. Throws 400 for a modify item without changes, and 422 for a
 * service that cannot change (a customer-facing service among them) or a
 * change its specification does not allow.
 * Returns the stored items by id.
 */
export async function resolveChangeItems(database: Db, items: readonly InputItem[], domain: Domain): Promise<Map<string, ServiceOrderItemDocument>> {
  const changeItems = items.filter(isChangeItem);
  const services = await loadServices(database, [...new Set(changeItems.map((item) => item.service.id!))]);
  const specificationIds = [...services.values()].map((service) => service.serviceSpecification?.id).filter((id): id is string => id !== undefined);
  const rules = await loadChangeRules(database, [...new Set(specificationIds)]);

  const unprocessable: string[] = [];
  const invalid: string[] = [];
  const resolved = new Map<string, ServiceOrderItemDocument>();
  for (const item of changeItems) {
    const label = `serviceOrderItem "${item.id}"`;
    const service = services.get(item.service.id!);
    const ref = service ? deploymentOfService(service) : undefined;
    if (!service) unprocessable.push(`${label}: service "${item.service.id}" does not exist in this DO's inventory`);
    else if (service.state !== "active") unprocessable.push(`${label}: service "${service.id}" is ${service.state}; only an active service can be changed`);
    else if (!ref) unprocessable.push(`${label}: service "${service.id}" has no deployment in cluster ${domain.computeCluster}`);
    if (!service || service.state !== "active" || !ref) continue;

    let changes: CharacteristicValue[] = [];
    if (item.action === "modify") {
      const serviceRules = rules.get(service.serviceSpecification?.id ?? "");
      const given = item.service.serviceCharacteristic ?? [];
      // TODO: pass each changed value to the parts it maps to, as ordering does, once the processor can roll out several deployments for one modify item.
      if (serviceRules?.kind === "customerFacing" && given.length > 0) {
        unprocessable.push(customerFacingChangeProblem(label, service));
        continue;
      }
      const result = resolveCharacteristicChanges(serviceRules?.specCharacteristic ?? [], given);
      if (result.problems.length > 0) {
        (given.length === 0 ? invalid : unprocessable).push(`${label}: ${describeProblems(result.problems)}`);
        continue;
      }
      changes = result.values.map((value) => ({ name: value.name, ...(value.valueType ? { valueType: value.valueType } : {}), value: value.value }));
      const changedService: ServiceOrderItemDocument = {
        id: item.id,
        action: "add",
        state: "acknowledged",
        service: { ...service, serviceCharacteristic: mergeCharacteristics(characteristicsOf(service), changes) },
      };
      const problems = deploymentProblemsOf({ id: service.id }, changedService, domain);
      if (problems.length > 0) unprocessable.push(`${label}: ${problems.join("; ")}`);
    }
    resolved.set(item.id, {
      ...item,
      "@type": item["@type"] ?? "ServiceOrderItem",
      state: "acknowledged",
      service: {
        ...item.service,
        id: service.id,
        href: service.href,
        name: service.name,
        serviceSpecification: service.serviceSpecification,
        ...(item.action === "modify" ? { serviceCharacteristic: changes } : {}),
      },
    });
  }
  if (invalid.length > 0) throw new TmfError("invalidBody", invalid.join("; "));
  if (unprocessable.length > 0) throw new TmfError("unprocessable", unprocessable.join("; "));
  return resolved;
}
