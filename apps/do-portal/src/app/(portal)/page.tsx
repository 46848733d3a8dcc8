import Link from "next/link";
import { parseQuantity, type ClusterInfo } from "@cop-pilot/cluster";
import {
  Alert,
  Badge,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  EmptyState,
  KeyValueList,
  PageHeader,
  Stat,
  StateBadge,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@cop-pilot/ui";
import { serviceOrderStates } from "@cop-pilot/tmf-schemas";
import { cluster } from "@/server/cluster";
import { db } from "@/server/db";
import { currentDomain } from "@/server/domain";
import { countServicesByState, countSpecificationsByStatus } from "@/server/portal/inventory";
import { countOrdersByState, listRecentOrders } from "@/server/portal/orders";
import { requirePortalUser } from "@/server/session";
import { formatAmount, formatTime } from "./format";
import { OrderLink } from "./row-links";

export const dynamic = "force-dynamic";

function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((sum, value) => sum + value, 0);
}

async function describeCluster(): Promise<{ info?: ClusterInfo; error?: string }> {
  try {
    return { info: await cluster().describe() };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function sumNodes(info: ClusterInfo, pick: (node: ClusterInfo["nodes"][number]) => string, divisor = 1): number {
  return info.nodes.reduce((sum, node) => sum + parseQuantity(pick(node)), 0) / divisor;
}

function ClusterCard({ info, error }: { info?: ClusterInfo; error?: string }) {
  if (!info) {
    return (
      <Alert variant="error" title="The cluster did not respond">
        {error}. Orders wait until it is reachable again.
      </Alert>
    );
  }
  const gib = 2 ** 30;
  const ready = info.nodes.filter((node) => node.ready).length;
  return (
    <KeyValueList
      items={[
        { label: "Cluster", value: info.name },
        { label: "Kind", value: <Badge variant={info.kind === "simulated" ? "warning" : "success"}>{info.kind}</Badge> },
        { label: "Kubernetes version", value: <span className="font-mono">{info.version}</span> },
        { label: "Nodes", value: `${info.nodes.length} (${ready} ready)` },
        {
          label: "CPU",
          value: `${formatAmount(sumNodes(info, (node) => node.capacity.cpu), "cores")} capacity · ${formatAmount(sumNodes(info, (node) => node.allocatable.cpu), "cores")} allocatable${info.allocated ? ` · ${formatAmount(parseQuantity(info.allocated.cpu), "cores")} requested by services` : ""}`,
        },
        {
          label: "Memory",
          value: `${formatAmount(sumNodes(info, (node) => node.capacity.memory, gib), "GiB")} capacity · ${formatAmount(sumNodes(info, (node) => node.allocatable.memory, gib), "GiB")} allocatable${info.allocated ? ` · ${formatAmount(parseQuantity(info.allocated.memory) / gib, "GiB")} requested by services` : ""}`,
        },
      ]}
    />
  );
}

export default async function OverviewPage() {
  await requirePortalUser("/");
  const domain = currentDomain();
  const database = db();
  const [specifications, orders, services, recent, clusterState] = await Promise.all([
    countSpecificationsByStatus(database),
    countOrdersByState(database),
    countServicesByState(database),
    listRecentOrders(database, { limit: 5 }),
    describeCluster(),
  ]);
  const orderable = (specifications.Active ?? 0) + (specifications.Launched ?? 0);
  const open = (orders.acknowledged ?? 0) + (orders.inProgress ?? 0) + (orders.pendingCancellation ?? 0);

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={domain.name} description={domain.description} />

      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Stat label="Service specifications" value={total(specifications)} hint={`${orderable} can be ordered`} />
        <Stat label="Open service orders" value={open} hint={`${total(orders)} orders in total`} />
        <Stat label="Active services" value={services.active ?? 0} hint={`${services.terminated ?? 0} terminated`} />
        <Stat label="Failed orders" value={orders.failed ?? 0} hint={`${orders.completed ?? 0} completed`} />
      </div>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle as="h2">Domain</CardTitle>
            <CardDescription>
              {domain.pilotCluster.code} · {domain.pilotCluster.name}
            </CardDescription>
          </CardHeader>
          <CardContent>
            <KeyValueList
              items={[
                { label: "Domain id", value: <span className="font-mono">{domain.id}</span> },
                { label: "Location", value: `${domain.location.city}, ${domain.location.region} (${domain.location.countryCode})` },
                { label: "Coordinates", value: `${domain.location.latitude.toFixed(4)}, ${domain.location.longitude.toFixed(4)}` },
                { label: "Sector", value: domain.sector },
                { label: "Artifact registry", value: <span className="font-mono break-all">{domain.artifactRegistry}</span> },
              ]}
            />
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle as="h2">Compute cluster</CardTitle>
            <CardDescription>Where this DO deploys ordered services.</CardDescription>
          </CardHeader>
          <CardContent>
            <ClusterCard {...clusterState} />
          </CardContent>
        </Card>
      </div>

      <Card>
        <CardHeader>
          <CardTitle as="h2">Service orders by state</CardTitle>
        </CardHeader>
        <CardContent className="flex flex-wrap gap-2">
          {serviceOrderStates
            .filter((state) => (orders[state] ?? 0) > 0)
            .map((state) => (
              <Link key={state} href={`/orders?state=${state}`} className="flex items-center gap-1.5 rounded-md border px-2 py-1 text-sm hover:bg-muted">
                <StateBadge state={state} />
                <span className="tabular-nums">{orders[state]}</span>
                <span className="sr-only"> orders</span>
              </Link>
            ))}
          {total(orders) === 0 ? <p className="text-sm text-muted-foreground">No orders yet. The ESO delegates them here through TMF641.</p> : null}
        </CardContent>
      </Card>

      <section className="flex flex-col gap-3">
        <h2 className="text-lg font-semibold">Latest orders</h2>
        {recent.length === 0 ? (
          <EmptyState title="No service orders yet" description="Orders placed through the ESO marketplace appear here." />
        ) : (
          <Table>
            <caption className="sr-only">The five most recently changed service orders</caption>
            <TableHeader>
              <TableRow>
                <TableHead>Order</TableHead>
                <TableHead>Services</TableHead>
                <TableHead>State</TableHead>
                <TableHead>Last change</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {recent.map((order) => (
                <TableRow key={order.id}>
                  <TableCell>
                    <OrderLink orderId={order.id} />
                  </TableCell>
                  <TableCell>{order.serviceOrderItem.map((item) => item.service.name).join(", ")}</TableCell>
                  <TableCell>
                    <StateBadge state={order.state} />
                  </TableCell>
                  <TableCell className="font-mono text-xs">{formatTime(order.lastUpdate)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>
    </div>
  );
}
