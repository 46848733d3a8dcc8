import { inArray } from "drizzle-orm";
import { characteristicSpecification, type CharacteristicSpecification, type ServiceOrderCreate } from "@cop-pilot/tmf-schemas";
import { isOrderable } from "@cop-pilot/service-design";
import { describeProblems, identityCharacteristicProblems, resolveCharacteristicChanges, resolveCharacteristics, TmfError, type Principal } from "@cop-pilot/tmf-server";
import { z } from "zod";
import { isBundleDocument, loadParts, orderableLifecycleStatuses, type BundleCharacteristic, type BundlePart } from "../bundles/specification";
import { schema, type EsoDb } from "../db";
import type { SpecificationDomain } from "../peering/specifications";
import { findOrderedService, isOrderedServiceVisible, isServiceDeleted, type OrderedService } from "./ordered-services";
import type { OrderItemDocument } from "./types";

type InputItem = ServiceOrderCreate["serviceOrderItem"][number];
type Characteristic = { name: string; valueType?: string; value: unknown };
type SpecificationRef = NonNullable<OrderItemDocument["service"]["serviceSpecification"]>;

/** One item of the order the ESO sends to a DO, with the peer that receives it. */
export interface DelegatedItem {
  peer: { id: string; name: string };
  /** The DO order item; its id is the id of the ESO item or bundle part it carries. */
  body: Record<string, unknown> & { id: string };
  /** Relationships of the ESO item; those between items of the same DO order are kept. */
  relationships?: InputItem["serviceOrderItemRelationship"];
}

/** An order item after the checks: the document the ESO stores and what it delegates for it. */
export interface PlannedItem {
  document: OrderItemDocument;
  delegated: DelegatedItem[];
}

interface SpecificationRow {
  id: string;
  peerId: string | null;
  remoteId: string | null;
  document: Record<string, unknown>;
}

const storedCharacteristics = z.array(characteristicSpecification);

/**
 * Problems of all items, collected so that one reply names every mistake. A
 * malformed item makes the reply a 400; a well-formed change that the
 * service's specification does not allow makes it a 422 when nothing else is
 * wrong.
 */
class Problems {
  readonly list: string[] = [];
  private malformed = false;
  add(item: InputItem, message: string, kind: "invalidBody" | "unprocessable" = "invalidBody"): void {
    this.list.push(`serviceOrderItem ${item.id}: ${message}`);
    if (kind === "invalidBody") this.malformed = true;
  }
  throwIfAny(): void {
    if (this.list.length > 0) throw new TmfError(this.malformed ? "invalidBody" : "unprocessable", this.list.join("; "));
  }
}

function specificationRefOf(row: { id: string; href: string; name: string; version?: string }): SpecificationRef {
  return { id: row.id, href: row.href, name: row.name, ...(row.version ? { version: row.version } : {}), "@referredType": "ServiceSpecification" };
}

function remoteSpecificationRef(part: { remoteId: string; remoteHref: string | null; name: string; version?: string }) {
  return { id: part.remoteId, ...(part.remoteHref ? { href: part.remoteHref } : {}), name: part.name, ...(part.version ? { version: part.version } : {}) };
}

function assertReachable(peer: { name: string; availability: string }, subject: string): void {
  if (peer.availability === "unreachable") {
    throw new TmfError("unavailable", `${subject} is hosted by domain "${peer.name}", which is unreachable; try again once the domain is back`);
  }
}

function checkStructure(items: readonly InputItem[], problems: Problems): void {
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.id)) problems.add(item, "the item id appears more than once");
    seen.add(item.id);
    if (item.action === "noChange") problems.add(item, 'action "noChange" is not supported; use add, modify or delete');
    if (item.action === "add" && !item.service.serviceSpecification?.id) problems.add(item, "service.serviceSpecification.id is required");
    if ((item.action === "modify" || item.action === "delete") && !item.service.id) problems.add(item, `service.id is required for action "${item.action}": name the service to change`);
    if ("serviceOrderItem" in item) problems.add(item, "serviceOrderItem: the parts of a bundle are assigned by the ESO and must not be sent");
    if (item.action === "modify" && (item.service.serviceCharacteristic ?? []).length === 0) {
      problems.add(item, 'action "modify" needs at least one service.serviceCharacteristic to change');
    }
  }
}

