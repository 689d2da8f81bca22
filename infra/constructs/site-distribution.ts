/**
 * CloudFront in front of the HTTP API: it carries the WAF (which cannot attach
 * to an HTTP API), terminates TLS on the site's own name when a certificate is
 * configured, and caches govuk-frontend's static assets at the edge. Pages and
 * actions are never cached. Decision and residual risks: docs/deploy.md.
 */
import { Fn, Validations } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import { Construct } from 'constructs';
import type { DeployConfig } from '../config';

export interface SiteDistributionProps {
  config: DeployConfig;
  api: apigwv2.IHttpApi;
  webAclArn: string;
}

export class SiteDistribution extends Construct {
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: SiteDistributionProps) {
    super(scope, id);
    const { config } = props;

    // apiEndpoint is https://<id>.execute-api.<region>.amazonaws.com; the origin wants the host alone.
    const apiHost = Fn.select(2, Fn.split('/', props.api.apiEndpoint));
    const origin = new origins.HttpOrigin(apiHost, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
    });
    const customDomain = config.certificateArn
      ? {
          domainNames: [new URL(config.baseUrl).host],
          certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', config.certificateArn),
          minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
        }
      : {};

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Mentor Match (${config.envName})`,
      webAclId: props.webAclArn,
      ...customDomain,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      // Users are in the UK; Europe and North America edges are plenty.
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        // Pages are personal and forms carry CSRF state: never cache them.
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
      },
      additionalBehaviors: {
        '/assets/*': {
          origin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
        },
      },
    });

    const acknowledge = (id: string, reason: string): void =>
      Validations.of(this.distribution).acknowledge({ id, reason });
    acknowledge(
      'AwsSolutions-CFR1',
      'No geo restriction: mentors and mentees are UK public servants who may travel or use VPN egress abroad; WAF rate and reputation rules cover abuse.',
    );
    acknowledge(
      'AwsSolutions-CFR3',
      'Every request that reaches the app is in the API access log (without query strings, which carry action tokens); WAF keeps sampled requests for blocked traffic. CloudFront standard logs would need an ACL-enabled S3 bucket.',
    );
    if (!config.certificateArn) {
      acknowledge(
        'AwsSolutions-CFR4',
        'No certificate configured for this environment, so CloudFront serves on its default *.cloudfront.net certificate, whose TLS policy cannot be changed. Set certificateArn (docs/deploy.md) for TLS 1.2+.',
      );
    }
  }
}
