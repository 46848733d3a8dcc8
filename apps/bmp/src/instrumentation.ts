// Runs once when the server process starts: applies migrations and starts
// the order processor.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startBusinessManagementPortal } = await import("./server/startup");
  await startBusinessManagementPortal();
}