async function loadSpecificationRows(db: EsoDb, ids: string[]): Promise<Map<string, SpecificationRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: schema.serviceSpecification.id, peerId: schema.serviceSpecification.peerId, remoteId: schema.serviceSpecification.remoteId, document: schema.serviceSpecification.document })
    .from(schema.serviceSpecification)
    .where(inArray(schema.serviceSpecification.id, ids));
  return new Map(rows.map((row) => [row.id, row]));
}

/** Checks the changes of a modify item; see `resolveCharacteristicChanges`. */
function checkChanges(specifications: readonly CharacteristicSpecification[], given: readonly Characteristic[]): { values: Characteristic[]; problems: string[] } {
  const resolved = resolveCharacteristicChanges(specifications, given);
  return { values: resolved.values, problems: resolved.problems.length > 0 ? [describeProblems(resolved.problems)] : [] };
}

function planPlainAdd(item: InputItem, row: SpecificationRow, peer: { id: string; name: string }, problems: Problems): PlannedItem | undefined {
  const characteristics = storedCharacteristics.safeParse(row.document.specCharacteristic ?? []);
  if (!characteristics.success) throw new TmfError("internal", `Service specification ${row.id} has invalid stored characteristics`);
  const fixed = identityCharacteristicProblems(characteristics.data, item.service.serviceCharacteristic ?? []);
  if (fixed.length > 0) {
    problems.add(item, describeProblems(fixed), "unprocessable");
    return undefined;
  }
  const resolved = resolveCharacteristics(characteristics.data, item.service.serviceCharacteristic ?? []);
  if (resolved.problems.length > 0) {
    problems.add(item, describeProblems(resolved.problems));
    return undefined;
  }
  const domain = row.document.domain as SpecificationDomain | undefined;
  const specification = {
    id: row.id,
    href: String(row.document.href),
    name: String(row.document.name),
    version: typeof row.document.version === "string" ? row.document.version : undefined,
  };
  return {
    document: { ...item, state: "acknowledged", service: { ...item.service, serviceSpecification: specificationRefOf(specification), serviceCharacteristic: resolved.values } },
    delegated: [
      {
        peer,
        relationships: item.serviceOrderItemRelationship,
        body: {
          id: item.id,
          action: item.action,
          ...(item.quantity !== undefined ? { quantity: item.quantity } : {}),
          service: {
            ...(item.service.name ? { name: item.service.name } : {}),
            serviceSpecification: remoteSpecificationRef({ ...specification, remoteId: row.remoteId!, remoteHref: domain?.remoteHref ?? null }),
            serviceCharacteristic: resolved.values,
          },
        },
      },
    ],
  };
}

/** Returns the values that a bundle's characteristics give to one part, named as the part names them. */
function mappedValues(characteristics: readonly BundleCharacteristic[], values: readonly Characteristic[], partId: string): Characteristic[] {
  const mapped: Characteristic[] = [];
  for (const value of values) {
    const characteristic = characteristics.find((candidate) => candidate.name === value.name);
    for (const mapping of characteristic?.charSpecRelationship ?? []) {
      if (mapping.parentSpecificationId === partId) mapped.push({ name: mapping.name, value: value.value });
    }
  }
  return mapped;
}

function bundleCharacteristicsOf(row: SpecificationRow): BundleCharacteristic[] {
  return (row.document.specCharacteristic ?? []) as BundleCharacteristic[];
}

function bundlePartIds(row: SpecificationRow): string[] {
  const relationships = Array.isArray(row.document.serviceSpecRelationship) ? (row.document.serviceSpecRelationship as { id: string }[]) : [];
  return relationships.map((relationship) => relationship.id);
}

