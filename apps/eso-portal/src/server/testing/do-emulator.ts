import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { getDomain, specificationsOfDomain, toServiceSpecification } from "@cop-pilot/service-library";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";

// A Domain Orchestrator stand-in for tests and manual runs: a node:http
// server on 127.0.0.1 that serves the TMF633 specification list and items,
// and TMF641 orders that advance one step each time they are read. It also
// serves the TMF639 resources of its cluster in the shape the DO publishes
// them: a controller with the `clusterKind` characteristic, and one node.

export type EmulatedSpecification = Record<string, unknown> & { id: string; name: string };

export interface EmulatedOrder {
  id: string;
  href: string;
  state: string;
  externalId?: string;
  serviceOrderItem: {
    id: string;
    action: string;
    state: string;
    service: { id?: string; href?: string; serviceSpecification?: { id: string }; serviceCharacteristic?: { name: string; value: unknown }[] } & Record<string, unknown>;
    errorMessage?: { code: string; reason: string; message: string }[];
  }[];
  note: { text: string; author: string; date: string }[];
  /** Every body this order was created from; a repeated create with the same Idempotency-Key adds none. */
  request: Record<string, unknown>;
  reads: number;
}

export interface DoEmulatorOptions {
  /** The bearer token the emulator accepts. */
  token: string;
  /** Specifications it offers; defaults to the service library of `domainId`. */
  specifications?: EmulatedSpecification[];
  /** Domain whose service library is served when `specifications` is not given. */
  domainId?: string;
  /** Final state of an item, by the DO specification id it orders; defaults to completed. */
  outcome?: (specificationId: string) => "completed" | "failed";
  /** Port to listen on; 0 picks a free one. */
  port?: number;
  /**
   * The `clusterKind` characteristic of the cluster controller resource;
   * defaults to simulated, as a DO without a kubeconfig. Null serves no
   * TMF639 API at all, as an older DO.
   */
  clusterKind?: EmulatedClusterKind | null;
  /** Serves a TMF641 hub (`POST`, `GET`, `DELETE …/hub`); without it the hub paths get 404, as from an older DO. */
  hub?: boolean;
}

export type EmulatedClusterKind = "simulated" | "kubernetes";

/** A TMF638 service the emulated DO brought up for a completed add item. */
export interface EmulatedService {
  id: string;
  state: "active" | "terminated";
  specificationId: string;
  serviceCharacteristic: { name: string; value: unknown }[];
}

export interface DoEmulator {
  /** Base URL such as http://127.0.0.1:41234. */
  url: string;
  port: number;
  token: string;
  specifications: Map<string, EmulatedSpecification>;
  orders: Map<string, EmulatedOrder>;
  /** Services of completed add items; modify items change them and delete items terminate them. */
  services: Map<string, EmulatedService>;
  /** Number of POST serviceOrder requests, including repeated ones. */
  orderRequests: number;
  cancelRequests: string[];
  /** While false, every connection is dropped, as if the DO were down. */
  available: boolean;
  /**
   * Number of coming order creations whose reply is lost: the order is
   * created, then the connection is dropped, as when the caller dies or the
   * network fails before the reply arrives.
   */
  dropOrderReplies: number;
  /** Cluster kind the controller resource reports; null while the TMF639 API returns 404. */
  clusterKind: EmulatedClusterKind | null;
  /** The controller's `replicasAvailable` characteristic (31 at the start); null leaves the available amounts out, as an older DO. */
  replicasAvailable: number | null;
  /**
   * While true, an accepted cancellation leaves the order in
   * pendingCancellation, and reads do not advance it, until
   * `finishCancellations` runs. While false, the order is cancelled at once.
   */
  delayCancellations: boolean;
  /** Moves every order in pendingCancellation, and its items, to cancelled. */
  finishCancellations(): void;
  removeSpecification(id: string): void;
  /** Listener registrations at the TMF641 hub, by id; clearing it stands for a DO restarted with a fresh database. */
  hubRegistrations: Map<string, { callback: string; query?: string }>;
  close(): Promise<void>;
}

/** Builds the service library of one domain as a DO publishes it, with stable ids. */
export function librarySpecifications(domainId: string): EmulatedSpecification[] {
  const domain = getDomain(domainId);
  return specificationsOfDomain(domainId).map((definition) => ({
    ...toServiceSpecification(definition, domain),
    id: `${domainId}-${definition.slug}`,
  }));
}

