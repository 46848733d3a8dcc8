import Link from "next/link";
import { cn } from "@cop-pilot/ui";
import { telemetryRanges, type TelemetryRange } from "@/server/operations/telemetry-series";

/** Renders the time range choice as links, so that it works without script and the range is in the URL. */
export function RangePicker({ current, basePath }: { current: TelemetryRange; basePath: string }) {
  return (
    <nav aria-label="Time range" className="inline-flex rounded-md border bg-card p-0.5 text-sm">
      {(Object.keys(telemetryRanges) as TelemetryRange[]).map((range) => (
        <Link
          key={range}
          href={`${basePath}?range=${range}`}
          aria-current={range === current ? "page" : undefined}
          className={cn("rounded px-3 py-1", range === current ? "bg-primary text-primary-foreground" : "text-foreground hover:bg-muted")}
        >
          {range}
        </Link>
      ))}
    </nav>
  );
}
