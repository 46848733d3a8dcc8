import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, CardContent, CardDescription, CardHeader, CardTitle, KeyValueList, LineChart, PageHeader, StateBadge } from "@cop-pilot/ui";
import { findDocument } from "@cop-pilot/tmf-server";
import { db, schema } from "@/server/db";
import type { InventoryService } from "@/server/inventory/services";
import { breachesOfService, slaReports, slasOfService } from "@/server/operations/sla";
import { deploymentSeries, rangeWindow, telemetryRangeSchema } from "@/server/operations/telemetry-series";
import { requirePortalUser } from "@/server/session";
import { formatTime } from "../../format";
import { BreachTable, ComplianceTable, describeTargets } from "../../sla/sla-tables";
import { RangePicker } from "../../telemetry/range-picker";

export const dynamic = "force-dynamic";

export default async function ServicePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ range?: string }> }) {
  const { id } = await params;
  await requirePortalUser(`/services/${id}`);
  const service = await findDocument<InventoryService>(db(), schema.service, id);
  if (!service) notFound();

  const range = telemetryRangeSchema.parse((await searchParams).range);
  const now = new Date();
  const { since } = rangeWindow(range, now);
  const window = [since.getTime(), now.getTime()] as const;
  const specificationId = service.serviceSpecification?.id ?? null;
  const [series, slas, breaches] = await Promise.all([
    deploymentSeries(db(), range, now, id),
    slasOfService(db(), id, specificationId),
    breachesOfService(db(), id),
  ]);
  const reports = await slaReports(db(), slas, now);
  const slaNames = new Map(breaches.map((breach) => [breach.slaId, breach.slaName]));
  const latencyTarget = slas.map((sla) => sla.latencyTargetMs).find((target) => target !== null) ?? undefined;
  const availabilityTarget = slas.map((sla) => sla.availabilityTargetPercent).find((target) => target !== null) ?? undefined;

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={service.name ?? "Unnamed service"}
        description={<Link href="/services" className="text-primary hover:underline">All services</Link>}
        actions={<RangePicker current={range} basePath={`/services/${id}`} />}
      />
      <Card>
        <CardContent className="pt-6">
          <KeyValueList
            items={[
              { label: "State", value: <StateBadge state={service.state} /> },
              {
                label: "Specification",
                value: specificationId ? (
                  <Link href={`/catalog/specifications/${specificationId}`} className="text-primary hover:underline">
                    {service.serviceSpecification?.name ?? specificationId}
                  </Link>
                ) : null,
              },
              { label: "Started", value: formatTime(service.startDate) },
              { label: "Deployment", value: service.supportingResource?.map((resource) => resource.name ?? resource.id).join(", ") },
              { label: "Service id", value: <span className="font-mono text-xs">{service.id}</span> },
            ]}
          />
        </CardContent>
      </Card>
      <div className="grid gap-6 xl:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Health</CardTitle>
            <CardDescription>Share of healthy samples per time bucket.</CardDescription>
          </CardHeader>
          <CardContent>
            <LineChart
              title="Health of this service"
              window={window}
              unit="%"
              valueDomain={[0, 100]}
              threshold={availabilityTarget === undefined ? undefined : { value: availabilityTarget, label: `target ${availabilityTarget} %` }}
              series={series.map((line) => ({ name: line.deploymentName, points: line.healthyPercent }))}
            />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Probe latency</CardTitle>
            <CardDescription>Mean readiness probe latency per time bucket.</CardDescription>
          </CardHeader>
          <CardContent>
            <LineChart
              title="Probe latency of this service"
              window={window}
              unit=" ms"
              threshold={latencyTarget === undefined ? undefined : { value: latencyTarget, label: `target ${latencyTarget} ms` }}
              series={series.map((line) => ({ name: line.deploymentName, points: line.latencyMs }))}
            />
          </CardContent>
        </Card>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>SLAs</CardTitle>
          <CardDescription>Targets that cover this service, through its specification or itself.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          {reports.length === 0 ? (
            <p className="text-sm text-muted-foreground">
              No SLA covers this service. <Link href="/sla" className="text-primary hover:underline">Set one</Link>.
            </p>
          ) : (
            reports.map((report) => (
              <section key={report.sla.id} className="flex flex-col gap-2" aria-label={`SLA ${report.sla.name}`}>
                <h3 className="text-sm font-semibold">
                  {report.sla.name} <span className="font-normal text-muted-foreground">· {describeTargets(report.sla)}</span>
                </h3>
                <ComplianceTable sla={report.sla} services={report.services.filter((entry) => entry.service.id === id)} />
              </section>
            ))
          )}
          <h3 className="text-sm font-semibold">Breaches</h3>
          <BreachTable breaches={breaches} slaNames={slaNames} />
        </CardContent>
      </Card>
    </div>
  );
}
