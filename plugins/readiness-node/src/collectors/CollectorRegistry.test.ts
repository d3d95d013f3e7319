import { z } from 'zod';
import { createMockCollector } from '../testUtils';
import { CollectorRegistry } from './CollectorRegistry';

const slo = {
  key: 'acme.slo' as const,
  schema: z.object({ targetPercent: z.number() }),
  lifetimeHours: 24,
};

describe('CollectorRegistry', () => {
  it('keeps evidence kinds by key, in registration order', () => {
    const registry = new CollectorRegistry();
    const cost = { ...slo, key: 'acme.cost' as const, title: 'Cost' };
    registry.registerEvidenceKind(slo);
    registry.registerEvidenceKind(cost);
    expect(registry.listEvidenceKinds()).toEqual([slo, cost]);
    expect(registry.getEvidenceKind('acme.cost')).toBe(cost);
    expect(registry.getEvidenceKind('build')).toBeUndefined();
  });

  it.each([
    ['a key without a namespace', { ...slo, key: 'slo' }, /must be namespaced/],
    ['an upper-case key', { ...slo, key: 'Acme.slo' }, /must be namespaced/],
    ['no schema', { ...slo, schema: {} }, /needs a zod schema/],
    ['a zero lifetime', { ...slo, lifetimeHours: 0 }, /positive lifetimeHours/],
    [
      'an endless lifetime',
      { ...slo, lifetimeHours: Infinity },
      /positive lifetimeHours/,
    ],
  ])('refuses %s', (_name, kind, message) => {
    expect(() =>
      new CollectorRegistry().registerEvidenceKind(kind as typeof slo),
    ).toThrow(message);
  });

  it('refuses a kind registered twice instead of replacing it', () => {
    const registry = new CollectorRegistry();
    registry.registerEvidenceKind(slo);
    expect(() => registry.registerEvidenceKind(slo)).toThrow(
      "Readiness evidence kind 'acme.slo' was already registered",
    );
    expect(registry.getEvidenceKind('acme.slo')).toBe(slo);
  });

  it('requires the namespaced keys collectors declare to be registered', () => {
    const registry = new CollectorRegistry();
    registry.addCollector(
      createMockCollector({ id: 'acme-slo', evidenceKeys: ['acme.slo'] }),
      createMockCollector({ id: 'builds', evidenceKeys: ['build'] }),
    );
    expect(() => registry.requireRegisteredEvidenceKeys()).toThrow(
      "Readiness collector 'acme-slo' declares evidence key 'acme.slo', which no module registered as an evidence kind",
    );
    registry.registerEvidenceKind(slo);
    expect(() => registry.requireRegisteredEvidenceKeys()).not.toThrow();
  });
});
