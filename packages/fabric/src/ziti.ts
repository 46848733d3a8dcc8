import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { createLogger } from "@cop-pilot/logger";
import { z } from "zod";
import {
  configCreateSchema,
  edgeRouterPolicyCreateSchema,
  identityCreateSchema,
  serviceCreateSchema,
  servicePolicyCreateSchema,
  type ConfigTypeName,
  type FabricDriver,
  type FabricEntityKind,
  type FabricIdentity,
  type FabricLogger,
} from "./driver";
import { FabricError, parseFabricInput, type FabricErrorCode } from "./errors";

export const zitiFabricOptionsSchema = z.object({
  /** Base URL of the controller's Edge Management API, such as https://ziti.example.test:1280. */
  controllerUrl: z.url({ protocol: /^https?$/ }),
  username: z.string().min(1),
  password: z.string().min(1),
  /** PEM certificate authority of the controller's TLS certificate; the system CAs when absent. */
  ca: z.string().optional(),
  requestTimeoutMs: z.number().int().positive().default(10_000),
  logger: z.custom<FabricLogger>((value) => typeof value === "object" && value !== null).optional(),
});
export type ZitiFabricOptions = z.input<typeof zitiFabricOptionsSchema>;

export const managementApiPath = "/edge/management/v1";

const entityPaths: Record<FabricEntityKind, string> = {
  config: "configs",
  service: "services",
  servicePolicy: "service-policies",
  edgeRouterPolicy: "edge-router-policies",
};

const envelopeSchema = z.looseObject({ data: z.unknown().optional(), error: z.looseObject({ code: z.string().optional(), message: z.string().optional() }).optional() });
const createdSchema = z.object({ data: z.looseObject({ id: z.string().min(1) }) });
const sessionSchema = z.object({ data: z.looseObject({ token: z.string().min(1) }) });
const identitySchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  roleAttributes: z.array(z.string()).nullish(),
  edgeRouterConnectionStatus: z.string().optional(),
  hasEdgeRouterConnection: z.boolean().optional(),
  authenticators: z.looseObject({ cert: z.looseObject({ id: z.string().optional() }).nullish() }).nullish(),
  enrollment: z.looseObject({ ott: z.looseObject({ jwt: z.string().optional(), expiresAt: z.string().optional() }).nullish() }).nullish(),
});
const identityListSchema = z.object({ data: z.array(identitySchema) });
const identityDetailSchema = z.object({ data: identitySchema });
const configTypeListSchema = z.object({ data: z.array(z.looseObject({ id: z.string(), name: z.string() })) });

const codeByStatus: Record<number, FabricErrorCode> = { 400: "invalidRequest", 401: "unauthorized", 403: "unauthorized", 404: "notFound", 409: "conflict" };

/**
 * Maps an identity of the Edge Management API. An identity has enrolled once
 * its `ott` enrollment is gone and it has a `cert` authenticator, and it is
 * online while `edgeRouterConnectionStatus` is `online`.
 */
export function toFabricIdentity(detail: z.infer<typeof identitySchema>): FabricIdentity {
  const ott = detail.enrollment?.ott ?? undefined;
  const enrolled = ott === undefined && Boolean(detail.authenticators?.cert);
  return {
    id: detail.id,
    name: detail.name,
    roleAttributes: detail.roleAttributes ?? [],
    enrolled,
    online: enrolled && detail.edgeRouterConnectionStatus === "online",
    ...(ott?.expiresAt ? { enrollmentExpiresAt: ott.expiresAt } : {}),
  };
}

/**
 * Creates a driver of an OpenZiti controller over its Edge Management REST
 * API. It signs in with username and password, sends the session token in the
 * `zt-session` header, and signs in again once when the controller rejects an
 * expired token. Configs refer to their config type by id, which the driver
 * looks up by name.
 */
