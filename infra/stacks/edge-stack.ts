/**
 * The WAF for the CloudFront distribution in front of the HTTP API. WAF cannot
 * attach to an API Gateway HTTP API, and a web ACL for CloudFront must live in
 * us-east-1, hence a stack of its own (decision in docs/deploy.md).
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import type { DeployConfig } from '../config';

/** CloudFront-scoped web ACLs can only be created in this region. */
export const EDGE_REGION = 'us-east-1';

export interface EdgeStackProps extends StackProps {
  config: DeployConfig;
}

export class EdgeStack extends Stack {
  readonly webAclArn: string;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    const { wafRateLimits } = props.config;

    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });

    const webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('mentor-match-web-acl'),
      rules: [
        {
          // Form submissions and link actions are what a bot would hammer;
          // a tight per-IP limit on POST protects the outbox and SES quota.
          name: 'RateLimitPostsPerIp',
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: wafRateLimits.posts,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
              scopeDownStatement: {
                byteMatchStatement: {
                  fieldToMatch: { method: {} },
                  positionalConstraint: 'EXACTLY',
                  searchString: 'POST',
                  textTransformations: [{ priority: 0, type: 'NONE' }],
                },
              },
            },
          },
          visibilityConfig: visibility('rate-limit-posts'),
        },
        {
          // Loose on purpose: a council office often shares one egress IP,
          // and every page also fetches CSS, JS and fonts.
          name: 'RateLimitAllPerIp',
          priority: 1,
          action: { block: {} },
          statement: {
            rateBasedStatement: { limit: wafRateLimits.all, evaluationWindowSec: 300, aggregateKeyType: 'IP' },
          },
          visibilityConfig: visibility('rate-limit-all'),
        },
        managedRuleGroup('AWSManagedRulesAmazonIpReputationList', 2, visibility),
        managedRuleGroup('AWSManagedRulesKnownBadInputsRuleSet', 3, visibility),
      ],
    });
    this.webAclArn = webAcl.attrArn;
  }
}

function managedRuleGroup(
  name: string,
  priority: number,
  visibility: (metricName: string) => wafv2.CfnWebACL.VisibilityConfigProperty,
): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
    visibilityConfig: visibility(name),
  };
}
