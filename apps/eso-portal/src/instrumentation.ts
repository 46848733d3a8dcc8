// Runs once when the server process starts: applies migrations and starts the
// availability check and the order processor.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServiceOrchestrator } = await import("./server/startup");
  await startServiceOrchestrator();
}
