import type { ReactNode } from 'react';
import { pathOf, type Route } from '../lib/router';

interface Props {
  to: Route;
  navigate: (route: Route) => void;
  className?: string;
  label?: string;
  current?: boolean;
  children: ReactNode;
}

/** A real link (open in a new tab works) that moves within the app without reloading it. */
export function RouteLink({ to, navigate, className, label, current, children }: Props) {
  return (
    <a
      href={pathOf(to)}
      className={className}
      aria-label={label}
      aria-current={current ? 'page' : undefined}
      onClick={(event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}
