import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  entityRefParamsSchema,
  type ReadinessReport,
  type Tier,
  tierTitles,
} from '@readiness/plugin-readiness-common';
import type { Request, Response } from 'express';
import { parseInput } from './parseInput';
import type { ReadinessService } from './ReadinessService';

/** Path of the badge route, relative to the plugin's base URL. */
export const badgePath = '/v1/entities/:kind/:namespace/:name/badge.svg';

const colors = {
  stopWork: '#e05d44',
  enterprise: '#44cc11',
  production: '#97ca00',
  mvs: '#dfb317',
  none: '#fe7d37',
  unknown: '#9f9f9f',
} as const;

function escapeXml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    c =>
      ({
        '<': '&lt;',
        '>': '&gt;',
        '&': '&amp;',
        '"': '&quot;',
        "'": '&apos;',
      })[c]!,
  );
}

/** Verdana 11px averages about 7px per character; shields.io pads by 10. */
const widthOf = (text: string) => Math.round(text.length * 7 + 10);

/**
 * The badge's message and colour: the tier and whether a stop-work order is
 * active, and nothing else (no check, finding or blocker names), because the
 * badge may be served without credentials.
 */
export function badgeMessage(
  report: Pick<ReadinessReport, 'tier' | 'stopWork'> | undefined,
): { message: string; color: string } {
  if (!report) {
    return { message: 'unknown', color: colors.unknown };
  }
  const tier: Tier | null = report.tier;
  const tierText = tier ? tierTitles[tier] : 'no tier';
  if (report.stopWork.active) {
    return { message: `stop work, ${tierText}`, color: colors.stopWork };
  }
  return { message: tierText, color: tier ? colors[tier] : colors.none };
}

/**
 * A flat, shields.io-style SVG badge: "readiness | <message>".
 *
 * @internal
 */
export function renderBadge(
  report: Pick<ReadinessReport, 'tier' | 'stopWork'> | undefined,
): string {
  const label = 'readiness';
  const { message, color } = badgeMessage(report);
  const labelWidth = widthOf(label);
  const messageWidth = widthOf(message);
  const width = labelWidth + messageWidth;
  const title = escapeXml(`${label}: ${message}`);
  const text = (value: string, x: number) =>
    `<text x="${x}" y="15" fill="#010101" fill-opacity=".3">${escapeXml(
      value,
    )}</text><text x="${x}" y="14">${escapeXml(value)}</text>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${title}">`,
    `<title>${title}</title>`,
    `<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>`,
    `<clipPath id="r"><rect width="${width}" height="20" rx="3" fill="#fff"/></clipPath>`,
    `<g clip-path="url(#r)"><rect width="${labelWidth}" height="20" fill="#555"/><rect x="${labelWidth}" width="${messageWidth}" height="20" fill="${color}"/><rect width="${width}" height="20" fill="url(#s)"/></g>`,
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">`,
    text(label, labelWidth / 2),
    text(message, labelWidth + messageWidth / 2),
    `</g></svg>`,
  ].join('');
}

/**
 * The unauthenticated badge route. It reads the catalog with the plugin's
 * own credentials, so it must not tell anyone more than the badge shows:
 * an entity of another kind, one not in the catalog and one not evaluated
 * yet get the same 404 with the same `unknown` badge, and an anonymous
 * request never triggers an evaluation.
 *
 * @internal
 */
export function createBadgeHandler(
  service: Pick<ReadinessService, 'getEntity' | 'getStoredReport'>,
  options: {
    credentials: () => Promise<BackstageCredentials>;
    kinds: string[];
  },
) {
  const kinds = new Set(
    options.kinds.map(kind => kind.toLocaleLowerCase('en-US')),
  );

  async function storedReport(req: Request) {
    const ref = parseInput(entityRefParamsSchema, req.params);
    if (!kinds.has(ref.kind.toLocaleLowerCase('en-US'))) {
      return undefined;
    }
    try {
      const entity = await service.getEntity(ref, await options.credentials());
      return await service.getStoredReport(entity);
    } catch (error) {
      if (error instanceof NotFoundError) {
        return undefined;
      }
      throw error;
    }
  }

  return async (req: Request, res: Response) => {
    const report = await storedReport(req);
    res
      .status(report ? 200 : 404)
      .set({
        'Content-Type': 'image/svg+xml; charset=utf-8',
        'Cache-Control': 'public, max-age=300',
        'Content-Security-Policy':
          "default-src 'none'; style-src 'unsafe-inline'",
        'X-Content-Type-Options': 'nosniff',
      })
      .send(renderBadge(report));
  };
}
