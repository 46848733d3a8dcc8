import { inArray, sql } from "drizzle-orm";
import { notFound, type Principal } from "@cop-pilot/tmf-server";
import { schema, type EsoDb } from "../db";
import { orderOperators, placedByCondition, visibleOrdersCondition } from "../ordering/access";
import { isBundleItem } from "../ordering/items";
import { isFinalItemState } from "../ordering/states";
import type { OrderItemDocument, ServiceOrderDocument } from "../ordering/types";

// The services that ESO orders brought up, as "My services" shows them. The
// ESO keeps no service inventory of its own (see ordered-services.ts), so
// each view is folded from the orders. The completed add item gives the
// service and its first values. Every later modify or delete item that names
// the service changes them. DO states reach these items through the order
// mirror, so a change shows here once the DO reports it done.

type Characteristic = { name: string; valueType?: string; value: unknown };

/** A service an ESO order brought up, with its current values. */
export interface ServiceView {
  /** The DO's TMF638 service id, or the id the ESO gave a bundle service. */
  id: string;
  name: string;
  kind: "service" | "bundle";
  /** Names of the domains that host the service: one, or one per part of a bundle. */
  domains: string[];
  specification: { id: string; name?: string; version?: string };
  /** TMF638 state as the ESO's orders record it: active until a delete item completes. */
  state: "active" | "terminated";
  characteristics: Characteristic[];
  /** The order and time of the last change, the add included. */
  lastChange: { serviceOrderId: string; action: string; date: string };
  /** The open order that is changing the service, if any. */
  pendingChange?: { serviceOrderId: string; action: string; state: string };
  requester?: string;
}

/** One order item that brought the service up or changed it. */
export interface ServiceHistoryEntry {
  serviceOrderId: string;
  itemId: string;
  action: string;
  state: string;
  orderDate: string;
  /** When the item's order last changed; the completion time for a final order. */
  date: string;
  characteristics: Characteristic[];
  errorMessages: string[];
}

export interface ServiceDetail {
  service: ServiceView;
  history: ServiceHistoryEntry[];
}

export interface ServiceFilter {
  /** "mine" limits the list to services of orders the caller placed; only operators, who see every order, can choose "all". */
  scope?: "mine" | "all";
  state?: "active" | "terminated" | "any";
  /** Domain (peer) name. */
  domain?: string;
}

const completedAdd = '$.serviceOrderItem[*] ? (@.action == "add" && @.state == "completed" && exists(@.service.id))';
const changeItem = '$.serviceOrderItem[*] ? (@.action == "modify" || @.action == "delete")';

function jsonPathExists(path: string) {
  return sql`jsonb_path_exists(${schema.serviceOrder.document}, ${path}::jsonpath)`;
}

// Orders sort by orderDate, an ISO 8601 UTC timestamp that the ESO sets when it accepts the order.
const byOrderDate = sql`${schema.serviceOrder.document}->>'orderDate'`;

/** Returns the values with the changes applied, keeping the order of the first. */
function mergeCharacteristicValues(current: readonly Characteristic[], changes: readonly Characteristic[]): Characteristic[] {
  const changed = new Map(changes.map((change) => [change.name, change]));
  const merged = current.map((characteristic) => changed.get(characteristic.name) ?? characteristic);
  return [...merged, ...changes.filter((change) => !current.some((characteristic) => characteristic.name === change.name))];
}

function requesterOf(order: ServiceOrderDocument): string | undefined {
  return order.relatedParty?.find((party) => party.role === "Requester")?.name;
}

function dateOf(order: ServiceOrderDocument): string {
  const lastUpdate = typeof order.lastUpdate === "string" ? order.lastUpdate : undefined;
  return order.completionDate ?? lastUpdate ?? order.orderDate ?? "";
}

async function domainsByItem(db: EsoDb, orderIds: string[]): Promise<Map<string, string>> {
  if (orderIds.length === 0) return new Map();
  const rows = await db
    .select({ serviceOrderId: schema.serviceOrderDelegation.serviceOrderId, peerName: schema.serviceOrderDelegation.peerName, orderItemIds: schema.serviceOrderDelegation.orderItemIds })
    .from(schema.serviceOrderDelegation)
    .where(inArray(schema.serviceOrderDelegation.serviceOrderId, orderIds));
  const byItem = new Map<string, string>();
  for (const row of rows) for (const itemId of row.orderItemIds) byItem.set(`${row.serviceOrderId}/${itemId}`, row.peerName);
  return byItem;
}

function initialView(order: ServiceOrderDocument, item: OrderItemDocument, domains: Map<string, string>): ServiceView {
  const delegated = isBundleItem(item) ? item.serviceOrderItem : [item];
  const specification = item.service.serviceSpecification;
  const requester = requesterOf(order);
  return {
    id: item.service.id!,
    name: String(item.service.name ?? specification?.name ?? item.service.id),
    kind: isBundleItem(item) ? "bundle" : "service",
    domains: [...new Set(delegated.map((part) => domains.get(`${order.id}/${part.id}`) ?? "unknown domain"))],
    specification: { id: specification?.id ?? "", ...(specification?.name ? { name: specification.name } : {}), ...(specification?.version ? { version: specification.version } : {}) },
    state: "active",
    characteristics: item.service.serviceCharacteristic ?? [],
    lastChange: { serviceOrderId: order.id, action: "add", date: dateOf(order) },
    ...(requester ? { requester } : {}),
  };
}

