import "server-only";
import { and, asc, eq, gt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@cop-pilot/tmf-server";
import { schema } from "../db";

const { nodeUsageSample, deploymentUsageSample, service } = schema;

/** Time ranges the telemetry page offers, in milliseconds. */
export const telemetryRanges = { "1h": 3_600_000, "6h": 6 * 3_600_000, "24h": 24 * 3_600_000 } as const;
export type TelemetryRange = keyof typeof telemetryRanges;
/** A range from a query parameter; anything else falls back to one hour. */
export const telemetryRangeSchema = z.enum(["1h", "6h", "24h"]).catch("1h");

// Samples are averaged into this many time buckets, so a chart draws at most this many points per line.
const bucketCount = 120;

export interface SeriesPoint {
  /** Start of the bucket, in milliseconds since the epoch. */
  t: number;
  value: number | null;
}

export interface NodeSeries {
  node: string;
  cpuPercent: SeriesPoint[];
  memoryPercent: SeriesPoint[];
}

export interface DeploymentSeries {
  namespace: string;
  deploymentName: string;
  serviceId: string | null;
  serviceName: string | null;
  /** Share of healthy samples in each bucket, in percent. */
  healthyPercent: SeriesPoint[];
  latencyMs: SeriesPoint[];
  cpuMillicores: SeriesPoint[];
}

function bucketOf(column: typeof nodeUsageSample.sampledAt | typeof deploymentUsageSample.sampledAt, bucketMs: number) {
  // A literal, not a parameter, so that SELECT, GROUP BY and ORDER BY contain the same expression for PostgreSQL.
  const interval = sql.raw(`'${Math.round(bucketMs)} milliseconds'`);
  return sql<Date>`date_bin(${interval}::interval, ${column}, timestamptz '2000-01-01')`;
}

function toNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const number = Number(value);
  return Number.isFinite(number) ? Math.round(number * 10) / 10 : null;
}

function toTime(value: unknown): number {
  return value instanceof Date ? value.getTime() : Date.parse(String(value));
}

/** Returns the window of a range ending at `now`, and its bucket width. */
export function rangeWindow(range: TelemetryRange, now: Date): { since: Date; until: Date; bucketMs: number } {
  const span = telemetryRanges[range];
  return { since: new Date(now.getTime() - span), until: now, bucketMs: span / bucketCount };
}

/** Averages CPU and memory use per node and time bucket, in percent of allocatable. */
export async function nodeSeries(database: Db, range: TelemetryRange, now: Date): Promise<NodeSeries[]> {
  const { since, bucketMs } = rangeWindow(range, now);
  const bucket = bucketOf(nodeUsageSample.sampledAt, bucketMs);
  const rows = await database
    .select({
      node: nodeUsageSample.node,
      bucket,
      cpuPercent: sql<number | null>`avg(${nodeUsageSample.cpuUsedMillicores} / nullif(${nodeUsageSample.cpuAllocatableMillicores}, 0) * 100)`,
      memoryPercent: sql<number | null>`avg(${nodeUsageSample.memoryUsedBytes} / nullif(${nodeUsageSample.memoryAllocatableBytes}, 0) * 100)`,
    })
    .from(nodeUsageSample)
    .where(gt(nodeUsageSample.sampledAt, since))
    .groupBy(nodeUsageSample.node, bucket)
    .orderBy(asc(nodeUsageSample.node), asc(bucket));

  const byNode = new Map<string, NodeSeries>();
  for (const row of rows) {
    const series = byNode.get(row.node) ?? { node: row.node, cpuPercent: [], memoryPercent: [] };
    const t = toTime(row.bucket);
    series.cpuPercent.push({ t, value: toNumber(row.cpuPercent) });
    series.memoryPercent.push({ t, value: toNumber(row.memoryPercent) });
    byNode.set(row.node, series);
  }
  return [...byNode.values()];
}

/** Averages health, probe latency and CPU per deployment and time bucket; `serviceId` narrows to one service. */
export async function deploymentSeries(database: Db, range: TelemetryRange, now: Date, serviceId?: string): Promise<DeploymentSeries[]> {
  const { since, bucketMs } = rangeWindow(range, now);
  const bucket = bucketOf(deploymentUsageSample.sampledAt, bucketMs);
  const conditions = [gt(deploymentUsageSample.sampledAt, since)];
  if (serviceId !== undefined) conditions.push(eq(deploymentUsageSample.serviceId, serviceId));
  const rows = await database
    .select({
      namespace: deploymentUsageSample.namespace,
      deploymentName: deploymentUsageSample.deploymentName,
      // A deployment sampled before its service was recorded has samples without a service id.
      serviceId: sql<string | null>`max(${deploymentUsageSample.serviceId})`,
      serviceName: sql<string | null>`max(${service.name})`,
      bucket,
      healthyPercent: sql<number | null>`avg(case when ${deploymentUsageSample.healthy} then 100.0 else 0 end)`,
      latencyMs: sql<number | null>`avg(${deploymentUsageSample.probeLatencyMs})`,
      cpuMillicores: sql<number | null>`avg(${deploymentUsageSample.cpuMillicores})`,
    })
    .from(deploymentUsageSample)
    .leftJoin(service, eq(service.id, deploymentUsageSample.serviceId))
    .where(and(...conditions))
    .groupBy(deploymentUsageSample.namespace, deploymentUsageSample.deploymentName, bucket)
    .orderBy(asc(deploymentUsageSample.namespace), asc(deploymentUsageSample.deploymentName), asc(bucket));

  const byDeployment = new Map<string, DeploymentSeries>();
  for (const row of rows) {
    const key = `${row.namespace}/${row.deploymentName}`;
    const series = byDeployment.get(key) ?? {
      namespace: row.namespace,
      deploymentName: row.deploymentName,
      serviceId: row.serviceId,
      serviceName: row.serviceName,
      healthyPercent: [],
      latencyMs: [],
      cpuMillicores: [],
    };
    series.serviceId ??= row.serviceId;
    series.serviceName ??= row.serviceName;
    const t = toTime(row.bucket);
    series.healthyPercent.push({ t, value: toNumber(row.healthyPercent) });
    series.latencyMs.push({ t, value: toNumber(row.latencyMs) });
    series.cpuMillicores.push({ t, value: toNumber(row.cpuMillicores) });
    byDeployment.set(key, series);
  }
  return [...byDeployment.values()];
}
