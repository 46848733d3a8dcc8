// Names that several demos share, because a later workflow uses what an
// earlier one created. Each demo run starts a fresh platform, so fixed names
// do not collide.

/** The simulated fabric network that the fabric-binding demo binds and the expansion demo uses. */
export const fabricNetworkName = "COP-PILOT SIF";

/** The offering that the product-design demo launches and the product-ordering demo orders. */
export const offeringName = "Seismic watch";

/** The ESO service behind that offering, a specification of the Luleå domain. */
export const offeringService = "BEMIS Multi-sensing Seismic Processing";

/** The customer-facing service that the service-design demo designs in the Luleå domain and imports into the ESO. */
export const designedService = "Conveyor belt inspection";

/** The Luleå service that the service-ordering demo orders and the reconfiguration demo changes and terminates. */
export const orderedService = "EvoMining Asset Tracking";