function partItem(id: string, action: string, service: OrderItemDocument["service"]): OrderItemDocument {
  return { id, action, state: "acknowledged", "@type": "ServiceOrderItem", service };
}

/** Splits a bundle add item into one part per bundled specification, each with its mapped values and its own defaults. */
function planBundleAdd(item: InputItem, row: SpecificationRow, parts: Map<string, BundlePart>, problems: Problems): PlannedItem | undefined {
  if (item.quantity !== undefined && item.quantity !== 1) {
    problems.add(item, `quantity ${item.quantity} is not supported for a bundle; order one bundle per item`);
    return undefined;
  }
  const characteristics = bundleCharacteristicsOf(row);
  const resolved = resolveCharacteristics(characteristics, item.service.serviceCharacteristic ?? []);
  if (resolved.problems.length > 0) {
    problems.add(item, describeProblems(resolved.problems));
    return undefined;
  }
  const planned: PlannedItem = {
    document: {
      ...item,
      state: "acknowledged",
      service: {
        ...item.service,
        serviceSpecification: specificationRefOf({ id: row.id, href: String(row.document.href), name: String(row.document.name), version: row.document.version as string | undefined }),
        serviceCharacteristic: resolved.values,
      },
      serviceOrderItem: [],
    },
    delegated: [],
  };
  bundlePartIds(row).forEach((partId, index) => {
    const part = parts.get(partId);
    if (!part || !(orderableLifecycleStatuses as readonly string[]).includes(part.lifecycleStatus ?? "")) {
      throw new TmfError("unprocessable", `Bundle "${String(row.document.name)}" names part ${partId}, which is no longer an active specification of a peered domain`);
    }
    assertReachable(part.peer, `Part "${part.name}" of bundle "${String(row.document.name)}"`);
    const values = resolveCharacteristics(part.characteristics, mappedValues(characteristics, resolved.values, partId));
    if (values.problems.length > 0) {
      problems.add(item, `part "${part.name}": ${describeProblems(values.problems)}`);
      return;
    }
    const id = `${item.id}.${index + 1}`;
    planned.document.serviceOrderItem = [
      ...(planned.document.serviceOrderItem as OrderItemDocument[]),
      partItem(id, "add", { name: part.name, serviceSpecification: specificationRefOf(part), serviceCharacteristic: values.values }),
    ];
    planned.delegated.push({
      peer: part.peer,
      body: { id, action: "add", service: { name: part.name, serviceSpecification: remoteSpecificationRef(part), serviceCharacteristic: values.values } },
    });
  });
  return planned;
}

async function plannedPeer(db: EsoDb, service: OrderedService, subject: string): Promise<{ id: string; name: string }> {
  const peers = service.peerId === null ? [] : await db.select().from(schema.peer).where(inArray(schema.peer.id, [service.peerId]));
  const peer = peers[0];
  if (!peer) throw new TmfError("unprocessable", `${subject} is hosted by domain "${service.peerName}", which was removed from the platform`);
  assertReachable(peer, subject);
  return { id: peer.id, name: peer.name };
}

