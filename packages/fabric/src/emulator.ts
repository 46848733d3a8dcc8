import { randomBytes, randomUUID } from "node:crypto";
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { createSelfSignedCertificate } from "@cop-pilot/cluster";
import { managementApiPath } from "./ziti";

export interface ZitiEmulatorOptions {
  username?: string;
  password?: string;
  /** Serve HTTPS with a new self-signed certificate (the default), or plain HTTP. */
  tls?: boolean;
}

export interface ZitiEmulator {
  /** Base URL, such as https://127.0.0.1:41234. */
  url: string;
  /** PEM certificate of the HTTPS server; undefined for plain HTTP. */
  ca: string | undefined;
  username: string;
  password: string;
  /** Uses the identity's one-time token and gives it a cert authenticator, as `ziti edge enroll` does. */
  enroll(identityId: string): void;
  /** Sets `edgeRouterConnectionStatus`, as an edge router reports it. */
  setOnline(identityId: string, online: boolean): void;
  /** Forgets every API session, as a controller restart does. */
  expireSessions(): void;
  /** Returns a stored entity of a collection, such as "services" or "service-policies". */
  entity(collection: string, id: string): Record<string, unknown> | undefined;
  count(collection: string): number;
  close(): Promise<void>;
}

const collections = ["identities", "configs", "config-types", "services", "service-policies", "edge-router-policies"] as const;
type Collection = (typeof collections)[number];

const requiredFields: Record<Collection, string[]> = {
  identities: ["name", "type", "isAdmin"],
  configs: ["name", "configTypeId", "data"],
  "config-types": ["name"],
  services: ["name", "encryptionRequired"],
  "service-policies": ["name", "type", "semantic"],
  "edge-router-policies": ["name", "semantic"],
};

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  response.end(text);
}

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("not an object");
    return value as Record<string, unknown>;
  } catch {
    throw new ApiError(400, "COULD_NOT_PARSE_BODY", "The body of the request could not be parsed as a JSON object");
  }
}

/**
 * Starts an in-memory emulator, on 127.0.0.1, of the OpenZiti Edge Management
 * API endpoints that the Ziti fabric driver uses. It serves password
 * authentication with the `zt-session` header. It lists, creates, details and
 * deletes identities, configs, config types (host.v1 and intercept.v1 exist
 * from the start), services, service policies and edge router policies, in
 * the controller's `{ data, meta }` envelopes. A new identity with `enrollment.ott` carries an
 * enrollment JWT until `enroll` is called.
 *
 * NOTE: filters other than `name="…"`, paging, PATCH and PUT are not emulated.
 */
