import type { TmfDocument } from "@cop-pilot/tmf-server";

// Shapes of the stored TMF622 documents, as far as the BMP reads them.

export type EntityRef = { id: string; href?: string; name?: string; [key: string]: unknown };

export interface OrderNote {
  id?: string;
  author?: string;
  date?: string;
  text: string;
}

export interface ProductOrderItemDocument {
  id: string;
  action: string;
  quantity?: number;
  state: string;
  productOffering: EntityRef;
  product: {
    productSpecification?: EntityRef;
    productCharacteristic?: { name: string; valueType?: string; value: unknown }[];
    [key: string]: unknown;
  };
  /**
   * Extension: the ESO service specification this item is fulfilled with,
   * fixed when the order is accepted so that later catalogue changes do not
   * change what an accepted order deploys.
   */
  serviceSpecification: EntityRef;
  itemPrice?: Record<string, unknown>[];
  [key: string]: unknown;
}

export type ProductOrderDocument = TmfDocument & {
  state: string;
  orderDate: string;
  completionDate?: string;
  cancellationDate?: string;
  cancellationReason?: string;
  note?: OrderNote[];
  relatedParty?: EntityRef[];
  productOrderItem: ProductOrderItemDocument[];
  /** Extension: the ESO service order that fulfils this product order, with the state the ESO last reported. */
  serviceOrder?: EntityRef & { state?: string };
};

export type CancelProductOrderDocument = TmfDocument & {
  state: string;
  productOrder: EntityRef;
  cancellationReason?: string;
  requestedCancellationDate?: string;
  effectiveCancellationDate?: string;
};
