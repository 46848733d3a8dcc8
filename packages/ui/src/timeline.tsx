import type { HTMLAttributes, ReactNode } from "react";
import { cn } from "./cn";
import { StateBadge, stateTone, stateToneDotClassNames } from "./state-badge";

export type TimelineEvent = {
  /** ISO 8601 date-time, such as "2025-03-14T09:26:53Z". */
  at: string;
  title: ReactNode;
  detail?: ReactNode;
  /** A state shown as a StateBadge, such as the order state the event moved to. */
  state?: string;
};

const isoDateTimePattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|z|[+-]\d{2}:?\d{2})?)?$/;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

/**
 * Formats an ISO 8601 date-time as "YYYY-MM-DD HH:mm:ss UTC", the same on
 * every server and browser whatever their locale and time zone. Returns null
 * when the text is not a valid ISO 8601 date or date-time.
 */
export function formatUtcTimestamp(iso: string): string | null {
  const match = isoDateTimePattern.exec(iso.trim());
  if (match === null) {
    return null;
  }

  const [, year = "", month = "", day = "", hours = "00", minutes = "00", seconds = "00", fraction = "", offset] = match;
  const monthNumber = Number(month);
  const dayNumber = Number(day);
  // Day 0 of the next month is the last day of this one.
  const daysInMonth = new Date(Date.UTC(Number(year), monthNumber, 0)).getUTCDate();
  if (monthNumber < 1 || monthNumber > 12 || dayNumber < 1 || dayNumber > daysInMonth) {
    return null;
  }
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) {
    return null;
  }

  // NOTE: a date-time without an offset is read as UTC, not as the viewer's
  // local time, so that the server and the browser print the same text.
  let zone = offset === undefined || offset.toUpperCase() === "Z" ? "Z" : offset;
  if (/^[+-]\d{4}$/.test(zone)) {
    zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  }
  const parsed = new Date(`${year}-${month}-${day}T${hours}:${minutes}:${seconds}${fraction}${zone}`);
  if (Number.isNaN(parsed.getTime())) {
    return null;
  }

  return (
    `${pad(parsed.getUTCFullYear(), 4)}-${pad(parsed.getUTCMonth() + 1)}-${pad(parsed.getUTCDate())} ` +
    `${pad(parsed.getUTCHours())}:${pad(parsed.getUTCMinutes())}:${pad(parsed.getUTCSeconds())} UTC`
  );
}

export type TimelineProps = Omit<HTMLAttributes<HTMLOListElement>, "children"> & {
  /** Events in display order. The component does not sort them. */
  events: TimelineEvent[];
};

/** Renders an ordered list of events, such as the state changes of a service order. */
export function Timeline({ events, className, ...props }: TimelineProps) {
  return (
    <ol className={cn("relative flex flex-col", className)} {...props}>
      {events.map((event, index) => {
        const formatted = formatUtcTimestamp(event.at);
        const tone = event.state === undefined ? "neutral" : stateTone(event.state);
        const isLast = index === events.length - 1;

        return (
          <li key={`${index}-${event.at}`} className="relative flex gap-3 pb-5 last:pb-0">
            <div aria-hidden="true" className="relative flex w-3 shrink-0 justify-center">
              {!isLast && <span className="absolute top-4 bottom-[-0.25rem] w-px bg-border" />}
              <span className={cn("mt-1.5 size-2.5 rounded-full ring-4 ring-card", stateToneDotClassNames[tone])} />
            </div>
            <div className="flex min-w-0 flex-1 flex-col gap-1">
              <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <span className="text-sm font-medium text-foreground">{event.title}</span>
                {event.state !== undefined && <StateBadge state={event.state} />}
              </div>
              {formatted === null ? (
                <span className="text-xs text-muted-foreground">{event.at} (not an ISO 8601 time)</span>
              ) : (
                <time dateTime={event.at} className="font-mono text-xs tabular-nums text-muted-foreground">
                  {formatted}
                </time>
              )}
              {event.detail !== undefined && <div className="text-sm text-muted-foreground">{event.detail}</div>}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
