import Link from "next/link";
import { shortId } from "./format";

// Links that repeat in every row of a table. Each one's accessible name says
// which order or item it leads to, because screen readers list links out of
// their rows. The visible text stays short and starts the accessible name.

const linkClass = "text-primary hover:underline";

/** Link to a service order, optionally to one of its items, shown as the short order id. */
export function OrderLink({ orderId, itemId, className }: { orderId: string; itemId?: string; className?: string }) {
  return (
    <Link href={`/orders/${orderId}`} className={className ?? `font-mono ${linkClass}`}>
      <span className="sr-only">Service order </span>
      {shortId(orderId)}
      {itemId ? (
        <>
          <span aria-hidden="true"> / </span>
          <span className="sr-only"> item </span>
          {itemId}
        </>
      ) : null}
    </Link>
  );
}

/** Link to the service that an order item brought up, shown as the service name. */
export function ItemServiceLink({ serviceId, name, itemId }: { serviceId: string; name: string; itemId: string }) {
  return (
    <Link href={`/services#${serviceId}`} className={linkClass}>
      {name}
      <span className="sr-only">, service of order item {itemId}</span>
    </Link>
  );
}
