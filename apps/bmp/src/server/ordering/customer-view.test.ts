import { describe, expect, it } from "vitest";
import type { ProductOrderDocument } from "./documents";
import { customerHistory, toCustomerProgress } from "./customer-view";
import type { OrderProgress } from "./queries";

const technicalNote = "The ESO rejected the service order: POST /tmf-api/serviceOrdering/v4/serviceOrder returned 422 (artifactVersion must match)";

function failedOrder(extra: Partial<ProductOrderDocument> = {}): ProductOrderDocument {
  return {
    id: "order-1",
    href: "http://127.0.0.1:39899/tmf-api/productOrderingManagement/v4/productOrder/order-1",
    state: "failed",
    orderDate: "2026-12-01T10:00:00.000Z",
    completionDate: "2026-12-01T10:00:05.000Z",
    note: [{ author: "BMP", date: "2026-12-01T10:00:05.000Z", text: technicalNote }],
    productOrderItem: [
      {
        id: "1",
        action: "add",
        state: "failed",
        productOffering: { id: "offering-1", name: "Seismic processing" },
        serviceSpecification: { id: "eso-seismic" },
        product: {
          productCharacteristic: [
            { name: "targetCluster", value: "lulea-edge" },
            { name: "artifactRegistry", value: "oci://registry.lulea.example" },
            { name: "replicas", value: 2 },
          ],
        },
      },
    ],
    ...extra,
  };
}

function progressOf(order: ProductOrderDocument): OrderProgress {
  return {
    order,
    history: [
      { state: "acknowledged", changedAt: "2026-12-01T10:00:00.000Z", message: "Order received from Carla Customer" },
      { state: "failed", changedAt: "2026-12-01T10:00:05.000Z", message: technicalNote },
    ],
    retry: { failing: false, attemptCount: 0, lastError: null, nextAttemptAt: null },
  };
}

describe("toCustomerProgress", () => {
  it("hides technical notes and messages", () => {
    const view = toCustomerProgress(progressOf(failedOrder()));
    const text = JSON.stringify([view.history, view.outcome]);
    expect(text).not.toContain("/tmf-api/");
    expect(text).not.toContain("ESO");
    expect(text).not.toContain("422");
    expect(view.order.note).toBeUndefined();
  });

  it("explains an order the ESO rejected", () => {
    const view = toCustomerProgress(progressOf(failedOrder()));
    expect(view.outcome).toEqual({ title: "The order could not be placed", reason: expect.stringContaining("did not accept the order") });
  });

  it("explains a deployment that failed", () => {
    const view = toCustomerProgress(progressOf(failedOrder({ serviceOrder: { id: "so-1", state: "failed" } })));
    expect(view.outcome).toEqual({ title: "The order failed", reason: expect.stringContaining("could not be deployed") });
  });

  it("gives no outcome for a completed order", () => {
    const view = toCustomerProgress(progressOf(failedOrder({ state: "completed", note: [] })));
    expect(view.outcome).toBeUndefined();
  });

  it("hides technical characteristics", () => {
    const view = toCustomerProgress(progressOf(failedOrder()));
    expect(view.order.productOrderItem[0]!.product.productCharacteristic).toEqual([{ name: "replicas", value: 2 }]);
  });
});

describe("toCustomerProgress for a bundle", () => {
  it("hides technical characteristics of bundled offerings", () => {
    const base = failedOrder();
    const bundleItem = {
      ...base.productOrderItem[0]!,
      product: {},
      productOrderItem: [
        { id: "offering-2", productOffering: { id: "offering-2", name: "City stack" }, product: { productCharacteristic: [{ name: "artifactName", value: "smart-city" }, { name: "replicas", value: 3 }] } },
      ],
    };

    const view = toCustomerProgress(progressOf({ ...base, productOrderItem: [bundleItem] }));
    const nested = view.order.productOrderItem[0]!.productOrderItem as { product: { productCharacteristic: { name: string }[] } }[];

    expect(nested[0]!.product.productCharacteristic.map((characteristic) => characteristic.name)).toEqual(["replicas"]);
  });
});

describe("customerHistory", () => {
  it("keeps one plain entry per state", () => {
    const history = customerHistory([
      { state: "acknowledged", changedAt: "t1", message: "Order received from Carla Customer" },
      { state: "inProgress", changedAt: "t2", message: "Service order so-1 placed at the ESO, which reports it acknowledged" },
      { state: "inProgress", changedAt: "t3", message: "The ESO reports service order so-1 inProgress, item 1 inProgress" },
      { state: "pendingCancellation", changedAt: "t4", message: "Cancellation requested by Carla Customer" },
      { state: "inProgress", changedAt: "t5", message: "The ESO rejected the cancellation of service order so-1: too late. The order continues." },
      { state: "completed", changedAt: "t6", serviceOrderState: "completed", message: "The ESO reports service order so-1 completed" },
    ]);

    expect(history).toEqual([
      { state: "acknowledged", changedAt: "t1", message: "Order received" },
      { state: "inProgress", changedAt: "t2", message: "Order accepted; the service is being deployed" },
      { state: "pendingCancellation", changedAt: "t4", message: "Cancellation requested" },
      { state: "inProgress", changedAt: "t5", message: "The order could no longer be cancelled and continues" },
      { state: "completed", changedAt: "t6", message: "Order completed; the service is deployed" },
    ]);
  });
});
