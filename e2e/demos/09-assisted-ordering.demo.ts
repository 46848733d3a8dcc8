import { expect, test } from "@playwright/test";
import { account, platform } from "../platform";
import { shortId, signIn } from "../portals";
import { workflowCamera } from "./screenshots";

// Assisted product ordering. A customer describes a need in plain words to
// the BMP's ordering assistant, which finds the product, fills in its
// configuration, validates it and shows a summary. The customer confirms with
// a button, the BMP places the product order, and later the assistant
// explains the order's state. The demo platform runs the offline assistant,
// which needs no language model service.

test("customer orders through the assistant", async ({ page }) => {
  test.setTimeout(180_000);
  const camera = workflowCamera("assisted-ordering");
  await signIn(page, platform.bmp, account("customer", "bmp"));

  await test.step("the customer starts a conversation with the assistant", async () => {
    await page.getByRole("link", { name: "Assistant", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Ordering assistant" })).toBeVisible();
    await page.getByRole("button", { name: "New conversation" }).first().click();
    await expect(page, "starting a conversation should open it").toHaveURL(/\/assistant\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId("assistant-mode")).toHaveText("offline assistant");
    await camera.capture(page, "new-conversation");
  });

  const summary = page.getByTestId("draft-summary");
  await test.step("the customer describes the need and the assistant proposes a validated order", async () => {
    await page.getByLabel("Message").fill("fill level alerts for 300 glass waste containers in Valencia");
    await camera.capture(page, "request-typed");
    await page.getByRole("button", { name: "Send" }).click();
    await expect(summary, "the assistant should show an order summary").toBeVisible();
    await expect(summary.getByRole("heading")).toContainText("Waste Collection Alerting");
    await expect(summary.getByRole("row").filter({ hasText: "containerCount" })).toContainText("300");
    await expect(summary.getByRole("row").filter({ hasText: "wasteFraction" })).toContainText("glass");
    await camera.capture(page, "order-summary", { focus: summary });
  });

  let orderId = "";
  await test.step("the customer confirms and the BMP places the product order", async () => {
    await summary.getByRole("button", { name: "Confirm order" }).click();
    const orderLink = summary.getByRole("link", { name: /Open order/ });
    await expect(orderLink, "confirming should place the order").toBeVisible();
    orderId = (await orderLink.getAttribute("href"))!.split("/").pop()!;
    expect(orderId).toMatch(/^[0-9a-f-]{36}$/);
    await camera.capture(page, "order-confirmed", { focus: orderLink });
  });

  const conversationUrl = page.url();
  await test.step("the order reaches completed", async () => {
    await page.goto(`${platform.bmp}/orders/${orderId}`);
    await expect(page.getByText("This order is final."), `order ${orderId} should become final within 60 s`).toBeVisible({ timeout: 60_000 });
    await expect(page.getByText("This order is final.").locator("..").locator("[data-state]")).toHaveAttribute("data-state", "completed");
    await camera.capture(page, "order-completed");
  });

  await test.step("the assistant explains the order's state", async () => {
    await page.goto(conversationUrl);
    await page.getByLabel("Message").fill(`what is the status of my order ${shortId(orderId)}?`);
    await page.getByRole("button", { name: "Send" }).click();
    const status = page.getByTestId("order-status").last();
    await expect(status.locator("[data-state]")).toHaveAttribute("data-state", "completed");
    const answer = page.locator('[data-role="assistant"]').last();
    await expect(answer).toContainText(`Your order ${shortId(orderId)} for Waste Collection Alerting is completed.`);
    await camera.capture(page, "status-explained", { focus: answer });
  });
});
