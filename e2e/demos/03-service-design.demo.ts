import { test } from "@playwright/test";

// Service design: a domain owner designs resource-facing and customer-facing
// service specifications from the domain's resource specifications, activates
// them, and the ESO imports them into its marketplace.
// TODO: drive the service design pages of the DO and ESO portals here once
// they exist. Until then this placeholder shows as skipped.
test.fixme("placeholder: domain owner designs a service", () => {});
