// Test helpers for keyboard access: walk the tab order and check that every
// stop is a control with an accessible name.
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

const controlRoles = [
  'button',
  'link',
  'checkbox',
  'textbox',
  'searchbox',
  'combobox',
] as const;

/**
 * Presses Tab from the top of the document until focus leaves the last stop,
 * and returns the focused elements in order.
 */
export async function tabStops(limit = 100): Promise<HTMLElement[]> {
  (document.activeElement as HTMLElement | null)?.blur();
  const stops: HTMLElement[] = [];
  for (let i = 0; i < limit; i++) {
    await userEvent.tab();
    const focused = document.activeElement as HTMLElement;
    if (focused === document.body || stops.includes(focused)) {
      return stops;
    }
    stops.push(focused);
  }
  throw new Error(`more than ${limit} tab stops`);
}

/** Tab stops that are not a control with a non-empty accessible name. */
export function unnamedStops(stops: HTMLElement[]): HTMLElement[] {
  const named = new Set(
    controlRoles.flatMap(role => screen.queryAllByRole(role, { name: /\S/ })),
  );
  return stops.filter(stop => !named.has(stop));
}
