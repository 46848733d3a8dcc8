import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { createLogger } from "@cop-pilot/logger";
import { z } from "zod";
import {
  configCreateSchema,
  edgeRouterPolicyCreateSchema,
  identityCreateSchema,
  serviceCreateSchema,
  servicePolicyCreateSchema,
  type FabricDriver,
  type FabricEntityKind,
  type FabricIdentity,
  type FabricLogger,
} from "./driver";
import { FabricError, parseFabricInput } from "./errors";
import { signEnrollmentJwt, verifyEnrollmentJwt } from "./jwt";

/** Persistence of the simulated fabric as JSON records; the ESO keeps them in its database. */
export interface SimulatedFabricStore {
  /** Returns the stored record, or undefined (or null) when the key is absent. */
  get(key: string): Promise<unknown>;
  put(key: string, record: Record<string, unknown>): Promise<void>;
  delete(key: string): Promise<void>;
  /** Returns the records whose key starts with `prefix`. */
  list(prefix: string): Promise<unknown[]>;
}

/** Creates a SimulatedFabricStore that keeps records in process memory, for tests. */
export function createMemoryFabricStore(): SimulatedFabricStore {
  const records = new Map<string, string>();
  return {
    async get(key) {
      const text = records.get(key);
      return text === undefined ? undefined : JSON.parse(text);
    },
    async put(key, record) {
      records.set(key, JSON.stringify(record));
    },
    async delete(key) {
      records.delete(key);
    },
    async list(prefix) {
      return [...records.entries()].filter(([key]) => key.startsWith(prefix)).map(([, text]) => JSON.parse(text));
    },
  };
}

const identityRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  roleAttributes: z.array(z.string()),
  /** The one-time token, until the identity enrolls. */
  ott: z.string().nullable(),
  ottExpiresAt: z.string().nullable(),
  enrolledAt: z.string().nullable(),
  /** SHA-256 of the secret that the enrolled client presents with each heartbeat. */
  clientSecretHash: z.string().nullable(),
  lastHeartbeatAt: z.string().nullable(),
  createdAt: z.string(),
});
type IdentityRecord = z.infer<typeof identityRecordSchema>;

export const simulatedFabricOptionsSchema = z.object({
  store: z.custom<SimulatedFabricStore>((value) => typeof value === "object" && value !== null),
  /** URL written as the issuer of enrollment tokens: where the fabric client enrolls and sends heartbeats. */
  issuer: z.url(),
  /** Credentials the caller presents to the controller. */
  username: z.string().min(1),
  password: z.string().min(1),
  /** The controller's one account; `authenticate` rejects other credentials. */
  account: z.object({ username: z.string().min(1), password: z.string().min(1) }),
  /** An enrolled identity is online while its last heartbeat is younger than this, in milliseconds. */
  heartbeatTimeoutMs: z.number().int().positive().default(15_000),
  enrollmentTtlMs: z.number().int().positive().default(24 * 60 * 60 * 1000),
  logger: z.custom<FabricLogger>((value) => typeof value === "object" && value !== null).optional(),
});
export type SimulatedFabricOptions = z.input<typeof simulatedFabricOptionsSchema>;

/** The simulated controller's side of the fabric client: enrollment with the JWT, then heartbeats. */
export interface SimulatedFabricClientApi {
  /** Uses the one-time token; returns the identity id and the secret for heartbeats. */
  enroll(jwt: string): Promise<{ identityId: string; clientSecret: string }>;
  /** Marks the identity online until `heartbeatTimeoutMs` passes without another heartbeat. */
  heartbeat(identityId: string, clientSecret: string): Promise<void>;
  /** Marks the identity offline at once, when the client stops cleanly. */
  disconnect(identityId: string, clientSecret: string): Promise<void>;
}

export type SimulatedFabric = FabricDriver & SimulatedFabricClientApi;

const signingKeyRecord = "signing-key";
const hash = (secret: string) => createHash("sha256").update(secret).digest("hex");

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Creates a fabric that exists only as records in `options.store`. It behaves
 * as the ESO expects an OpenZiti controller to: identities get a one-time
 * enrollment token, are enrolled once it is used, and are online while their
 * client sends heartbeats. Configs, services and policies are stored but
 * route nothing, so the ESO reaches a cluster directly.
 */
