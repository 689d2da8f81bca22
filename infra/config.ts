/**
 * Deployment configuration per environment, chosen with `-c env=<name>`
 * (default `dev`). Every value has a default so `npx cdk synth` works offline
 * with no AWS account or credentials; real deployments override the
 * placeholders below with `-c key=value` or by editing ENVIRONMENTS.
 */
import * as z from 'zod';

export const ENV_NAMES = ['dev', 'prod'] as const;
export type EnvName = (typeof ENV_NAMES)[number];

const DeployConfig = z.object({
  envName: z.enum(ENV_NAMES),
  /**
   * Account is optional: without one the stacks are account-agnostic, which is
   * enough to synth. The region must be concrete because the WAF for
   * CloudFront lives in us-east-1 and CDK's cross-region references need both
   * regions known at synth time.
   */
  account: z.string().regex(/^\d{12}$/).optional(),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/),
  /** The SES sending domain (the identity verified with DKIM). */
  domain: z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/),
  mailFrom: z.email(),
  baseUrl: z.url().transform((u) => u.replace(/\/+$/, '')),
  /** Receives alarm notifications (DLQ has messages, etc.). */
  alarmEmail: z.email(),
  /** Programme admins who get the weekly summary; `-c adminEmails=a@x.gov.uk,b@y.gov.uk`. */
  adminEmails: z.array(z.email()).min(1),
  logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']),
  /** Retained environments keep log groups and forbid stack deletion. */
  terminationProtection: z.boolean(),
  retainLogs: z.boolean(),
  /** WAF rate rules: requests per client IP per 5-minute window. */
  wafRateLimits: z.object({ posts: z.number().int().min(10), all: z.number().int().min(10) }),
  /**
   * ACM certificate (in us-east-1) for the site's host name in baseUrl. Without
   * one, CloudFront serves on its own *.cloudfront.net name.
   */
  certificateArn: z.string().startsWith('arn:aws:acm:us-east-1:').optional(),
  apiThrottle: z.object({ burstLimit: z.number().int().positive(), rateLimit: z.number().positive() }),
  /**
   * The prefix of Cognito's managed login domain for admins
   * (`https://<prefix>.auth.<region>.amazoncognito.com`); unique per region across AWS.
   */
  adminSignInDomainPrefix: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/),
  /**
   * EventBridge Scheduler expressions for the matching jobs, in `timeZone`
   * (so a 07:00 round stays at 07:00 across BST). The round runs daily by
   * default; the deadlines job (reminders, expiries) hourly.
   */
  schedules: z.object({
    matchingRound: z.string().regex(/^(cron|rate)\(.+\)$/),
    proposalDeadlines: z.string().regex(/^(cron|rate)\(.+\)$/),
    /** The weekly summary to admins: Monday 08:00 by default. */
    weeklySummary: z.string().regex(/^(cron|rate)\(.+\)$/),
    timeZone: z.string().min(3),
  }),
});

export type DeployConfig = z.infer<typeof DeployConfig>;

type Defaults = Omit<z.input<typeof DeployConfig>, 'envName' | 'account'>;

const shared = {
  // London: the data is UK personal data; keeping it in a UK region is the simplest residency story.
  region: 'eu-west-2',
  domain: 'mentor-match.example.gov.uk',
  mailFrom: 'no-reply@mentor-match.example.gov.uk',
  alarmEmail: 'mentor-match-alerts@example.gov.uk',
  wafRateLimits: { posts: 100, all: 2000 },
  apiThrottle: { burstLimit: 50, rateLimit: 20 },
  // Before the working day, so mentors find proposals in the morning's mail.
  schedules: {
    matchingRound: 'cron(0 7 * * ? *)',
    proposalDeadlines: 'rate(1 hour)',
    weeklySummary: 'cron(0 8 ? * MON *)',
    timeZone: 'Europe/London',
  },
  adminEmails: ['mentor-match-admins@example.gov.uk'],
} satisfies Partial<Defaults>;

const ENVIRONMENTS: Record<EnvName, Defaults> = {
  dev: {
    ...shared,
    baseUrl: 'https://dev.mentor-match.example.gov.uk',
    adminSignInDomainPrefix: 'mentor-match-dev',
    logLevel: 'DEBUG',
    terminationProtection: false,
    retainLogs: false,
  },
  prod: {
    ...shared,
    baseUrl: 'https://mentor-match.example.gov.uk',
    adminSignInDomainPrefix: 'mentor-match',
    logLevel: 'INFO',
    terminationProtection: true,
    retainLogs: true,
  },
};

/** Context keys that override a default, e.g. `-c domain=mentor-match.socitm.net`. */
const OVERRIDABLE = ['region', 'domain', 'mailFrom', 'baseUrl', 'alarmEmail', 'logLevel', 'certificateArn', 'adminSignInDomainPrefix'] as const;

/**
 * Builds the config from CDK context (`tryGetContext`) and the CDK CLI's
 * environment (CDK_DEFAULT_ACCOUNT, set when credentials are available). The
 * region is the config's (eu-west-2) unless `-c region=...` says otherwise.
 * Fails with every problem listed rather than deploying a
 * half-configured environment.
 */
export function loadConfig(
  getContext: (key: string) => unknown,
  processEnv: Record<string, string | undefined> = process.env,
): DeployConfig {
  const envName = String(getContext('env') ?? 'dev');
  if (!(ENV_NAMES as readonly string[]).includes(envName)) {
    throw new Error(`Unknown env "${envName}"; use one of: ${ENV_NAMES.join(', ')}`);
  }
  const defaults = ENVIRONMENTS[envName as EnvName];
  const overrides = Object.fromEntries(
    OVERRIDABLE.flatMap((key) => {
      const value = getContext(key);
      return value === undefined ? [] : [[key, value]];
    }),
  );
  const roundSchedule = getContext('matchingRoundSchedule');
  const admins = getContext('adminEmails');
  const result = DeployConfig.safeParse({
    ...defaults,
    // Nested, so not in OVERRIDABLE: e.g. `-c "matchingRoundSchedule=cron(0 7 ? * MON *)"`.
    ...(roundSchedule === undefined ? {} : { schedules: { ...defaults.schedules, matchingRound: roundSchedule } }),
    // Not CDK_DEFAULT_REGION: the CLI falls back to us-east-1 when no region is
    // configured, which would silently put UK personal data in the US.
    ...overrides,
    ...(admins === undefined ? {} : { adminEmails: String(admins).split(',').map((a) => a.trim()).filter(Boolean) }),
    envName,
    account: getContext('account') ?? processEnv.CDK_DEFAULT_ACCOUNT,
  });
  if (!result.success) {
    const detail = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid deploy config for "${envName}": ${detail}`);
  }
  return result.data;
}
