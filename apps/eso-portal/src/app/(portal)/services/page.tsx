import Link from "next/link";
import { z } from "zod";
import { Button, EmptyState, PageHeader, Select, StateBadge, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, formatUtcTimestamp } from "@cop-pilot/ui";
import { db } from "@/server/db";
import { orderOperators } from "@/server/ordering/access";
import { userPrincipal } from "@/server/principal";
import { listServices } from "@/server/services/inventory";
import { requireUser } from "@/server/session";

export const dynamic = "force-dynamic";

const filterSchema = z.object({
  scope: z.enum(["mine", "all"]).optional().catch(undefined),
  state: z.enum(["active", "terminated", "any"]).optional().catch(undefined),
  domain: z.string().trim().max(200).optional().catch(undefined),
});

/** Values shown in the list: replicas and version first, because they are what users change most. */
function summaryOf(characteristics: { name: string; value: unknown }[]): string {
  const pick = (name: string) => characteristics.find((characteristic) => characteristic.name === name)?.value;
  const parts = [`replicas ${String(pick("replicas") ?? "—")}`, `version ${String(pick("artifactVersion") ?? "—")}`];
  return parts.join(" · ");
}

export default async function ServicesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser(["platformAdmin", "serviceDesigner", "customer", "domainOwner"], "/services");
  const filter = filterSchema.parse(await searchParams);
  const operator = orderOperators.includes(user.role);
  const services = await listServices(db(), userPrincipal(user), { ...filter, domain: filter.domain || undefined });
  const domains = [...new Set(services.flatMap((service) => service.domains))].sort();
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="My services"
        description={
          operator
            ? "Services that ESO orders brought up, with the values they run with now. As an operator you see everyone's; filter by who ordered them. Open one to change or terminate it."
            : "Services that your orders brought up, with the values they run with now. Open one to change or terminate it."
        }
      />
      <form method="get" className="flex flex-wrap items-end gap-3" aria-label="Filter services">
        {operator ? (
          <label className="flex flex-col gap-1 text-sm">
            Ordered by
            <Select name="scope" defaultValue={filter.scope ?? "all"}>
              <option value="all">Anyone</option>
              <option value="mine">Me</option>
            </Select>
          </label>
        ) : null}
        <label className="flex flex-col gap-1 text-sm">
          State
          <Select name="state" defaultValue={filter.state ?? "active"}>
            <option value="active">Active</option>
            <option value="terminated">Terminated</option>
            <option value="any">Any</option>
          </Select>
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Domain
          <Select name="domain" defaultValue={filter.domain ?? ""}>
            <option value="">Every domain</option>
            {[...new Set([...domains, ...(filter.domain ? [filter.domain] : [])])].map((domain) => (
              <option key={domain} value={domain}>
                {domain}
              </option>
            ))}
          </Select>
        </label>
        <Button type="submit" variant="outline">
          Filter
        </Button>
      </form>
      {services.length === 0 ? (
        <EmptyState title="No services match" description="Order a service from the marketplace; it shows here once its domain has deployed it." />
      ) : (
        <Table>
          <caption className="sr-only">Services</caption>
          <TableHeader>
            <TableRow>
              <TableHead>Service</TableHead>
              <TableHead>Domain</TableHead>
              <TableHead>Specification</TableHead>
              <TableHead>State</TableHead>
              <TableHead>Values</TableHead>
              <TableHead>Last change</TableHead>
              {operator ? <TableHead>Ordered by</TableHead> : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {services.map((service) => (
              <TableRow key={service.id}>
                <TableCell>
                  <Link href={`/services/${service.id}`} className="hover:underline">
                    {service.name}
                  </Link>
                  <div className="font-mono text-xs text-muted-foreground">{service.id}</div>
                </TableCell>
                <TableCell>{service.domains.join(", ")}</TableCell>
                <TableCell>
                  {service.specification.name ?? service.specification.id}
                  {service.specification.version ? <span className="text-xs text-muted-foreground"> v{service.specification.version}</span> : null}
                </TableCell>
                <TableCell>
                  <StateBadge state={service.pendingChange ? "inProgress" : service.state} />
                  {service.pendingChange ? <div className="text-xs text-muted-foreground">{service.pendingChange.action} in progress</div> : null}
                </TableCell>
                <TableCell className="font-mono text-xs">{summaryOf(service.characteristics)}</TableCell>
                <TableCell className="font-mono text-xs">
                  {service.lastChange.date ? formatUtcTimestamp(service.lastChange.date) : "—"}
                  <div className="text-muted-foreground">{service.lastChange.action}</div>
                </TableCell>
                {operator ? <TableCell>{service.requester ?? "API client"}</TableCell> : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
