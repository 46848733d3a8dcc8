// Names that identify the kinds of TMF634 specifications and TMF639 resources
// this DO records. The ESO and the portal select resources by them.

export const controllerSpecificationName = "Kubernetes cluster controller";
export const nodeSpecificationName = "Kubernetes node";
export const deploymentSpecificationName = "Kubernetes deployment";

export const computeCategoryName = "Compute infrastructure";
export const workloadCategoryName = "Service deployments";

/** TMF639 `category` of the cluster controller resource. */
export const controllerResourceCategory = "Kubernetes cluster";
/** TMF639 `category` and `@type` of a deployment resource, and `@referredType` of a reference to one. */
export const deploymentResourceCategory = "KubernetesDeployment";
