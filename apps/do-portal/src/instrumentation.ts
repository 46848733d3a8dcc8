// Runs once when the server process starts: applies migrations, seeds the
// domain's service library and starts the order processor.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startDomainOrchestrator } = await import("./server/startup");
  await startDomainOrchestrator();
}