/** Plans a modify or delete item: delegated to the DO that hosts the service, or to every DO that hosts a part of a bundle. */
async function planChange(db: EsoDb, item: InputItem, problems: Problems, principal: Principal | undefined): Promise<PlannedItem | undefined> {
  const serviceId = item.service.id!;
  const found = await findOrderedService(db, serviceId);
  // A caller who may not see the order that brought the service up gets the same reply as for an unknown service.
  if (!found || (principal && !(await isOrderedServiceVisible(db, serviceId, principal)))) {
    throw new TmfError("unprocessable", `serviceOrderItem ${item.id}: service ${serviceId} was not brought up by an order of this ESO`);
  }
  if (await isServiceDeleted(db, serviceId)) throw new TmfError("unprocessable", `serviceOrderItem ${item.id}: service ${serviceId} is terminated`);
  const given = (item.service.serviceCharacteristic ?? []) as Characteristic[];
  const rows = await loadSpecificationRows(db, [found.specification.id]);
  const row = rows.get(found.specification.id);
  if (!row) throw new TmfError("unprocessable", `serviceOrderItem ${item.id}: specification ${found.specification.id} of service ${serviceId} is no longer in the marketplace`);
  assertOrderedVersion(item, found.specification, row);

  if (found.kind === "service") {
    let values: Characteristic[] = [];
    if (item.action === "modify") {
      const checked = checkChanges(storedCharacteristics.parse(row.document.specCharacteristic ?? []), given);
      if (checked.problems.length > 0) {
        problems.add(item, checked.problems.join("; "), "unprocessable");
        return undefined;
      }
      values = checked.values;
    }
    const peer = await plannedPeer(db, found, `Service ${serviceId}`);
    const service = { id: serviceId, serviceSpecification: found.specification, ...(item.action === "modify" ? { serviceCharacteristic: values } : {}) };
    return {
      document: { ...item, state: "acknowledged", service: { ...item.service, ...service } },
      delegated: [{ peer, relationships: item.serviceOrderItemRelationship, body: { id: item.id, action: item.action, service: { id: serviceId, ...(item.action === "modify" ? { serviceCharacteristic: values } : {}) } } }],
    };
  }

  let values: Characteristic[] = [];
  const characteristics = bundleCharacteristicsOf(row);
  if (item.action === "modify") {
    const checked = checkChanges(characteristics, given);
    if (checked.problems.length > 0) {
      problems.add(item, checked.problems.join("; "), "unprocessable");
      return undefined;
    }
    values = checked.values;
  }
  if (found.parts.length === 0) throw new TmfError("unprocessable", `serviceOrderItem ${item.id}: bundle service ${serviceId} has no part running`);
  const specifications = await loadParts(db, found.parts.map((part) => part.specification.id));
  const planned: PlannedItem = {
    document: { ...item, state: "acknowledged", service: { ...item.service, serviceSpecification: found.specification, ...(item.action === "modify" ? { serviceCharacteristic: values } : {}) }, serviceOrderItem: [] },
    delegated: [],
  };
  for (const [index, part] of found.parts.entries()) {
    let partValues: Characteristic[] = [];
    if (item.action === "modify") {
      const mapped = mappedValues(characteristics, values, part.specification.id);
      // A part that no changed characteristic reaches keeps running as it is.
      if (mapped.length === 0) continue;
      const checked = checkChanges(specifications.get(part.specification.id)?.characteristics ?? [], mapped);
      if (checked.problems.length > 0) {
        problems.add(item, `part "${part.specification.name ?? part.specification.id}": ${checked.problems.join("; ")}`, "unprocessable");
        continue;
      }
      partValues = checked.values;
    }
    const peer = await plannedPeer(db, part, `Part service ${part.serviceId}`);
    const id = `${item.id}.${index + 1}`;
    const change = item.action === "modify" ? { serviceCharacteristic: partValues } : {};
    (planned.document.serviceOrderItem as OrderItemDocument[]).push(partItem(id, item.action, { id: part.serviceId, serviceSpecification: part.specification, ...change }));
    planned.delegated.push({ peer, body: { id, action: item.action, service: { id: part.serviceId, ...change } } });
  }
  if (planned.delegated.length === 0 && problems.list.length === 0) {
    problems.add(item, "the changed characteristics reach no part of the bundle", "unprocessable");
  }
  return planned;
}

/**
 * Rejects a change when the marketplace copy of the specification no longer
 * has the version the service was ordered with. The change would otherwise be
 * checked against rules the service was not built with.
 */
