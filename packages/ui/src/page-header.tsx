import type { HTMLAttributes, ReactNode } from "react";
import { cn } from "./cn";

export type PageHeaderProps = Omit<HTMLAttributes<HTMLElement>, "title"> & {
  /** The page's `<h1>`. */
  title: ReactNode;
  description?: ReactNode;
  /** Buttons or links shown at the right, such as "New order". */
  actions?: ReactNode;
};

export function PageHeader({ title, description, actions, className, children, ...props }: PageHeaderProps) {
  return (
    <header
      className={cn("flex flex-col gap-4 border-b pb-5 sm:flex-row sm:items-end sm:justify-between", className)}
      {...props}
    >
      <div className="flex min-w-0 flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight text-foreground">{title}</h1>
        {description !== undefined && <p className="max-w-3xl text-sm text-muted-foreground">{description}</p>}
        {children}
      </div>
      {actions !== undefined && <div className="flex shrink-0 flex-wrap items-center gap-2">{actions}</div>}
    </header>
  );
}