export async function startZitiEmulator(options: ZitiEmulatorOptions = {}): Promise<ZitiEmulator> {
  const username = options.username ?? "admin";
  const password = options.password ?? randomBytes(12).toString("base64url");
  const tls = options.tls ?? true;
  const sessions = new Set<string>();
  const store = new Map<Collection, Map<string, Record<string, unknown>>>(collections.map((name) => [name, new Map()]));
  for (const name of ["host.v1", "intercept.v1"]) {
    const id = randomUUID();
    store.get("config-types")!.set(id, { id, name, schema: {} });
  }
  let url = "";

  function envelope(data: unknown) {
    return { data, meta: {} };
  }

  function createEntity(collection: Collection, body: Record<string, unknown>): Record<string, unknown> {
    const missing = requiredFields[collection].filter((field) => body[field] === undefined);
    if (missing.length > 0) throw new ApiError(400, "INVALID_FIELD", `missing required field(s): ${missing.join(", ")}`);
    const entities = store.get(collection)!;
    if ([...entities.values()].some((entity) => entity.name === body.name)) throw new ApiError(409, "COULD_NOT_VALIDATE", `name "${String(body.name)}" must be unique`);
    if (collection === "configs" && !store.get("config-types")!.has(String(body.configTypeId))) {
      throw new ApiError(400, "INVALID_FIELD", `configTypeId "${String(body.configTypeId)}" does not exist`);
    }
    const id = randomUUID();
    const now = new Date().toISOString();
    const entity: Record<string, unknown> = { ...body, id, createdAt: now, updatedAt: now, _links: { self: { href: `./${collection}/${id}` } } };
    if (collection === "identities") {
      const wantsOtt = (body.enrollment as { ott?: boolean } | undefined)?.ott === true;
      const expiresAt = new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString();
      const jwtPayload = Buffer.from(JSON.stringify({ iss: url, sub: id, jti: randomUUID(), em: "ott", exp: Math.floor(Date.parse(expiresAt) / 1000) })).toString("base64url");
      entity.enrollment = wantsOtt ? { ott: { id: randomUUID(), expiresAt, jwt: `eyJhbGciOiJSUzI1NiJ9.${jwtPayload}.emulator`, token: randomUUID() } } : {};
      entity.authenticators = {};
      entity.edgeRouterConnectionStatus = "offline";
      entity.hasEdgeRouterConnection = false;
      entity.roleAttributes = body.roleAttributes ?? [];
    }
    entities.set(id, entity);
    return entity;
  }

  function nameFilter(search: URLSearchParams): string | undefined {
    const filter = search.get("filter");
    if (filter === null) return undefined;
    const match = /^name\s*=\s*"([^"]*)"$/.exec(filter.trim());
    if (!match) throw new ApiError(400, "INVALID_FILTER", `filter "${filter}" is not supported by the emulator`);
    return match[1];
  }

  async function route(request: IncomingMessage): Promise<[number, unknown]> {
    const requestUrl = new URL(request.url ?? "/", "http://127.0.0.1");
    if (!requestUrl.pathname.startsWith(managementApiPath)) throw new ApiError(404, "NOT_FOUND", "not found");
    const path = requestUrl.pathname.slice(managementApiPath.length).replace(/\/$/, "");
    const method = request.method ?? "GET";

    if (path === "/authenticate" && method === "POST") {
      if (requestUrl.searchParams.get("method") !== "password") throw new ApiError(400, "INVALID_AUTH_METHOD", "method must be password");
      const body = await readBody(request);
      if (body.username !== username || body.password !== password) throw new ApiError(401, "INVALID_AUTH", "The authentication request failed");
      const token = randomUUID();
      sessions.add(token);
      return [200, envelope({ id: randomUUID(), token, expiresAt: new Date(Date.now() + 30 * 60_000).toISOString(), expirationSeconds: 1800 })];
    }

    const token = request.headers["zt-session"];
    if (typeof token !== "string" || !sessions.has(token)) throw new ApiError(401, "UNAUTHORIZED", "The request could not be completed. The session is not authorized or the credentials are invalid");

    const match = /^\/([a-z-]+)(?:\/([^/]+))?$/.exec(path);
    const collection = match?.[1] as Collection | undefined;
    if (!match || !collection || !store.has(collection)) throw new ApiError(404, "NOT_FOUND", `${path} is not emulated`);
    const entities = store.get(collection)!;
    const id = match[2];

    if (id === undefined && method === "GET") {
      const name = nameFilter(requestUrl.searchParams);
      const list = [...entities.values()].filter((entity) => name === undefined || entity.name === name);
      return [200, { data: list, meta: { pagination: { limit: 500, offset: 0, totalCount: list.length } } }];
    }
    if (id === undefined && method === "POST") {
      const entity = createEntity(collection, await readBody(request));
      return [201, envelope({ id: entity.id, _links: entity._links })];
    }
    if (id !== undefined) {
      const entity = entities.get(decodeURIComponent(id));
      if (!entity) throw new ApiError(404, "NOT_FOUND", `The resource requested was not found or is no longer available`);
      if (method === "GET") return [200, envelope(entity)];
      if (method === "DELETE") {
        entities.delete(String(entity.id));
        return [200, envelope({})];
      }
    }
    throw new ApiError(405, "METHOD_NOT_ALLOWED", `${method} ${path} is not emulated`);
  }

  function handle(request: IncomingMessage, response: ServerResponse): void {
    route(request)
      .then(([status, body]) => sendJson(response, status, body))
      .catch((error: unknown) => {
        const apiError = error instanceof ApiError ? error : new ApiError(500, "UNHANDLED", (error as Error).message);
        sendJson(response, apiError.status, { error: { code: apiError.code, message: apiError.message, requestId: randomUUID() }, meta: {} });
      });
  }

  const certificate = tls ? await createSelfSignedCertificate() : undefined;
  const server = certificate ? createHttpsServer({ key: certificate.key, cert: certificate.cert }, handle) : createHttpServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  url = `${tls ? "https" : "http"}://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function identity(id: string): Record<string, unknown> {
    const found = store.get("identities")!.get(id);
    if (!found) throw new Error(`The Ziti emulator has no identity ${id}`);
    return found;
  }

  return {
    url,
    ca: certificate?.cert,
    username,
    password,
    enroll(id) {
      const found = identity(id);
      found.enrollment = {};
      found.authenticators = { cert: { id: randomUUID(), fingerprint: randomBytes(20).toString("hex") } };
    },
    setOnline(id, online) {
      const found = identity(id);
      found.edgeRouterConnectionStatus = online ? "online" : "offline";
      found.hasEdgeRouterConnection = online;
    },
    expireSessions() {
      sessions.clear();
    },
    entity: (collection, id) => store.get(collection as Collection)?.get(id),
    count: (collection) => store.get(collection as Collection)?.size ?? 0,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
