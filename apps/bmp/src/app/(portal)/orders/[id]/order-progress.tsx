"use client";

import Link from "next/link";
import { useActionState, useEffect } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  Button,
  Card,
  CardContent,
  CardHeader,
  CardTitle,
  KeyValueList,
  StateBadge,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Timeline,
  formatUtcTimestamp,
  type TimelineEvent,
} from "@cop-pilot/ui";
import { completionDateLabel, isCancellable, isFinal } from "@/lib/order-states";
import type { OrderProgress } from "@/server/ordering/queries";
import { cancelOrder, type CancelState } from "./actions";

const refreshIntervalMs = 1500;

async function fetchProgress(id: string): Promise<OrderProgress> {
  const response = await fetch(`/api/orders/${encodeURIComponent(id)}`, { headers: { Accept: "application/json" } });
  if (!response.ok) {
    const body = (await response.json().catch(() => undefined)) as { message?: string } | undefined;
    throw new Error(body?.message ?? `Reading the order failed with status ${response.status}`);
  }
  return (await response.json()) as OrderProgress;
}

function timestamp(value: string | undefined): string | undefined {
  return value ? (formatUtcTimestamp(value) ?? value) : undefined;
}

function formatValue(value: unknown): string {
  if (typeof value === "boolean") return value ? "Yes" : "No";
  return typeof value === "string" ? value : JSON.stringify(value);
}

type Item = OrderProgress["order"]["productOrderItem"][number];
type Characteristic = { name: string; value: unknown };

/** Lists an item's configuration: its own characteristics, or for a bundle those of each bundled offering, named after the offering. */
function configurationOf(item: Item): { key: string; label: string; value: unknown }[] {
  const own = (item.product.productCharacteristic ?? []).map((characteristic) => ({ key: characteristic.name, label: characteristic.name, value: characteristic.value }));
  const nested = Array.isArray(item.productOrderItem) ? (item.productOrderItem as { id: string; productOffering: { name?: string }; product?: { productCharacteristic?: Characteristic[] } }[]) : [];
  const bundled = nested.flatMap((component) =>
    (component.product?.productCharacteristic ?? []).map((characteristic) => ({
      key: `${component.id}:${characteristic.name}`,
      label: `${component.productOffering.name ?? component.id}: ${characteristic.name}`,
      value: characteristic.value,
    })),
  );
  return [...own, ...bundled];
}

/** Names the ESO services that deploy an item, one for a simple item and several for a bundle. */
function servicesOf(item: Item): string {
  const services = item.realizingService && item.realizingService.length > 0 ? item.realizingService : [{ serviceSpecification: item.serviceSpecification }];
  const names = services.map((service) => service.serviceSpecification.name ?? service.serviceSpecification.id);
  return `${names.length === 1 ? "service" : "services"} ${names.join(", ")}`;
}

function CancelOrder({ orderId }: { orderId: string }) {
  const queryClient = useQueryClient();
  const [state, action, pending] = useActionState<CancelState, FormData>(cancelOrder, {});
  useEffect(() => {
    if (state.requested) void queryClient.invalidateQueries({ queryKey: ["productOrder", orderId] });
  }, [state, orderId, queryClient]);
  return (
    <form
      action={action}
      className="flex flex-col gap-2"
      onSubmit={(event) => {
        if (!window.confirm("Cancel this order? Services already deployed for it are removed.")) event.preventDefault();
      }}
    >
      <input type="hidden" name="orderId" value={orderId} />
      <div>
        <Button type="submit" variant="destructive" disabled={pending}>
          {pending ? "Cancelling…" : "Cancel order"}
        </Button>
      </div>
      {state.error ? <Alert variant="error">{state.error}</Alert> : null}
    </form>
  );
}

