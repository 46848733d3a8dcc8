import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { catalogs, getDomain, toServiceSpecification } from "@cop-pilot/service-library";
import {
  cancelServiceOrderCreate,
  finalServiceOrderStates,
  serviceOrderCreate,
  tmfApiPaths,
  type ServiceCatalog,
  type ServiceCategory,
  type ServiceOrder,
  type ServiceSpecification,
} from "@cop-pilot/tmf-schemas";

// A stand-in for the ESO in tests and hand-run demos: a node:http server on
// 127.0.0.1 that serves the TMF633 catalogue reads, the TMF641 order calls
// and the TMF639 domain capacity list the BMP uses, with a bearer token check. Orders stay where tests put them
// (setOrderState) unless `autoProgress` moves them along on timers.

export interface EsoEmulatorOptions {
  /** Bearer token callers must present. */
  token: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Domains whose service library the emulator offers; by default every pilot domain. */
  domainIds?: string[];
  /** Moves each new order to inProgress and then to a final state by itself, for a hand-run demo. */
  autoProgress?: {
    inProgressAfterMs: number;
    completeAfterMs: number;
    /** Names of service specifications whose orders fail instead of completing. */
    failSpecificationNames?: string[];
  };
}

export interface RecordedRequest {
  method: string;
  path: string;
  idempotencyKey?: string;
  body?: unknown;
}

type StoredOrder = ServiceOrder & { idempotencyKey?: string };

export interface EsoEmulator {
  /** Base URL, e.g. http://127.0.0.1:41234. */
  url: string;
  specifications: ServiceSpecification[];
  catalogs: ServiceCatalog[];
  categories: ServiceCategory[];
  /** Every order created, by id. A replay of an Idempotency-Key adds none. */
  orders: Map<string, StoredOrder>;
  /** Every request that passed the token check, in arrival order. */
  requests: RecordedRequest[];
  /** Sets an order's state and the state of each of its items (or of `itemStates[id]`), adding `note` when given. */
  setOrderState(id: string, state: string, options?: { itemStates?: Record<string, string>; note?: string }): void;
  /** Makes the emulator unreachable: it drops every connection without a response, as when the ESO is down. */
  setReachable(reachable: boolean): void;
  /** Makes the next order creation drop the connection instead of sending the response, as when a reply is lost. */
  loseNextOrderReply(): void;
  /** Makes the next cancellation leave its order in pendingCancellation, as when the domain has yet to confirm it. */
  holdNextCancellation(): void;
  /** Removes a specification from the marketplace, as when its domain left the platform. */
  removeSpecification(id: string): void;
  /**
   * Sets the capacity a domain reports: replicas that still fit, or a status
   * without a count. `absent` leaves the domain out of the list, as a domain
   * the ESO does not know. Every domain starts with 100 replicas available.
   */
  setDomainCapacity(domainId: string, capacity: number | "notReported" | "unreachable" | "absent"): void;
  close(): Promise<void>;
}

const catalogPath = tmfApiPaths.serviceCatalog;
const resourcePath = `${tmfApiPaths.resourceInventory}/resource`;
const orderingPath = tmfApiPaths.serviceOrdering;

function tmfError(response: http.ServerResponse, status: number, code: string, reason: string, message: string): void {
  response.writeHead(status, { "Content-Type": "application/json" });
  response.end(JSON.stringify({ "@type": "Error", code, reason, message, status: String(status) }));
}

