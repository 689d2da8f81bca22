/**
 * The artefacts that deploy, run as Lambda runs them. The local server and
 * the other integration tests run the TypeScript source; AWS runs the esbuild
 * bundles CDK makes. Here the app is synthesised with bundling (as `cdk
 * synth` does), and each function's staged bundle is started in a process of
 * its own, with only the environment its CloudFormation resource gives it
 * (resource references swapped for local stand-ins, endpoints pointed at
 * DynamoDB Local and the SES emulator), its bundle folder as the working
 * directory and task root, and invoked with API Gateway v2, DynamoDB stream,
 * schedule and SNS events. A bundling mistake (a file left out of the bundle,
 * an import esbuild could not follow, a variable the source reads that infra
 * never sets) fails a test here, not a deployment.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { Stack, Token } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Asset } from 'aws-cdk-lib/aws-s3-assets';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, DynamoDBStreamEvent, SNSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../infra/constructs/app-function';
import { LOCAL_ADMIN, LOCAL_NON_ADMIN, localIssuer, newIssuerKey } from '../../infra/local/admin-issuer';
import { keys } from '../../shared/adapters/dynamodb/keys';
import { ENV } from '../../shared/config/env';
import { createSigner } from '../../shared/domain/tokens';
import { validMentee } from '../fixtures/deps';
import { buildApp } from '../infra/support';
import { newTestTable, type TestTable } from '../support/dynamodb';
import { emulatorEndpoints } from '../support/endpoints';
import { uniqueAddress, waitForMail } from '../support/mail';

/** Bundling eight functions takes about half a minute on a quiet machine; allow for a busy one. */
const SYNTH_TIMEOUT_MS = 240_000;

const outdir = mkdtempSync(join(tmpdir(), 'mentor-match-bundles-'));
// The bundles leave out the AWS SDK, which Lambda's runtime provides; here the project's stands in for it.
symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(outdir, 'node_modules'));
const signingKey = randomBytes(32);
const signer = createSigner(signingKey);
const issuer = localIssuer(newIssuerKey());
let app: ReturnType<typeof buildApp>;
let table: TestTable;

beforeAll(async () => {
  table = await newTestTable();
  app = buildApp({ bundle: true, outdir });
}, SYNTH_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all([...running].map((sandbox) => sandbox.stop()));
  await table?.drop();
  rmSync(outdir, { recursive: true, force: true });
});

// ------------------------------------------------------------ the functions

const FUNCTIONS = {
  pages: (s: Stacks) => s.webApi.functions.get('pages'),
  api: (s: Stacks) => s.webApi.functions.get('api'),
  links: (s: Stacks) => s.webApi.functions.get('links'),
  admin: (s: Stacks) => s.webApi.functions.get('admin'),
  outbox: (s: Stacks) => s.outbox.sender,
  round: (s: Stacks) => s.matchingJobs.runRound,
  deadlines: (s: Stacks) => s.matchingJobs.proposalDeadlines,
  'ses-events': (s: Stacks) => s.mailEvents.handler,
} satisfies Record<string, (s: Stacks) => lambda.Function | undefined>;
type Stacks = ReturnType<typeof buildApp>['stacks']['api'];
type FunctionName = keyof typeof FUNCTIONS;

function deployed(name: FunctionName): lambda.Function {
  const fn = FUNCTIONS[name](app.stacks.api);
  if (!fn) throw new Error(`The app has no ${name} function`);
  return fn;
}

/** The folder CDK staged the function's bundle in (as tests/infra/synth.test.ts finds it). */
function bundleDir(fn: lambda.Function): string {
  return join(outdir, (fn.node.findChild('Code') as Asset).assetPath);
}

/** Where Lambda unpacks the bundle; infra may name files under it (ASSETS_DIR). */
const TASK_ROOT = '/var/task';

/**
 * The function's environment as its CloudFormation resource sets it. Values
 * that name other resources are references until deployment; each gets a
 * local stand-in, and a new kind of reference fails here until it has one.
 */
