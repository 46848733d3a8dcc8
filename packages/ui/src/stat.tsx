import type { HTMLAttributes, ReactNode } from "react";
import { cn } from "./cn";

export type StatProps = HTMLAttributes<HTMLDivElement> & {
  label: ReactNode;
  value: ReactNode;
  /** A short note under the value, such as "3 failed in the last 24 h". */
  hint?: ReactNode;
};

/** Renders one headline number with its label, for dashboards. */
export function Stat({ label, value, hint, className, ...props }: StatProps) {
  return (
    <div className={cn("flex flex-col gap-1 rounded-lg border bg-card p-4 shadow-sm", className)} {...props}>
      <span className="text-sm font-medium text-muted-foreground">{label}</span>
      <span className="text-2xl font-semibold tabular-nums tracking-tight text-foreground">{value}</span>
      {hint !== undefined && <span className="text-xs text-muted-foreground">{hint}</span>}
    </div>
  );
}