function send(response: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { ...(body === undefined ? {} : { "Content-Type": "application/json" }), ...headers });
  response.end(body === undefined ? undefined : JSON.stringify(body));
}

function sendError(response: ServerResponse, status: number, code: string, message: string): void {
  send(response, status, { "@type": "Error", code, reason: code, message, status: String(status) });
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text === "" ? undefined : JSON.parse(text);
}

type EmulatedResource = Record<string, unknown> & { id: string };

/** Builds the controller and one node of the emulated cluster, as the DO's TMF639 API returns them. */
function clusterResources(base: string, domainId: string, kind: EmulatedClusterKind, replicasAvailable: number | null): EmulatedResource[] {
  const cluster = getDomain(domainId).computeCluster;
  const resourcePath = `${base}${tmfApiPaths.resourceInventory}/resource`;
  const specificationPath = `${base}${tmfApiPaths.resourceCatalog}/resourceSpecification`;
  const controllerId = `${cluster}-controller`;
  const nodeId = `${cluster}-worker-1`;
  const lastUpdate = new Date().toISOString();
  return [
    {
      id: controllerId,
      href: `${resourcePath}/${controllerId}`,
      "@type": "LogicalResource",
      name: cluster,
      description: `Kubernetes API of cluster ${cluster} (${kind})`,
      category: "Kubernetes cluster",
      resourceVersion: "v1.31.0-sim",
      administrativeState: "unlocked",
      operationalState: "enable",
      resourceStatus: "available",
      usageState: "idle",
      resourceSpecification: { id: "controller", href: `${specificationPath}/controller`, name: "Kubernetes cluster controller", "@referredType": "ResourceSpecification" },
      resourceCharacteristic: [
        { name: "clusterKind", valueType: "string", value: kind },
        { name: "kubernetesVersion", valueType: "string", value: "v1.31.0-sim" },
        { name: "nodeCount", valueType: "integer", value: 1 },
        { name: "cpuCapacity", valueType: "number", value: 8 },
        { name: "cpuAllocatable", valueType: "number", value: 7.8 },
        { name: "memoryCapacity", valueType: "number", value: 32 },
        { name: "memoryAllocatable", valueType: "number", value: 31 },
        { name: "podsCapacity", valueType: "integer", value: 110 },
        { name: "podsAllocatable", valueType: "integer", value: 110 },
        { name: "cpuAllocated", valueType: "number", value: 0 },
        { name: "memoryAllocated", valueType: "number", value: 0 },
        { name: "podsAllocated", valueType: "integer", value: 0 },
        ...(replicasAvailable === null
          ? []
          : [
              { name: "cpuAvailable", valueType: "number", value: replicasAvailable * 0.25 },
              { name: "memoryAvailable", valueType: "number", value: 31 },
              { name: "podsAvailable", valueType: "integer", value: 110 },
              { name: "replicasAvailable", valueType: "integer", value: replicasAvailable },
            ]),
      ],
      lastUpdate,
    },
    {
      id: nodeId,
      href: `${resourcePath}/${nodeId}`,
      "@type": "PhysicalResource",
      name: nodeId,
      description: `Node ${nodeId} of cluster ${cluster}`,
      category: "Kubernetes node",
      administrativeState: "unlocked",
      operationalState: "enable",
      resourceStatus: "available",
      resourceSpecification: { id: "node", href: `${specificationPath}/node`, name: "Kubernetes node", "@referredType": "ResourceSpecification" },
      resourceCharacteristic: [
        { name: "roles", valueType: "string", value: "worker" },
        { name: "ready", valueType: "boolean", value: true },
      ],
      resourceRelationship: [{ relationshipType: "isPartOf", resource: { id: controllerId, href: `${resourcePath}/${controllerId}`, name: cluster } }],
      lastUpdate,
    },
  ];
}

/** Collects the values at a dotted path, looking into arrays on the way, as the DO's jsonpath filters do. */
function valuesAt(value: unknown, path: string[]): unknown[] {
  if (Array.isArray(value)) return value.flatMap((entry) => valuesAt(entry, path));
  if (path.length === 0) return [value];
  if (value === null || typeof value !== "object") return [];
  return valuesAt((value as Record<string, unknown>)[path[0]!], path.slice(1));
}

