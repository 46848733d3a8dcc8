import { isFinalState, type ServiceOrderDocument } from "../ordering/documents";
import type { StateHistoryRow } from "../ordering/history";

// The order as the portal's live order page reads it from /api/orders/{id}:
// plain JSON data, so that a server page can hand it to a client component.

export interface OrderProgressView {
  id: string;
  state: string;
  final: boolean;
  items: { id: string; name: string; state: string; deployment?: string; serviceId?: string }[];
  history: { seq: number; state: string; changedAt: string; message?: string; orderItemId?: string; itemState?: string }[];
}

export function toOrderProgressView(order: ServiceOrderDocument, history: StateHistoryRow[]): OrderProgressView {
  return {
    id: order.id,
    state: order.state,
    final: isFinalState(order.state),
    items: order.serviceOrderItem.map((item) => ({
      id: item.id,
      name: item.service.name ?? item.service.serviceSpecification?.name ?? "service",
      state: item.state,
      deployment: item.service.supportingResource?.[0]?.name ?? item.service.supportingResource?.[0]?.id,
      serviceId: item.state === "completed" ? item.service.id : undefined,
    })),
    history: history.map((row) => ({ ...row, changedAt: row.changedAt.toISOString() })),
  };
}
