import { readinessColumns } from './ReadinessCatalogIndex';

function fields(kind: string) {
  const context = {
    filters: { kind: { value: kind } },
    entities: [],
  } as unknown as Parameters<typeof readinessColumns>[0];
  return readinessColumns(context).map(column => column.field);
}

describe('readinessColumns', () => {
  it('puts the readiness tier right after the name for components', () => {
    const columns = fields('component');
    expect(columns.indexOf('readiness')).toBe(
      columns.indexOf('resolved.entityRef') + 1,
    );
  });

  it('leaves other kinds alone, since only components are evaluated', () => {
    expect(fields('group')).not.toContain('readiness');
  });
});
