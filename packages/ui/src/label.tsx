import type { LabelHTMLAttributes } from "react";
import { cn } from "./cn";

/** Renders a form label. Bind it with `htmlFor`, or nest the control inside it. */
export function Label({ className, ...props }: LabelHTMLAttributes<HTMLLabelElement>) {
  return <label className={cn("text-sm font-medium leading-none text-foreground", className)} {...props} />;
}
