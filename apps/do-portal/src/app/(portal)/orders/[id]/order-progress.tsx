"use client";

import { useEffect, useRef } from "react";
import { useRouter } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import {
  Alert,
  StateBadge,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Timeline,
  type TimelineEvent,
} from "@cop-pilot/ui";
import type { OrderProgressView } from "@/server/portal/order-view";
import { ItemServiceLink } from "../../row-links";

const refreshIntervalMs = 1000;

async function fetchProgress(id: string): Promise<OrderProgressView> {
  const response = await fetch(`/api/orders/${encodeURIComponent(id)}`, { headers: { accept: "application/json" }, cache: "no-store" });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    throw new Error(body.message ?? `The order could not be loaded (HTTP ${response.status})`);
  }
  return response.json();
}

function toEvents(view: OrderProgressView): TimelineEvent[] {
  return view.history.map((row) => ({
    at: row.changedAt,
    title: row.orderItemId ? `Item ${row.orderItemId}` : "Order",
    state: row.itemState ?? row.state,
    detail: row.message,
  }));
}

/**
 * Shows the parts of an order page that change while the order runs: state,
 * item states and the state history. Polls every second until the order is
 * final, then refreshes the server-rendered rest of the page once.
 */
export function OrderProgress({ initial }: { initial: OrderProgressView }) {
  const router = useRouter();
  const { data, error } = useQuery({
    queryKey: ["service-order", initial.id],
    queryFn: () => fetchProgress(initial.id),
    initialData: initial,
    refetchInterval: (query) => (query.state.data?.final ? false : refreshIntervalMs),
  });
  const view = data ?? initial;

  const wasFinal = useRef(initial.final);
  useEffect(() => {
    if (view.final && !wasFinal.current) router.refresh();
    wasFinal.current = view.final;
  }, [view.final, router]);

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <section className="flex flex-col gap-3" aria-live="polite">
        <div className="flex items-center gap-2">
          <h2 className="text-lg font-semibold">Items</h2>
          <StateBadge state={view.state} />
          {!view.final ? <span className="text-xs text-muted-foreground">refreshing every second</span> : null}
        </div>
        {error ? <Alert variant="warning">{error.message}</Alert> : null}
        <Table>
          <caption className="sr-only">Order items and their deployments</caption>
          <TableHeader>
            <TableRow>
              <TableHead>Item</TableHead>
              <TableHead>Service</TableHead>
              <TableHead>State</TableHead>
              <TableHead>Deployment</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {view.items.map((item) => (
              <TableRow key={item.id}>
                <TableCell className="font-mono">{item.id}</TableCell>
                <TableCell>
                  {item.serviceId ? (
                    <ItemServiceLink serviceId={item.serviceId} name={item.name} itemId={item.id} />
                  ) : (
                    item.name
                  )}
                </TableCell>
                <TableCell>
                  <StateBadge state={item.state} />
                </TableCell>
                <TableCell className="font-mono text-xs break-all">{item.deployment ?? "—"}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </section>
      <section className="flex flex-col gap-3">
        <h2 className="text-lg font-semibold">State history</h2>
        <div className="rounded-lg border bg-card p-4">
          <Timeline events={toEvents(view)} />
        </div>
      </section>
    </div>
  );
}
