import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { librarySpecifications, type EmulatedSpecification } from "./do-emulator";

// An OpenSlice stand-in for tests and manual runs: a node:http server on
// 127.0.0.1 that speaks OpenSlice's dialect of TMF633/641. It issues OAuth2
// tokens by password grant at a Keycloak-style token path, serves every
// specification in one reply whatever the paging parameters, names the
// characteristics `serviceSpecCharacteristic`, takes orders with `orderItem`
// and replies to POST with 200, and moves each order one state per read:
// INITIAL → ACKNOWLEDGED → INPROGRESS → COMPLETED (or FAILED). It serves no
// `/hub`, so the ESO has to poll it.

/** Path of the token endpoint, as Keycloak serves it for OpenSlice's realm. */
export const openSliceTokenPath = "/auth/realms/openslice/protocol/openid-connect/token";

export interface OpenSliceEmulatorOptions {
  clientId?: string;
  username?: string;
  password?: string;
  /** Lifetime of an access token, in seconds. */
  tokenLifetimeSeconds?: number;
  /** Specifications in the canonical TMF shape, served in OpenSlice's shape; defaults to the service library of `domainId`. */
  specifications?: EmulatedSpecification[];
  domainId?: string;
  /** Final state of an item, by the specification id it orders; defaults to COMPLETED. */
  outcome?: (specificationId: string) => "COMPLETED" | "FAILED";
  /** Port to listen on; 0 picks a free one. */
  port?: number;
}

export interface OpenSliceOrder {
  id: string;
  href: string;
  state: string;
  externalId: string | null;
  orderItem: { id: string; action: string; state: string; service: Record<string, unknown> & { id?: string | null; serviceSpecification?: { id: string } } }[];
  note: { text: string; author: string; date: string }[];
}