/** Applies the TMF equality filters (`a.b=x,y`) and `fields` of a list query, as the DO does. */
function applyListQuery(documents: EmulatedResource[], query: URLSearchParams): Record<string, unknown>[] {
  let selected = documents;
  for (const [key, value] of query) {
    if (["fields", "offset", "limit", "sort"].includes(key)) continue;
    const alternatives = value.split(",");
    selected = selected.filter((document) => valuesAt(document, key.split(".")).some((found) => alternatives.includes(String(found))));
  }
  const fields = query.get("fields")?.split(",").filter(Boolean);
  if (!fields) return selected;
  const keep = new Set(["id", "href", "@type", ...fields]);
  return selected.map((document) => Object.fromEntries(Object.entries(document).filter(([key]) => keep.has(key))));
}

/** The specification an item concerns: the one it orders, or that of the service it changes. */
function specificationOfItem(item: EmulatedOrder["serviceOrderItem"][number], services: Map<string, EmulatedService>): string {
  return item.service.serviceSpecification?.id ?? services.get(item.service.id ?? "")?.specificationId ?? "";
}

/** Applies a completed modify or delete item to the service it names. */
function applyChange(item: EmulatedOrder["serviceOrderItem"][number], services: Map<string, EmulatedService>): void {
  const service = services.get(item.service.id ?? "");
  if (!service) return;
  if (item.action === "delete") service.state = "terminated";
  for (const change of item.service.serviceCharacteristic ?? []) {
    service.serviceCharacteristic = [...service.serviceCharacteristic.filter((entry) => entry.name !== change.name), change];
  }
}

/** Moves an order one step: acknowledged → inProgress → each item completed or failed → order state. */
function advance(order: EmulatedOrder, outcome: NonNullable<DoEmulatorOptions["outcome"]>, services: Map<string, EmulatedService>): void {
  if (["completed", "failed", "partial", "cancelled", "pendingCancellation"].includes(order.state)) return;
  order.reads += 1;
  if (order.state === "acknowledged") {
    order.state = "inProgress";
    for (const item of order.serviceOrderItem) item.state = "inProgress";
    return;
  }
  for (const item of order.serviceOrderItem) {
    const specificationId = specificationOfItem(item, services);
    item.state = outcome(specificationId);
    if (item.state === "failed") {
      item.errorMessage = [{ code: "deploymentFailed", reason: "Deployment failed", message: `The emulated cluster failed the ${item.action} of ${specificationId}` }];
    } else if (item.action !== "add") {
      applyChange(item, services);
    } else {
      // The DO records a TMF638 service for each completed item and names it on the item.
      const serviceId = randomUUID();
      item.service = { ...item.service, id: serviceId, href: `${new URL(order.href).origin}${tmfApiPaths.serviceInventory}/service/${serviceId}` };
      services.set(serviceId, { id: serviceId, state: "active", specificationId, serviceCharacteristic: item.service.serviceCharacteristic ?? [] });
    }
  }
  const failed = order.serviceOrderItem.filter((item) => item.state === "failed").length;
  if (failed === 0) order.state = "completed";
  else if (failed === order.serviceOrderItem.length) order.state = "failed";
  else order.state = "partial";
  if (failed > 0) order.note.push({ text: `${failed} deployment(s) failed in the emulated cluster`, author: "emulated DO", date: new Date().toISOString() });
}

