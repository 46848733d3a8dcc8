// POST /api/cluster/faults – set or clear a simulated fault on a service's deployment (CLUSTER_FAULT_INJECTION=enabled only)
export { POST } from "@/server/operations/faults";
