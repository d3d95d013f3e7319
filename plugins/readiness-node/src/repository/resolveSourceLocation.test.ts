import type { Entity } from '@backstage/catalog-model';
import { resolveSourceLocation } from './resolveSourceLocation';

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'x', annotations },
  };
}

describe('resolveSourceLocation', () => {
  it.each([
    [
      'a relative dir: against a file location',
      {
        'backstage.io/source-location': 'dir:./claude-flow/',
        'backstage.io/managed-by-location': 'file:/work/examples/entities.yaml',
      },
      { type: 'local', path: '/work/examples/claude-flow' },
    ],
    [
      'an absolute dir: of an entity registered from a file',
      {
        'backstage.io/source-location': 'dir:/srv/repos/svc/',
        'backstage.io/managed-by-location': 'file:/work/examples/entities.yaml',
      },
      { type: 'local', path: '/srv/repos/svc/' },
    ],
    [
      'a url: source location',
      {
        'backstage.io/source-location':
          'url:https://github.com/acme/repo/tree/main/',
      },
      { type: 'url', url: 'https://github.com/acme/repo/tree/main/' },
    ],
    [
      'a relative dir: against a url location',
      {
        'backstage.io/source-location': 'dir:./svc/',
        'backstage.io/managed-by-location':
          'url:https://github.com/acme/repo/blob/main/catalog-info.yaml',
      },
      { type: 'url', url: 'https://github.com/acme/repo/blob/main/svc/' },
    ],
  ])('resolves %s', (_what, annotations, expected) => {
    expect(resolveSourceLocation(entity(annotations))).toEqual(expected);
  });

  it.each([
    [{}, /no backstage.io\/source-location/],
    [{ 'backstage.io/source-location': 'nonsense' }, /invalid/],
    [
      { 'backstage.io/source-location': 'dir:./a' },
      /without backstage.io\/managed-by-location/,
    ],
    [
      {
        'backstage.io/source-location': 'dir:/srv/repos/other/',
        'backstage.io/managed-by-location':
          'url:https://github.com/acme/repo/blob/main/catalog-info.yaml',
      },
      /absolute dir:\/srv\/repos\/other\/ is honoured only for an entity whose backstage.io\/managed-by-location is a file: location/,
    ],
    [
      { 'backstage.io/source-location': 'file:/etc/passwd' },
      /is honoured only for an entity whose/,
    ],
  ])('explains why %p has no repository', (annotations, reason) => {
    const location = resolveSourceLocation(entity(annotations));
    expect(location.type).toBe('none');
    expect(location.type === 'none' && location.reason).toMatch(reason);
  });
});
