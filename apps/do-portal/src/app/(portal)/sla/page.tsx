import { Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, PageHeader } from "@cop-pilot/ui";
import { db } from "@/server/db";
import { listSlas, slaReports, slaScopeOptions } from "@/server/operations/sla";
import { requirePortalUser } from "@/server/session";
import { DeleteSlaForm, NewSlaForm } from "./forms";
import { BreachTable, ComplianceTable, describeTargets } from "./sla-tables";

export const dynamic = "force-dynamic";

export default async function SlaPage() {
  const user = await requirePortalUser("/sla");
  const canEdit = user.role === "domainOwner";
  const [reports, scope] = await Promise.all([listSlas(db()).then((slas) => slaReports(db(), slas, new Date())), slaScopeOptions(db())]);
  const serviceNames = new Map(scope.services.map((service) => [service.id, service.name]));

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="SLAs"
        description="Availability and latency targets of the domain's services, checked against the telemetry samples of each SLA's window at every sample."
      />
      {canEdit ? (
        <Card>
          <CardHeader>
            <CardTitle>New SLA</CardTitle>
          </CardHeader>
          <CardContent>
            <NewSlaForm specifications={scope.specifications} services={scope.services} />
          </CardContent>
        </Card>
      ) : null}
      {reports.length === 0 ? (
        <EmptyState title="No SLAs yet" description="A domain owner sets availability and latency targets per specification or service." />
      ) : (
        reports.map(({ sla, services, breaches }) => (
          <Card key={sla.id} id={`sla-${sla.id}`} role="region" aria-label={`SLA ${sla.name}`}>
            <CardHeader className="flex flex-row items-start justify-between gap-4">
              <div className="flex flex-col gap-1">
                <CardTitle>{sla.name}</CardTitle>
                <CardDescription>{describeTargets(sla)}</CardDescription>
              </div>
              {canEdit ? <DeleteSlaForm slaId={sla.id} slaName={sla.name} /> : null}
            </CardHeader>
            <CardContent className="flex flex-col gap-4">
              <ComplianceTable sla={sla} services={services} />
              <h3 className="text-sm font-semibold">Breaches</h3>
              <BreachTable breaches={breaches} serviceNames={serviceNames} />
            </CardContent>
          </Card>
        ))
      )}
    </div>
  );
}
