import type { TmfDocument } from "@cop-pilot/tmf-server";

// Shapes of the stored TMF622 documents, as far as the BMP reads them.

export type EntityRef = { id: string; href?: string; name?: string; [key: string]: unknown };

export interface OrderNote {
  id?: string;
  author?: string;
  date?: string;
  text: string;
}

/** A product characteristic, or a service characteristic, with the value an order gives it. */
export interface CharacteristicValue {
  name: string;
  valueType?: string;
  value: unknown;
}

/**
 * Extension of an order item: one ESO service that fulfils it, fixed when
 * the order is accepted. A bundle item, or an item whose product
 * specification covers several services, has several.
 */
export interface RealizingService {
  /** Id of the ESO service order item that deploys this service. */
  id: string;
  serviceSpecification: EntityRef;
  /** The bundled offering this service comes from, for an item of a bundle. */
  productOffering?: EntityRef;
  /** The domain that offers the service, as far as the catalogue names it. */
  domain?: { id?: string; name: string };
  serviceCharacteristic: CharacteristicValue[];
  /** State of the ESO service order item, as the ESO last reported it. */
  state?: string;
}

export interface ProductOrderItemDocument {
  id: string;
  action: string;
  quantity?: number;
  state: string;
  productOffering: EntityRef;
  product: {
    productSpecification?: EntityRef;
    productCharacteristic?: CharacteristicValue[];
    [key: string]: unknown;
  };
  /**
   * Extension: the ESO service specification this item is fulfilled with,
   * fixed when the order is accepted so that later catalogue changes do not
   * change what an accepted order deploys.
   */
  serviceSpecification: EntityRef;
  realizingService?: RealizingService[];
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
