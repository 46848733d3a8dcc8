import type { HTMLAttributes, ReactNode } from "react";
import { FlaskConical } from "lucide-react";
import { cn } from "./cn";

export type StandInNoticeProps = Omit<HTMLAttributes<HTMLDivElement>, "children"> & {
  /** The simulated part of the platform, such as "cluster" or "AI model". */
  component: ReactNode;
  /** Consequence of the simulation for the user, such as "deployments are not real". */
  detail: ReactNode;
};

/**
 * Renders a banner telling the user that a simulated stand-in replaces a real
 * component, for example "Simulated cluster: deployments are not real".
 */
export function StandInNotice({ component, detail, className, ...props }: StandInNoticeProps) {
  return (
    <div
      role="note"
      aria-label="Simulated component"
      className={cn(
        "flex items-start gap-2 border-y border-warning-border bg-warning-soft px-4 py-2 text-sm text-warning-strong",
        className,
      )}
      {...props}
    >
      <FlaskConical aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
      <p>
        <span className="font-semibold">Simulated {component}:</span> {detail}
      </p>
    </div>
  );
}
