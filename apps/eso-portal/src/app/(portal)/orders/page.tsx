import Link from "next/link";
import { EmptyState, PageHeader, StateBadge, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, formatUtcTimestamp } from "@cop-pilot/ui";
import { db } from "@/server/db";
import { listOrderSummaries } from "@/server/ordering/queries";
import { userPrincipal } from "@/server/principal";
import { requireUser } from "@/server/session";

export const dynamic = "force-dynamic";

export default async function OrdersPage() {
  const user = await requireUser(["platformAdmin", "serviceDesigner", "customer", "domainOwner"], "/orders");
  const orders = await listOrderSummaries(db(), userPrincipal(user));
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={user.role === "customer" || user.role === "domainOwner" ? "My service orders" : "Service orders"}
        description="Orders placed at the ESO, with the state mirrored from the domains that carry them. The 100 most recently changed are shown."
      />
      {orders.length === 0 ? (
        <EmptyState title="No service orders yet" description="Order a service from the marketplace, or let the Business Management Portal place orders." />
      ) : (
        <Table>
          <caption className="sr-only">Service orders</caption>
          <TableHeader>
            <TableRow>
              <TableHead>Order</TableHead>
              <TableHead>State</TableHead>
              <TableHead>Services</TableHead>
              <TableHead>Ordered</TableHead>
              <TableHead>External id</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {orders.map((order) => (
              <TableRow key={order.id}>
                <TableCell>
                  <Link href={`/orders/${order.id}`} className="font-mono text-xs hover:underline">
                    {order.id}
                  </Link>
                </TableCell>
                <TableCell>
                  <StateBadge state={order.state} />
                </TableCell>
                <TableCell>
                  {order.specifications.join(", ")}
                  <span className="text-xs text-muted-foreground"> ({order.items} item{order.items === 1 ? "" : "s"})</span>
                </TableCell>
                <TableCell className="font-mono text-xs">{order.orderDate ? formatUtcTimestamp(order.orderDate) : "—"}</TableCell>
                <TableCell className="font-mono text-xs">{order.externalId ?? "—"}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
