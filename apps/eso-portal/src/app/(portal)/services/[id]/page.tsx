import Link from "next/link";
import { notFound } from "next/navigation";
import { TmfError } from "@cop-pilot/tmf-server";
import {
  Alert,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  KeyValueList,
  PageHeader,
  StateBadge,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  formatUtcTimestamp,
} from "@cop-pilot/ui";
import { AutoRefresh } from "@/components/auto-refresh";
import { db } from "@/server/db";
import { userPrincipal } from "@/server/principal";
import { customerFacingChangeMessage, loadServiceConfiguration, type ServiceConfiguration } from "@/server/services/changes";
import { requireUser } from "@/server/session";
import { ChangeServiceForm, TerminateServiceForm } from "./service-forms";

export const dynamic = "force-dynamic";

function textOf(value: unknown): string {
  if (value === undefined || value === null) return "—";
  return typeof value === "string" ? value : JSON.stringify(value);
}

function describeChanges(characteristics: { name: string; value: unknown }[]): string {
  return characteristics.map((characteristic) => `${characteristic.name}=${textOf(characteristic.value)}`).join(", ");
}

async function load(id: string, user: Awaited<ReturnType<typeof requireUser>>): Promise<ServiceConfiguration> {
  try {
    return await loadServiceConfiguration(db(), userPrincipal(user), id);
  } catch (error) {
    if (error instanceof TmfError && error.status === 404) notFound();
    throw error;
  }
}

export default async function ServicePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(["platformAdmin", "serviceDesigner", "customer", "domainOwner"], `/services/${id}`);
  const { service, history, characteristics, customerFacing } = await load(id, user);
  const changeable = service.state === "active" && !service.pendingChange;
  const editable = characteristics.filter((characteristic) => characteristic.configurable);
  const fixed = characteristics.filter((characteristic) => !characteristic.configurable);
  return (
    <div className="flex flex-col gap-6">
      {service.pendingChange ? <AutoRefresh intervalMs={1500} /> : null}
      <PageHeader
        title={service.name}
        description={
          <>
            <Link href="/services" className="hover:underline">
              My services
            </Link>{" "}
            / <span className="font-mono text-xs">{service.id}</span>
          </>
        }
      />
      <Card>
        <CardHeader>
          <CardTitle>Service</CardTitle>
        </CardHeader>
        <CardContent>
          <KeyValueList
            items={[
              { label: "State", value: <StateBadge state={service.state} /> },
              { label: "Domain", value: service.domains.join(", ") },
              { label: "Specification", value: `${service.specification.name ?? service.specification.id}${service.specification.version ? ` v${service.specification.version}` : ""}` },
              {
                label: "Last change",
                value: (
                  <>
                    {service.lastChange.action} by order{" "}
                    <Link href={`/orders/${service.lastChange.serviceOrderId}`} className="font-mono text-xs hover:underline">
                      {service.lastChange.serviceOrderId}
                    </Link>
                    {service.lastChange.date ? `, ${formatUtcTimestamp(service.lastChange.date)}` : ""}
                  </>
                ),
              },
              { label: "Ordered by", value: service.requester ?? "API client" },
            ]}
          />
        </CardContent>
      </Card>
      {service.pendingChange ? (
        <Alert variant="info" title="Change in progress">
          Service order{" "}
          <Link href={`/orders/${service.pendingChange.serviceOrderId}`} className="font-mono underline">
            {service.pendingChange.serviceOrderId}
          </Link>{" "}
          ({service.pendingChange.action}) is {service.pendingChange.state}. This page refreshes until the domain reports it done.
        </Alert>
      ) : null}
      {service.kind === "service" && service.state === "active" && customerFacing ? (
        <Alert variant="info" title="Configuration cannot change">
          {customerFacingChangeMessage(service)}.
        </Alert>
      ) : null}
      {service.kind === "service" && service.state === "active" && !customerFacing ? (
        <Card>
          <CardHeader>
            <CardTitle>Configuration</CardTitle>
            <CardDescription>
              Values checked against version {service.specification.version ?? "?"} of the specification, the one the service was ordered with. A change is sent to{" "}
              {service.domains.join(", ")} as a TMF641 modify order: replicas scale the deployment, other values roll it out again.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <ChangeServiceForm key={service.lastChange.serviceOrderId} serviceId={service.id} characteristics={editable.map(({ specification, value }) => ({ specification, value }))} disabled={!changeable} />
          </CardContent>
        </Card>
      ) : null}
      {service.kind === "bundle" ? (
        <Alert variant="info">This is a multi-domain bundle; change its parts through a TMF641 modify order on the bundle service id.</Alert>
      ) : null}
      {fixed.length > 0 ? (
        <Card>
          <CardHeader>
            <CardTitle>Fixed at ordering</CardTitle>
            <CardDescription>These characteristics are not configurable; order a new service to change them.</CardDescription>
          </CardHeader>
          <CardContent>
            <KeyValueList items={fixed.map((characteristic) => ({ label: characteristic.specification.name, value: <span className="font-mono text-xs">{textOf(characteristic.value)}</span> }))} />
          </CardContent>
        </Card>
      ) : null}
      {service.state === "active" ? (
        <Card>
          <CardHeader>
            <CardTitle>Terminate</CardTitle>
            <CardDescription>Removes the deployment from the domain&apos;s cluster and marks the service terminated.</CardDescription>
          </CardHeader>
          <CardContent>
            <TerminateServiceForm serviceId={service.id} serviceName={service.name} disabled={!changeable} />
          </CardContent>
        </Card>
      ) : null}
      <Card>
        <CardHeader>
          <CardTitle>History</CardTitle>
          <CardDescription>Orders that brought the service up or changed it, newest first.</CardDescription>
        </CardHeader>
        <CardContent>
          <Table>
            <caption className="sr-only">Service history</caption>
            <TableHeader>
              <TableRow>
                <TableHead>Order</TableHead>
                <TableHead>Action</TableHead>
                <TableHead>State</TableHead>
                <TableHead>Values</TableHead>
                <TableHead>Date</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {history.map((entry) => (
                <TableRow key={`${entry.serviceOrderId}/${entry.itemId}`}>
                  <TableCell>
                    <Link href={`/orders/${entry.serviceOrderId}`} className="font-mono text-xs hover:underline">
                      {entry.serviceOrderId}
                    </Link>
                  </TableCell>
                  <TableCell>{entry.action}</TableCell>
                  <TableCell>
                    <StateBadge state={entry.state} />
                    {entry.errorMessages.map((message) => (
                      <div key={message} className="text-xs text-destructive">
                        {message}
                      </div>
                    ))}
                  </TableCell>
                  <TableCell className="max-w-md break-words font-mono text-xs">{entry.action === "add" ? "as ordered" : describeChanges(entry.characteristics) || "—"}</TableCell>
                  <TableCell className="font-mono text-xs">{entry.date ? formatUtcTimestamp(entry.date) : "—"}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
    </div>
  );
}
