import type { ReactNode } from 'react';

/** A titled panel of the lower grid; its body scrolls on its own. */
export function Panel({ title, extra, children, className, label }: { title: string; extra?: ReactNode; children: ReactNode; className?: string; label?: string }) {
  return (
    <section className={`panel ${className ?? ''}`} aria-label={label ?? title}>
      <div className="panel-head">
        <h2>{title}</h2>
        {extra}
      </div>
      {children}
    </section>
  );
}
