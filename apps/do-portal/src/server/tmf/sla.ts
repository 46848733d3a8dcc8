import "server-only";
import { TmfError, listResponse, okResponse, parseListQuery, selectFields, type AttributeFilter } from "@cop-pilot/tmf-server";
import { route } from "../auth";
import { db } from "../db";
import { getSla, listSlas, slaReports, type SlaReport } from "../operations/sla";
import { domainStaff } from "./access";

// Read API of the domain's SLAs. The shape follows TMF conventions (id, href, @type, paging, TMF Error)
// but is this platform's own: TMF623 SLA Management describes agreements with a different model.
export const slaApiPath = "/tmf-api/domainOperations/v4/serviceLevelAgreement";

/** Builds the JSON representation of an SLA with its current compliance per service and its latest breaches. */
export function slaDocument(report: SlaReport, baseUrl: string): Record<string, unknown> & { id: string } {
  const { sla, services, breaches } = report;
  const objectives: Record<string, unknown>[] = [];
  if (sla.availabilityTargetPercent !== null) {
    objectives.push({ "@type": "ServiceLevelObjective", metric: "availability", conformanceComparator: ">=", conformanceTarget: sla.availabilityTargetPercent, unit: "%" });
  }
  if (sla.latencyTargetMs !== null) {
    objectives.push({ "@type": "ServiceLevelObjective", metric: "latencyP95", conformanceComparator: "<=", conformanceTarget: sla.latencyTargetMs, unit: "ms" });
  }
  const relatedEntity =
    sla.serviceId !== null
      ? { id: sla.serviceId, href: `${baseUrl}/tmf-api/serviceInventory/v4/service/${sla.serviceId}`, "@referredType": "Service" }
      : { id: sla.serviceSpecificationId, href: `${baseUrl}/tmf-api/serviceCatalogManagement/v4/serviceSpecification/${sla.serviceSpecificationId}`, "@referredType": "ServiceSpecification" };

  return {
    id: sla.id,
    href: `${baseUrl}${slaApiPath}/${sla.id}`,
    "@type": "ServiceLevelAgreement",
    name: sla.name,
    relatedEntity: [relatedEntity],
    serviceLevelObjective: objectives,
    windowMinutes: sla.windowMinutes,
    compliance: services.map(({ service, measurement }) => ({
      service: { id: service.id, name: service.name },
      sampleCount: measurement.sampleCount,
      availabilityPercent: measurement.availabilityPercent,
      latencyP95Ms: measurement.latencyP95Ms,
      compliancePercent: measurement.compliancePercent,
      breachedMetrics: measurement.breachedMetrics,
    })),
    breach: breaches.map((breach) => ({
      id: breach.id,
      service: { id: breach.serviceId },
      metric: breach.metric,
      target: breach.target,
      worstValue: breach.worstValue,
      startDate: breach.startedAt.toISOString(),
      ...(breach.endedAt ? { endDate: breach.endedAt.toISOString() } : {}),
    })),
    lastUpdate: sla.updatedAt.toISOString(),
  };
}

function valuesAt(document: unknown, path: string[]): unknown[] {
  if (path.length === 0) return Array.isArray(document) ? document : [document];
  if (Array.isArray(document)) return document.flatMap((item) => valuesAt(item, path));
  if (document === null || typeof document !== "object") return [];
  const [head, ...rest] = path;
  return valuesAt((document as Record<string, unknown>)[head as string], rest);
}

function matches(document: Record<string, unknown>, filter: AttributeFilter): boolean {
  if (filter.operator !== "eq") {
    throw new TmfError("invalidQuery", `Filter "${filter.path.join(".")}" uses "${filter.operator}"; this API supports equality filters only`);
  }
  return valuesAt(document, filter.path).some((value) => filter.values.includes(String(value)));
}

// GET /tmf-api/domainOperations/v4/serviceLevelAgreement – list the domain's SLAs with compliance and breaches
export const listSlaHandler = route(domainStaff, async ({ url, baseUrl }) => {
  const query = parseListQuery(url.searchParams);
  const reports = await slaReports(db(), await listSlas(db()), new Date());
  const documents = reports.map((report) => slaDocument(report, baseUrl)).filter((document) => query.filters.every((filter) => matches(document, filter)));
  const page = documents.slice(query.offset, query.offset + query.limit).map((document) => selectFields(document, query.fields));
  return listResponse(page, documents.length);
});

// GET /tmf-api/domainOperations/v4/serviceLevelAgreement/{id} – read one SLA
export const getSlaHandler = route<{ id: string }>(domainStaff, async ({ url, params, baseUrl }) => {
  const sla = await getSla(db(), params.id);
  const [report] = await slaReports(db(), [sla], new Date());
  return okResponse(selectFields(slaDocument(report as SlaReport, baseUrl), parseListQuery(url.searchParams).fields));
});
