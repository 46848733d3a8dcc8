import { TmfError, type Db, type Principal } from "@cop-pilot/tmf-server";
import { getOrderProgress, listVisibleOrders } from "../ordering/queries";
import type { AssistantBackend, OrderStatusReport } from "./backend";
import { createDraft, orderOfConfirmedDraft } from "./drafts";
import { loadOfferingDetails, loadSearchableOfferings } from "./offering-loader";
import { explainOrderProgress } from "./status";
import { checkOrderConfiguration, type AssistantCheckOptions } from "./validation";

/** Builds the assistant backend of one customer's turn over the BMP's own catalogue and ordering functions. */
export function createBmpBackend(
  db: Db,
  principal: Principal,
  context: { conversationId: string | null; orderChecks?: AssistantCheckOptions["orderChecks"] },
): AssistantBackend {
  async function findOrderId(reference: string | undefined): Promise<string | undefined> {
    const orders = await listVisibleOrders(db, principal, 200);
    if (!reference) return orders[0]?.id;
    const normalised = reference.trim().toLowerCase();
    return orders.find((order) => order.id === normalised || order.id.startsWith(normalised))?.id;
  }

  return {
    listOfferings: () => loadSearchableOfferings(db),
    getOffering: (offeringId) => loadOfferingDetails(db, principal, offeringId),
    async validateConfiguration(offeringId, values) {
      const { offering: _offering, ...check } = await checkOrderConfiguration(db, principal, offeringId, values, { orderChecks: context.orderChecks });
      return check;
    },
    createDraft: (offeringId, values) => createDraft(db, principal, { conversationId: context.conversationId, offeringId, values }, { orderChecks: context.orderChecks }),
    placeConfirmedDraft: (draftId) => orderOfConfirmedDraft(db, principal, draftId),
    async orderStatus(reference): Promise<OrderStatusReport | undefined> {
      const orderId = await findOrderId(reference);
      if (!orderId) return undefined;
      try {
        return explainOrderProgress(await getOrderProgress(db, principal, orderId));
      } catch (error) {
        if (error instanceof TmfError && error.status === 404) return undefined;
        throw error;
      }
    },
  };
}
