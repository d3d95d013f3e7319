import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Server } from 'node:http';
import request from 'supertest';
import { createRouter } from '../service';

export type Method = 'get' | 'post' | 'delete';

/**
 * The router's own route table: every method and path it registers (the
 * badge route included), so tests built on it cover a new route or fail.
 */
export async function routeTable(): Promise<
  Array<{ method: Method; path: string; name: string }>
> {
  const router = await createRouter({
    httpAuth: mockServices.httpAuth(),
    permissions: mockServices.permissions(),
    auditor: mockServices.auditor.mock(),
    service: {} as any,
    summaries: {} as any,
    rollups: {} as any,
    badges: {
      credentials: async () => mockCredentials.service(),
      kinds: ['Component'],
    },
    checkPreview: { preview: {} as any, engine: {} },
  });
  return (router as any).stack
    .filter((layer: any) => layer.route)
    .flatMap((layer: any) =>
      Object.keys(layer.route.methods).map(method => ({
        method: method as Method,
        path: layer.route.path as string,
        name: `${method.toUpperCase()} ${layer.route.path}`,
      })),
    );
}

/** Where the actions registry serves the plugin's actions (v1 takes the input as the body, v2 wraps it). */
export const actionsPath = '/api/readiness/.backstage/actions/v1/actions';
export const invokePaths = (id: string) => [
  { path: `${actionsPath}/${id}/invoke`, wrap: (input: unknown) => input },
  {
    path: `/api/readiness/.backstage/actions/v2/actions/${id}/invoke`,
    wrap: (input: unknown) => ({ input }),
  },
];

/**
 * The actions the plugin registers, as the running actions registry lists
 * them, with the names of their input properties.
 */
export async function registeredActions(
  server: Server,
  auth: string,
): Promise<Array<{ id: string; inputs: string[] }>> {
  const res = await request(server).get(actionsPath).set('Authorization', auth);
  if (res.status !== 200) {
    throw new Error(`listing actions: ${res.status} ${res.text}`);
  }
  return (
    res.body.actions as Array<{
      id: string;
      schema: { input: { properties?: Record<string, unknown> } };
    }>
  ).map(action => ({
    id: action.id,
    inputs: Object.keys(action.schema.input.properties ?? {}),
  }));
}
