import Link from "next/link";
import { Badge, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@cop-pilot/ui";
import type { DomainSla, ServiceCompliance, SlaBreach } from "@/server/operations/sla";
import { formatTime } from "../format";

function percent(value: number | null): string {
  return value === null ? "—" : `${value.toFixed(2)} %`;
}

function milliseconds(value: number | null): string {
  return value === null ? "—" : `${value.toFixed(1)} ms`;
}

/** Describes an SLA's targets in one line, such as "availability ≥ 99.5 %, p95 latency ≤ 200 ms over 60 min". */
export function describeTargets(sla: DomainSla): string {
  const targets: string[] = [];
  if (sla.availabilityTargetPercent !== null) targets.push(`availability ≥ ${sla.availabilityTargetPercent} %`);
  if (sla.latencyTargetMs !== null) targets.push(`p95 latency ≤ ${sla.latencyTargetMs} ms`);
  return `${targets.join(", ")} over ${sla.windowMinutes} min`;
}

export function ComplianceTable({ sla, services }: { sla: DomainSla; services: ServiceCompliance[] }) {
  if (services.length === 0) return <p className="text-sm text-muted-foreground">No active service is covered yet.</p>;
  return (
    <Table>
      <caption className="sr-only">Compliance with {sla.name}</caption>
      <TableHeader>
        <TableRow>
          <TableHead>Service</TableHead>
          <TableHead>Samples</TableHead>
          <TableHead>Availability</TableHead>
          <TableHead>p95 latency</TableHead>
          <TableHead>Compliance</TableHead>
          <TableHead>Status</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {services.map(({ service, measurement }) => (
          <TableRow key={service.id}>
            <TableCell>
              <Link href={`/services/${service.id}`} className="text-primary hover:underline">
                {service.name ?? service.id}
              </Link>
            </TableCell>
            <TableCell className="tabular-nums">{measurement.sampleCount}</TableCell>
            <TableCell className="tabular-nums">{percent(measurement.availabilityPercent)}</TableCell>
            <TableCell className="tabular-nums">{milliseconds(measurement.latencyP95Ms)}</TableCell>
            <TableCell className="tabular-nums">{percent(measurement.compliancePercent)}</TableCell>
            <TableCell>
              {measurement.sampleCount === 0 ? (
                <Badge variant="neutral">No samples</Badge>
              ) : measurement.breachedMetrics.length > 0 ? (
                <Badge variant="destructive">Breached: {measurement.breachedMetrics.join(", ")}</Badge>
              ) : (
                <Badge variant="success">Met</Badge>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function BreachTable({ breaches, serviceNames, slaNames }: { breaches: SlaBreach[]; serviceNames?: Map<string, string | null>; slaNames?: Map<string, string> }) {
  if (breaches.length === 0) return <p className="text-sm text-muted-foreground">No breach recorded.</p>;
  return (
    <Table>
      <caption className="sr-only">SLA breaches</caption>
      <TableHeader>
        <TableRow>
          {slaNames ? <TableHead>SLA</TableHead> : <TableHead>Service</TableHead>}
          <TableHead>Metric</TableHead>
          <TableHead>Target</TableHead>
          <TableHead>Worst value</TableHead>
          <TableHead>Started</TableHead>
          <TableHead>Ended</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {breaches.map((breach) => {
          const format = breach.metric === "availability" ? percent : milliseconds;
          return (
            <TableRow key={breach.id} data-breach-metric={breach.metric}>
              <TableCell>
                {slaNames ? (slaNames.get(breach.slaId) ?? breach.slaId) : (
                  <Link href={`/services/${breach.serviceId}`} className="text-primary hover:underline">
                    {serviceNames?.get(breach.serviceId) ?? breach.serviceId}
                  </Link>
                )}
              </TableCell>
              <TableCell>{breach.metric}</TableCell>
              <TableCell className="tabular-nums">{format(breach.target)}</TableCell>
              <TableCell className="tabular-nums">{format(breach.worstValue)}</TableCell>
              <TableCell className="font-mono text-xs">{formatTime(breach.startedAt.toISOString())}</TableCell>
              <TableCell>
                {breach.endedAt ? <span className="font-mono text-xs">{formatTime(breach.endedAt.toISOString())}</span> : <Badge variant="destructive">Ongoing</Badge>}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
