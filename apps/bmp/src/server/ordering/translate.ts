import type { ServiceOrderCreate } from "@cop-pilot/tmf-schemas";
import type { ProductOrderDocument, ProductOrderItemDocument, RealizingService } from "./documents";

/**
 * Returns the ESO services that fulfil an item: its `realizingService`, or
 * for an order stored before that existed, the one service of the item with
 * the item's id and characteristics.
 */
export function realizingServicesOf(item: ProductOrderItemDocument): RealizingService[] {
  if (item.realizingService && item.realizingService.length > 0) return item.realizingService;
  return [{ id: item.id, serviceSpecification: item.serviceSpecification, serviceCharacteristic: item.product.productCharacteristic ?? [] }];
}

/**
 * Translates a product order into the one ESO service order that fulfils it,
 * with one service order item per service of each product order item: one
 * for a simple item, one per service of each bundled offering for a bundle.
 * `externalId` is the product order id.
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
    serviceOrderItem: order.productOrderItem.flatMap((item) =>
      realizingServicesOf(item).map((service) => ({
        id: service.id,
        action: "add" as const,
        quantity: 1,
        service: {
          name: service.productOffering?.name ?? item.productOffering.name,
          serviceSpecification: { id: service.serviceSpecification.id, href: service.serviceSpecification.href, name: service.serviceSpecification.name },
          serviceCharacteristic: service.serviceCharacteristic.map((characteristic) => ({
            name: characteristic.name,
            ...(characteristic.valueType ? { valueType: characteristic.valueType } : {}),
            value: characteristic.value as string | number | boolean,
          })),
        },
      })),
    ),
  };
}
