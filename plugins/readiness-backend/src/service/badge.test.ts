import { inactiveStopWorkOrder } from '@readiness/plugin-readiness-common';
import { badgeMessage, renderBadge } from './badge';

const active = { ...inactiveStopWorkOrder, active: true };

describe('badge', () => {
  it.each([
    [undefined, 'unknown', '#9f9f9f'],
    [{ tier: null, stopWork: inactiveStopWorkOrder }, 'no tier', '#fe7d37'],
    [
      { tier: 'mvs' as const, stopWork: inactiveStopWorkOrder },
      'Minimum Viable System',
      '#dfb317',
    ],
    [
      { tier: 'production' as const, stopWork: inactiveStopWorkOrder },
      'Production Ready',
      '#97ca00',
    ],
    [
      { tier: 'enterprise' as const, stopWork: inactiveStopWorkOrder },
      'Enterprise Grade',
      '#44cc11',
    ],
    [{ tier: null, stopWork: active }, 'stop work, no tier', '#e05d44'],
    [
      { tier: 'production' as const, stopWork: active },
      'stop work, Production Ready',
      '#e05d44',
    ],
  ])('%j reads "%s"', (report, message, color) => {
    expect(badgeMessage(report)).toEqual({ message, color });
    const svg = renderBadge(report);
    expect(svg).toContain(`aria-label="readiness: ${message}"`);
    expect(svg).toContain(`<title>readiness: ${message}</title>`);
    expect(svg).toContain(`fill="${color}"`);
  });

  it('is as wide as its two parts, the message starting where the label ends', () => {
    const svg = renderBadge({ tier: 'production', stopWork: active });
    const label = Number(
      /<rect width="(\d+)" height="20" fill="#555"/.exec(svg)![1],
    );
    const [, x, message] = /<rect x="(\d+)" width="(\d+)"/.exec(svg)!;
    expect(Number(x)).toBe(label);
    expect(svg).toMatch(
      new RegExp(`^<svg [^>]*width="${label + Number(message)}"`),
    );
    // Longer text, wider part.
    expect(Number(message)).toBeGreaterThan(label);
    expect(svg.match(/<svg /g)).toHaveLength(1);
    expect(svg.endsWith('</svg>')).toBe(true);
  });
});
