import { expect, test } from "@playwright/test";
import { account, platform } from "../platform";
import { signIn } from "../portals";
import { offeringName, offeringService } from "./scenario";
import { workflowCamera } from "./screenshots";

// Product design and exposure. A business admin of the BMP creates a product
// offering over a service specification of the ESO, with prices and SLA
// terms, and publishes it. Only then do customers find it in the product
// marketplace. The product-ordering demo orders this offering.

test("business admin designs and publishes a product", async ({ browser }) => {
  const camera = workflowCamera("product-design");
  const admin = await browser.newPage();

  await test.step("the business admin opens the product offerings", async () => {
    await signIn(admin, platform.bmp, account("businessAdmin", "bmp"), "/admin/offerings");
    await expect(admin.getByRole("heading", { level: 1, name: "Product offerings" })).toBeVisible();
    await camera.capture(admin, "offerings");
    await admin.getByRole("link", { name: "New offering" }).first().click();
  });

  await test.step("the BMP lists the ESO's services and the admin picks one", async () => {
    const service = admin.getByLabel("ESO service");
    // The domain added by the expansion demo offers the same services as Luleå, so the option is picked within Luleå's group.
    const option = service.locator('optgroup[label="Luleå Mining Domain"] option', { hasText: offeringService });
    await expect(option, "the BMP should offer the ESO's service specifications by domain").toHaveCount(1);
    await service.selectOption((await option.getAttribute("value"))!);
    await camera.capture(admin, "service-chosen");
  });

  await test.step("the admin describes the product and its commercial terms", async () => {
    await admin.getByRole("textbox", { name: "Name", exact: true }).fill(offeringName);
    await admin.getByRole("textbox", { name: "Description" }).fill("Seismic event detection for underground mines, with alerts to the control room.");
    await admin.getByLabel("Set-up fee (EUR, one-off)").fill("250");
    await admin.getByLabel("Monthly fee (EUR, recurring)").fill("95");
    await admin.getByLabel("Usage price (EUR per unit)").fill("0.02");
    await admin.getByLabel("Usage unit").fill("GB");
    await admin.getByLabel("SLA terms").fill("Availability 99.5 % per month");
    await camera.capture(admin, "commercial-terms", { focus: admin.getByLabel("SLA terms") });
  });

  const row = admin.getByRole("row").filter({ hasText: offeringName });
  await test.step("the BMP stores the offering in design", async () => {
    await admin.getByRole("button", { name: "Create offering" }).click();
    await expect(admin, "creating an offering should return to the offerings list").toHaveURL(/\/admin\/offerings(\?|$)/);
    await expect(admin.getByText(`${offeringName} is created in design`), "the list should confirm the new offering").toBeVisible();
    await expect(row.locator("[data-state]"), "a new offering should be in design").toHaveAttribute("data-state", /in design/i);
    await camera.capture(admin, "created-in-design", { focus: row });
  });

  const customer = await browser.newPage();
  await signIn(customer, platform.bmp, account("customer", "bmp"));
  const searchMarketplace = async () => {
    await customer.goto(`${platform.bmp}/marketplace?q=${encodeURIComponent(offeringName)}`);
    return customer.getByRole("heading", { level: 4, name: offeringName });
  };

  await test.step("customers do not see an offering in design", async () => {
    await expect(await searchMarketplace(), "an offering in design must not be in the marketplace").toHaveCount(0);
    await camera.capture(customer, "marketplace-before");
  });

  await test.step("the admin publishes the offering", async () => {
    await row.getByRole("button", { name: `Publish ${offeringName}` }).click();
    await expect(row.locator("[data-state]"), "a published offering should be launched").toHaveAttribute("data-state", /launched/i);
    await camera.capture(admin, "published", { focus: row });
  });

  await test.step("customers find it in the product marketplace", async () => {
    const card = await searchMarketplace();
    await expect(card, "a launched offering should be in the marketplace").toHaveCount(1);
    await camera.capture(customer, "marketplace-after", { focus: card });
  });
  await customer.close();
  await admin.close();
});
