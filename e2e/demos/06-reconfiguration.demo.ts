import { test } from "@playwright/test";

// Service reconfiguration: a level 2 user opens "My services" in the ESO
// portal, changes a configurable characteristic of a running service, and
// the ESO sends a modify order to the DO that hosts it.
// TODO: drive the "My services" pages of the ESO portal here once they exist.
// Until then this placeholder shows as skipped.
test.fixme("placeholder: user reconfigures a service", () => {});
