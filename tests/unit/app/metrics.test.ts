/**
 * The operational metrics (shared/domain/metrics.ts): what each job and
 * handler records through the Metrics port, on the memory store, and what
 * the Lambda implementation writes (CloudWatch embedded metric format).
 */
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../../functions/http/dispatch';
import type { HttpRequest } from '../../../functions/http/types';
import { deadlinesJob, roundJob } from '../../../functions/matching/jobs';
import { sweepOutbox } from '../../../functions/outbox/sender';
import { linksRoutes } from '../../../functions/surfaces/links';
import { runRoundForAdmin } from '../../../shared/app/admin-round';
import { recordRoundMetrics } from '../../../shared/app/round-metrics';
import { METRIC } from '../../../shared/domain/metrics';
import { emfMetrics } from '../../../shared/wiring';
import { memoryDeps, recordingMetrics, TEST_BASE_URL } from '../../fixtures/deps';
import { seedMentee, seedMentor } from '../../support/matching';

const DAY = 86_400_000;

async function proposal() {
  const w = memoryDeps();
  const mentor = await seedMentor(w.deps);
  await seedMentee(w.deps);
  await roundJob(w.deps, 'schedule');
  const email = w.outbox.allOutbox().map((m) => m.email).find((e) => e.to === mentor.email && e.template === 'proposal')!;
  const token = (action: string) => decodeURIComponent(new RegExp(`${TEST_BASE_URL}/${action}\\?t=(\\S+)`).exec(email.text)![1]!);
  return { ...w, token };
}

function postForm(path: string, fields: Record<string, string>): HttpRequest {
  return {
    method: 'POST',
    path,
    query: {},
    params: {},
    cookies: {},
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    requestId: 'req-1',
  };
}

const route = (id: string) => linksRoutes.find((r) => r.id === id)!;

describe('round metrics', () => {
  it('the round job records the round’s mentees, mentors, proposals and duration', async () => {
    const w = await proposal();
    expect(w.metrics.total(METRIC.RoundMentees)).toBe(1);
    expect(w.metrics.total(METRIC.RoundMentors)).toBe(1);
    expect(w.metrics.total(METRIC.RoundProposals)).toBe(1);
    expect(w.metrics.recorded.filter((r) => r.name === METRIC.RoundDuration && r.unit === 'ms')).toHaveLength(1);
  });

  it('an admin’s round records the same figures', async () => {
    const w = memoryDeps();
    await seedMentor(w.deps);
    await seedMentee(w.deps);
    await runRoundForAdmin({ subject: 'admin-sub-1', email: 'admin@socitm.test', via: 'api' }, w.deps);
    expect(w.metrics.total(METRIC.RoundProposals)).toBe(1);
  });

  it('records RoundProven 1 for a proven round and 0 for an unproven one, and nothing when the record does not say', () => {
    const base = { mentees: 3, mentors: 2, proposed: 2, durationMs: 40 };
    const metrics = recordingMetrics();
    recordRoundMetrics({ ...base, optimality: 'proven' }, metrics);
    recordRoundMetrics({ ...base, optimality: 'unproven' }, metrics);
    recordRoundMetrics(base, metrics);
    expect(metrics.recorded.filter((r) => r.name === METRIC.RoundProven).map((r) => r.value)).toEqual([1, 0]);
  });
});

describe('proposals answered', () => {
  it('counts a proposal accepted through its link', async () => {
    const w = await proposal();
    const response = await dispatch(route('accept'), postForm('/accept', { t: w.token('accept'), rhythm: 'monthly', durationMonths: '6' }), w.deps);
    expect(response.status).toBe(200);
    expect(w.metrics.total(METRIC.ProposalsAccepted)).toBe(1);
    expect(w.metrics.total(METRIC.ProposalsDeclined)).toBe(0);
  });

  it('counts a proposal declined through its link', async () => {
    const w = await proposal();
    const response = await dispatch(route('decline'), postForm('/decline', { t: w.token('decline'), reason: 'no-capacity' }), w.deps);
    expect(response.status).toBe(200);
    expect(w.metrics.total(METRIC.ProposalsDeclined)).toBe(1);
  });

  it('counts the proposals the deadlines job expired', async () => {
    const w = await proposal();
    w.clock.advance(8 * DAY);
    expect(await deadlinesJob(w.deps)).toMatchObject({ expired: 1 });
    expect(w.metrics.total(METRIC.ProposalsExpired)).toBe(1);
  });
});

describe('email metrics', () => {
  it('the sender records a batch’s sent, retried and failed emails', async () => {
    const w = await proposal();
    expect(await sweepOutbox(w.deps)).toMatchObject({ sent: 1, failed: 0 });
    expect(w.metrics.total(METRIC.EmailsSent)).toBe(1);
    expect(w.metrics.total(METRIC.EmailsFailed)).toBe(0);
    expect(w.metrics.total(METRIC.EmailsRetried)).toBe(0);
  });
});

describe('the Lambda metrics (Powertools EMF)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  const lines = () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    return () => written.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  };

  it('publishes what an invocation recorded in namespace MentorMatch with the service dimension alone', () => {
    const read = lines();
    const metrics = emfMetrics();
    metrics.count(METRIC.EmailsSent, 3);
    metrics.timing(METRIC.RoundDuration, 120);
    metrics.publish();
    metrics.publish(); // nothing recorded since: nothing written
    const emf = read();
    expect(emf).toHaveLength(1);
    const { _aws, ...values } = emf[0] as { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] } };
    const [directive] = _aws.CloudWatchMetrics;
    expect(directive?.Namespace).toBe('MentorMatch');
    expect(directive?.Dimensions).toEqual([['service']]);
    expect(directive?.Metrics).toEqual(
      expect.arrayContaining([
        { Name: 'EmailsSent', Unit: 'Count' },
        { Name: 'RoundDuration', Unit: 'Milliseconds' },
      ]),
    );
    expect(values).toEqual({ service: 'mentor-match', EmailsSent: 3, RoundDuration: 120 });
  });

  it('publishes ColdStart on the first invocation only', () => {
    // Lambda sets this; provisioned concurrency ('provisioned-concurrency') has no cold start to count.
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
    const read = lines();
    const metrics = emfMetrics();
    const context = { functionName: 'mentor-match-RunRound' } as Context;
    metrics.coldStart(context);
    metrics.coldStart(context);
    const emf = read();
    expect(emf).toHaveLength(1);
    expect(emf[0]).toMatchObject({ ColdStart: 1, service: 'mentor-match', function_name: 'mentor-match-RunRound' });
  });
});

describe('a Lambda entry (lambdaHandler)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('publishes what an invocation recorded even when the invocation fails', async () => {
    vi.stubEnv('BASE_URL', 'https://mentor-match.example.gov.uk');
    vi.stubEnv('MAIL_FROM', 'noreply@mentor-match.example.gov.uk');
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'ERROR');
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    const { lambdaHandler } = await import('../../../functions/http/lambda-deps');
    const handler = lambdaHandler('job', async (_event: unknown, deps) => {
      deps.metrics.count(METRIC.EmailsFailed, 2);
      throw new Error('the batch failed');
    });
    await expect(handler({}, { functionName: 'test', awsRequestId: 'req-1' } as Context)).rejects.toThrow('the batch failed');
    const emf = written
      .join('')
      .split('\n')
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(emf).toEqual([expect.objectContaining({ EmailsFailed: 2, service: 'mentor-match' })]);
  });
});
