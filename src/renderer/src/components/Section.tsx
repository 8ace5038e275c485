/** A titled panel card. */
import type { ReactNode } from 'react';

/** Props of {@link Section}. */
export interface SectionProps {
  title: string;
  /** Extra controls at the right of the title. */
  actions?: ReactNode;
  className?: string;
  children: ReactNode;
  testId?: string;
}

/** A card with a small uppercase title, used for every side panel. */
export function Section({ title, actions, className, children, testId }: SectionProps) {
  return (
    <section className={`section ${className ?? ''}`} data-testid={testId}>
      <header className="section-head">
        <h2>{title}</h2>
        {actions}
      </header>
      {children}
    </section>
  );
}
