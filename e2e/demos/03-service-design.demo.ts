import { test } from "@playwright/test";

// Service design: a domain owner designs resource-facing and customer-facing
// service specifications from the domain's resource specifications, activates
// them, and the ESO imports them into its marketplace.
// TODO: drive the service design pages of the DO and ESO portals here, once
// they are part of the main branch; until then this workflow has no demo.
test.fixme("domain owner designs a service (no demo yet: the service design pages are not merged)", () => {});
