import type { PeerCheckReport } from "@/server/peering/views";

/** Counts of the latest availability check of a peer, in one line. */
export function PeerCheckSummary({ report }: { report: PeerCheckReport | null }) {
  if (!report) return <span className="text-muted-foreground">no check report yet</span>;
  return (
    <span className="tabular-nums">
      {report.unchanged} unchanged, {report.updated} updated, {report.removed} removed, {report.restored} restored
      <span className="text-muted-foreground"> ({report.durationMs} ms)</span>
    </span>
  );
}

/** Human name of a peer's dialect. */
export function dialectLabel(dialect: string): string {
  return dialect === "openslice" ? "OpenSlice" : "TMF v4";
}