function historyEntry(order: ServiceOrderDocument, item: OrderItemDocument): ServiceHistoryEntry {
  const messages = (order.errorMessage ?? []).filter((error) => error.serviceOrderItem.some((ref) => ref.itemId === item.id || ref.itemId.startsWith(`${item.id}.`)));
  return {
    serviceOrderId: order.id,
    itemId: item.id,
    action: item.action,
    state: item.state ?? order.state,
    orderDate: order.orderDate ?? "",
    date: dateOf(order),
    characteristics: item.service.serviceCharacteristic ?? [],
    errorMessages: messages.map((error) => error.message),
  };
}

/** Applies one change item to a view: a completed modify changes values, a completed delete terminates, an open one is pending. */
function applyChange(view: ServiceView, order: ServiceOrderDocument, item: OrderItemDocument): void {
  if (!isFinalItemState(item.state)) {
    view.pendingChange = { serviceOrderId: order.id, action: item.action, state: item.state ?? order.state };
    return;
  }
  if (item.state !== "completed") return;
  if (item.action === "modify") view.characteristics = mergeCharacteristicValues(view.characteristics, item.service.serviceCharacteristic ?? []);
  if (item.action === "delete") view.state = "terminated";
  view.lastChange = { serviceOrderId: order.id, action: item.action, date: dateOf(order) };
}

/** Loads the orders with modify or delete items, oldest first, so that their changes apply in order. */
// NOTE: every change order of the ESO is read and matched in memory. An ESO with many thousands of orders would want a service table kept by the order mirror.
async function loadChangeOrders(db: EsoDb): Promise<ServiceOrderDocument[]> {
  const rows = await db.select({ document: schema.serviceOrder.document }).from(schema.serviceOrder).where(jsonPathExists(changeItem)).orderBy(byOrderDate);
  return rows.map((row) => row.document as ServiceOrderDocument);
}

async function foldServices(db: EsoDb, addOrders: ServiceOrderDocument[], withHistory: boolean): Promise<{ views: Map<string, ServiceView>; history: Map<string, ServiceHistoryEntry[]> }> {
  const domains = await domainsByItem(db, addOrders.map((order) => order.id));
  const views = new Map<string, ServiceView>();
  const history = new Map<string, ServiceHistoryEntry[]>();
  for (const order of addOrders) {
    for (const item of order.serviceOrderItem) {
      if (item.action !== "add" || item.state !== "completed" || !item.service.id) continue;
      views.set(item.service.id, initialView(order, item, domains));
      if (withHistory) history.set(item.service.id, [historyEntry(order, item)]);
    }
  }
  if (views.size === 0) return { views, history };

  for (const order of await loadChangeOrders(db)) {
    for (const item of order.serviceOrderItem) {
      const view = views.get(item.service.id ?? "");
      if (!view || item.action === "add") continue;
      applyChange(view, order, item);
      if (withHistory) history.get(view.id)!.push(historyEntry(order, item));
    }
  }
  return { views, history };
}

function seesAllServices(principal: Principal): boolean {
  return principal.kind === "apiClient" || orderOperators.includes(principal.role);
}

/**
 * Lists the services brought up by ESO orders the caller may see: their own
 * orders, or every order for operators. Newest change first.
 */
export async function listServices(db: EsoDb, principal: Principal, filter: ServiceFilter = {}): Promise<ServiceView[]> {
  const scope = seesAllServices(principal) ? (filter.scope ?? "all") : "mine";
  // An API client has no orders of its own in the portal's sense, so "mine" is everything it may see.
  const visible = scope === "mine" && principal.kind === "user" ? placedByCondition(principal.id) : visibleOrdersCondition(principal);
  const condition = visible ? sql`${jsonPathExists(completedAdd)} and ${visible}` : jsonPathExists(completedAdd);
  const rows = await db.select({ document: schema.serviceOrder.document }).from(schema.serviceOrder).where(condition).orderBy(byOrderDate);
  const { views } = await foldServices(
    db,
    rows.map((row) => row.document as ServiceOrderDocument),
    false,
  );
  const state = filter.state ?? "active";
  return [...views.values()]
    .filter((view) => state === "any" || view.state === state)
    .filter((view) => !filter.domain || view.domains.includes(filter.domain))
    .sort((left, right) => right.lastChange.date.localeCompare(left.lastChange.date));
}

/** Loads one service with every order item that brought it up or changed it; 404 when the caller may not see it. */
export async function loadServiceDetail(db: EsoDb, principal: Principal, serviceId: string): Promise<ServiceDetail> {
  const vars = JSON.stringify({ id: serviceId });
  const added = sql`jsonb_path_exists(${schema.serviceOrder.document}, '$.serviceOrderItem[*] ? (@.action == "add" && @.state == "completed" && @.service.id == $id)'::jsonpath, ${vars}::jsonb)`;
  const visible = visibleOrdersCondition(principal);
  const [row] = await db
    .select({ document: schema.serviceOrder.document })
    .from(schema.serviceOrder)
    .where(visible ? sql`${added} and ${visible}` : added)
    .limit(1);
  if (!row) throw notFound("Service", serviceId);
  const { views, history } = await foldServices(db, [row.document as ServiceOrderDocument], true);
  const service = views.get(serviceId);
  if (!service) throw notFound("Service", serviceId);
  return { service, history: (history.get(serviceId) ?? []).reverse() };
}