export interface OpenSliceEmulator {
  /** Base URL of the TMF APIs, such as http://127.0.0.1:41234. */
  url: string;
  /** URL of the OAuth2 token endpoint. */
  tokenUrl: string;
  port: number;
  clientId: string;
  username: string;
  password: string;
  /** Specifications in the canonical TMF shape, by id; changes show in the next reply. */
  specifications: Map<string, EmulatedSpecification>;
  orders: Map<string, OpenSliceOrder>;
  /** Number of token requests that issued a token. */
  tokensIssued: number;
  /** Number of requests rejected with 401. */
  rejectedRequests: number;
  /** While false, every connection is dropped, as if OpenSlice were down. */
  available: boolean;
  /** Invalidates every token issued so far, as when Keycloak restarts. */
  revokeTokens(): void;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

/** OpenSlice's names of the TMF value types. */
const openSliceValueTypes: Record<string, string> = { integer: "INTEGER", number: "FLOAT", boolean: "BOOLEAN", string: "TEXT" };

function toOpenSliceValueType(valueType: unknown): unknown {
  return typeof valueType === "string" ? (openSliceValueTypes[valueType] ?? valueType.toUpperCase()) : null;
}

/**
 * Rewrites a canonical TMF633 specification in OpenSlice's shape: value
 * types in upper case, every value as text, and nulls for unset attributes
 * as its Java model sends them.
 */
export function toOpenSliceSpecification(specification: EmulatedSpecification, base: string): Json {
  const { specCharacteristic, ...rest } = specification as Json & { specCharacteristic?: Json[] };
  return {
    description: null,
    version: null,
    lifecycleStatus: null,
    isBundle: false,
    ...rest,
    href: `${base}${tmfApiPaths.serviceCatalog}/serviceSpecification/${specification.id}`,
    lastUpdate: (rest.lastUpdate as string | undefined) ?? "2026-01-01T00:00:00Z",
    "@type": "ServiceSpecification",
    serviceSpecCharacteristic: (specCharacteristic ?? []).map((characteristic) => {
      const { characteristicValueSpecification, valueType, ...fields } = characteristic as Json & { characteristicValueSpecification?: Json[] };
      return {
        description: null,
        ...fields,
        valueType: toOpenSliceValueType(valueType),
        serviceSpecCharacteristicValue: (characteristicValueSpecification ?? []).map(({ value, valueType: ownValueType, ...valueFields }) => ({
          unitOfMeasure: null,
          ...valueFields,
          valueType: toOpenSliceValueType(ownValueType ?? valueType),
          value: value === undefined ? null : { value: String(value), alias: null },
        })),
      };
    }),
  };
}

function send(response: ServerResponse, status: number, body?: unknown): void {
  response.writeHead(status, body === undefined ? {} : { "Content-Type": "application/json" });
  response.end(body === undefined ? undefined : JSON.stringify(body));
}

/** Sends an error in the shape of Spring Boot, which OpenSlice is built on, not the TMF Error. */
function sendError(response: ServerResponse, status: number, error: string, message: string, path: string): void {
  send(response, status, { timestamp: new Date().toISOString(), status, error, message, path });
}

async function readText(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const finalStates = new Set(["COMPLETED", "FAILED", "PARTIAL", "CANCELLED", "REJECTED"]);

/** Moves an order one step: INITIAL → ACKNOWLEDGED → INPROGRESS → each item COMPLETED or FAILED → order state. */
function advance(order: OpenSliceOrder, outcome: NonNullable<OpenSliceEmulatorOptions["outcome"]>, base: string): void {
  if (finalStates.has(order.state)) return;
  if (order.state === "INITIAL" || order.state === "ACKNOWLEDGED") {
    order.state = order.state === "INITIAL" ? "ACKNOWLEDGED" : "INPROGRESS";
    for (const item of order.orderItem) item.state = order.state;
    return;
  }
  for (const item of order.orderItem) {
    item.state = outcome(item.service.serviceSpecification?.id ?? "");
    if (item.state === "COMPLETED") {
      const serviceId = randomUUID();
      item.service = { ...item.service, id: serviceId, href: `${base}${tmfApiPaths.serviceInventory}/service/${serviceId}` };
    }
  }
  const failed = order.orderItem.filter((item) => item.state === "FAILED").length;
  if (failed === 0) order.state = "COMPLETED";
  else if (failed === order.orderItem.length) order.state = "FAILED";
  else order.state = "PARTIAL";
  if (failed > 0) order.note.push({ text: `${failed} service(s) failed to deploy`, author: "OSOM", date: new Date().toISOString() });
}

/** Starts an OpenSlice stand-in on 127.0.0.1. */
export async function startOpenSliceEmulator(options: OpenSliceEmulatorOptions = {}): Promise<OpenSliceEmulator> {
  const clientId = options.clientId ?? "osapiWebClientId";
  const username = options.username ?? "admin";
  const password = options.password ?? "osl-admin-password";
  const lifetime = options.tokenLifetimeSeconds ?? 300;
  const outcome = options.outcome ?? (() => "COMPLETED" as const);
  const specifications = new Map((options.specifications ?? librarySpecifications(options.domainId ?? "central-macedonia")).map((spec) => [spec.id, spec]));
  const orders = new Map<string, OpenSliceOrder>();
  const tokens = new Map<string, number>();
  const state = { tokensIssued: 0, rejectedRequests: 0, available: true };
  const catalog = tmfApiPaths.serviceCatalog;
  const ordering = tmfApiPaths.serviceOrdering;
  let base = "";

  const issueToken = async (request: IncomingMessage, response: ServerResponse) => {
    const form = new URLSearchParams(await readText(request));
    if (form.get("grant_type") !== "password") {
      send(response, 400, { error: "unsupported_grant_type", error_description: "Only the password grant is enabled" });
      return;
    }
    if (form.get("client_id") !== clientId) {
      send(response, 401, { error: "invalid_client", error_description: "Invalid client credentials" });
      return;
    }
    if (form.get("username") !== username || form.get("password") !== password) {
      send(response, 401, { error: "invalid_grant", error_description: "Invalid user credentials" });
      return;
    }
    const token = randomBytes(24).toString("base64url");
    tokens.set(token, Date.now() + lifetime * 1000);
    state.tokensIssued += 1;
    send(response, 200, { access_token: token, expires_in: lifetime, refresh_expires_in: lifetime * 6, token_type: "Bearer", scope: "openid" });
  };

  const authorised = (request: IncomingMessage) => {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
    const expiresAt = token === undefined ? undefined : tokens.get(token);
    return expiresAt !== undefined && expiresAt > Date.now();
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    if (!state.available) {
      request.socket.destroy();
      return;
    }
    const url = new URL(request.url ?? "/", base);
    const path = url.pathname;
    if (request.method === "POST" && path === openSliceTokenPath) {
      await issueToken(request, response);
      return;
    }
    if (!authorised(request)) {
      state.rejectedRequests += 1;
      sendError(response, 401, "Unauthorized", "Full authentication is required to access this resource", path);
      return;
    }

    if (request.method === "GET" && path === `${catalog}/serviceSpecification`) {
      send(response, 200, [...specifications.values()].map((specification) => toOpenSliceSpecification(specification, base)));
      return;
    }
    const specificationMatch = path.match(new RegExp(`^${catalog}/serviceSpecification/([^/]+)$`));
    if (request.method === "GET" && specificationMatch) {
      const specification = specifications.get(decodeURIComponent(specificationMatch[1]!));
      if (!specification) sendError(response, 404, "Not Found", `ServiceSpecification with id ${specificationMatch[1]} not found`, path);
      else send(response, 200, toOpenSliceSpecification(specification, base));
      return;
    }

    if (request.method === "GET" && path === `${ordering}/serviceOrder`) {
      send(response, 200, [...orders.values()]);
      return;
    }
    if (request.method === "POST" && path === `${ordering}/serviceOrder`) {
      const body = JSON.parse((await readText(request)) || "{}") as Json;
      const items = body.orderItem;
      if (!Array.isArray(items) || items.length === 0) {
        sendError(response, 400, "Bad Request", "orderItem: must not be empty", path);
        return;
      }
      const unknown = items.find((item) => !specifications.has(item?.service?.serviceSpecification?.id));
      if (unknown) {
        sendError(response, 400, "Bad Request", `ServiceSpecification ${unknown?.service?.serviceSpecification?.id} not found`, path);
        return;
      }
      const unwrapped = items.find((item) =>
        (item?.service?.serviceCharacteristic ?? []).some((characteristic: Json) => typeof (characteristic.value as Json | null)?.value !== "string"),
      );
      if (unwrapped) {
        sendError(response, 400, "Bad Request", `orderItem ${unwrapped.id}: serviceCharacteristic values must be { value, alias } objects with text values`, path);
        return;
      }
      const id = randomUUID();
      const order: OpenSliceOrder = {
        id,
        href: `${base}${ordering}/serviceOrder/${id}`,
        state: "INITIAL",
        externalId: typeof body.externalId === "string" ? body.externalId : null,
        orderItem: items.map((item) => ({ ...item, state: "INITIAL", service: { ...item.service, id: null } })),
        note: [],
      };
      orders.set(id, order);
      send(response, 200, order);
      return;
    }
    const orderMatch = path.match(new RegExp(`^${ordering}/serviceOrder/([^/]+)$`));
    const order = orderMatch ? orders.get(decodeURIComponent(orderMatch[1]!)) : undefined;
    if (orderMatch && !order) {
      sendError(response, 404, "Not Found", `ServiceOrder with id ${orderMatch[1]} not found`, path);
      return;
    }
    if (request.method === "GET" && order) {
      advance(order, outcome, base);
      send(response, 200, order);
      return;
    }
    if (request.method === "PATCH" && order) {
      const patch = JSON.parse((await readText(request)) || "{}") as Json;
      if (patch.state === "CANCELLED" && !finalStates.has(order.state)) {
        order.state = "CANCELLED";
        for (const item of order.orderItem) item.state = "CANCELLED";
      }
      send(response, 200, order);
      return;
    }
    sendError(response, 404, "Not Found", "No message available", path);
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => sendError(response, 500, "Internal Server Error", (error as Error).message, request.url ?? "/"));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;

  return {
    url: base,
    tokenUrl: `${base}${openSliceTokenPath}`,
    port,
    clientId,
    username,
    password,
    specifications,
    orders,
    get tokensIssued() {
      return state.tokensIssued;
    },
    get rejectedRequests() {
      return state.rejectedRequests;
    },
    get available() {
      return state.available;
    },
    set available(value: boolean) {
      state.available = value;
    },
    revokeTokens() {
      tokens.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
