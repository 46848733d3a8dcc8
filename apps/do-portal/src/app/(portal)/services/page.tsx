import Link from "next/link";
import { EmptyState, PageHeader, StateBadge, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@cop-pilot/ui";
import { db } from "@/server/db";
import { listServices } from "@/server/portal/inventory";
import { requirePortalUser } from "@/server/session";
import { formatTime, shortId } from "../format";
import { OrderLink } from "../row-links";

export const dynamic = "force-dynamic";

const pageSize = 200;

export default async function ServicesPage() {
  await requirePortalUser("/services");
  const { services, total } = await listServices(db(), pageSize);

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="Services" description="TMF638 inventory: the services that completed orders brought up in this domain." />
      {services.length === 0 ? (
        <EmptyState title="No services yet" description="A service appears here when the deployment of an order item becomes available." />
      ) : (
        <>
          <Table>
            <caption className="sr-only">Services in the inventory</caption>
            <TableHeader>
              <TableRow>
                <TableHead>Service</TableHead>
                <TableHead>Specification</TableHead>
                <TableHead>State</TableHead>
                <TableHead>Started</TableHead>
                <TableHead>Ends</TableHead>
                <TableHead>Deployment</TableHead>
                <TableHead>Order</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {services.map((service) => {
                const orderItem = (service.serviceOrderItem as { serviceOrderId?: string; itemId?: string }[] | undefined)?.[0];
                return (
                  <TableRow key={service.id} id={service.id}>
                    <TableCell>
                      <Link href={`/services/${service.id}`} className="font-medium text-primary hover:underline">
                        {service.name ?? "unnamed"}
                      </Link>
                      <span className="block font-mono text-xs text-muted-foreground">{shortId(service.id)}</span>
                    </TableCell>
                    <TableCell>
                      {service.serviceSpecification ? (
                        <Link href={`/catalog/specifications/${service.serviceSpecification.id}`} className="text-primary hover:underline">
                          {service.serviceSpecification.name ?? service.serviceSpecification.id}
                        </Link>
                      ) : (
                        "—"
                      )}
                    </TableCell>
                    <TableCell>
                      <StateBadge state={service.state} />
                    </TableCell>
                    <TableCell className="font-mono text-xs">{formatTime(service.startDate)}</TableCell>
                    <TableCell className="font-mono text-xs">{formatTime(service.endDate)}</TableCell>
                    <TableCell className="font-mono text-xs break-all">
                      {service.supportingResource?.map((resource) => resource.name ?? resource.id).join(", ") || "—"}
                    </TableCell>
                    <TableCell>
                      {orderItem?.serviceOrderId ? (
                        <OrderLink
                          orderId={orderItem.serviceOrderId}
                          itemId={orderItem.itemId}
                          className="whitespace-nowrap font-mono text-primary hover:underline"
                        />
                      ) : (
                        "—"
                      )}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
          {total > services.length ? (
            <p className="text-sm text-muted-foreground">
              Showing the {services.length} most recently changed of {total} services; TMF638 lists every one with offset and limit.
            </p>
          ) : null}
        </>
      )}
    </div>
  );
}
