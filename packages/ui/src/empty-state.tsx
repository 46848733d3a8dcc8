import type { HTMLAttributes, ReactNode } from "react";
import { Inbox } from "lucide-react";
import { cn } from "./cn";

export type EmptyStateProps = Omit<HTMLAttributes<HTMLDivElement>, "title"> & {
  title: ReactNode;
  description?: ReactNode;
  /** An icon element. Defaults to an inbox. */
  icon?: ReactNode;
  /** A button or link that helps the user fill the empty list. */
  action?: ReactNode;
};

/** Renders a placeholder for an empty list or table, with an optional call to action. */
export function EmptyState({ title, description, icon, action, className, ...props }: EmptyStateProps) {
  return (
    <div
      className={cn(
        "flex flex-col items-center justify-center gap-3 rounded-lg border border-dashed bg-card px-6 py-12 text-center",
        className,
      )}
      {...props}
    >
      <div className="flex size-10 items-center justify-center rounded-full bg-muted text-muted-foreground [&_svg]:size-5">
        {icon ?? <Inbox aria-hidden="true" />}
      </div>
      <div className="flex max-w-md flex-col gap-1">
        <p className="text-sm font-semibold text-foreground">{title}</p>
        {description !== undefined && <p className="text-sm text-muted-foreground">{description}</p>}
      </div>
      {action !== undefined && <div className="mt-1">{action}</div>}
    </div>
  );
}
