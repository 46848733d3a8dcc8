"use client";

import { useActionState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, CardContent, CardHeader, CardTitle, KeyValueList, StateBadge, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Timeline, formatUtcTimestamp } from "@cop-pilot/ui";
import type { OrderDetail } from "@/server/ordering/queries";
import { cancelOrderAction, type CancelOrderState } from "../actions";

async function fetchOrder(id: string): Promise<OrderDetail> {
  const response = await fetch(`/api/orders/${encodeURIComponent(id)}`, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`Loading the order failed with HTTP ${response.status}`);
  return (await response.json()) as OrderDetail;
}

function CancelForm({ orderId }: { orderId: string }) {
  const [state, action, pending] = useActionState<CancelOrderState, FormData>(cancelOrderAction, {});
  return (
    <form action={action} className="flex flex-col gap-2">
      <input type="hidden" name="serviceOrderId" value={orderId} />
      <Button type="submit" variant="outline" size="sm" disabled={pending}>
        {pending ? "Requesting…" : "Cancel order"}
      </Button>
      {state.error ? <Alert variant="error">{state.error}</Alert> : null}
      {state.success ? <Alert variant="success">{state.success}</Alert> : null}
    </form>
  );
}

type Item = OrderDetail["order"]["serviceOrderItem"][number];

/** Renders one row of the items table. A bundle's part is indented under the bundle and shows why it failed. */
function ItemRow({ item, domain, part = false }: { item: Item; domain: string | undefined; part?: boolean }) {
  const reasons = Array.isArray(item.errorMessage) ? (item.errorMessage as { message?: string }[]).map((error) => error.message).filter(Boolean) : [];
  return (
    <TableRow>
      <TableCell className={part ? "pl-8 font-mono text-xs" : "font-mono text-xs"}>{item.id}</TableCell>
      <TableCell className="text-xs">{item.action}</TableCell>
      <TableCell>
        {item.service.serviceSpecification?.name ?? item.service.serviceSpecification?.id}
        {item.serviceOrderItem?.length ? <span className="ml-1 text-xs text-muted-foreground">(bundle of {item.serviceOrderItem.length})</span> : null}
      </TableCell>
      <TableCell>{domain ?? "—"}</TableCell>
      <TableCell>
        {item.state ? <StateBadge state={item.state} /> : "—"}
        {reasons.map((reason) => (
          <div key={reason} className="mt-1 max-w-sm text-xs text-destructive">
            {reason}
          </div>
        ))}
      </TableCell>
      <TableCell className="font-mono text-xs">{item.service.id ?? "—"}</TableCell>
      <TableCell className="max-w-md">
        <ul className="flex flex-wrap gap-x-3 gap-y-1 font-mono text-xs text-muted-foreground">
          {(item.service.serviceCharacteristic ?? []).map((characteristic) => (
            <li key={characteristic.name}>
              {characteristic.name}={JSON.stringify(characteristic.value)}
            </li>
          ))}
        </ul>
      </TableCell>
    </TableRow>
  );
}