/** Where the admin bundle sends browsers to sign in, in place of Cognito's managed login domain. */
const COGNITO_STAND_IN = 'https://sign-in.mentor-match.localhost';

function lambdaEnvironment(fn: lambda.Function, dir: string): Record<string, string> {
  const cfn = fn.node.defaultChild as lambda.CfnFunction;
  const { variables = {} } = (Stack.of(fn).resolve(cfn.environment) ?? {}) as { variables?: Record<string, unknown> };
  const { dynamodb, ses } = emulatorEndpoints();
  const env: Record<string, string> = {
    // What the Lambda runtime sets itself.
    AWS_REGION: app.config.region,
    AWS_DEFAULT_REGION: app.config.region,
    AWS_LAMBDA_FUNCTION_NAME: fn.node.id,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    LAMBDA_TASK_ROOT: dir,
    TZ: ':UTC',
    // The emulators instead of AWS's endpoints.
    [ENV.DYNAMODB_ENDPOINT]: dynamodb,
    [ENV.SES_ENDPOINT]: ses,
  };
  for (const [name, value] of Object.entries(variables)) {
    if (typeof value === 'string' && !Token.isUnresolved(value)) {
      env[name] = value.startsWith(`${TASK_ROOT}/`) ? join(dir, value.slice(TASK_ROOT.length)) : value;
      continue;
    }
    switch (name) {
      case ENV.TABLE_NAME:
        env[name] = table.tableName;
        break;
      case ENV.SIGNING_KEY_SECRET_ARN:
        // The key itself instead of the Secrets Manager secret holding it.
        env[ENV.SIGNING_KEY] = signingKey.toString('base64');
        break;
      case ENV.SES_CONFIGURATION_SET:
        env[name] = 'mentor-match-test';
        break;
      case ENV.ADMIN_TOKEN_ISSUER:
        // The local issuer instead of the Cognito user pool, its keys given up front instead of fetched.
        env[name] = issuer.settings.issuer;
        env[ENV.ADMIN_TOKEN_JWKS] = JSON.stringify(issuer.settings.jwks);
        break;
      case ENV.ADMIN_TOKEN_AUDIENCE:
        env[name] = issuer.settings.audience;
        break;
      case ENV.ADMIN_SIGN_IN_URL:
        // Only ever a redirect target in these tests: nothing is fetched from it.
        env[name] = COGNITO_STAND_IN;
        break;
      default:
        throw new Error(`${fn.node.path}: no local stand-in for ${name} = ${JSON.stringify(value)}`);
    }
  }
  return env;
}

// ------------------------------------------------------------ the sandbox

/**
 * A Lambda execution environment in miniature, run with `node -e` in the
 * function's own process: import the bundle (its cold start), then call its
 * handler for each event that arrives over IPC, with a Lambda context.
 */
const RUNTIME = `
const [bundle, functionName] = process.argv.slice(1);
let handler;
try {
  ({ handler } = await import(bundle));
  if (typeof handler !== 'function') throw new Error('The bundle exports no handler function');
} catch (error) {
  handler = undefined;
  process.send({ initError: String(error?.stack ?? error) }, () => process.exit(1));
}
if (handler) {
  process.on('disconnect', () => process.exit(0));
  process.on('message', async ({ id, event, requestId }) => {
    const deadline = Date.now() + 30000;
    const context = {
      awsRequestId: requestId,
      functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-2:123456789012:function:' + functionName,
      memoryLimitInMB: '512',
      logGroupName: '/aws/lambda/' + functionName,
      logStreamName: 'bundles-test',
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => deadline - Date.now(),
    };
    try {
      process.send({ id, result: (await handler(event, context)) ?? null });
    } catch (error) {
      process.send({ id, error: String(error?.stack ?? error) });
    }
  });
  process.send({ ready: true });
}
`;

