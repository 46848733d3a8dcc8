import Link from "next/link";
import { EmptyState, PageHeader, StateBadge, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, buttonVariants, formatUtcTimestamp } from "@cop-pilot/ui";
import { db } from "@/server/db";
import { listVisibleOrders } from "@/server/ordering/queries";
import { principalOf, requireUser } from "@/server/session";

export const dynamic = "force-dynamic";

export default async function OrdersPage() {
  const user = await requireUser(["customer", "businessAdmin"], "/orders");
  const isAdmin = user.role === "businessAdmin";
  const orders = await listVisibleOrders(db(), principalOf(user));

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={isAdmin ? "Orders" : "My orders"}
        description={isAdmin ? "Every product order of every customer, newest first." : "Your product orders, newest first. An order is done once it is completed, failed, partial or cancelled."}
      />
      {orders.length === 0 ? (
        <EmptyState
          title="No orders yet"
          description={isAdmin ? "Orders appear here as soon as customers place them." : "Orders you place in the marketplace appear here."}
          action={
            isAdmin ? undefined : (
              <Link href="/marketplace" className={buttonVariants({ size: "sm" })}>
                Browse the marketplace
              </Link>
            )
          }
        />
      ) : (
        <Table>
          <caption className="sr-only">Product orders</caption>
          <TableHeader>
            <TableRow>
              <TableHead>Order</TableHead>
              <TableHead>Products</TableHead>
              {isAdmin ? <TableHead>Customer</TableHead> : null}
              <TableHead>Placed</TableHead>
              <TableHead>Last change</TableHead>
              <TableHead>State</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {orders.map((order) => (
              <TableRow key={order.id}>
                <TableCell>
                  <Link href={`/orders/${order.id}`} className="font-mono text-xs text-primary hover:underline">
                    {order.id.slice(0, 8)}
                  </Link>
                </TableCell>
                <TableCell>{order.productOrderItem.map((item) => item.productOffering.name ?? item.productOffering.id).join(", ")}</TableCell>
                {isAdmin ? <TableCell>{order.relatedParty?.find((party) => party.role === "Customer")?.name ?? "API client"}</TableCell> : null}
                <TableCell className="font-mono text-xs tabular-nums text-muted-foreground">{formatUtcTimestamp(order.orderDate) ?? order.orderDate}</TableCell>
                <TableCell className="font-mono text-xs tabular-nums text-muted-foreground">{formatUtcTimestamp(String(order.lastUpdate ?? "")) ?? "—"}</TableCell>
                <TableCell>
                  <StateBadge state={order.state} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