// NOTE: a domain that bumps the version of a specification in place blocks changes until the service is ordered again. One that publishes each version under its own id keeps every ordered version checkable.
function assertOrderedVersion(item: InputItem, ordered: SpecificationRef, row: SpecificationRow): void {
  const current = typeof row.document.version === "string" ? row.document.version : undefined;
  if (ordered.version === undefined || current === undefined || ordered.version === current) return;
  throw new TmfError(
    "unprocessable",
    `serviceOrderItem ${item.id}: service ${item.service.id} was ordered with version ${ordered.version} of specification ${ordered.id}, which the marketplace now holds as version ${current}; order the service again to use the new version`,
  );
}

function assertUniqueIds(planned: readonly PlannedItem[]): void {
  const seen = new Set<string>();
  for (const { document, delegated } of planned) {
    const ids = [document.id, ...delegated.map((entry) => entry.body.id).filter((id) => id !== document.id)];
    for (const id of ids) {
      if (seen.has(id)) throw new TmfError("invalidBody", `serviceOrderItem: item id "${id}" appears more than once (bundle parts take the ids <item id>.1, <item id>.2, …)`);
      seen.add(id);
    }
  }
}

/**
 * Checks every item against the marketplace and plans its delegation. An
 * add item names a specification that a peered, reachable domain offers, or
 * a bundle whose parts are such specifications. A modify or delete item
 * names a service an ESO order brought up, and one the principal may see
 * when one is given. Characteristics fit the specification. Problems of
 * all items are reported together.
 */
export async function planItems(db: EsoDb, items: readonly InputItem[], principal?: Principal): Promise<PlannedItem[]> {
  const problems = new Problems();
  checkStructure(items, problems);
  problems.throwIfAny();

  const addItems = items.filter((item) => item.action === "add");
  const rows = await loadSpecificationRows(db, [...new Set(addItems.map((item) => item.service.serviceSpecification!.id))]);
  const bundleRows = [...rows.values()].filter((row) => isBundleDocument(row.document));
  const parts = await loadParts(db, [...new Set(bundleRows.flatMap(bundlePartIds))]);
  const peerIds = [...new Set([...rows.values()].map((row) => row.peerId).filter((id): id is string => id !== null))];
  const peers = peerIds.length === 0 ? [] : await db.select().from(schema.peer).where(inArray(schema.peer.id, peerIds));
  const peerById = new Map(peers.map((peer) => [peer.id, peer]));

  for (const item of addItems) {
    const id = item.service.serviceSpecification!.id;
    const row = rows.get(id);
    if (row && isBundleDocument(row.document)) {
      if (!(orderableLifecycleStatuses as readonly string[]).includes(String(row.document.lifecycleStatus ?? ""))) {
        throw new TmfError("unprocessable", `Bundle ${id} is ${String(row.document.lifecycleStatus ?? "without a lifecycleStatus")}; only ${orderableLifecycleStatuses.join(" or ")} bundles can be ordered`);
      }
      continue;
    }
    if (!row || row.peerId === null || row.remoteId === null || !peerById.has(row.peerId)) {
      throw new TmfError("unprocessable", `Service specification ${id} is not offered by any domain`);
    }
    if (!isOrderable(row.document.lifecycleStatus)) {
      throw new TmfError(
        "unprocessable",
        `serviceOrderItem ${item.id}: service specification ${id} (${String(row.document.name)}) is ${String(row.document.lifecycleStatus ?? "without a lifecycleStatus")}; ` +
          `only ${orderableLifecycleStatuses.join(" or ")} specifications can be ordered`,
      );
    }
    assertReachable(peerById.get(row.peerId)!, `Service specification ${id}`);
  }

  const planned: PlannedItem[] = [];
  for (const item of items) {
    let result: PlannedItem | undefined;
    if (item.action === "add") {
      const row = rows.get(item.service.serviceSpecification!.id)!;
      result = isBundleDocument(row.document) ? planBundleAdd(item, row, parts, problems) : planPlainAdd(item, row, peerById.get(row.peerId!)!, problems);
    } else {
      result = await planChange(db, item, problems, principal);
    }
    if (result) planned.push(result);
  }
  problems.throwIfAny();
  assertUniqueIds(planned);
  return planned;
}