interface Sandbox {
  invoke<T = unknown>(event: unknown): Promise<T>;
  /** The JSON lines the function wrote to stdout so far (logs and metrics). */
  lines(): Record<string, unknown>[];
  stop(): Promise<void>;
}

const running = new Set<Sandbox>();

interface ColdStartOptions {
  /** Variables to leave out of the deployed environment. */
  unset?: string[];
  /** Variables to change. */
  set?: Record<string, string>;
}

/** Starts the function's bundle; rejects with the init error (and the process's output) if its cold start fails. */
function coldStart(name: FunctionName, o: ColdStartOptions = {}): Promise<Sandbox> {
  const fn = deployed(name);
  const dir = bundleDir(fn);
  const env = { ...lambdaEnvironment(fn, dir), ...o.set };
  for (const variable of o.unset ?? []) delete env[variable];

  const child: ChildProcess = spawn(
    process.execPath,
    ['--input-type=module', '-e', RUNTIME, pathToFileURL(join(dir, 'index.mjs')).href, fn.node.id],
    { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
  );
  // Its logs (Powertools JSON on stdout), kept for error messages rather than printed.
  let output = '';
  let stdout = '';
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString('utf8')).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stdout?.on('data', (chunk: Buffer) => void (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const pending = new Map<string, { resolve(value: unknown): void; reject(error: Error): void }>();
  const failWith = (why: string) => new Error(`${name}: ${why}\n--- function output ---\n${output}`);
  const sandbox: Sandbox = {
    invoke<T>(event: unknown) {
      const id = randomUUID();
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id, event, requestId: randomUUID() });
      });
    },
    lines() {
      return stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    async stop() {
      running.delete(sandbox);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
  running.add(sandbox);

  return new Promise((resolve, reject) => {
    child.on('message', (message: { ready?: true; initError?: string; id?: string; result?: unknown; error?: string }) => {
      if (message.ready) resolve(sandbox);
      else if (message.initError) reject(failWith(`cold start failed: ${message.initError}`));
      else if (message.id) {
        const call = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) call?.reject(failWith(`the handler threw: ${message.error}`));
        else call?.resolve(message.result);
      }
    });
    child.once('exit', (code, signal) => {
      running.delete(sandbox);
      const error = failWith(`the process ended (${signal ?? `exit code ${code}`})`);
      reject(error);
      for (const call of pending.values()) call.reject(error);
    });
  });
}

// ------------------------------------------------------------ events

type HttpResult = APIGatewayProxyStructuredResultV2 & { statusCode: number; headers: Record<string, string>; body: string };

interface HttpEventOptions {
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  cookies?: string[];
  json?: unknown;
  /** Sent base64-encoded, as HTTP APIs deliver form posts. */
  form?: Record<string, string>;
}

const HOST = 'abc123.execute-api.eu-west-2.amazonaws.com';

/** An API Gateway HTTP API (payload 2.0) event for a route key such as `GET /apply/{role}`. */
function httpEvent(routeKey: string, o: HttpEventOptions = {}): APIGatewayProxyEventV2 {
  const [method, route] = routeKey.split(' ') as [string, string];
  const rawPath = route.replace(/\{([A-Za-z0-9_]+)(\+?)\}/g, (_, name: string, greedy: string) => {
    const value = o.pathParameters?.[name];
    if (value === undefined) throw new Error(`${routeKey} needs the path parameter ${name}`);
    return greedy ? value.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(value);
  });
  const rawQueryString = new URLSearchParams(o.query).toString();
  const body =
    o.json !== undefined
      ? { body: JSON.stringify(o.json), isBase64Encoded: false, type: 'application/json' }
      : o.form
        ? { body: Buffer.from(new URLSearchParams(o.form).toString()).toString('base64'), isBase64Encoded: true, type: 'application/x-www-form-urlencoded' }
        : undefined;
  const headers: Record<string, string> = {
    host: HOST,
    'user-agent': 'Mozilla/5.0 (bundles test)',
    'x-forwarded-for': '198.51.100.7',
    'x-forwarded-proto': 'https',
    'x-forwarded-port': '443',
    ...(body ? { 'content-type': body.type } : {}),
    ...o.headers,
  };
  const now = new Date();
  const requestId = randomBytes(8).toString('base64url');
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    cookies: o.cookies,
    headers,
    queryStringParameters: o.query,
    pathParameters: o.pathParameters,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: HOST,
      domainPrefix: 'abc123',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '198.51.100.7', userAgent: headers['user-agent']! },
      requestId,
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: body?.body,
    isBase64Encoded: body?.isBase64Encoded ?? false,
  };
}

