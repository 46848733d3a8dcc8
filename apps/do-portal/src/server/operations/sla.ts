import "server-only";
import { and, asc, desc, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import { TmfError, newId, recordAudit, type AuditActor, type Db } from "@cop-pilot/tmf-server";
import { describeFieldIssues, labelsByPath } from "@cop-pilot/tmf-schemas";
import { schema } from "../db";
import { breachTransitions, evaluateSla, isWorse, measuredValue, type SlaMeasurement, type SlaMetric } from "./sla-evaluation";

const { domainSla, slaBreach, deploymentUsageSample, service, serviceSpecification } = schema;
/** Resource type of SLAs in the audit log. */
const slaType = "ServiceLevelAgreement";

export type DomainSla = typeof domainSla.$inferSelect;
export type SlaBreach = typeof slaBreach.$inferSelect;

const optionalId = z
  .string()
  .trim()
  .max(200)
  .optional()
  .transform((value) => (value ? value : undefined));

/** An SLA as a domain owner writes it: one scope (a specification or a service) and at least one target. */
export const slaInputSchema = z
  .object({
    name: z.string().trim().min(1, "is required").max(200),
    serviceSpecificationId: optionalId,
    serviceId: optionalId,
    availabilityTargetPercent: z.number().min(0).max(100).optional(),
    latencyTargetMs: z.number().positive().max(600_000).optional(),
    windowMinutes: z.number().int().min(1).max(1440).default(60),
  })
  .refine((input) => (input.serviceSpecificationId === undefined) !== (input.serviceId === undefined), {
    message: "must be exactly one of serviceSpecificationId and serviceId: a specification or a service",
    path: ["serviceSpecificationId"],
  })
  .refine((input) => input.availabilityTargetPercent !== undefined || input.latencyTargetMs !== undefined, {
    message: "is needed unless a latency target is set (availabilityTargetPercent, latencyTargetMs or both)",
    path: ["availabilityTargetPercent"],
  });
export type SlaInput = z.input<typeof slaInputSchema>;

const slaFieldLabels = labelsByPath({
  name: "Name",
  serviceSpecificationId: "Scope",
  serviceId: "Scope",
  availabilityTargetPercent: { label: "Availability target", unit: "%" },
  latencyTargetMs: { label: "Latency target", unit: "ms" },
  windowMinutes: { label: "Window", unit: "minutes" },
});

function parseSlaInput(input: unknown): z.output<typeof slaInputSchema> {
  const result = slaInputSchema.safeParse(input);
  if (!result.success) throw new TmfError("invalidBody", describeFieldIssues(result.error, slaFieldLabels));
  return result.data;
}

async function assertScopeExists(tx: Db, input: z.output<typeof slaInputSchema>): Promise<void> {
  if (input.serviceSpecificationId !== undefined) {
    const [found] = await tx.select({ id: serviceSpecification.id }).from(serviceSpecification).where(eq(serviceSpecification.id, input.serviceSpecificationId));
    if (!found) throw new TmfError("unprocessable", `Service specification "${input.serviceSpecificationId}" does not exist in this domain's catalogue`);
  }
  if (input.serviceId !== undefined) {
    const [found] = await tx.select({ id: service.id }).from(service).where(eq(service.id, input.serviceId));
    if (!found) throw new TmfError("unprocessable", `Service "${input.serviceId}" does not exist in this domain's inventory`);
  }
}

function columnsOf(input: z.output<typeof slaInputSchema>) {
  return {
    name: input.name,
    serviceSpecificationId: input.serviceSpecificationId ?? null,
    serviceId: input.serviceId ?? null,
    availabilityTargetPercent: input.availabilityTargetPercent ?? null,
    latencyTargetMs: input.latencyTargetMs ?? null,
    windowMinutes: input.windowMinutes,
  };
}

/** Stores a new SLA after checking that its specification or service exists. */
export async function createSla(database: Db, actor: AuditActor, input: unknown): Promise<DomainSla> {
  const parsed = parseSlaInput(input);
  return database.transaction(async (tx) => {
    await assertScopeExists(tx, parsed);
    const [created] = await tx.insert(domainSla).values({ id: newId(), ...columnsOf(parsed) }).returning();
    await recordAudit(tx, actor, { action: "create", resourceType: slaType, resourceId: created!.id, summary: `Created SLA "${parsed.name}"`, detail: columnsOf(parsed) });
    return created as DomainSla;
  });
}

/** Replaces the targets and scope of an SLA; its recorded breaches stay. */
export async function updateSla(database: Db, actor: AuditActor, id: string, input: unknown): Promise<DomainSla> {
  const parsed = parseSlaInput(input);
  return database.transaction(async (tx) => {
    await getSla(tx, id);
    await assertScopeExists(tx, parsed);
    const [updated] = await tx
      .update(domainSla)
      .set({ ...columnsOf(parsed), updatedAt: new Date() })
      .where(eq(domainSla.id, id))
      .returning();
    await recordAudit(tx, actor, { action: "update", resourceType: slaType, resourceId: id, summary: `Updated SLA "${parsed.name}"`, detail: columnsOf(parsed) });
    return updated as DomainSla;
  });
}

/** Deletes an SLA with its breaches. */
export async function deleteSla(database: Db, actor: AuditActor, id: string): Promise<void> {
  await database.transaction(async (tx) => {
    const sla = await getSla(tx, id);
    await tx.delete(domainSla).where(eq(domainSla.id, id));
    await recordAudit(tx, actor, { action: "delete", resourceType: slaType, resourceId: id, summary: `Deleted SLA "${sla.name}" with its breaches` });
  });
}

export async function getSla(database: Db, id: string): Promise<DomainSla> {
  const [found] = await database.select().from(domainSla).where(eq(domainSla.id, id));
  if (!found) throw new TmfError("notFound", `SLA with id "${id}" does not exist`);
  return found;
}

export async function listSlas(database: Db): Promise<DomainSla[]> {
  return database.select().from(domainSla).orderBy(asc(domainSla.name), asc(domainSla.id));
}

export interface ScopedService {
  id: string;
  name: string | null;
}

/** Returns the active services an SLA covers: its service, or every active service of its specification. */
async function servicesInScope(database: Db, sla: DomainSla): Promise<ScopedService[]> {
  const condition =
    sla.serviceId !== null ? eq(service.id, sla.serviceId) : eq(service.serviceSpecificationId, sla.serviceSpecificationId ?? "");
  return database
    .select({ id: service.id, name: service.name })
    .from(service)
    .where(and(condition, eq(service.state, "active")))
    .orderBy(asc(service.name), asc(service.id));
}

async function measure(database: Db, sla: DomainSla, serviceId: string, now: Date): Promise<SlaMeasurement> {
  const since = new Date(now.getTime() - sla.windowMinutes * 60_000);
  const samples = await database
    .select({ healthy: deploymentUsageSample.healthy, probeLatencyMs: deploymentUsageSample.probeLatencyMs })
    .from(deploymentUsageSample)
    .where(and(eq(deploymentUsageSample.serviceId, serviceId), gt(deploymentUsageSample.sampledAt, since)));
  return evaluateSla(samples, { availabilityTargetPercent: sla.availabilityTargetPercent, latencyTargetMs: sla.latencyTargetMs });
}

function targetOf(sla: DomainSla, metric: SlaMetric): number {
  return (metric === "availability" ? sla.availabilityTargetPercent : sla.latencyTargetMs) ?? 0;
}

/**
 * Checks every SLA against the samples of its window and records breaches. A target missed now and not
 * before opens a breach, and a breach whose target is met again ends at `now`. An open breach keeps the
 * worst value measured. Returns how many breaches started and ended.
 */
export async function evaluateSlas(database: Db, now: Date): Promise<{ started: number; ended: number }> {
  let started = 0;
  let ended = 0;
  for (const sla of await listSlas(database)) {
    for (const scoped of await servicesInScope(database, sla)) {
      const measurement = await measure(database, sla, scoped.id, now);
      await database.transaction(async (tx) => {
        const open = await tx
          .select()
          .from(slaBreach)
          .where(and(eq(slaBreach.slaId, sla.id), eq(slaBreach.serviceId, scoped.id), isNull(slaBreach.endedAt)))
          .for("update");
        const transitions = breachTransitions(
          open.map((breach) => breach.metric as SlaMetric),
          measurement,
        );

        for (const metric of transitions.start) {
          const value = measuredValue(measurement, metric) ?? 0;
          // The unique index on open breaches makes a concurrent second start a no-op.
          const inserted = await tx
            .insert(slaBreach)
            .values({ id: newId(), slaId: sla.id, serviceId: scoped.id, metric, target: targetOf(sla, metric), worstValue: value, startedAt: now })
            .onConflictDoNothing()
            .returning({ id: slaBreach.id });
          started += inserted.length;
        }
        for (const breach of open) {
          const metric = breach.metric as SlaMetric;
          const value = measuredValue(measurement, metric);
          const worse = value !== null && isWorse(metric, value, breach.worstValue);
          if (transitions.end.includes(metric)) {
            await tx.update(slaBreach).set({ endedAt: now }).where(eq(slaBreach.id, breach.id));
            ended += 1;
          } else if (worse) {
            await tx.update(slaBreach).set({ worstValue: value }).where(eq(slaBreach.id, breach.id));
          }
        }
      });
    }
  }
  return { started, ended };
}

export interface ServiceCompliance {
  service: ScopedService;
  measurement: SlaMeasurement;
}

export interface SlaReport {
  sla: DomainSla;
  services: ServiceCompliance[];
  /** Most recent breaches first, open or ended. */
  breaches: SlaBreach[];
}

const breachesPerReport = 50;

/** Measures each SLA's services over its window now and lists its latest breaches. */
export async function slaReports(database: Db, slas: DomainSla[], now: Date): Promise<SlaReport[]> {
  const reports: SlaReport[] = [];
  for (const sla of slas) {
    const services: ServiceCompliance[] = [];
    for (const scoped of await servicesInScope(database, sla)) {
      services.push({ service: scoped, measurement: await measure(database, sla, scoped.id, now) });
    }
    const breaches = await database
      .select()
      .from(slaBreach)
      .where(eq(slaBreach.slaId, sla.id))
      .orderBy(desc(slaBreach.startedAt), asc(slaBreach.id))
      .limit(breachesPerReport);
    reports.push({ sla, services, breaches });
  }
  return reports;
}

/** Lists the breaches of a service under every SLA, most recent first. */
export async function breachesOfService(database: Db, serviceId: string, limit = 50): Promise<(SlaBreach & { slaName: string })[]> {
  const rows = await database
    .select({ breach: slaBreach, slaName: domainSla.name })
    .from(slaBreach)
    .innerJoin(domainSla, eq(domainSla.id, slaBreach.slaId))
    .where(eq(slaBreach.serviceId, serviceId))
    .orderBy(desc(slaBreach.startedAt))
    .limit(limit);
  return rows.map((row) => ({ ...row.breach, slaName: row.slaName }));
}

/** Returns the SLAs that cover a service: its own and those of its specification. */
export async function slasOfService(database: Db, serviceId: string, serviceSpecificationId: string | null): Promise<DomainSla[]> {
  const all = await listSlas(database);
  return all.filter((sla) => sla.serviceId === serviceId || (serviceSpecificationId !== null && sla.serviceSpecificationId === serviceSpecificationId));
}


/** Returns what an SLA can cover: the catalogue's specifications and the active services. */
export async function slaScopeOptions(database: Db): Promise<{ specifications: ScopedService[]; services: ScopedService[] }> {
  const specifications = await database
    .select({ id: serviceSpecification.id, name: serviceSpecification.name })
    .from(serviceSpecification)
    .orderBy(asc(serviceSpecification.name), asc(serviceSpecification.id));
  const services = await database
    .select({ id: service.id, name: service.name })
    .from(service)
    .where(eq(service.state, "active"))
    .orderBy(asc(service.name), asc(service.id));
  return { specifications, services };
}
