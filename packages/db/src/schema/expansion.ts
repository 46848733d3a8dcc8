import { boolean, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

// ESO only: platform expansion. The Secure Integration Fabric networks the ESO
// is bound to, the fabric identities of new domains, the compute clusters
// their owners register, and the Domain Orchestrators ordered into them.
// Columns named `sealed…` hold AES-256-GCM ciphertext, never plain secrets.

export const fabricNetwork = pgTable("fabric_network", {
  id: text().primaryKey(),
  name: text().notNull().unique(),
  /** `simulated` (the ESO's stand-in controller) or `ziti` (an OpenZiti controller). */
  kind: text().notNull(),
  controllerUrl: text().notNull(),
  /** TMF632 organization that runs the fabric. */
  organizationId: text().notNull(),
  /** The ESO's username, password and optional CA on the controller, as sealed JSON. */
  sealedCredentials: text().notNull(),
  locationName: text(),
  latitude: doublePrecision(),
  longitude: doublePrecision(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const fabricIdentity = pgTable(
  "fabric_identity",
  {
    id: text().primaryKey(),
    fabricNetworkId: text()
      .notNull()
      .references(() => fabricNetwork.id, { onDelete: "restrict" }),
    /** Id of the identity on the controller. */
    remoteId: text().notNull(),
    name: text().notNull(),
    /** Organization that owns the identity; domain owners see only their own organization's identities. */
    organizationId: text().notNull(),
    /** `domain` for a new domain, `test` for the platform admin's check of the fabric. */
    purpose: text().notNull().default("domain"),
    /** Name and place of the domain the identity connects, shown on the map once its DO is peered. */
    domainName: text().notNull(),
    locationName: text(),
    latitude: doublePrecision(),
    longitude: doublePrecision(),
    /** `pendingEnrollment`, `connected` or `disconnected`, from the last poll of the controller. */
    status: text().notNull().default("pendingEnrollment"),
    enrolled: boolean().notNull().default(false),
    online: boolean().notNull().default(false),
    connectedAt: timestamp({ withTimezone: true }),
    lastCheckedAt: timestamp({ withTimezone: true }),
    lastError: text(),
    createdBy: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex().on(table.fabricNetworkId, table.name), index().on(table.organizationId)],
);

export const domainCluster = pgTable(
  "domain_cluster",
  {
    id: text().primaryKey(),
    name: text().notNull(),
    organizationId: text().notNull(),
    fabricIdentityId: text()
      .notNull()
      .references(() => fabricIdentity.id, { onDelete: "restrict" }),
    /** `simulated` or `kubernetes`. */
    kind: text().notNull(),
    /** API server URL from the kubeconfig; null for a simulated cluster. */
    apiServerUrl: text(),
    /** The kubeconfig YAML, sealed; null for a simulated cluster. */
    sealedKubeconfig: text(),
    version: text(),
    /** Nodes with capacity and allocatable resources, from the last connection. */
    nodes: jsonb().$type<Record<string, unknown>[]>().notNull().default([]),
    /** Fabric config, service and policy ids that expose the API server to the ESO, for their removal. */
    fabricEntities: jsonb().$type<{ kind: string; id: string }[]>().notNull().default([]),
    status: text().notNull().default("connected"),
    lastCheckedAt: timestamp({ withTimezone: true }),
    lastError: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex().on(table.organizationId, table.name)],
);

/** One Domain Orchestrator ordered as a service: its rollout, its credentials and the peer it became. */
export const domainOrchestratorDeployment = pgTable(
  "domain_orchestrator_deployment",
  {
    id: text().primaryKey(),
    serviceOrderId: text().notNull(),
    orderItemId: text().notNull(),
    clusterId: text()
      .notNull()
      .references(() => domainCluster.id, { onDelete: "restrict" }),
    /** Slug of the new domain, also the Kubernetes namespace. */
    domainId: text().notNull(),
    domainName: text().notNull(),
    /** Deployment name in the cluster. */
    name: text().notNull(),
    artifact: jsonb().$type<{ registry: string; name: string; version: string }>().notNull(),
    /** Service library domain whose catalogue the new DO publishes first. */
    starterCatalog: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }),
    /** `deploying`, `rollingOut`, `peering`, `completed` or `failed`. */
    state: text().notNull().default("deploying"),
    endpoint: text(),
    /** The new DO's API token and auth secret, sealed. */
    sealedSecrets: text().notNull(),
    peerId: text(),
    failedAttempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }),
    lastError: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp({ withTimezone: true }),
  },
  (table) => [uniqueIndex().on(table.serviceOrderId, table.orderItemId), uniqueIndex().on(table.domainId), index().on(table.nextAttemptAt)],
);

/** The simulated fabric's state (identities, configs, services, policies), kept across restarts. */
export const simulatedFabricRecord = pgTable("simulated_fabric_record", {
  key: text().primaryKey(),
  record: jsonb().$type<Record<string, unknown>>().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