/** Starts an emulated DO on 127.0.0.1. */
export async function startDoEmulator(options: DoEmulatorOptions): Promise<DoEmulator> {
  const specifications = new Map((options.specifications ?? librarySpecifications(options.domainId ?? "lulea")).map((spec) => [spec.id, spec]));
  const orders = new Map<string, EmulatedOrder>();
  const services = new Map<string, EmulatedService>();
  const ordersByKey = new Map<string, EmulatedOrder>();
  const outcome = options.outcome ?? (() => "completed" as const);
  const catalog = tmfApiPaths.serviceCatalog;
  const ordering = tmfApiPaths.serviceOrdering;

  const state = {
    orderRequests: 0,
    cancelRequests: [] as string[],
    available: true,
    dropOrderReplies: 0,
    delayCancellations: false,
    clusterKind: (options.clusterKind === undefined ? "simulated" : options.clusterKind) as EmulatedClusterKind | null,
    replicasAvailable: 31 as number | null,
  };
  let base = "";
  const hubRegistrations = new Map<string, { callback: string; query?: string }>();

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    if (!state.available) {
      request.socket.destroy();
      return;
    }
    if (request.method === "GET" && request.url === "/healthz") {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: "ok" }));
      return;
    }
    if (request.headers.authorization !== `Bearer ${options.token}`) {
      sendError(response, 401, "unauthorized", "Send a valid bearer token");
      return;
    }
    const url = new URL(request.url ?? "/", base);
    const path = url.pathname;

    if (request.method === "GET" && path === `${catalog}/serviceSpecification`) {
      const all = [...specifications.values()];
      const offset = Number(url.searchParams.get("offset") ?? 0);
      const limit = Number(url.searchParams.get("limit") ?? 100);
      const page = all.slice(offset, offset + limit);
      send(response, 200, page, { "X-Total-Count": String(all.length), "X-Result-Count": String(page.length) });
      return;
    }
    const specificationMatch = path.match(new RegExp(`^${catalog}/serviceSpecification/([^/]+)$`));
    if (request.method === "GET" && specificationMatch) {
      const specification = specifications.get(decodeURIComponent(specificationMatch[1]!));
      if (!specification) sendError(response, 404, "notFound", `ServiceSpecification ${specificationMatch[1]} does not exist`);
      else send(response, 200, specification);
      return;
    }

    const resourcePath = `${tmfApiPaths.resourceInventory}/resource`;
    if (request.method === "GET" && path.startsWith(resourcePath)) {
      if (state.clusterKind === null) {
        sendError(response, 404, "notFound", `No route for ${request.method} ${path}`);
        return;
      }
      const resources = clusterResources(base, options.domainId ?? "lulea", state.clusterKind, state.replicasAvailable);
      if (path === resourcePath) {
        const page = applyListQuery(resources, url.searchParams);
        send(response, 200, page, { "X-Total-Count": String(page.length), "X-Result-Count": String(page.length) });
        return;
      }
      const resource = resources.find((entry) => `${resourcePath}/${encodeURIComponent(entry.id)}` === path);
      if (!resource) sendError(response, 404, "notFound", `Resource ${path.slice(resourcePath.length + 1)} does not exist`);
      else send(response, 200, resource);
      return;
    }

    if (request.method === "POST" && path === `${ordering}/serviceOrder`) {
      state.orderRequests += 1;
      const body = (await readBody(request)) as Record<string, unknown> | undefined;
      const key = request.headers["idempotency-key"];
      const known = typeof key === "string" ? ordersByKey.get(key) : undefined;
      if (known) {
        send(response, 201, serialise(known));
        return;
      }
      const items = body?.serviceOrderItem;
      if (!Array.isArray(items) || items.length === 0) {
        sendError(response, 400, "invalidBody", "serviceOrderItem: at least one item is required");
        return;
      }
      const unknownService = items.find((item) => item?.action !== "add" && services.get(item?.service?.id)?.state !== "active");
      if (unknownService) {
        sendError(response, 422, "unprocessable", `Service ${unknownService?.service?.id} does not exist or is terminated`);
        return;
      }
      const unknown = items.find((item) => item?.action === "add" && !specifications.has(item?.service?.serviceSpecification?.id));
      if (unknown) {
        sendError(response, 422, "unprocessable", `Service specification ${unknown?.service?.serviceSpecification?.id} is not in this domain's catalogue`);
        return;
      }
      const id = randomUUID();
      const order: EmulatedOrder = {
        id,
        href: `${base}${ordering}/serviceOrder/${id}`,
        state: "acknowledged",
        externalId: typeof body?.externalId === "string" ? body.externalId : undefined,
        serviceOrderItem: items.map((item) => ({ ...item, state: "acknowledged" })),
        note: [],
        request: body ?? {},
        reads: 0,
      };
      orders.set(id, order);
      if (typeof key === "string") ordersByKey.set(key, order);
      if (state.dropOrderReplies > 0) {
        state.dropOrderReplies -= 1;
        request.socket.destroy();
        return;
      }
      send(response, 201, serialise(order));
      return;
    }
    const orderMatch = path.match(new RegExp(`^${ordering}/serviceOrder/([^/]+)$`));
    if (request.method === "GET" && orderMatch) {
      const order = orders.get(decodeURIComponent(orderMatch[1]!));
      if (!order) {
        sendError(response, 404, "notFound", `ServiceOrder ${orderMatch[1]} does not exist`);
        return;
      }
      advance(order, outcome, services);
      send(response, 200, serialise(order));
      return;
    }
    if (options.hub && path === `${ordering}/hub` && request.method === "POST") {
      const body = (await readBody(request)) as { callback?: string; query?: string } | undefined;
      if (typeof body?.callback !== "string") {
        sendError(response, 400, "invalidBody", "callback: required");
        return;
      }
      const id = randomUUID();
      hubRegistrations.set(id, { callback: body.callback, query: body.query });
      send(response, 201, { id, callback: body.callback, query: body.query });
      return;
    }
    const hubMatch = path.match(new RegExp(`^${ordering}/hub/([^/]+)$`));
    if (options.hub && hubMatch && (request.method === "GET" || request.method === "DELETE")) {
      const id = decodeURIComponent(hubMatch[1]!);
      const registration = hubRegistrations.get(id);
      if (!registration) sendError(response, 404, "notFound", `EventSubscription ${id} does not exist`);
      else if (request.method === "GET") send(response, 200, { id, ...registration });
      else {
        hubRegistrations.delete(id);
        response.writeHead(204).end();
      }
      return;
    }
    if (request.method === "POST" && path === `${ordering}/cancelServiceOrder`) {
      const body = (await readBody(request)) as { serviceOrder?: { id?: string } } | undefined;
      const order = orders.get(body?.serviceOrder?.id ?? "");
      if (!order) {
        sendError(response, 422, "unprocessable", `ServiceOrder ${body?.serviceOrder?.id} does not exist`);
        return;
      }
      if (["completed", "failed", "partial", "cancelled", "pendingCancellation"].includes(order.state)) {
        sendError(response, 409, "conflict", `ServiceOrder ${order.id} is ${order.state}`);
        return;
      }
      state.cancelRequests.push(order.id);
      if (state.delayCancellations) {
        order.state = "pendingCancellation";
        send(response, 201, { id: randomUUID(), state: "inProgress", serviceOrder: { id: order.id } });
        return;
      }
      order.state = "cancelled";
      for (const item of order.serviceOrderItem) item.state = "cancelled";
      send(response, 201, { id: randomUUID(), state: "done", serviceOrder: { id: order.id } });
      return;
    }
    sendError(response, 404, "notFound", `No route for ${request.method} ${path}`);
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => sendError(response, 500, "internal", (error as Error).message));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;

  return {
    url: base,
    port,
    token: options.token,
    specifications,
    orders,
    services,
    get orderRequests() {
      return state.orderRequests;
    },
    get cancelRequests() {
      return state.cancelRequests;
    },
    get available() {
      return state.available;
    },
    set available(value: boolean) {
      state.available = value;
    },
    get dropOrderReplies() {
      return state.dropOrderReplies;
    },
    set dropOrderReplies(value: number) {
      state.dropOrderReplies = value;
    },
    get clusterKind() {
      return state.clusterKind;
    },
    set clusterKind(value: EmulatedClusterKind | null) {
      state.clusterKind = value;
    },
    get replicasAvailable() {
      return state.replicasAvailable;
    },
    set replicasAvailable(value: number | null) {
      state.replicasAvailable = value;
    },
    get delayCancellations() {
      return state.delayCancellations;
    },
    set delayCancellations(value: boolean) {
      state.delayCancellations = value;
    },
    finishCancellations() {
      for (const order of orders.values()) {
        if (order.state !== "pendingCancellation") continue;
        order.state = "cancelled";
        for (const item of order.serviceOrderItem) item.state = "cancelled";
      }
    },
    removeSpecification(id: string) {
      specifications.delete(id);
    },
    hubRegistrations,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function serialise(order: EmulatedOrder) {
  const { request: _request, reads: _reads, ...visible } = order;
  return { ...visible, "@type": "ServiceOrder" };
}
