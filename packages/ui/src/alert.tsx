import type { HTMLAttributes, ReactNode } from "react";
import { CircleAlert, CircleCheck, Info, TriangleAlert } from "lucide-react";
import { cva } from "class-variance-authority";
import { cn } from "./cn";

export type AlertVariant = "info" | "success" | "warning" | "error";

const alertVariants = cva("flex gap-3 rounded-lg border px-4 py-3 text-sm [&>svg]:mt-0.5 [&>svg]:size-4 [&>svg]:shrink-0", {
  variants: {
    variant: {
      info: "border-info-border bg-info-soft text-info-strong",
      success: "border-success-border bg-success-soft text-success-strong",
      warning: "border-warning-border bg-warning-soft text-warning-strong",
      error: "border-destructive-border bg-destructive-soft text-destructive-strong",
    },
  },
  defaultVariants: {
    variant: "info",
  },
});

const alertIcons = {
  info: Info,
  success: CircleCheck,
  warning: TriangleAlert,
  error: CircleAlert,
} as const;

export type AlertProps = Omit<HTMLAttributes<HTMLDivElement>, "title"> & {
  variant?: AlertVariant;
  title?: ReactNode;
};

/**
 * Renders a message box. Errors and warnings get `role="alert"` so that screen
 * readers announce them when they appear. Info and success get
 * `role="status"`. Pass `role` to override.
 */
export function Alert({ className, variant = "info", title, children, role, ...props }: AlertProps) {
  const Icon = alertIcons[variant];
  const defaultRole = variant === "error" || variant === "warning" ? "alert" : "status";

  return (
    <div role={role ?? defaultRole} className={cn(alertVariants({ variant }), className)} {...props}>
      <Icon aria-hidden="true" />
      <div className="flex min-w-0 flex-col gap-1">
        {title !== undefined && <p className="font-semibold leading-tight">{title}</p>}
        {children !== undefined && <div className="leading-normal [&_p]:leading-normal">{children}</div>}
      </div>
    </div>
  );
}
