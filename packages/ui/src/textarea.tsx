import type { TextareaHTMLAttributes } from "react";
import { cn } from "./cn";
import { controlClassName } from "./input";

export function Textarea({ className, rows = 4, ...props }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea rows={rows} className={cn(controlClassName, "min-h-16 py-2 leading-normal", className)} {...props} />;
}
