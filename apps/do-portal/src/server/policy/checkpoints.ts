import "server-only";
import { inArray } from "drizzle-orm";
import type { ClusterDriver, DeploymentRef } from "@cop-pilot/cluster";
import {
  characteristicVariables,
  evaluateRules,
  firstRejection,
  type PolicyAction,
  type PolicyCheckpoint,
  type PolicyRule,
  type RuleEvaluation,
  type Value,
} from "@cop-pilot/policy";
import { TmfError, type Db } from "@cop-pilot/tmf-server";
import { schema } from "../db";
import { saveService, type InventoryService } from "../inventory/services";
import type { CharacteristicValue, ServiceOrderDocument, ServiceOrderItemDocument } from "../ordering/documents";
import { recordFirings, type FiringSubject } from "./firings";
import { listRulesOfSpecification } from "./rules";

// The calls that the order path makes at each lifecycle checkpoint. Each loads the active rules of the
// service's specification, evaluates them and carries out what fired.

const { service: serviceTable } = schema;

function characteristicsOf(document: object): CharacteristicValue[] {
  const { serviceCharacteristic } = document as { serviceCharacteristic?: unknown };
  return Array.isArray(serviceCharacteristic) ? (serviceCharacteristic as CharacteristicValue[]) : [];
}

function withCharacteristic(characteristics: readonly CharacteristicValue[], name: string, value: unknown): CharacteristicValue[] {
  const existing = characteristics.find((characteristic) => characteristic.name === name);
  if (!existing) return [...characteristics, { name, value }];
  return characteristics.map((characteristic) => (characteristic.name === name ? { ...characteristic, value } : characteristic));
}

/** Returns the characteristic a setCharacteristic or scale action sets, or undefined for other actions. */
export function characteristicChangeOf(action: PolicyAction): CharacteristicValue | undefined {
  if (action.type === "setCharacteristic") return { name: action.name, value: action.value };
  if (action.type === "scale") return { name: "replicas", value: action.replicas };
  return undefined;
}

/** Applies the setCharacteristic and scale actions that fired to a list of characteristics, in order. */
export function applyCharacteristicActions(characteristics: readonly CharacteristicValue[], evaluation: RuleEvaluation<PolicyRule>): CharacteristicValue[] {
  let result = [...characteristics];
  for (const { action } of evaluation.fired) {
    const change = characteristicChangeOf(action);
    if (change) result = withCharacteristic(result, change.name, change.value);
  }
  return result;
}

async function evaluate(database: Db, specificationId: string | undefined, checkpoint: PolicyCheckpoint, variables: Record<string, Value>): Promise<RuleEvaluation<PolicyRule>> {
  if (!specificationId) return { fired: [], failed: [] };
  const rules = await listRulesOfSpecification(database, specificationId, checkpoint);
  return evaluateRules(rules, checkpoint, variables);
}

async function loadServices(database: Db, ids: string[]): Promise<Map<string, InventoryService>> {
  if (ids.length === 0) return new Map();
  const rows = await database.select({ document: serviceTable.document }).from(serviceTable).where(inArray(serviceTable.id, ids));
  return new Map(rows.map((row) => [row.document.id as string, row.document as InventoryService]));
}

/**
 * Evaluates the rules that can decide an order when it is placed: beforeProvisioning for add items and
 * onCharacteristicChange for modify items, with the characteristics the service would have. When a reject
 * rule fires, records the firing and throws a 422 TmfError with the rule's message, so the order is never
 * stored. Other actions wait for the order processor, which evaluates the rules again before it deploys.
 */