export function createZitiFabric(options: ZitiFabricOptions): FabricDriver {
  const settings = parseFabricInput(zitiFabricOptionsSchema, options, "OpenZiti controller options", "invalidConfig");
  const logger: FabricLogger = settings.logger ?? createLogger("fabric.ziti");
  const base = new URL(settings.controllerUrl);
  const controller = base.origin;
  let sessionToken: string | undefined;
  const configTypeIds = new Map<ConfigTypeName, string>();

  function send(method: string, path: string, body: unknown, token: string | undefined): Promise<{ status: number; json: unknown }> {
    const url = new URL(`${managementApiPath}${path}`, controller);
    const text = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { accept: "application/json" };
    if (text !== undefined) {
      headers["content-type"] = "application/json";
      headers["content-length"] = String(Buffer.byteLength(text));
    }
    if (token !== undefined) headers["zt-session"] = token;
    const requestFunction = url.protocol === "https:" ? httpsRequest : httpRequest;

    return new Promise((resolve, reject) => {
      const outgoing = requestFunction(url, { method, headers, ...(settings.ca ? { ca: settings.ca } : {}), timeout: settings.requestTimeoutMs }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          let json: unknown = undefined;
          try {
            json = raw === "" ? undefined : JSON.parse(raw);
          } catch {
            json = { error: { message: raw.slice(0, 200) } };
          }
          resolve({ status: response.statusCode ?? 0, json });
        });
      });
      outgoing.on("timeout", () => outgoing.destroy(new FabricError("timeout", `${method} ${url.pathname} timed out after ${settings.requestTimeoutMs} ms at the fabric controller ${controller}`)));
      outgoing.on("error", (error) => {
        if (error instanceof FabricError) reject(error);
        else reject(new FabricError("unreachable", `Cannot reach the fabric controller at ${controller}: ${error.message}`, { cause: error }));
      });
      outgoing.end(text);
    });
  }

  function failure(method: string, path: string, status: number, json: unknown): FabricError {
    const envelope = envelopeSchema.safeParse(json);
    const error = envelope.success ? envelope.data.error : undefined;
    const detail = [error?.code, error?.message].filter(Boolean).join(": ") || "no error message";
    return new FabricError(codeByStatus[status] ?? "controllerError", `${method} ${managementApiPath}${path} failed: the fabric controller at ${controller} returned HTTP ${status} (${detail})`, {
      httpStatus: status,
    });
  }

  async function signIn(): Promise<string> {
    const { status, json } = await send("POST", "/authenticate?method=password", { username: settings.username, password: settings.password }, undefined);
    if (status !== 200) throw failure("POST", "/authenticate", status, json);
    const session = sessionSchema.safeParse(json);
    if (!session.success) throw new FabricError("controllerError", `The fabric controller at ${controller} sent an authentication reply without a session token`);
    sessionToken = session.data.data.token;
    logger.info({ controller }, "Signed in to the fabric controller");
    return sessionToken;
  }

  async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    let reply = await send(method, path, body, sessionToken ?? (await signIn()));
    if (reply.status === 401) {
      // The API session expired or the controller restarted: sign in once more.
      reply = await send(method, path, body, await signIn());
    }
    return reply;
  }

  async function callOk<T extends z.ZodType>(method: string, path: string, schema: T, body?: unknown): Promise<z.output<T>> {
    const { status, json } = await call(method, path, body);
    if (status < 200 || status >= 300) throw failure(method, path, status, json);
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new FabricError("controllerError", `${method} ${managementApiPath}${path}: the fabric controller at ${controller} sent an unexpected reply`);
    return parsed.data;
  }

  async function create(path: string, body: unknown): Promise<string> {
    return (await callOk("POST", path, createdSchema, body)).data.id;
  }

  async function configTypeId(name: ConfigTypeName): Promise<string> {
    const known = configTypeIds.get(name);
    if (known) return known;
    const filter = encodeURIComponent(`name="${name}"`);
    const list = await callOk("GET", `/config-types?filter=${filter}`, configTypeListSchema);
    const found = list.data.find((entry) => entry.name === name);
    if (!found) throw new FabricError("controllerError", `The fabric controller at ${controller} has no config type "${name}"`);
    configTypeIds.set(name, found.id);
    return found.id;
  }

  async function getIdentity(id: string): Promise<FabricIdentity | undefined> {
    const path = `/identities/${encodeURIComponent(id)}`;
    const { status, json } = await call("GET", path);
    if (status === 404) return undefined;
    if (status !== 200) throw failure("GET", path, status, json);
    const parsed = identityDetailSchema.safeParse(json);
    if (!parsed.success) throw new FabricError("controllerError", `GET ${managementApiPath}${path}: the fabric controller at ${controller} sent an unexpected reply`);
    return toFabricIdentity(parsed.data.data);
  }

  async function deletePath(path: string): Promise<void> {
    const { status, json } = await call("DELETE", path);
    if (status !== 200 && status !== 204 && status !== 404) throw failure("DELETE", path, status, json);
  }

  return {
    kind: "ziti",

    async authenticate() {
      await signIn();
    },

    async createIdentity(input) {
      const { name, roleAttributes } = parseFabricInput(identityCreateSchema, input, "identity");
      const id = await create("/identities", { name, type: "Device", isAdmin: false, roleAttributes, enrollment: { ott: true } });
      logger.info({ controller, identityId: id, name }, "Created fabric identity");
      const identity = await getIdentity(id);
      if (!identity) throw new FabricError("controllerError", `The fabric controller at ${controller} lost identity ${id} right after creating it`);
      return identity;
    },

    getIdentity,

    async listIdentities() {
      const list = await callOk("GET", "/identities?limit=500", identityListSchema);
      return list.data.map(toFabricIdentity);
    },

    async deleteIdentity(id) {
      await deletePath(`/identities/${encodeURIComponent(id)}`);
    },

    async getEnrollmentJwt(id) {
      const path = `/identities/${encodeURIComponent(id)}`;
      const detail = await callOk("GET", path, identityDetailSchema);
      const jwt = detail.data.enrollment?.ott?.jwt;
      if (!jwt) throw new FabricError("conflict", `Identity ${id} has no pending one-time-token enrollment: it has enrolled already or its token was removed`);
      return jwt;
    },

    async createConfig(input) {
      const config = parseFabricInput(configCreateSchema, input, "config");
      return create("/configs", { name: config.name, configTypeId: await configTypeId(config.type), data: config.data });
    },

    async createService(input) {
      const service = parseFabricInput(serviceCreateSchema, input, "service");
      return create("/services", { name: service.name, configs: service.configIds, roleAttributes: service.roleAttributes, encryptionRequired: true });
    },

    async createServicePolicy(input) {
      const policy = parseFabricInput(servicePolicyCreateSchema, input, "service policy");
      return create("/service-policies", { ...policy, semantic: "AnyOf" });
    },

    async createEdgeRouterPolicy(input) {
      const policy = parseFabricInput(edgeRouterPolicyCreateSchema, input, "edge router policy");
      return create("/edge-router-policies", { ...policy, semantic: "AnyOf" });
    },

    async deleteEntity(kind, id) {
      await deletePath(`/${entityPaths[kind]}/${encodeURIComponent(id)}`);
    },
  };
}