/** Renders the state, items and history of one order, refreshed every 1.5 s until the order is final. */
export function OrderProgressView({ initial, canCancel }: { initial: OrderProgress; canCancel: boolean }) {
  const orderId = initial.order.id;
  const { data, error } = useQuery({
    queryKey: ["productOrder", orderId],
    queryFn: () => fetchProgress(orderId),
    initialData: initial,
    refetchInterval: (query) => (query.state.data && isFinal(query.state.data.order.state) ? false : refreshIntervalMs),
  });
  const { order, history, retry, outcome } = data;
  const final = isFinal(order.state);

  const events: TimelineEvent[] = history.map((entry) => ({
    at: entry.changedAt,
    title: entry.message ?? entry.state,
    state: entry.state,
  }));
  const failureNotes = order.state === "failed" || order.state === "partial" ? (order.note ?? []) : [];

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center gap-3">
        <StateBadge state={order.state} className="px-3 py-1 text-sm" />
        <span className="text-sm text-muted-foreground">
          {final ? "This order is final." : "This page refreshes by itself while the order is being fulfilled."}
        </span>
      </div>

      {error ? <Alert variant="warning">Could not refresh the order: {(error as Error).message}. Showing the last known state.</Alert> : null}
      {retry.failing && !final ? (
        <Alert variant="warning" title="The service orchestrator cannot be reached at the moment">
          The BMP keeps retrying by itself (attempt {retry.attemptCount}
          {retry.nextAttemptAt ? `, next at ${timestamp(retry.nextAttemptAt)}` : ""}); the order is kept and goes on once the ESO answers.
          {retry.lastError ? ` Last error: ${retry.lastError}` : ""}
        </Alert>
      ) : null}
      {outcome ? (
        <Alert variant="error" title={outcome.title}>
          {outcome.reason}
        </Alert>
      ) : null}
      {!outcome && failureNotes.length > 0 ? (
        <Alert variant="error" title={order.state === "partial" ? "Part of the order failed" : "The order failed"}>
          <ul>
            {failureNotes.map((entry, index) => (
              <li key={index}>{entry.text}</li>
            ))}
          </ul>
        </Alert>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="flex flex-col gap-6">
          {order.productOrderItem.map((item) => (
            <Card key={item.id}>
              <CardHeader className="flex-row flex-wrap items-center justify-between gap-2">
                <CardTitle as="h2">
                  <Link href={`/marketplace/${item.productOffering.id}`} className="hover:underline">
                    {item.productOffering.name ?? item.productOffering.id}
                  </Link>
                </CardTitle>
                <StateBadge state={item.state} />
              </CardHeader>
              <CardContent className="flex flex-col gap-3">
                <p className="text-sm text-muted-foreground">
                  Item {item.id} · {servicesOf(item)}
                </p>
                <Table>
                  <caption className="sr-only">Configuration of item {item.id}</caption>
                  <TableHeader>
                    <TableRow>
                      <TableHead>Characteristic</TableHead>
                      <TableHead>Value</TableHead>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {configurationOf(item).map((entry) => (
                      <TableRow key={entry.key}>
                        <TableCell className="font-mono text-xs">{entry.label}</TableCell>
                        <TableCell className="break-all">{formatValue(entry.value)}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </CardContent>
            </Card>
          ))}
        </div>

        <div className="flex flex-col gap-6">
          <Card>
            <CardHeader>
              <CardTitle as="h2">Order</CardTitle>
            </CardHeader>
            <CardContent className="flex flex-col gap-4">
              <KeyValueList
                items={[
                  { label: "Order id", value: <span className="font-mono text-xs">{order.id}</span> },
                  { label: "Placed", value: timestamp(order.orderDate) },
                  { label: final ? completionDateLabel(order.state) : "Completed", value: order.state === "cancelled" ? undefined : timestamp(order.completionDate) },
                  { label: "Cancelled", value: timestamp(order.cancellationDate) },
                  { label: "ESO service order", value: order.serviceOrder ? <span className="font-mono text-xs">{order.serviceOrder.id}</span> : "Not placed yet" },
                ]}
              />
              {canCancel && isCancellable(order.state) ? <CancelOrder orderId={order.id} /> : null}
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle as="h2">History</CardTitle>
            </CardHeader>
            <CardContent>
              <Timeline events={events} />
            </CardContent>
          </Card>
        </div>
      </div>
    </div>
  );
}