export async function rejectOrderItemsByRules(database: Db, items: readonly ServiceOrderItemDocument[]): Promise<void> {
  const modified = items.filter((item) => item.action === "modify");
  const services = await loadServices(database, [...new Set(modified.map((item) => item.service.id ?? ""))]);
  const rejections: string[] = [];
  for (const item of items) {
    const subject = { serviceOrderItemId: item.id, serviceId: item.service.id };
    let evaluation: RuleEvaluation<PolicyRule>;
    if (item.action === "add") {
      evaluation = await evaluate(database, item.service.serviceSpecification?.id, "beforeProvisioning", provisioningVariables(item));
    } else if (item.action === "modify") {
      const current = services.get(item.service.id ?? "");
      if (!current) continue;
      evaluation = await evaluate(database, current.serviceSpecification?.id, "onCharacteristicChange", changeVariables(current, characteristicsOf(item.service)));
    } else {
      continue;
    }
    const rejection = firstRejection(evaluation);
    if (!rejection) continue;
    await recordFirings(database, rejection.rule.checkpoint, { fired: [rejection], failed: [] }, subject);
    rejections.push(`serviceOrderItem "${item.id}": ${rejection.action.message} (rule "${rejection.rule.name}")`);
  }
  if (rejections.length > 0) throw new TmfError("unprocessable", rejections.join("; "));
}

function provisioningVariables(item: ServiceOrderItemDocument): Record<string, Value> {
  return { ...characteristicVariables(characteristicsOf(item.service)), action: "add" };
}

function changeVariables(service: InventoryService, changes: readonly CharacteristicValue[]): Record<string, Value> {
  let merged = characteristicsOf(service);
  for (const change of changes) merged = withCharacteristic(merged, change.name, change.value);
  return { ...characteristicVariables(merged), action: "modify" };
}

/**
 * Evaluates the rules of an add item (beforeProvisioning) or a modify item (onCharacteristicChange) just
 * before the processor deploys it, and records what fired. setCharacteristic and scale change the item's
 * characteristics in place. Returns the rejection message when a reject rule fired; the item then fails.
 */
export async function applyItemRules(tx: Db, order: ServiceOrderDocument, item: ServiceOrderItemDocument): Promise<string | undefined> {
  const subject: FiringSubject = { serviceOrderId: order.id, serviceOrderItemId: item.id, serviceId: item.service.id };
  let evaluation: RuleEvaluation<PolicyRule>;
  if (item.action === "add") {
    evaluation = await evaluate(tx, item.service.serviceSpecification?.id, "beforeProvisioning", provisioningVariables(item));
  } else {
    const [current] = (await loadServices(tx, [item.service.id ?? ""])).values();
    if (!current) return undefined;
    evaluation = await evaluate(tx, current.serviceSpecification?.id, "onCharacteristicChange", changeVariables(current, characteristicsOf(item.service)));
  }
  const rejection = firstRejection(evaluation);
  if (rejection) {
    await recordFirings(tx, rejection.rule.checkpoint, { fired: [rejection], failed: evaluation.failed }, subject);
    return `${rejection.action.message} (rule "${rejection.rule.name}")`;
  }
  await recordFirings(tx, item.action === "add" ? "beforeProvisioning" : "onCharacteristicChange", evaluation, subject);
  item.service.serviceCharacteristic = applyCharacteristicActions(characteristicsOf(item.service), evaluation);
  return undefined;
}

/**
 * Evaluates the afterActivation rules of a service that has just become active. setCharacteristic changes
 * the TMF638 service; scale also scales its deployment. Returns the service as saved.
 */
export async function applyActivationRules(tx: Db, cluster: ClusterDriver, service: InventoryService, deployment: DeploymentRef): Promise<InventoryService> {
  const evaluation = await evaluate(tx, service.serviceSpecification?.id, "afterActivation", { ...characteristicVariables(characteristicsOf(service)), state: service.state });
  await recordFirings(tx, "afterActivation", evaluation, { serviceId: service.id, serviceOrderId: orderOfService(service) });
  if (evaluation.fired.length === 0) return service;
  for (const { action } of evaluation.fired) {
    if (action.type === "scale") await cluster.scale(deployment, action.replicas);
  }
  const characteristics = applyCharacteristicActions(characteristicsOf(service), evaluation);
  if (JSON.stringify(characteristics) === JSON.stringify(characteristicsOf(service))) return service;
  return saveService(tx, { ...service, serviceCharacteristic: characteristics });
}

/** Returns the id of the order that created the service, from its serviceOrderItem references. */
export function orderOfService(service: InventoryService): string | undefined {
  const items = service.serviceOrderItem as { serviceOrderId?: string }[] | undefined;
  return items?.[0]?.serviceOrderId;
}

export { characteristicsOf as serviceCharacteristicsOf };