function json(response: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "Content-Type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}

function list(response: http.ServerResponse, url: URL, items: unknown[]): void {
  const offset = Number(url.searchParams.get("offset") ?? "0");
  const limit = Number(url.searchParams.get("limit") ?? "100");
  const page = items.slice(offset, offset + limit);
  json(response, 200, page, { "X-Total-Count": String(items.length), "X-Result-Count": String(page.length) });
}

/** Builds the ESO marketplace from the service library: catalogue, categories and specifications per domain. */
function buildMarketplace(domainIds: string[] | undefined, baseUrl: string) {
  const specifications: ServiceSpecification[] = [];
  const serviceCatalogs: ServiceCatalog[] = [];
  const serviceCategories: ServiceCategory[] = [];
  for (const catalog of catalogs) {
    if (domainIds && !domainIds.includes(catalog.domainId)) continue;
    const domain = getDomain(catalog.domainId);
    const categoryIds = new Map(catalog.categories.map((category) => [category.slug, `eso-category-${category.slug}`]));
    for (const category of catalog.categories) {
      const id = categoryIds.get(category.slug)!;
      serviceCategories.push({ id, href: `${baseUrl}${catalogPath}/serviceCategory/${id}`, name: category.name, description: category.description, lifecycleStatus: "Active" });
    }
    const catalogId = `eso-catalog-${catalog.slug}`;
    serviceCatalogs.push({
      id: catalogId,
      href: `${baseUrl}${catalogPath}/serviceCatalog/${catalogId}`,
      name: catalog.name,
      description: catalog.description,
      lifecycleStatus: "Active",
      category: catalog.categories.map((category) => ({ id: categoryIds.get(category.slug)!, name: category.name })),
    });
    for (const definition of catalog.specifications) {
      const id = `eso-${definition.slug}`;
      specifications.push({
        ...toServiceSpecification(definition, domain),
        id,
        href: `${baseUrl}${catalogPath}/serviceSpecification/${id}`,
        category: definition.categorySlugs.map((slug) => ({ id: categoryIds.get(slug)!, name: catalog.categories.find((category) => category.slug === slug)?.name })),
        relatedParty: [{ id: `organization-${domain.id}`, name: domain.name, role: "Owner", "@referredType": "Organization" }],
        domain: {
          id: domain.id,
          name: domain.name,
          location: { name: `${domain.location.city}, ${domain.location.countryCode}`, latitude: domain.location.latitude, longitude: domain.location.longitude },
        },
      } as unknown as ServiceSpecification);
    }
  }
  return { specifications, serviceCatalogs, serviceCategories };
}

/** Builds the ESO's TMF639 capacity resource of one domain. */
function capacityResource(domainId: string, capacity: number | "notReported" | "unreachable", baseUrl: string) {
  const domain = getDomain(domainId);
  const status = typeof capacity === "number" ? "reported" : capacity;
  return {
    id: `domain-capacity-${domainId}`,
    href: `${baseUrl}${resourcePath}/domain-capacity-${domainId}`,
    "@type": "LogicalResource",
    name: `${domain.name} capacity`,
    category: "Domain capacity",
    ...(status === "unreachable" ? { description: `could not reach the DO of ${domain.name}` } : {}),
    resourceStatus: status === "reported" ? "available" : "unknown",
    resourceCharacteristic: [
      { name: "domainId", value: domainId },
      { name: "domainName", value: domain.name },
      { name: "capacityStatus", value: status },
      ...(typeof capacity === "number" ? [{ name: "replicasAvailable", value: capacity }] : []),
    ],
  };
}

async function readBody(request: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Starts the emulator on 127.0.0.1 and resolves once it listens. */
export async function startEsoEmulator(options: EsoEmulatorOptions): Promise<EsoEmulator> {
  let reachable = true;
  let lostReplies = 0;
  let heldCancellations = 0;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const orders = new Map<string, StoredOrder>();
  const requests: RecordedRequest[] = [];
  let baseUrl = "";
  let marketplace = buildMarketplace(options.domainIds, "");
  const capacities = new Map<string, number | "notReported" | "unreachable" | "absent">(
    catalogs.filter((catalog) => !options.domainIds || options.domainIds.includes(catalog.domainId)).map((catalog) => [catalog.domainId, 100]),
  );

  function setOrderState(id: string, state: string, change: { itemStates?: Record<string, string>; note?: string } = {}): void {
    const order = orders.get(id);
    if (!order) throw new Error(`The ESO emulator has no service order ${id}`);
    order.state = state;
    for (const item of order.serviceOrderItem) item.state = change.itemStates?.[item.id] ?? state;
    if (finalServiceOrderStates.includes(state as never)) order.completionDate = new Date().toISOString();
    if (change.note) order.note = [...(order.note ?? []), { date: new Date().toISOString(), author: "ESO", text: change.note }];
  }

  function schedule(action: () => void, delayMs: number): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      action();
    }, delayMs);
    timers.add(timer);
  }

  function progress(order: StoredOrder): void {
    const auto = options.autoProgress;
    if (!auto) return;
    const failing = order.serviceOrderItem.some((item) => auto.failSpecificationNames?.includes(item.service.serviceSpecification?.name ?? ""));
    schedule(() => {
      if (order.state === "acknowledged") setOrderState(order.id, "inProgress");
    }, auto.inProgressAfterMs);
    schedule(() => {
      if (order.state !== "inProgress") return;
      if (failing) setOrderState(order.id, "failed", { note: "Deployment failed in the domain cluster" });
      else setOrderState(order.id, "completed");
    }, auto.completeAfterMs);
  }

  async function createOrder(request: http.IncomingMessage, response: http.ServerResponse, record: RecordedRequest): Promise<void> {
    const text = await readBody(request);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return tmfError(response, 400, "invalidJson", "Malformed JSON", "Request body is not valid JSON");
    }
    record.body = value;
    const parsed = serviceOrderCreate.safeParse(value);
    if (!parsed.success) return tmfError(response, 400, "invalidBody", "Invalid request body", parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; "));

    const key = request.headers["idempotency-key"] as string | undefined;
    const replay = key ? [...orders.values()].find((order) => order.idempotencyKey === key) : undefined;
    if (replay) return json(response, 201, replay);

    for (const item of parsed.data.serviceOrderItem) {
      const specificationId = item.service.serviceSpecification?.id;
      if (!marketplace.specifications.some((specification) => specification.id === specificationId)) {
        return tmfError(response, 422, "unprocessable", "Request cannot be processed", `Service specification ${specificationId} is not offered by any domain`);
      }
    }
    const id = randomUUID();
    const order: StoredOrder = {
      ...parsed.data,
      id,
      href: `${baseUrl}${orderingPath}/serviceOrder/${id}`,
      state: "acknowledged",
      orderDate: new Date().toISOString(),
      serviceOrderItem: parsed.data.serviceOrderItem.map((item) => ({ ...item, state: "acknowledged" })),
      ...(key ? { idempotencyKey: key } : {}),
    };
    orders.set(id, order);
    progress(order);
    if (lostReplies > 0) {
      lostReplies -= 1;
      request.socket.destroy();
      return;
    }
    json(response, 201, order);
  }

  async function cancelOrder(request: http.IncomingMessage, response: http.ServerResponse, record: RecordedRequest): Promise<void> {
    let value: unknown;
    try {
      value = JSON.parse(await readBody(request));
    } catch {
      return tmfError(response, 400, "invalidJson", "Malformed JSON", "Request body is not valid JSON");
    }
    record.body = value;
    const parsed = cancelServiceOrderCreate.safeParse(value);
    if (!parsed.success) return tmfError(response, 400, "invalidBody", "Invalid request body", "serviceOrder.id is required");
    const order = orders.get(parsed.data.serviceOrder.id);
    if (!order) return tmfError(response, 404, "notFound", "Resource not found", `ServiceOrder with id "${parsed.data.serviceOrder.id}" does not exist`);
    if (finalServiceOrderStates.includes(order.state as never)) {
      return tmfError(response, 409, "conflict", "Conflict", `ServiceOrder ${order.id} is ${order.state} and can no longer be cancelled`);
    }
    const staysPending = heldCancellations > 0;
    if (staysPending) heldCancellations -= 1;
    setOrderState(order.id, staysPending ? "pendingCancellation" : "cancelled");
    const id = randomUUID();
    json(response, 201, { id, href: `${baseUrl}${orderingPath}/cancelServiceOrder/${id}`, state: staysPending ? "inProgress" : "done", serviceOrder: { id: order.id } });
  }

  async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", baseUrl);
    if (request.headers.authorization !== `Bearer ${options.token}`) {
      return tmfError(response, 401, "unauthorized", "Authentication required", "Send the ESO's API token as a bearer token");
    }
    const record: RecordedRequest = { method: request.method ?? "GET", path: url.pathname, idempotencyKey: request.headers["idempotency-key"] as string | undefined };
    requests.push(record);

    const path = url.pathname.replace(/\/+$/, "");
    const method = request.method ?? "GET";
    const itemMatch = (prefix: string) => (path.startsWith(`${prefix}/`) ? decodeURIComponent(path.slice(prefix.length + 1)) : undefined);

    if (method === "GET" && path === `${catalogPath}/serviceSpecification`) return list(response, url, marketplace.specifications);
    if (method === "GET" && path === `${catalogPath}/serviceCatalog`) return list(response, url, marketplace.serviceCatalogs);
    if (method === "GET" && path === `${catalogPath}/serviceCategory`) return list(response, url, marketplace.serviceCategories);
    const specificationId = itemMatch(`${catalogPath}/serviceSpecification`);
    if (method === "GET" && specificationId !== undefined) {
      const specification = marketplace.specifications.find((candidate) => candidate.id === specificationId);
      if (!specification) return tmfError(response, 404, "notFound", "Resource not found", `ServiceSpecification with id "${specificationId}" does not exist`);
      return json(response, 200, specification);
    }

    if (method === "GET" && path === resourcePath) {
      const category = url.searchParams.get("category");
      const resources = [...capacities]
        .filter((entry): entry is [string, number | "notReported" | "unreachable"] => entry[1] !== "absent")
        .map(([domainId, capacity]) => capacityResource(domainId, capacity, baseUrl))
        .filter((resource) => category === null || resource.category === category);
      return list(response, url, resources);
    }

    if (method === "POST" && path === `${orderingPath}/serviceOrder`) return createOrder(request, response, record);
    if (method === "GET" && path === `${orderingPath}/serviceOrder`) {
      const externalId = url.searchParams.get("externalId");
      return list(response, url, [...orders.values()].filter((order) => externalId === null || order.externalId === externalId));
    }
    const orderId = itemMatch(`${orderingPath}/serviceOrder`);
    if (method === "GET" && orderId !== undefined) {
      const order = orders.get(orderId);
      if (!order) return tmfError(response, 404, "notFound", "Resource not found", `ServiceOrder with id "${orderId}" does not exist`);
      return json(response, 200, order);
    }
    if (method === "POST" && path === `${orderingPath}/cancelServiceOrder`) return cancelOrder(request, response, record);

    tmfError(response, 404, "notFound", "Resource not found", `The ESO emulator does not serve ${method} ${url.pathname}`);
  }

  const server = http.createServer((request, response) => {
    if (!reachable) {
      request.socket.destroy();
      return;
    }
    handle(request, response).catch((error: Error) => tmfError(response, 500, "internal", "Internal error", error.message));
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  marketplace = buildMarketplace(options.domainIds, baseUrl);

  return {
    url: baseUrl,
    get specifications() {
      return marketplace.specifications;
    },
    get catalogs() {
      return marketplace.serviceCatalogs;
    },
    get categories() {
      return marketplace.serviceCategories;
    },
    orders,
    requests,
    setOrderState,
    setReachable(value) {
      reachable = value;
      if (!value) for (const socket of sockets) socket.destroy();
    },
    loseNextOrderReply() {
      lostReplies += 1;
    },
    holdNextCancellation() {
      heldCancellations += 1;
    },
    setDomainCapacity(domainId, capacity) {
      capacities.set(domainId, capacity);
    },
    removeSpecification(id) {
      marketplace.specifications = marketplace.specifications.filter((specification) => specification.id !== id);
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