/** What EventBridge Scheduler delivers to a Lambda target whose schedule sets no input. */
const scheduleEvent = () => ({});

/** A stream record for a new item, as the table's stream (NEW_AND_OLD_IMAGES) delivers it. */
function streamInsert(item: Record<string, { S?: string }>): DynamoDBStreamEvent {
  return {
    Records: [
      {
        eventID: randomBytes(16).toString('hex'),
        eventName: 'INSERT',
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: 'eu-west-2',
        eventSourceARN: `arn:aws:dynamodb:eu-west-2:123456789012:table/${table.tableName}/stream/2030-01-15T09:00:00.000`,
        dynamodb: {
          ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
          Keys: { pk: { S: item.pk!.S! }, sk: { S: item.sk!.S! } },
          NewImage: item as never,
          SequenceNumber: String(Date.now()),
          SizeBytes: JSON.stringify(item).length,
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
      },
    ],
  };
}

/** The filter patterns of the function's event source mappings (the table stream's), as CloudFormation gets them. */
function streamFilters(fn: lambda.Function): unknown[] {
  return fn.node
    .findAll()
    .filter((c): c is lambda.CfnEventSourceMapping => c instanceof lambda.CfnEventSourceMapping)
    .flatMap((mapping) => {
      const criteria = Stack.of(fn).resolve(mapping.filterCriteria) as { filters?: { pattern: string }[] } | undefined;
      return (criteria?.filters ?? []).map((f) => JSON.parse(f.pattern) as unknown);
    });
}

/**
 * Lambda's event filtering for the part of its pattern syntax infra uses:
 * objects match field by field, a list names the values allowed. Any other
 * rule fails loudly, so a new one gets matched here before it is trusted.
 */
function matchesFilter(pattern: unknown, value: unknown): boolean {
  if (Array.isArray(pattern)) {
    return pattern.some((allowed) => {
      if (typeof allowed === 'object' && allowed !== null) throw new Error(`Unsupported filter rule ${JSON.stringify(allowed)}`);
      return allowed === value;
    });
  }
  if (typeof pattern !== 'object' || pattern === null) throw new Error(`Unsupported filter pattern ${JSON.stringify(pattern)}`);
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(pattern).every(([key, inner]) => matchesFilter(inner, (value as Record<string, unknown>)[key]));
}

/** A permanent bounce as the configuration set's event destination publishes it, wrapped by SNS. */
function snsBounce(email: string): SNSEvent {
  const message = {
    eventType: 'Bounce',
    bounce: { bounceType: 'Permanent', bounceSubType: 'General', bouncedRecipients: [{ emailAddress: email }] },
    mail: { messageId: 'ses-message', destination: [email] },
  };
  const topicArn = 'arn:aws:sns:eu-west-2:123456789012:mentor-match-mail-events';
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${topicArn}:${randomUUID()}`,
        Sns: {
          Type: 'Notification',
          MessageId: randomUUID(),
          TopicArn: topicArn,
          Subject: '',
          Message: JSON.stringify(message),
          Timestamp: new Date().toISOString(),
          SignatureVersion: '1',
          Signature: 'test',
          SigningCertUrl: 'https://sns.eu-west-2.amazonaws.com/cert.pem',
          UnsubscribeUrl: 'https://sns.eu-west-2.amazonaws.com/unsubscribe',
          MessageAttributes: {},
        },
      },
    ],
  };
}

// ------------------------------------------------------------ table helpers

async function itemsOf(profileId: string) {
  const { Items = [] } = await table.client.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: keys.personPartition(profileId) } },
    }),
  );
  return Items;
}

async function profileStatus(profileId: string) {
  const { Item } = await table.client.send(new GetItemCommand({ TableName: table.tableName, Key: toKey(keys.profile(profileId)) }));
  return Item?.data?.M?.status?.S;
}

const toKey = (key: { pk: string; sk: string }) => ({ pk: { S: key.pk }, sk: { S: key.sk } });

/** A mentee submitted through the API bundle, as the form's script or a client would. */
async function submitThroughApi(api: Sandbox, email = uniqueAddress('bundle')) {
  const result = await api.invoke<HttpResult>(httpEvent('POST /api/profiles', { json: validMentee({ email }) }));
  expect(result.statusCode, result.body).toBe(201);
  return { email, id: (JSON.parse(result.body) as { id: string }).id };
}

/** The submission's item as the table's stream delivers it to the outbox function, checked against its mapping's filter. */
async function submissionInsert(id: string) {
  const item = (await itemsOf(id)).find((i) => i.type?.S === 'submission');
  expect(item, 'the stored submission').toBeDefined();
  const event = streamInsert(item as Record<string, { S?: string }>);
  // Lambda drops records the event source mapping's filter does not match before the function sees them.
  const filters = streamFilters(deployed('outbox'));
  expect(filters.some((pattern) => matchesFilter(pattern, event.Records[0])), JSON.stringify(filters)).toBe(true);
  return event;
}

/** A mentee submitted through the API bundle and placed by the outbox bundle, as the stream does in AWS: a pending profile with its email queued. */
async function submitAndPlace() {
  const api = await coldStart('api');
  const applicant = await submitThroughApi(api);
  await api.stop();
  const outbox = await coldStart('outbox');
  expect(await outbox.invoke(await submissionInsert(applicant.id))).toEqual({ batchItemFailures: [] });
  await outbox.stop();
  return applicant;
}

// ------------------------------------------------------------ the surfaces

describe('api function (functions/api.lambda.ts bundle)', () => {
  let api: Sandbox;
  beforeAll(async () => {
    api = await coldStart('api');
  });

  it('POST /api/profiles answers 201 and stores the submission for the outbox function to place, with no email yet', async () => {
    const { id } = await submitThroughApi(api);
    const items = await itemsOf(id);
    expect(items.find((i) => i.sk?.S === 'PROFILE')).toMatchObject({ type: { S: 'submission' }, data: { M: { status: { S: 'PENDING_VERIFICATION' } } } });
    expect(items.filter((i) => i.sk?.S?.startsWith('OUTBOX#'))).toHaveLength(0);
  });

  it('GET /health answers 200 when the table and the mail service answer', async () => {
    const result = await api.invoke<HttpResult>(httpEvent('GET /health'));
    expect(result.statusCode, result.body).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ status: 'ok' });
  });

  it('POST /api/profiles with a bad body answers 400 problem+json naming the field', async () => {
    const result = await api.invoke<HttpResult>(httpEvent('POST /api/profiles', { json: validMentee({ email: 'not an address' }) }));
    expect(result.statusCode).toBe(400);
    expect(result.headers['content-type']).toBe('application/problem+json');
    const body = JSON.parse(result.body) as { status: number; errors: { path: string }[] };
    expect(body.status).toBe(400);
    expect(body.errors.map((e) => e.path)).toContain('email');
  });
});

describe('pages function (functions/pages.lambda.ts bundle)', () => {
  let pages: Sandbox;
  beforeAll(async () => {
    pages = await coldStart('pages');
  });
  const asset = (proxy: string) => pages.invoke<HttpResult>(httpEvent('GET /assets/{proxy+}', { pathParameters: { proxy } }));

  it('GET /apply/{role} answers 200 with the form', async () => {
    const result = await pages.invoke<HttpResult>(httpEvent('GET /apply/{role}', { pathParameters: { role: 'mentee' }, headers: { accept: 'text/html' } }));
    expect(result.statusCode).toBe(200);
    expect(result.headers['content-type']).toMatch(/^text\/html/);
    expect(result.body).toContain('<form');
  });

  it('serves every asset the layout, the stylesheet, our script and the manifest reference, and ships no font', async () => {
    const form = await pages.invoke<HttpResult>(httpEvent('GET /apply/{role}', { pathParameters: { role: 'mentor' } }));
    const fromLayout = [...form.body.matchAll(/(?:href|src)="\/assets\/([^"]+)"/g)].map((m) => m[1]!);
    expect(fromLayout).toEqual(expect.arrayContaining(['mentor-match.css', 'app.js', 'manifest.json', 'images/favicon.ico']));

    const css = await asset('mentor-match.css');
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    const fromCss = [...css.body.matchAll(/url\(["']?\/assets\/([^)"']+)["']?\)/g)].map((m) => m[1]!);
    // Our own branding: no GDS Transport (or any web font) is asked for.
    expect(css.body).not.toMatch(/@font-face|\.woff2?/);
    // Our script imports govuk-frontend's.
    const fromScript = [...(await asset('app.js')).body.matchAll(/from '\/assets\/([^']+)'/g)].map((m) => m[1]!);
    expect(fromScript).toContain('govuk-frontend.min.js');
    const manifest = JSON.parse((await asset('manifest.json')).body) as { icons: { src: string }[] };
    const fromManifest = manifest.icons.map((i) => i.src.replace(/^\/assets\//, ''));
    expect(fromManifest.length).toBeGreaterThan(0);

    for (const name of new Set([...fromLayout, ...fromCss, ...fromScript, ...fromManifest])) {
      const result = await asset(name);
      expect(result.statusCode, `/assets/${name}`).toBe(200);
      expect(result.body.length, `/assets/${name} has content`).toBeGreaterThan(0);
      expect(result.isBase64Encoded, `/assets/${name} is binary`).toBe(/\.(woff2?|png|ico)$/.test(name));
    }
  });
});

describe('links function (functions/links.lambda.ts bundle)', () => {
  let links: Sandbox;
  let applicant: { email: string; id: string };
  let token: string;
  beforeAll(async () => {
    applicant = await submitAndPlace();
    links = await coldStart('links');
    // Signed with the key the functions were given, as the verification email's link is.
    token = signer.sign('confirm-email', applicant.id, new Date(Date.now() + 86_400_000));
  });

  it('GET /confirm-email?t=… answers 200 with the confirmation page and its form', async () => {
    const result = await links.invoke<HttpResult>(httpEvent('GET /confirm-email', { query: { t: token } }));
    expect(result.statusCode, result.body).toBe(200);
    expect(result.body).toContain('Confirm your email address');
    expect(result.body).toMatch(/<form method="post" action="\/confirm-email"/);
    expect(await profileStatus(applicant.id)).toBe('PENDING_VERIFICATION');
  });

  it('POST /confirm-email with the token answers 200 and the profile becomes ACTIVE', async () => {
    const result = await links.invoke<HttpResult>(
      httpEvent('POST /confirm-email', { form: { t: token }, headers: { origin: app.config.baseUrl } }),
    );
    expect(result.statusCode, result.body).toBe(200);
    expect(result.body).toContain('Email address confirmed');
    expect(await profileStatus(applicant.id)).toBe('ACTIVE');
  });
});

describe('admin function (functions/admin.lambda.ts bundle)', () => {
  let admin: Sandbox;
  beforeAll(async () => {
    admin = await coldStart('admin');
  });
  const rounds = (method: 'GET' | 'POST', token?: string) =>
    admin.invoke<HttpResult>(httpEvent(`${method} /api/admin/rounds`, { headers: token ? { authorization: `Bearer ${token}` } : {} }));

  it('GET /api/admin/rounds without a token answers 401', async () => {
    const result = await rounds('GET');
    expect(result.statusCode).toBe(401);
    expect(result.headers['www-authenticate']).toBe('Bearer');
  });

  it('GET /api/admin/rounds with a token outside the admins group answers 403', async () => {
    expect((await rounds('GET', issuer.sign(LOCAL_NON_ADMIN))).statusCode).toBe(403);
  });

  it('GET /api/admin/rounds with an admin Bearer token answers 200 JSON', async () => {
    const result = await rounds('GET', issuer.sign(LOCAL_ADMIN));
    expect(result.statusCode, result.body).toBe(200);
    expect(result.headers['content-type']).toBe('application/json');
    expect(JSON.parse(result.body)).toEqual({ rounds: expect.any(Array) });
  });

  it("GET /admin/login starts Cognito's managed login with PKCE and a handshake cookie scoped to the callback", async () => {
    const result = await admin.invoke<HttpResult & { cookies?: string[] }>(httpEvent('GET /admin/login', { query: { next: '/admin' } }));
    expect(result.statusCode).toBe(303);
    const location = new URL(result.headers.location!);
    expect(`${location.origin}${location.pathname}`).toBe(`${COGNITO_STAND_IN}/oauth2/authorize`);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: issuer.settings.audience,
      redirect_uri: `${app.config.baseUrl}/admin/auth/callback`,
      code_challenge_method: 'S256',
      scope: 'openid email',
    });
    expect(result.cookies?.[0]).toMatch(/^mm_admin_signin=[^;]+; Max-Age=600; Path=\/admin\/auth; HttpOnly; SameSite=Lax; Secure$/);
  });

  it('POST /api/admin/rounds with an admin Bearer token runs a round: 200 {roundId, proposed}', async () => {
    const result = await rounds('POST', issuer.sign(LOCAL_ADMIN));
    expect(result.statusCode, result.body).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ roundId: expect.any(String), proposed: expect.any(Number) });
  });

  it('GET /api/admin/report with an admin Bearer token answers the programme report, 200 JSON, the round just run its latest', async () => {
    const result = await admin.invoke<HttpResult>(
      httpEvent('GET /api/admin/report', { query: { region: 'London' }, headers: { authorization: `Bearer ${issuer.sign(LOCAL_ADMIN)}` } }),
    );
    expect(result.statusCode, result.body).toBe(200);
    const body = JSON.parse(result.body);
    expect(body).toMatchObject({ filters: { region: 'London' }, people: { mentee: { ACTIVE: expect.any(Number) } }, latestRound: { id: expect.any(String) } });
  });
});

describe('outbox function (functions/outbox.lambda.ts bundle)', () => {
  let outbox: Sandbox;
  let applicant: { email: string; id: string };
  beforeAll(async () => {
    const api = await coldStart('api');
    applicant = await submitThroughApi(api);
    await api.stop();
    outbox = await coldStart('outbox');
  });

  it('places a submission that arrives on the table stream: a pending profile and its verification email in the outbox', async () => {
    const result = await outbox.invoke(await submissionInsert(applicant.id));
    expect(result).toEqual({ batchItemFailures: [] });
    const items = await itemsOf(applicant.id);
    expect(items.find((i) => i.sk?.S === 'PROFILE')).toMatchObject({ type: { S: 'profile' }, data: { M: { status: { S: 'PENDING_VERIFICATION' } } } });
    const queued = items.filter((i) => i.sk?.S?.startsWith('OUTBOX#'));
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ type: { S: 'outbox' }, data: { M: { status: { S: 'PENDING' } } } });
  });

  it('sends the email of an outbox item that arrives on the table stream to the SES emulator', async () => {
    const item = (await itemsOf(applicant.id)).find((i) => i.sk?.S?.startsWith('OUTBOX#'));
    expect(item).toBeDefined();
    const event = streamInsert(item as Record<string, { S?: string }>);
    const filters = streamFilters(deployed('outbox'));
    expect(filters.some((pattern) => matchesFilter(pattern, event.Records[0])), JSON.stringify(filters)).toBe(true);

    const result = await outbox.invoke(event);
    expect(result).toEqual({ batchItemFailures: [] });
    const mail = await waitForMail({ to: applicant.email, subject: /Confirm your email/ });
    expect(mail.body.text).toContain(`${app.config.baseUrl}/confirm-email?t=`);
  });

  it('sweeps on a schedule event without error: submissions left unplaced, then emails left unsent', async () => {
    const result = await outbox.invoke(scheduleEvent());
    expect(result).toEqual({
      placed: { created: expect.any(Number), replaced: expect.any(Number), update: expect.any(Number), limited: expect.any(Number), gone: expect.any(Number), failed: 0 },
      sent: { sent: expect.any(Number), retry: 0, failed: 0, suppressed: 0, skipped: expect.any(Number) },
    });
  });
});

describe('scheduled matching jobs (functions/round.lambda.ts, functions/deadlines.lambda.ts bundles)', () => {
  it('round: a schedule event runs a matching round and returns its record', async () => {
    const round = await coldStart('round');
    const result = await round.invoke<{ ran: boolean; record?: { trigger: string }; unmatched: number }>(scheduleEvent());
    expect(result).toMatchObject({ ran: true, record: { trigger: 'schedule' }, unmatched: expect.any(Number) });
  });

  it('round: writes its cold start and the round’s figures as CloudWatch metrics (EMF, namespace MentorMatch, service dimension)', async () => {
    const round = await coldStart('round');
    await round.invoke(scheduleEvent());
    const emf = round.lines().filter((line) => '_aws' in line);
    const namespaces = emf.flatMap((line) => (line._aws as { CloudWatchMetrics: { Namespace: string }[] }).CloudWatchMetrics.map((m) => m.Namespace));
    expect(new Set(namespaces)).toEqual(new Set(['MentorMatch']));
    expect(emf).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ColdStart: 1, service: 'mentor-match', function_name: expect.any(String) }),
        expect.objectContaining({ RoundMentees: expect.any(Number), RoundProposals: expect.any(Number), RoundDuration: expect.any(Number), service: 'mentor-match' }),
      ]),
    );
  });

  it('deadlines: a schedule event runs the reminders and expiries and returns its counts', async () => {
    const deadlines = await coldStart('deadlines');
    expect(await deadlines.invoke(scheduleEvent())).toEqual({ reminded: 0, expired: 0, paused: 0 });
  });
});

describe('ses-events function (functions/ses-events.lambda.ts bundle)', () => {
  it('suppresses the address of an SNS bounce notification', async () => {
    const sesEvents = await coldStart('ses-events');
    const email = uniqueAddress('bounced');
    await sesEvents.invoke(snsBounce(email));
    const { Item } = await table.client.send(new GetItemCommand({ TableName: table.tableName, Key: toKey(keys.suppression(email)) }));
    expect(Item?.type?.S).toBe('suppression');
  });
});

describe('the test itself', () => {
  it('fails the cold start of a bundle whose environment lacks BASE_URL, naming the variable', async () => {
    await expect(coldStart('api', { unset: [ENV.BASE_URL] })).rejects.toThrow(/cold start failed: .*BASE_URL/);
  });

  it('fails the asset check when the bundle has no assets folder where ASSETS_DIR says', async () => {
    const empty = join(outdir, 'no-assets');
    mkdirSync(empty);
    const pages = await coldStart('pages', { set: { [ENV.ASSETS_DIR]: empty } });
    const css = await pages.invoke<HttpResult>(httpEvent('GET /assets/{proxy+}', { pathParameters: { proxy: 'mentor-match.css' } }));
    expect(css.statusCode).toBe(404);
  });
});
