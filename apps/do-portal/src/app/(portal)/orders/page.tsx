import Link from "next/link";
import { serviceOrderStates } from "@cop-pilot/tmf-schemas";
import {
  EmptyState,
  PageHeader,
  StateBadge,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  cn,
} from "@cop-pilot/ui";
import { db } from "@/server/db";
import { countOrdersByState, listRecentOrders } from "@/server/portal/orders";
import { requirePortalUser } from "@/server/session";
import { formatTime } from "../format";
import { OrderLink } from "../row-links";

export const dynamic = "force-dynamic";

const pageSize = 100;

export default async function OrdersPage({ searchParams }: { searchParams: Promise<{ state?: string }> }) {
  const { state: requested } = await searchParams;
  await requirePortalUser(requested ? `/orders?state=${encodeURIComponent(requested)}` : "/orders");
  const state = (serviceOrderStates as readonly string[]).includes(requested ?? "") ? requested : undefined;
  const database = db();
  const [counts, orders] = await Promise.all([countOrdersByState(database), listRecentOrders(database, { state, limit: pageSize })]);
  const total = Object.values(counts).reduce((sum, value) => sum + value, 0);
  const matching = state ? (counts[state] ?? 0) : total;

  const filters = [{ label: "All", href: "/orders", active: !state, count: total }].concat(
    serviceOrderStates
      .filter((candidate) => (counts[candidate] ?? 0) > 0)
      .map((candidate) => ({ label: candidate, href: `/orders?state=${candidate}`, active: candidate === state, count: counts[candidate] ?? 0 })),
  );

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="Service orders" description="TMF641 orders this DO received, most recently changed first." />

      <nav aria-label="Filter by state" className="flex flex-wrap gap-2">
        {filters.map((filter) => (
          <Link
            key={filter.href}
            href={filter.href}
            aria-current={filter.active ? "page" : undefined}
            className={cn("flex items-center gap-1.5 rounded-md border px-2 py-1 text-sm hover:bg-muted", filter.active && "border-primary bg-muted")}
          >
            {filter.label === "All" ? <span className="font-medium">All</span> : <StateBadge state={filter.label} />}
            <span className="tabular-nums text-muted-foreground">{filter.count}</span>
            <span className="sr-only"> orders</span>
          </Link>
        ))}
      </nav>

      {orders.length === 0 ? (
        <EmptyState title="No service orders" description={state ? `No order is ${state}.` : "Orders that the ESO delegates to this domain appear here."} />
      ) : (
        <>
          <Table>
            <caption className="sr-only">Service orders</caption>
            <TableHeader>
              <TableRow>
                <TableHead>Order</TableHead>
                <TableHead>External id</TableHead>
                <TableHead>Services</TableHead>
                <TableHead>State</TableHead>
                <TableHead>Ordered</TableHead>
                <TableHead>Completed</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {orders.map((order) => (
                <TableRow key={order.id}>
                  <TableCell>
                    <OrderLink orderId={order.id} />
                  </TableCell>
                  <TableCell className="max-w-48 font-mono text-xs break-all">{order.externalId ?? "—"}</TableCell>
                  <TableCell>{order.serviceOrderItem.map((item) => item.service.name).join(", ")}</TableCell>
                  <TableCell>
                    <StateBadge state={order.state} />
                  </TableCell>
                  <TableCell className="font-mono text-xs">{formatTime(order.orderDate)}</TableCell>
                  <TableCell className="font-mono text-xs">{formatTime(order.completionDate)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {matching > orders.length ? (
            <p className="text-sm text-muted-foreground">
              Showing the {orders.length} most recently changed of {matching} orders. Older ones are available through TMF641 with offset and limit.
            </p>
          ) : null}
        </>
      )}
    </div>
  );
}
