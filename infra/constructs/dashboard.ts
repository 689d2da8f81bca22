/**
 * The service's own CloudWatch metrics (shared/domain/metrics.ts, written
 * by the functions as embedded metric format) as CDK metrics, and the
 * dashboard that shows them: rounds, proposals answered, emails, cold starts.
 * The alarms on them sit with the feature they watch (./outbox.ts,
 * ./matching-jobs.ts).
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { COLD_START_METRIC, METRIC, METRICS_NAMESPACE, type MetricName } from '../../shared/domain/metrics';
import type { DeployConfig } from '../config';
import { SERVICE_NAME } from './app-function';

/** One of the service's metrics: namespace MentorMatch, dimension service (the only one the functions write). */
export function appMetric(name: MetricName, o: { statistic?: string; period?: Duration; label?: string } = {}): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { service: SERVICE_NAME },
    statistic: o.statistic ?? cloudwatch.Stats.SUM,
    period: o.period ?? Duration.minutes(5),
    label: o.label,
  });
}

const DAY = Duration.days(1);
const HOUR = Duration.hours(1);

export class ServiceDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: { config: DeployConfig }) {
    super(scope, id);
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `MentorMatch-${props.config.envName}`,
      defaultInterval: Duration.days(14),
    });
    const graph = (title: string, left: cloudwatch.IMetric[], o: Partial<cloudwatch.GraphWidgetProps> = {}) =>
      new cloudwatch.GraphWidget({ title, left, width: 8, height: 6, ...o });
    this.dashboard.addWidgets(
      // Rounds run daily: one point a day each.
      graph('Rounds: mentees, mentors, proposals', [
        appMetric(METRIC.RoundMentees, { statistic: cloudwatch.Stats.MAXIMUM, period: DAY, label: 'mentees waiting' }),
        appMetric(METRIC.RoundMentors, { statistic: cloudwatch.Stats.MAXIMUM, period: DAY, label: 'mentors' }),
        appMetric(METRIC.RoundProposals, { period: DAY, label: 'proposals' }),
      ]),
      graph('Round duration (ms)', [appMetric(METRIC.RoundDuration, { statistic: cloudwatch.Stats.MAXIMUM, period: DAY, label: 'longest round' })]),
      graph('Rounds proven optimal (1) or not (0)', [appMetric(METRIC.RoundProven, { statistic: cloudwatch.Stats.MINIMUM, period: DAY, label: 'proven' })], {
        leftYAxis: { min: 0, max: 1 },
      }),
    );
    this.dashboard.addWidgets(
      graph('Proposals answered', [
        appMetric(METRIC.ProposalsAccepted, { period: DAY, label: 'accepted' }),
        appMetric(METRIC.ProposalsDeclined, { period: DAY, label: 'declined' }),
        appMetric(METRIC.ProposalsExpired, { period: DAY, label: 'expired' }),
      ]),
      graph('Emails', [
        appMetric(METRIC.EmailsSent, { period: HOUR, label: 'sent' }),
        appMetric(METRIC.EmailsRetried, { period: HOUR, label: 'to retry' }),
        appMetric(METRIC.EmailsSuppressed, { period: HOUR, label: 'suppressed' }),
      ]),
      graph('Emails failed (every retry used)', [appMetric(METRIC.EmailsFailed, { period: HOUR, label: 'failed' })]),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Cold starts by function',
        width: 24,
        height: 6,
        // Powertools' ColdStart carries function_name too; search picks up every function without naming each.
        left: [
          new cloudwatch.MathExpression({
            expression: `SEARCH('{${METRICS_NAMESPACE},function_name,service} MetricName="${COLD_START_METRIC}"', 'Sum', 3600)`,
            label: '',
            period: HOUR,
          }),
        ],
      }),
    );
  }
}
