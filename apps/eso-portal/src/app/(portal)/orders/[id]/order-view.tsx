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

/** Renders the live part of the order page, refreshed every two seconds until the order reaches a final state. */
export function OrderView({ initial }: { initial: OrderDetail }) {
  const { data, error } = useQuery({
    queryKey: ["order", initial.order.id],
    queryFn: () => fetchOrder(initial.order.id),
    initialData: initial,
    refetchInterval: (query) => (query.state.data?.final ? false : 2000),
  });
  const { order, delegations, history } = data;
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
          <caption className="sr-only">Order items</caption>
          <TableHeader>
            <TableRow>
              <TableHead>Item</TableHead>
              <TableHead>Service specification</TableHead>
              <TableHead>State</TableHead>
              <TableHead>Service in the domain</TableHead>
              <TableHead>Characteristics</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {order.serviceOrderItem.map((item) => (
              <TableRow key={item.id}>
                <TableCell className="font-mono text-xs">{item.id}</TableCell>
                <TableCell>{item.service.serviceSpecification?.name ?? item.service.serviceSpecification?.id}</TableCell>
                <TableCell>{item.state ? <StateBadge state={item.state} /> : "—"}</TableCell>
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
            ))}
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
