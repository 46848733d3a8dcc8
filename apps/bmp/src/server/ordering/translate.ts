import type { ServiceOrderCreate } from "@cop-pilot/tmf-schemas";
import type { ProductOrderDocument } from "./documents";

/**
 * Translates a product order into the one ESO service order that fulfils it.
 * Each product order item becomes a service order item with the same id, on
 * the item's ESO service specification. Its resolved characteristics become
 * service characteristics of the same names. `externalId` is the product
 * order id.
 */
export function toServiceOrder(order: ProductOrderDocument): ServiceOrderCreate {
  const offerings = [...new Set(order.productOrderItem.map((item) => item.productOffering.name ?? item.productOffering.id))];
  return {
    externalId: order.id,
    description: `Fulfils product order ${order.id}: ${offerings.join(", ")}`,
    ...(order.priority ? { priority: order.priority as string } : {}),
    ...(order.requestedStartDate ? { requestedStartDate: order.requestedStartDate as string } : {}),
    ...(order.requestedCompletionDate ? { requestedCompletionDate: order.requestedCompletionDate as string } : {}),
    ...(order.relatedParty ? { relatedParty: order.relatedParty } : {}),
    serviceOrderItem: order.productOrderItem.map((item) => ({
      id: item.id,
      action: "add" as const,
      quantity: 1,
      service: {
        name: item.productOffering.name,
        serviceSpecification: { id: item.serviceSpecification.id, href: item.serviceSpecification.href, name: item.serviceSpecification.name },
        serviceCharacteristic: (item.product.productCharacteristic ?? []).map((characteristic) => ({
          name: characteristic.name,
          ...(characteristic.valueType ? { valueType: characteristic.valueType } : {}),
          value: characteristic.value as string | number | boolean,
        })),
      },
    })),
  };
}
