import { sql } from "drizzle-orm";
import { bigint, boolean, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

// DO only: the domain owner's view of the domain, beside the TMF resources.

/** A TMF632 party's membership of the domain: its roles there, and whether it still takes part. */
export const domainParty = pgTable(
  "domain_party",
  {
    partyId: text().primaryKey(),
    /** "Organization" or "Individual", the TMF632 resource that holds the party. */
    partyType: text().notNull(),
    roles: jsonb().$type<string[]>().notNull(),
    /** "active" or "inactive". */
    state: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index().on(table.state)],
);

/** Resource use of one cluster node at one sampling time. */
export const nodeUsageSample = pgTable(
  "node_usage_sample",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    sampledAt: timestamp({ withTimezone: true }).notNull(),
    node: text().notNull(),
    cpuUsedMillicores: doublePrecision(),
    cpuAllocatableMillicores: doublePrecision().notNull(),
    memoryUsedBytes: doublePrecision(),
    memoryAllocatableBytes: doublePrecision().notNull(),
  },
  (table) => [index().on(table.sampledAt), index().on(table.node, table.sampledAt)],
);

/** Use and health of one managed deployment at one sampling time, with the TMF638 service it serves when known. */
export const deploymentUsageSample = pgTable(
  "deployment_usage_sample",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    sampledAt: timestamp({ withTimezone: true }).notNull(),
    namespace: text().notNull(),
    deploymentName: text().notNull(),
    serviceId: text(),
    serviceSpecificationId: text(),
    replicas: integer().notNull(),
    readyReplicas: integer().notNull(),
    cpuMillicores: doublePrecision(),
    memoryBytes: doublePrecision(),
    healthy: boolean().notNull(),
    probeLatencyMs: doublePrecision(),
  },
  (table) => [index().on(table.sampledAt), index().on(table.serviceId, table.sampledAt)],
);

/**
 * Availability and latency targets of the domain for one service specification (every service of it)
 * or one service, checked over a sliding window of samples.
 */
export const domainSla = pgTable(
  "domain_sla",
  {
    id: text().primaryKey(),
    name: text().notNull(),
    serviceSpecificationId: text(),
    serviceId: text(),
    /** Minimum share of healthy samples in the window, in percent; null when not targeted. */
    availabilityTargetPercent: doublePrecision(),
    /** Maximum 95th percentile of probe latency in the window, in milliseconds; null when not targeted. */
    latencyTargetMs: doublePrecision(),
    windowMinutes: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index().on(table.serviceSpecificationId), index().on(table.serviceId)],
);

/** A period in which a service missed a target of an SLA; `endedAt` is null while it lasts. */
export const slaBreach = pgTable(
  "sla_breach",
  {
    id: text().primaryKey(),
    slaId: text()
      .notNull()
      .references(() => domainSla.id, { onDelete: "cascade" }),
    serviceId: text().notNull(),
    /** "availability" or "latency". */
    metric: text().notNull(),
    target: doublePrecision().notNull(),
    /** Worst value measured during the breach: the lowest availability or the highest latency. */
    worstValue: doublePrecision().notNull(),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    endedAt: timestamp({ withTimezone: true }),
  },
  (table) => [
    index().on(table.slaId, table.startedAt),
    // At most one open breach per SLA, service and metric.
    uniqueIndex("sla_breach_open").on(table.slaId, table.serviceId, table.metric).where(sql`ended_at is null`),
  ],
);
