import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

// Data Management (DM): NGSI-LD entities grouped into datasets, their history,
// the connectors that feed them and the access granted to other domains.

/**
 * A dataset: the entities of one NGSI-LD type that a domain exposes, with its
 * DCAT-AP description and the preparation pipeline its connectors apply.
 */
export const dmDataset = pgTable(
  "dm_dataset",
  {
    id: text().primaryKey(),
    /** NGSI-LD entity type that the dataset contains; one dataset per type. */
    entityType: text().notNull(),
    title: text().notNull(),
    /** DCAT-AP description (dct:description, dcat:keyword, dct:spatial, dct:temporal, …). */
    description: jsonb().$type<Record<string, unknown>>().notNull(),
    /** Preparation steps applied to every record before it is stored. */
    pipeline: jsonb().$type<unknown[]>().notNull().default([]),
    /** Id of the TMF633 serviceSpecification that offers the dataset as a service. */
    serviceSpecificationId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex().on(table.entityType)],
);

/** Current state of each NGSI-LD entity, in normalized form. */
export const dmEntity = pgTable(
  "dm_entity",
  {
    id: text().primaryKey(),
    type: text().notNull(),
    datasetId: text()
      .notNull()
      .references(() => dmDataset.id, { onDelete: "cascade" }),
    entity: jsonb().$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    modifiedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index().on(table.type), index().on(table.datasetId)],
);

/** One attribute instance per row: every value an entity attribute ever had. */
export const dmAttributeInstance = pgTable(
  "dm_attribute_instance",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    entityId: text()
      .notNull()
      .references(() => dmEntity.id, { onDelete: "cascade" }),
    entityType: text().notNull(),
    attribute: text().notNull(),
    /** observedAt of the instance, or the time it was stored when the source gave none. */
    observedAt: timestamp({ withTimezone: true }).notNull(),
    instance: jsonb().$type<Record<string, unknown>>().notNull(),
    recordedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index().on(table.entityType, table.observedAt), index().on(table.entityId, table.attribute, table.observedAt)],
);

/** A configured source of data: NGSI-LD push, periodic HTTP pull or CSV upload. */
export const dmConnector = pgTable(
  "dm_connector",
  {
    id: text().primaryKey(),
    datasetId: text()
      .notNull()
      .references(() => dmDataset.id, { onDelete: "cascade" }),
    kind: text().$type<"ngsi-ld" | "http-pull" | "csv">().notNull(),
    name: text().notNull(),
    /** Kind-specific settings, such as the pull URL, interval and field mapping. */
    config: jsonb().$type<Record<string, unknown>>().notNull(),
    acceptedCount: integer().notNull().default(0),
    rejectedCount: integer().notNull().default(0),
    lastRunAt: timestamp({ withTimezone: true }),
    lastError: text(),
    /** When a pull connector runs next; null for connectors that receive data. */
    nextRunAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index().on(table.datasetId), index().on(table.nextRunAt)],
);

/** A record a connector received but did not store, with the reason. */
export const dmRejectedRecord = pgTable(
  "dm_rejected_record",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    connectorId: text().references(() => dmConnector.id, { onDelete: "cascade" }),
    datasetId: text().references(() => dmDataset.id, { onDelete: "cascade" }),
    /** Position of the record in its batch, file (data line) or reply. */
    recordIndex: integer().notNull(),
    record: jsonb().$type<unknown>(),
    reason: text().notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index().on(table.connectorId, table.receivedAt), index().on(table.datasetId, table.receivedAt)],
);

/**
 * Access of another domain's party to a dataset, created from the TMF638
 * service that its order produced and revoked when that service ends.
 */
export const dmAccessGrant = pgTable(
  "dm_access_grant",
  {
    id: text().primaryKey(),
    datasetId: text()
      .notNull()
      .references(() => dmDataset.id, { onDelete: "cascade" }),
    serviceId: text().notNull(),
    consumerParty: text().notNull(),
    accessMode: text().$type<"read" | "subscribe">().notNull(),
    /** SHA-256 (hex) of the bearer token the consumer presents; the token itself is never stored. */
    tokenSha256: text().notNull(),
    grantedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    revocationReason: text(),
  },
  (table) => [uniqueIndex().on(table.serviceId), index().on(table.tokenSha256)],
);

/** An NGSI-LD subscription: changes of matching entities are sent to its endpoint. */
export const dmSubscription = pgTable(
  "dm_subscription",
  {
    id: text().primaryKey(),
    entityType: text().notNull(),
    /** Grant under which a consumer created it; null for the domain's own subscriptions. */
    grantId: text().references(() => dmAccessGrant.id, { onDelete: "cascade" }),
    subscription: jsonb().$type<Record<string, unknown>>().notNull(),
    endpoint: text().notNull(),
    status: text().$type<"active" | "paused" | "failed">().notNull().default("active"),
    timesSent: integer().notNull().default(0),
    timesFailed: integer().notNull().default(0),
    lastNotification: timestamp({ withTimezone: true }),
    lastFailure: timestamp({ withTimezone: true }),
    lastFailureReason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index().on(table.entityType)],
);