/** Renders the live part of the order page, refreshed every two seconds until the order reaches a final state. */
export function OrderView({ initial }: { initial: OrderDetail }) {
  const { data, error } = useQuery({
    queryKey: ["order", initial.order.id],
    queryFn: () => fetchOrder(initial.order.id),
    initialData: initial,
    refetchInterval: (query) => (query.state.data?.final ? false : 2000),
  });
  const { order, delegations, history } = data;
  const domainOf = new Map(delegations.flatMap((delegation) => delegation.orderItemIds.map((itemId) => [itemId, delegation.peerName] as const)));
  const cancellable = !data.final && order.state !== "pendingCancellation";

  return (
    <div className="flex flex-col gap-6">
      {error ? <Alert variant="warning">{error.message}; the page shows the last known state.</Alert> : null}
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <Card>
          <CardHeader>
            <div className="flex items-center justify-between gap-2">
              <CardTitle as="h2">Order</CardTitle>
              <StateBadge state={order.state} />
            </div>
          </CardHeader>
          <CardContent className="flex flex-col gap-4">
            <KeyValueList
              items={[
                { label: "Id", value: <span className="font-mono text-xs">{order.id}</span> },
                { label: "External id", value: order.externalId },
                { label: "Ordered", value: order.orderDate ? formatUtcTimestamp(order.orderDate) : null },
                { label: "Completed", value: order.completionDate ? formatUtcTimestamp(order.completionDate) : null },
                { label: "Description", value: typeof order.description === "string" ? order.description : null },
              ]}
            />
            {cancellable ? <CancelForm orderId={order.id} /> : null}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle as="h2">History</CardTitle>
          </CardHeader>
          <CardContent>
            <Timeline
              events={history.map((entry) => ({
                at: entry.changedAt,
                title: entry.message ?? `Order is ${entry.state}`,
                state: entry.itemState ?? entry.state,
              }))}
            />
          </CardContent>
        </Card>
      </div>

      <section aria-labelledby="items" className="flex flex-col gap-3">
        <h2 id="items" className="text-lg font-semibold">
          Items
        </h2>
        <Table>
          <caption className="sr-only">Order items; the parts of a bundle follow it, one per domain</caption>
          <TableHeader>
            <TableRow>
              <TableHead>Item</TableHead>
              <TableHead>Action</TableHead>
              <TableHead>Service specification</TableHead>
              <TableHead>Domain</TableHead>
              <TableHead>State</TableHead>
              <TableHead>Service</TableHead>
              <TableHead>Characteristics</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {order.serviceOrderItem.flatMap((item) => [
              <ItemRow key={item.id} item={item} domain={item.serviceOrderItem?.length ? `${new Set(item.serviceOrderItem.map((part) => domainOf.get(part.id))).size} domains` : domainOf.get(item.id)} />,
              ...(item.serviceOrderItem ?? []).map((part) => <ItemRow key={part.id} item={part} domain={domainOf.get(part.id)} part />),
            ])}
          </TableBody>
        </Table>
      </section>

      <section aria-labelledby="delegations" className="flex flex-col gap-3">
        <h2 id="delegations" className="text-lg font-semibold">
          Delegations per domain
        </h2>
        <Table>
          <caption className="sr-only">Orders delegated to the domains</caption>
          <TableHeader>
            <TableRow>
              <TableHead>Domain</TableHead>
              <TableHead>Items</TableHead>
              <TableHead>Order in the domain</TableHead>
              <TableHead>State in the domain</TableHead>
              <TableHead>Last sync</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {delegations.map((delegation) => (
              <TableRow key={delegation.id}>
                <TableCell>{delegation.peerName}</TableCell>
                <TableCell className="font-mono text-xs">{delegation.orderItemIds.join(", ")}</TableCell>
                <TableCell className="font-mono text-xs">{delegation.remoteOrderId ?? "not yet accepted"}</TableCell>
                <TableCell>
                  {delegation.remoteState ? <StateBadge state={delegation.remoteState} /> : "—"}
                  {delegation.lastError ? (
                    <div className="mt-1 max-w-sm text-xs text-destructive">
                      {delegation.lastError}
                      {delegation.failedAttempts > 0 ? ` (${delegation.failedAttempts} failed attempt${delegation.failedAttempts === 1 ? "" : "s"}; retrying)` : ""}
                    </div>
                  ) : null}
                </TableCell>
                <TableCell className="font-mono text-xs">{delegation.lastSyncAt ? formatUtcTimestamp(delegation.lastSyncAt) : "—"}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </section>

      {order.note && order.note.length > 0 ? (
        <section aria-labelledby="notes" className="flex flex-col gap-3">
          <h2 id="notes" className="text-lg font-semibold">
            Notes
          </h2>
          <ul className="flex flex-col gap-2 text-sm">
            {order.note.map((note, index) => (
              <li key={index} className="rounded-md border bg-card px-3 py-2">
                <span className="font-medium">{note.author ?? "—"}</span>
                {note.date ? <span className="ml-2 font-mono text-xs text-muted-foreground">{formatUtcTimestamp(note.date)}</span> : null}
                <p className="text-muted-foreground">{note.text}</p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
