import { expect, test } from "@playwright/test";
import { account, platform } from "../platform";
import { shortId, signIn } from "../portals";

// A customer orders through the BMP's ordering assistant, which runs
// offline on the test platform: a request in plain words, the summary, the
// Confirm order button, the order reaching `completed`, and the status
// explained in the chat.

test("customer orders through the assistant", async ({ page }) => {
  const customer = account("customer", "bmp");
  await signIn(page, platform.bmp, customer);

  await test.step("start a conversation in offline mode", async () => {
    await page.getByRole("link", { name: "Assistant", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Ordering assistant" })).toBeVisible();
    await page.getByRole("button", { name: "New conversation" }).first().click();
    await expect(page, "starting a conversation should open it").toHaveURL(/\/assistant\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId("assistant-mode")).toHaveText("offline assistant");
  });

  const summary = page.getByTestId("draft-summary");
  await test.step("describe the need and get a summary", async () => {
    await page.getByLabel("Message").fill("fill level alerts for 300 glass waste containers in Valencia");
    await page.getByRole("button", { name: "Send" }).click();
    await expect(summary, "the assistant should show an order summary").toBeVisible();
    await expect(summary.getByRole("heading")).toContainText("Waste Collection Alerting");
    await expect(summary.getByRole("row").filter({ hasText: "containerCount" })).toContainText("300");
    await expect(summary.getByRole("row").filter({ hasText: "wasteFraction" })).toContainText("glass");
  });

  await test.step("text alone places nothing", async () => {
    await page.getByLabel("Message").fill("yes, place the order");
    await page.getByRole("button", { name: "Send" }).click();
    await expect(page.locator('[data-role="assistant"]').last()).toContainText("Confirm order");
    await expect(summary.getByRole("link", { name: /Open order/ })).toHaveCount(0);
  });

  let orderId = "";
  await test.step("confirm the summary", async () => {
    await summary.getByRole("button", { name: "Confirm order" }).click();
    const orderLink = summary.getByRole("link", { name: /Open order/ });
    await expect(orderLink, "confirming should place the order").toBeVisible();
    orderId = (await orderLink.getAttribute("href"))!.split("/").pop()!;
    expect(orderId).toMatch(/^[0-9a-f-]{36}$/);
  });

  const conversationUrl = page.url();
  await test.step("the order reaches completed", async () => {
    await page.goto(`${platform.bmp}/orders/${orderId}`);
    await expect(page.getByText("This order is final."), `order ${orderId} should become final within 60 s`).toBeVisible({ timeout: 60_000 });
    await expect(page.getByText("This order is final.").locator("..").locator("[data-state]")).toHaveAttribute("data-state", "completed");
  });

  await test.step("resume the conversation and ask for the status", async () => {
    await page.goto(conversationUrl);
    await expect(page.locator('[data-role="user"]').first(), "the conversation should be kept").toContainText("fill level alerts");
    await expect(summary.getByRole("button", { name: "Confirm order" }), "a placed summary cannot be confirmed again").toHaveCount(0);

    await page.getByLabel("Message").fill(`what is the status of my order ${shortId(orderId)}?`);
    await page.getByRole("button", { name: "Send" }).click();
    const status = page.getByTestId("order-status").last();
    await expect(status).toBeVisible();
    await expect(status.locator("[data-state]")).toHaveAttribute("data-state", "completed");
    const answer = page.locator('[data-role="assistant"]').last();
    await expect(answer).toContainText(`Your order ${shortId(orderId)} for Waste Collection Alerting is completed.`);
    await expect(answer).toContainText("The service is deployed and running.");
  });
});