export function createSimulatedFabric(options: SimulatedFabricOptions): SimulatedFabric {
  const settings = parseFabricInput(simulatedFabricOptionsSchema, options, "simulated fabric options", "invalidConfig");
  const { store } = settings;
  const logger: FabricLogger = settings.logger ?? createLogger("fabric.simulated");

  async function signingKey(): Promise<string> {
    const stored = z.object({ key: z.string() }).safeParse(await store.get(signingKeyRecord));
    if (stored.success) return stored.data.key;
    const key = randomBytes(32).toString("base64url");
    await store.put(signingKeyRecord, { key });
    return key;
  }

  async function readIdentity(id: string): Promise<IdentityRecord | undefined> {
    const stored = await store.get(`identity/${id}`);
    if (stored === undefined || stored === null) return undefined;
    const parsed = identityRecordSchema.safeParse(stored);
    if (!parsed.success) throw new FabricError("controllerError", `Stored record of simulated identity ${id} is invalid`);
    return parsed.data;
  }

  function toIdentity(record: IdentityRecord): FabricIdentity {
    const enrolled = record.enrolledAt !== null;
    const online = enrolled && record.lastHeartbeatAt !== null && Date.now() - Date.parse(record.lastHeartbeatAt) < settings.heartbeatTimeoutMs;
    return {
      id: record.id,
      name: record.name,
      roleAttributes: record.roleAttributes,
      enrolled,
      online,
      ...(record.ottExpiresAt && !enrolled ? { enrollmentExpiresAt: record.ottExpiresAt } : {}),
    };
  }

  async function requireClient(identityId: string, clientSecret: string): Promise<IdentityRecord> {
    const record = await readIdentity(identityId);
    if (!record || record.clientSecretHash === null || !sameHash(record.clientSecretHash, hash(clientSecret))) {
      throw new FabricError("unauthorized", `Identity ${identityId} is unknown or the client secret does not match; enroll again with a new token`);
    }
    return record;
  }

  async function createEntity(kind: FabricEntityKind, name: string, body: unknown): Promise<string> {
    const id = randomUUID();
    await store.put(`${kind}/${id}`, { id, name, body: body as Record<string, unknown>, createdAt: new Date().toISOString() });
    logger.info({ kind, id, name }, "Created simulated fabric entity");
    return id;
  }

  return {
    kind: "simulated",

    async authenticate() {
      const presented = hash(`${settings.username}\n${settings.password}`);
      const expected = hash(`${settings.account.username}\n${settings.account.password}`);
      if (!sameHash(presented, expected)) throw new FabricError("unauthorized", `The simulated fabric controller rejected the credentials of user "${settings.username}"`, { httpStatus: 401 });
    },

    async createIdentity(input) {
      const { name, roleAttributes } = parseFabricInput(identityCreateSchema, input, "identity");
      const id = randomUUID();
      const now = Date.now();
      const record: IdentityRecord = {
        id,
        name,
        roleAttributes,
        ott: randomBytes(18).toString("base64url"),
        ottExpiresAt: new Date(now + settings.enrollmentTtlMs).toISOString(),
        enrolledAt: null,
        clientSecretHash: null,
        lastHeartbeatAt: null,
        createdAt: new Date(now).toISOString(),
      };
      await store.put(`identity/${id}`, record);
      logger.info({ identityId: id, name }, "Created simulated fabric identity");
      return toIdentity(record);
    },

    async getIdentity(id) {
      const record = await readIdentity(id);
      return record ? toIdentity(record) : undefined;
    },

    async listIdentities() {
      const records = await store.list("identity/");
      return records.flatMap((record) => {
        const parsed = identityRecordSchema.safeParse(record);
        return parsed.success ? [toIdentity(parsed.data)] : [];
      });
    },

    async deleteIdentity(id) {
      await store.delete(`identity/${id}`);
    },

    async getEnrollmentJwt(id) {
      const record = await readIdentity(id);
      if (!record) throw new FabricError("notFound", `Identity ${id} does not exist in the simulated fabric`);
      if (record.ott === null || record.ottExpiresAt === null) throw new FabricError("conflict", `Identity ${id} has enrolled already; its one-time token is used up`);
      const claims = { iss: settings.issuer, sub: id, jti: record.ott, em: "ott" as const, exp: Math.floor(Date.parse(record.ottExpiresAt) / 1000) };
      return signEnrollmentJwt(claims, await signingKey());
    },

    async createConfig(input) {
      const config = parseFabricInput(configCreateSchema, input, "config");
      return createEntity("config", config.name, config);
    },

    async createService(input) {
      const service = parseFabricInput(serviceCreateSchema, input, "service");
      return createEntity("service", service.name, service);
    },

    async createServicePolicy(input) {
      const policy = parseFabricInput(servicePolicyCreateSchema, input, "service policy");
      return createEntity("servicePolicy", policy.name, policy);
    },

    async createEdgeRouterPolicy(input) {
      const policy = parseFabricInput(edgeRouterPolicyCreateSchema, input, "edge router policy");
      return createEntity("edgeRouterPolicy", policy.name, policy);
    },

    async deleteEntity(kind, id) {
      await store.delete(`${kind}/${id}`);
    },

    async enroll(jwt) {
      const claims = verifyEnrollmentJwt(jwt, await signingKey());
      if (!claims) throw new FabricError("unauthorized", "The enrollment token is malformed or was not issued by this fabric");
      const record = await readIdentity(claims.sub);
      if (!record) throw new FabricError("notFound", `Identity ${claims.sub} of the enrollment token no longer exists`);
      if (record.ott === null || record.ott !== claims.jti) throw new FabricError("conflict", `The enrollment token of identity ${claims.sub} was used already`);
      if (record.ottExpiresAt !== null && Date.parse(record.ottExpiresAt) < Date.now()) {
        throw new FabricError("unauthorized", `The enrollment token of identity ${claims.sub} expired at ${record.ottExpiresAt}`);
      }
      const clientSecret = randomBytes(24).toString("base64url");
      const now = new Date().toISOString();
      await store.put(`identity/${record.id}`, { ...record, ott: null, ottExpiresAt: null, enrolledAt: now, clientSecretHash: hash(clientSecret), lastHeartbeatAt: now });
      logger.info({ identityId: record.id, name: record.name }, "Simulated fabric identity enrolled");
      return { identityId: record.id, clientSecret };
    },

    async heartbeat(identityId, clientSecret) {
      const record = await requireClient(identityId, clientSecret);
      await store.put(`identity/${identityId}`, { ...record, lastHeartbeatAt: new Date().toISOString() });
    },

    async disconnect(identityId, clientSecret) {
      const record = await requireClient(identityId, clientSecret);
      await store.put(`identity/${identityId}`, { ...record, lastHeartbeatAt: null });
      logger.info({ identityId }, "Simulated fabric client disconnected");
    },
  };
}
