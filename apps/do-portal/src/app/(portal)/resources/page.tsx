import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  EmptyState,
  PageHeader,
  StateBadge,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@cop-pilot/ui";
import { db } from "@/server/db";
import { listResourceSpecifications, listResources, type ResourceView } from "@/server/portal/inventory";
import { requirePortalUser } from "@/server/session";
import { formatAmount, formatValue } from "../format";

export const dynamic = "force-dynamic";

function characteristic(resource: ResourceView, name: string): unknown {
  return resource.resourceCharacteristic.find((entry) => entry.name === name)?.value;
}

function capacityCell(resource: ResourceView, kind: "cpu" | "memory" | "pods", unit?: string) {
  const capacity = characteristic(resource, `${kind}Capacity`);
  const allocatable = characteristic(resource, `${kind}Allocatable`);
  if (capacity === undefined && allocatable === undefined) return "—";
  return `${formatAmount(capacity, unit)} / ${formatAmount(allocatable, unit)}`;
}

export default async function ResourcesPage() {
  await requirePortalUser("/resources");
  const database = db();
  const [specifications, resources] = await Promise.all([listResourceSpecifications(database), listResources(database)]);

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Resources"
        description="The domain's compute infrastructure as TMF634 resource specifications and TMF639 resources, refreshed from the cluster at every start of the DO."
      />

      {specifications.length === 0 ? (
        <EmptyState title="No resources discovered" description="The DO records the cluster when it starts and the cluster responds." />
      ) : null}

      <div className="grid gap-6 lg:grid-cols-2">
        {specifications.map((specification) => (
          <Card key={specification.id}>
            <CardHeader>
              <div className="flex flex-wrap items-center gap-2">
                <CardTitle as="h2">{specification.name}</CardTitle>
                {specification.lifecycleStatus ? <StateBadge state={specification.lifecycleStatus} /> : null}
              </div>
              {specification.description ? <CardDescription>{specification.description}</CardDescription> : null}
            </CardHeader>
            <CardContent>
              <Table>
                <caption className="sr-only">Characteristics of {specification.name}</caption>
                <TableHeader>
                  <TableRow>
                    <TableHead>Characteristic</TableHead>
                    <TableHead>Type</TableHead>
                    <TableHead>Discovered value</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {specification.resourceSpecCharacteristic.map((entry) => {
                    const value = entry.resourceSpecCharacteristicValue?.[0];
                    return (
                      <TableRow key={entry.name}>
                        <TableCell>
                          <span className="font-mono text-sm">{entry.name}</span>
                          {entry.description ? <p className="text-xs text-muted-foreground">{entry.description}</p> : null}
                        </TableCell>
                        <TableCell>{entry.valueType ?? "—"}</TableCell>
                        <TableCell className="font-mono text-xs">{value ? formatAmount(value.value, value.unitOfMeasure) : "per node"}</TableCell>
                      </TableRow>
                    );
                  })}
                </TableBody>
              </Table>
            </CardContent>
          </Card>
        ))}
      </div>

      {resources.length > 0 ? (
        <section className="flex flex-col gap-3">
          <h2 className="text-lg font-semibold">Resources</h2>
          <Table>
            <caption className="sr-only">Resources of the domain with capacity and allocatable amounts</caption>
            <TableHeader>
              <TableRow>
                <TableHead>Resource</TableHead>
                <TableHead>Category</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Roles</TableHead>
                <TableHead>CPU capacity / allocatable</TableHead>
                <TableHead>Memory capacity / allocatable</TableHead>
                <TableHead>Pods capacity / allocatable</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {resources.map((resource) => (
                <TableRow key={resource.id}>
                  <TableCell>
                    <span className="font-mono text-sm">{resource.name}</span>
                    {resource.resourceVersion ? <span className="block text-xs text-muted-foreground">{resource.resourceVersion}</span> : null}
                  </TableCell>
                  <TableCell>{resource.category ?? "—"}</TableCell>
                  <TableCell>
                    <StateBadge state={resource.resourceStatus ?? "unknown"} />
                  </TableCell>
                  <TableCell>{formatValue(characteristic(resource, "roles"))}</TableCell>
                  <TableCell className="tabular-nums">{capacityCell(resource, "cpu", "cores")}</TableCell>
                  <TableCell className="tabular-nums">{capacityCell(resource, "memory", "GiB")}</TableCell>
                  <TableCell className="tabular-nums">{capacityCell(resource, "pods")}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </section>
      ) : null}
    </div>
  );
}
