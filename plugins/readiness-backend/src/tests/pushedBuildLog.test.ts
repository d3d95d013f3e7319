import { maxPushedBuildLogChars } from '@readiness/plugin-readiness-common';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import {
  asAlice,
  startReadinessBackend as startBackend,
} from '../__testUtils__/testBackend';

const path = '/api/readiness/v1/entities/component/default/claude-flow';
/** Real cargo output: 6 errors (3 E0432, 2 E0308, 1 E0425) and 1 warning. */
const cargoLog = readFileSync(
  resolve(
    __dirname,
    '../../../readiness-node/src/buildLogs/__fixtures__/cargo-human.log',
  ),
  'utf8',
);

interface CheckBody {
  id: string;
  status: string;
  summary: string;
  details: string[];
}

function buildCheck(body: { checks: CheckBody[] }) {
  return body.checks.find(c => c.id === 'build.clean')!;
}

describe('POST .../evidence with a raw build log', () => {
  it('counts the errors in the log, shows the groups and starts the stop-work counter', async () => {
    const server = await startBackend();
    const pushed = await request(server)
      .post(`${path}/evidence`)
      .set('Authorization', asAlice)
      .send({ key: 'build', log: cargoLog, runId: 'run-1' });
    expect(pushed.status).toBe(201);
    expect(buildCheck(pushed.body)).toMatchObject({
      status: 'fail',
      summary: '6 compilation errors on the default branch',
      details: [
        'E0432 unresolved import … ×3',
        'E0308 mismatched types ×2',
        'E0425 cannot find value … in this scope ×1',
        '1 warning, not counted as errors',
      ],
    });
    expect(pushed.body.stopWork.progress).toContainEqual(
      expect.objectContaining({ label: 'compilation errors resolved 0/6' }),
    );
  });

  it("keeps the CI's outcome and branch, and takes the count from the log", async () => {
    const server = await startBackend();
    const pushed = await request(server)
      .post(`${path}/evidence`)
      .set('Authorization', asAlice)
      .send({
        key: 'build',
        value: { succeeded: true, compilationErrors: 0, branch: 'main' },
        log: cargoLog,
      });
    expect(buildCheck(pushed.body)).toMatchObject({
      status: 'fail',
      summary: '6 compilation errors on main',
    });
  });

  it('leaves the build unknown when the log holds no compiler output, never 0 errors', async () => {
    const server = await startBackend();
    const pushed = await request(server)
      .post(`${path}/evidence`)
      .set('Authorization', asAlice)
      .send({ key: 'build', log: 'Run ./build.sh\nsecret-looking text\n' });
    expect(pushed.status).toBe(201);
    const check = buildCheck(pushed.body);
    expect(check.status).toBe('unknown');
    expect(check.summary).toContain(
      'no compiler output recognised in the pushed log',
    );
    expect(check.summary).not.toContain('secret');

    const withValue = await request(server)
      .post(`${path}/evidence`)
      .set('Authorization', asAlice)
      .send({
        key: 'build',
        value: { succeeded: false, compilationErrors: 3 },
        log: '',
      });
    expect(buildCheck(withValue.body).summary).toBe(
      '3 compilation errors on the default branch',
    );
  });

  it('refuses a log over the cap, naming the field', async () => {
    const server = await startBackend();
    const res = await request(server)
      .post(`${path}/evidence`)
      .set('Authorization', asAlice)
      .send({ key: 'build', log: 'x'.repeat(maxPushedBuildLogChars + 1) });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('log');
  });
});
