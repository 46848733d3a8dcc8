import type { SelectHTMLAttributes } from "react";
import { ChevronDown } from "lucide-react";
import { cn } from "./cn";
import { controlClassName } from "./input";

export type SelectProps = SelectHTMLAttributes<HTMLSelectElement> & {
  /** Classes for the wrapper that positions the chevron. `className` styles the `<select>` itself. */
  wrapperClassName?: string;
};

/** Renders a native `<select>` styled like Input. Pass `<option>` elements as children. */
export function Select({ className, wrapperClassName, multiple, ...props }: SelectProps) {
  if (multiple) {
    return <select multiple className={cn(controlClassName, "py-1.5", className)} {...props} />;
  }

  return (
    <div className={cn("relative w-full", wrapperClassName)}>
      <select className={cn(controlClassName, "h-9 appearance-none py-1 pr-9", className)} {...props} />
      <ChevronDown
        aria-hidden="true"
        className="pointer-events-none absolute right-3 top-1/2 size-4 -translate-y-1/2 text-muted-foreground"
      />
    </div>
  );
}
