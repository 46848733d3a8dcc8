import { z } from "zod";

// The Secure Integration Fabric (SIF) as the ESO uses it: identities that a
// domain enrols with a one-time token, and the configs, services and policies
// that expose a domain's endpoints to the ESO. The model and the names follow
// the OpenZiti Edge Management API.

const entityName = z.string().trim().min(1, "is required").max(255, "must be at most 255 characters");
const roleAttribute = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, "must be letters, digits, '.', '_', ':' or '-', at most 100 characters");

/**
 * A role as OpenZiti policies write it: `#attribute` selects every entity
 * with that role attribute, `@id` one entity, `#all` every entity.
 */
export const policyRoleSchema = z.string().regex(/^(#[A-Za-z0-9][A-Za-z0-9._:-]{0,99}|@[A-Za-z0-9._-]{1,100})$/, 'must be "#attribute" or "@id"');

export const identityCreateSchema = z.object({
  name: entityName,
  roleAttributes: z.array(roleAttribute).max(20).default([]),
});
export type IdentityCreate = z.input<typeof identityCreateSchema>;

export const fabricIdentitySchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  roleAttributes: z.array(z.string()),
  /** True once the one-time token was used and the identity has a certificate. */
  enrolled: z.boolean(),
  /** True while the enrolled identity is connected to an edge router. */
  online: z.boolean(),
  /** Expiry of the one-time enrollment token; absent once enrolled. */
  enrollmentExpiresAt: z.string().optional(),
});
export type FabricIdentity = z.infer<typeof fabricIdentitySchema>;

export const configTypeNames = ["host.v1", "intercept.v1"] as const;
export type ConfigTypeName = (typeof configTypeNames)[number];

/** host.v1: where the hosting identity forwards the connections of a service. */
export const hostV1Schema = z.object({
  protocol: z.enum(["tcp", "udp"]),
  address: z.string().min(1),
  port: z.number().int().min(1).max(65535),
});

/** intercept.v1: the addresses and ports that dialing identities reach the service at. */
export const interceptV1Schema = z.object({
  protocols: z.array(z.enum(["tcp", "udp"])).min(1),
  addresses: z.array(z.string().min(1)).min(1),
  portRanges: z.array(z.object({ low: z.number().int().min(1).max(65535), high: z.number().int().min(1).max(65535) })).min(1),
});

export const configCreateSchema = z.discriminatedUnion("type", [
  z.object({ name: entityName, type: z.literal("host.v1"), data: hostV1Schema }),
  z.object({ name: entityName, type: z.literal("intercept.v1"), data: interceptV1Schema }),
]);
export type ConfigCreate = z.input<typeof configCreateSchema>;

export const serviceCreateSchema = z.object({
  name: entityName,
  configIds: z.array(z.string().min(1)).default([]),
  roleAttributes: z.array(roleAttribute).max(20).default([]),
});
export type ServiceCreate = z.input<typeof serviceCreateSchema>;

export const servicePolicyCreateSchema = z.object({
  name: entityName,
  type: z.enum(["Bind", "Dial"]),
  serviceRoles: z.array(policyRoleSchema).min(1),
  identityRoles: z.array(policyRoleSchema).min(1),
});
export type ServicePolicyCreate = z.input<typeof servicePolicyCreateSchema>;

export const edgeRouterPolicyCreateSchema = z.object({
  name: entityName,
  edgeRouterRoles: z.array(policyRoleSchema).min(1),
  identityRoles: z.array(policyRoleSchema).min(1),
});
export type EdgeRouterPolicyCreate = z.input<typeof edgeRouterPolicyCreateSchema>;

export type FabricEntityKind = "config" | "service" | "servicePolicy" | "edgeRouterPolicy";

export type FabricKind = "simulated" | "ziti";

/** Driver of one fabric controller, with the ESO's credentials on it. */
export interface FabricDriver {
  readonly kind: FabricKind;
  /** Signs in with the ESO's credentials; throws a FabricError with code `unauthorized` when the controller rejects them. */
  authenticate(): Promise<void>;
  createIdentity(input: IdentityCreate): Promise<FabricIdentity>;
  /** Returns the identity, or undefined when the controller does not know it. */
  getIdentity(id: string): Promise<FabricIdentity | undefined>;
  listIdentities(): Promise<FabricIdentity[]>;
  /** Deletes the identity; succeeds when it does not exist. */
  deleteIdentity(id: string): Promise<void>;
  /** Returns the one-time enrollment JWT; throws `conflict` once the identity has enrolled. */
  getEnrollmentJwt(id: string): Promise<string>;
  createConfig(input: ConfigCreate): Promise<string>;
  createService(input: ServiceCreate): Promise<string>;
  createServicePolicy(input: ServicePolicyCreate): Promise<string>;
  createEdgeRouterPolicy(input: EdgeRouterPolicyCreate): Promise<string>;
  /** Deletes a config, service or policy; succeeds when it does not exist. */
  deleteEntity(kind: FabricEntityKind, id: string): Promise<void>;
}

/** Logger shape the drivers need; a pino Logger fits it. */
export interface FabricLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}
