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
import {
  listDeploymentResources,
  listInfrastructureResources,
  listResourceSpecifications,
  type ResourceSpecificationView,
  type ResourceView,
} from "@/server/portal/inventory";
import { requirePortalUser } from "@/server/session";
import { formatAmount, formatTime, formatValue } from "../format";
import { OrderLink } from "../row-links";

export const dynamic = "force-dynamic";

const deploymentPageSize = 200;

function characteristic(resource: ResourceView, name: string): unknown {
  return resource.resourceCharacteristic.find((entry) => entry.name === name)?.value;
}

function capacityCell(resource: ResourceView, kind: "cpu" | "memory" | "pods", unit?: string) {
  const capacity = characteristic(resource, `${kind}Capacity`);
  const allocatable = characteristic(resource, `${kind}Allocatable`);
  if (capacity === undefined && allocatable === undefined) return "—";
  return `${formatAmount(capacity, unit)} / ${formatAmount(allocatable, unit)}`;
}

/** Describes a characteristic's value as the specification sets it: the default, the allowed values, or one value per resource. */
function specifiedValue(entry: ResourceSpecificationView["resourceSpecCharacteristic"][number]): string {
  const values = entry.resourceSpecCharacteristicValue ?? [];
  const byDefault = values.find((value) => value.isDefault);
  if (byDefault) return formatAmount(byDefault.value, byDefault.unitOfMeasure);
  if (values.length > 0) return `one of ${values.map((value) => formatValue(value.value)).join(", ")}`;
  return "per resource";
}

function DeploymentTable({ deployments }: { deployments: ResourceView[] }) {
  return (
    <Table>
      <caption className="sr-only">Deployments that service orders created, with their status and replicas</caption>
      <TableHeader>
        <TableRow>
          <TableHead>Deployment</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Phase</TableHead>
          <TableHead>Ready / desired replicas</TableHead>
          <TableHead>Image</TableHead>
          <TableHead>Order</TableHead>
          <TableHead>Removed</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {deployments.map((deployment) => {
          const orderId = characteristic(deployment, "serviceOrderId");
          const itemId = characteristic(deployment, "serviceOrderItemId");
          return (
            <TableRow key={deployment.id}>
              <TableCell className="font-mono text-xs break-all">{deployment.name}</TableCell>
              <TableCell>
                <StateBadge state={deployment.resourceStatus ?? "unknown"} />
              </TableCell>
              <TableCell>{formatValue(characteristic(deployment, "deploymentPhase"))}</TableCell>
              <TableCell className="tabular-nums">
                {formatValue(characteristic(deployment, "readyReplicas"))} / {formatValue(characteristic(deployment, "replicas"))}
              </TableCell>
              <TableCell className="font-mono text-xs break-all">{formatValue(characteristic(deployment, "image"))}</TableCell>
              <TableCell>
                {typeof orderId === "string" ? <OrderLink orderId={orderId} itemId={typeof itemId === "string" ? itemId : undefined} /> : "—"}
              </TableCell>
              <TableCell className="font-mono text-xs">{formatTime(deployment.endOperatingDate)}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

export default async function ResourcesPage() {
  await requirePortalUser("/resources");
  const database = db();
  const [specifications, resources, { deployments, total: deploymentTotal }] = await Promise.all([
    listResourceSpecifications(database),
    listInfrastructureResources(database),
    listDeploymentResources(database, deploymentPageSize),
  ]);

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Resources"
        description="The domain's compute infrastructure and the deployments of ordered services, as TMF634 resource specifications and TMF639 resources. The DO describes the cluster at every start and reads the status of the deployments while it runs."
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
                    <TableHead>Value</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {specification.resourceSpecCharacteristic.map((entry) => {
                    return (
                      <TableRow key={entry.name}>
                        <TableCell>
                          <span className="font-mono text-sm">{entry.name}</span>
                          {entry.description ? <p className="text-xs text-muted-foreground">{entry.description}</p> : null}
                        </TableCell>
                        <TableCell>{entry.valueType ?? "—"}</TableCell>
                        <TableCell className="font-mono text-xs">{specifiedValue(entry)}</TableCell>
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
          <h2 className="text-lg font-semibold">Infrastructure</h2>
          <Table>
            <caption className="sr-only">The cluster controller and its nodes, with capacity, allocatable amounts and usage</caption>
            <TableHeader>
              <TableRow>
                <TableHead>Resource</TableHead>
                <TableHead>Category</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Usage</TableHead>
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
                  <TableCell>{formatValue(resource.usageState)}</TableCell>
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

      <section className="flex flex-col gap-3">
        <h2 className="text-lg font-semibold">Deployments</h2>
        {deployments.length === 0 ? (
          <EmptyState title="No deployments yet" description="The DO records a deployment here when it deploys an order item into the cluster." />
        ) : (
          <DeploymentTable deployments={deployments} />
        )}
        {deploymentTotal > deployments.length ? (
          <p className="text-sm text-muted-foreground">
            Showing {deployments.length} of {deploymentTotal} deployments, live ones first; TMF639 lists every one with offset and limit.
          </p>
        ) : null}
      </section>
    </div>
  );
}
