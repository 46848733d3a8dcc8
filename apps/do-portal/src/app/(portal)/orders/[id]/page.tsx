import Link from "next/link";
import { notFound } from "next/navigation";
import {
  Alert,
  Card,
  CardContent,
  CardHeader,
  CardTitle,
  KeyValueList,
  PageHeader,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@cop-pilot/ui";
import { db } from "@/server/db";
import { isFinalState } from "@/server/ordering/documents";
import { toOrderProgressView } from "@/server/portal/order-view";
import { findOrderWithHistory } from "@/server/portal/orders";
import { requirePortalUser } from "@/server/session";
import { formatTime, formatValue, shortId } from "../../format";
import { CancelOrderForm } from "./cancel-order-form";
import { OrderProgress } from "./order-progress";

export const dynamic = "force-dynamic";

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePortalUser(`/orders/${id}`);
  const found = await findOrderWithHistory(db(), id);
  if (!found) notFound();
  const { order, history } = found;
  const requestedBy = (order.relatedParty as { name?: string; id: string; role?: string }[] | undefined) ?? [];

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={`Service order ${shortId(order.id)}`}
        description={typeof order.description === "string" ? order.description : undefined}
        actions={
          <Link href="/orders" className="text-sm text-primary hover:underline">
            All orders
          </Link>
        }
      />

      {(order.errorMessage ?? []).map((error, index) => (
        <Alert key={index} variant="error" title={error.reason}>
          {error.message}
        </Alert>
      ))}

      <OrderProgress initial={toOrderProgressView(order, history)} />

      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle as="h2">Order</CardTitle>
          </CardHeader>
          <CardContent>
            <KeyValueList
              items={[
                { label: "Id", value: <span className="font-mono text-xs">{order.id}</span> },
                { label: "External id", value: order.externalId ? <span className="font-mono text-xs">{order.externalId}</span> : undefined },
                { label: "Ordered", value: formatTime(order.orderDate) },
                { label: "Requested start", value: order.requestedStartDate ? formatTime(order.requestedStartDate) : undefined },
                { label: "Started", value: formatTime(order.startDate) },
                { label: "Completed", value: formatTime(order.completionDate) },
                ...(order.cancellationDate
                  ? [
                      { label: "Cancelled", value: formatTime(order.cancellationDate) },
                      { label: "Cancellation reason", value: order.cancellationReason },
                    ]
                  : []),
                { label: "Priority", value: typeof order.priority === "string" ? order.priority : undefined },
                { label: "Related parties", value: requestedBy.map((party) => `${party.name ?? party.id}${party.role ? ` (${party.role})` : ""}`).join(", ") },
              ]}
            />
          </CardContent>
        </Card>

        {!isFinalState(order.state) && order.state !== "pendingCancellation" && user.role === "domainOwner" ? (
          <Card>
            <CardHeader>
              <CardTitle as="h2">Cancel this order</CardTitle>
            </CardHeader>
            <CardContent>
              <CancelOrderForm orderId={order.id} />
            </CardContent>
          </Card>
        ) : null}

        {(order.note ?? []).length > 0 ? (
          <Card>
            <CardHeader>
              <CardTitle as="h2">Notes</CardTitle>
            </CardHeader>
            <CardContent>
              <ul className="flex flex-col gap-2 text-sm">
                {order.note!.map((note, index) => (
                  <li key={index}>
                    <span className="text-muted-foreground">
                      {formatTime(note.date)} · {note.author ?? "unknown author"}:
                    </span>{" "}
                    {note.text}
                  </li>
                ))}
              </ul>
            </CardContent>
          </Card>
        ) : null}
      </div>

      {order.serviceOrderItem.map((item) => (
        <section key={item.id} className="flex flex-col gap-3">
          <h2 className="text-lg font-semibold">
            Item {item.id}: {item.service.name}
          </h2>
          <p className="text-sm text-muted-foreground">
            Action <span className="font-mono">{item.action}</span> of{" "}
            {item.service.serviceSpecification ? (
              <Link href={`/catalog/specifications/${item.service.serviceSpecification.id}`} className="text-primary hover:underline">
                {item.service.serviceSpecification.name ?? item.service.serviceSpecification.id}
              </Link>
            ) : (
              "an unknown specification"
            )}
          </p>
          <Table>
            <caption className="sr-only">Characteristics of item {item.id}</caption>
            <TableHeader>
              <TableRow>
                <TableHead>Characteristic</TableHead>
                <TableHead>Type</TableHead>
                <TableHead>Value</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {(item.service.serviceCharacteristic ?? []).map((characteristic) => (
                <TableRow key={characteristic.name}>
                  <TableCell className="font-mono text-sm">{characteristic.name}</TableCell>
                  <TableCell>{characteristic.valueType ?? "—"}</TableCell>
                  <TableCell className="font-mono text-xs break-all">{formatValue(characteristic.value)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </section>
      ))}
    </div>
  );
}
