import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Waiver } from '@readiness/plugin-readiness-common';
import { type ReadinessApi, readinessApiRef } from '../../api/ReadinessApi';
import { WaiverList } from './WaiverList';

jest.setTimeout(30_000);

const pending: Waiver = {
  id: 'w1',
  checkId: 'security.vulnerabilities',
  reason: 'not reachable',
  owner: 'group:default/billing',
  createdBy: 'user:development/guest',
  createdAt: '2026-12-01T00:00:00.000Z',
  expiresAt: '2099-01-01T00:00:00.000Z',
  state: 'pending',
  advisories: ['GHSA-aaaa-bbbb-cccc'],
};
const denied: Waiver = {
  ...pending,
  id: 'w2',
  checkId: 'quality.coverage',
  state: 'denied',
  decidedBy: 'user:default/ada',
  advisories: undefined,
};

// usePermission caches decisions per resource ref, so each test has its own.
async function render(entityRef: string, holds: string[]) {
  const api = {
    listWaivers: jest.fn(async () => [pending, denied]),
    requestWaiver: jest.fn(async () => pending),
    decideWaiver: jest.fn(async () => ({ ...pending, state: 'approved' })),
  };
  const onChange = jest.fn();
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [readinessApiRef, api as Partial<ReadinessApi> as ReadinessApi],
        [
          permissionApiRef,
          mockApis.permission({
            authorize: request =>
              holds.includes(request.permission.name)
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY,
          }),
        ],
      ]}
    >
      <WaiverList
        entityRef={entityRef}
        owner="group:default/billing"
        failing={['security.vulnerabilities', 'quality.coverage']}
        onChange={onChange}
      />
    </TestApiProvider>,
  );
  return { api, onChange };
}

describe('WaiverList', () => {
  it('shows each waiver with its state, and no decision without the permission', async () => {
    await render('component:default/reader', []);
    const item = await screen.findByRole('listitem', {
      name: 'security.vulnerabilities pending',
    });
    expect(within(item).getByText('Pending approval')).toBeInTheDocument();
    expect(within(item).getByText('GHSA-aaaa-bbbb-cccc')).toBeInTheDocument();
    expect(
      screen.getByRole('listitem', { name: 'quality.coverage denied' }),
    ).toHaveTextContent('Denied');
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
    expect(
      screen.queryByRole('button', { name: 'Request a waiver' }),
    ).toBeNull();
  });

  it('lets an approver approve, and deny only with a reason', async () => {
    const { api, onChange } = await render('component:default/approved', [
      'readiness.waiver.approve',
    ]);
    const item = await screen.findByRole('listitem', {
      name: 'security.vulnerabilities pending',
    });
    const deny = await within(item).findByRole('button', { name: 'Deny' });
    expect(deny).toBeDisabled();
    await userEvent.click(
      within(item).getByRole('button', { name: 'Approve' }),
    );
    expect(api.decideWaiver).toHaveBeenCalledWith(
      'component:default/approved',
      'w1',
      'approve',
      undefined,
    );
    expect(onChange).toHaveBeenCalled();
    await userEvent.type(within(item).getByLabelText('Reason'), 'fix it');
    await userEvent.click(deny);
    expect(api.decideWaiver).toHaveBeenLastCalledWith(
      'component:default/approved',
      'w1',
      'deny',
      'fix it',
    );
    // A denied waiver has nothing left to decide.
    expect(
      within(
        screen.getByRole('listitem', { name: 'quality.coverage denied' }),
      ).queryByRole('button'),
    ).toBeNull();
  });

  it('lets an owner request a waiver of named advisories', async () => {
    const { api } = await render('component:default/owned', [
      'readiness.waiver.create',
    ]);
    expect(
      await screen.findByRole('listitem', {
        name: 'security.vulnerabilities pending',
      }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Request a waiver' }),
    );
    const form = screen.getByRole('form', { name: 'Waiver request' });
    await userEvent.type(
      within(form).getByLabelText(/Why the risk is accepted/),
      'not reachable from the API',
    );
    await userEvent.type(
      within(form).getByLabelText('Only these advisories'),
      'GHSA-aaaa-bbbb-cccc, CVE-2024-0001',
    );
    await userEvent.click(
      within(form).getByRole('button', { name: 'Request' }),
    );
    expect(api.requestWaiver).toHaveBeenCalledWith('component:default/owned', {
      checkId: 'security.vulnerabilities',
      reason: 'not reachable from the API',
      owner: 'group:default/billing',
      expiresAt: expect.stringMatching(/T23:59:59\.000Z$/),
      advisories: ['GHSA-aaaa-bbbb-cccc', 'CVE-2024-0001'],
    });
  });
});
