import { CloudfrontCachePolicy } from "@cdktf/provider-aws/lib/cloudfront-cache-policy";
import { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CloudfrontFunction } from "@cdktf/provider-aws/lib/cloudfront-function";
import { CloudfrontOriginAccessControl } from "@cdktf/provider-aws/lib/cloudfront-origin-access-control";
import {
  CloudfrontResponseHeadersPolicy,
  type CloudfrontResponseHeadersPolicySecurityHeadersConfig,
} from "@cdktf/provider-aws/lib/cloudfront-response-headers-policy";
import {
  IMAGES_PREFIX,
  NEGOTIATE_FORMAT_VIEWER_FUNCTION,
  NEGOTIATED_FORMAT_HEADER,
  type PipelineConfig,
  RENDITIONS_PREFIX,
  resourceName,
} from "@imgpipe/core";
import { Construct } from "constructs";
import type { PrivateBucket } from "./privateBucket.js";

/** Origin ids of the distribution. */
export const CDN_ORIGINS = {
  processed: "processed",
  frontend: "frontend",
  transform: "transform",
} as const;

const ONE_YEAR_IN_SECONDS = 365 * 24 * 60 * 60;
const TWO_YEARS_IN_SECONDS = 2 * ONE_YEAR_IN_SECONDS;
/**
 * How long an edge serves a variant before asking S3 again (a conditional GET: 304 while
 * it exists). Variants never change, but they can be deleted: this bounds how long a
 * deleted image stays on the CDN, without an invalidation per delete. Browsers still
 * cache a variant for a year (its own Cache-Control).
 */
export const IMAGES_EDGE_TTL_SECONDS = 60 * 60;

/**
 * Serves the SPA's shell for any path without a file extension, so a reload on a client
 * route (`/gallery/42`) works while a missing `/app.js` stays an error. CloudFront
 * Functions run ES5.1-style JavaScript (cloudfront-js-2.0).
 */
export const SPA_FALLBACK_FUNCTION = `function handler(event) {
  var request = event.request;
  if (!/\\.[A-Za-z0-9]+$/.test(request.uri)) {
    request.uri = "/index.html";
  }
  return request;
}
`;

export interface CdnProps {
  readonly config: PipelineConfig;
  readonly processed: PrivateBucket;
  readonly frontend: PrivateBucket;
  /** Origins the SPA calls (the API, the uploads bucket, the sign-in issuer), for its CSP. */
  readonly connectSources: readonly string[];
  /** A custom domain and its certificate in us-east-1; the CloudFront name only when left out. */
  readonly certificate?: { readonly arn: string; readonly domainName: string };
  /** The transform function's URL host, served under `/t/*`; no such behaviour when left out. */
  readonly transformOrigin?: string;
}

/**
 * The CloudFront distribution in front of the pipeline: `/images/*` from the processed
 * bucket (edges revalidate variants hourly, so deletes take effect) and everything else from the
 * frontend bucket, with the SPA shell for client routes. Both buckets stay private: the
 * distribution reads them with origin access control, and each bucket's policy allows
 * exactly this distribution. HTTPS only, with HSTS, nosniff and a CSP for the SPA.
 *
 * @example
 * const cdn = new Cdn(this, "cdn", {
 *   config,
 *   processed: storage.processedBucket,
 *   frontend: storage.frontendBucket,
 *   connectSources: [api.endpoint],
 * });
 * cdn.url; // https://d123.cloudfront.net
 */
export class Cdn extends Construct {
  readonly distribution: CloudfrontDistribution;
  readonly originAccessControl: CloudfrontOriginAccessControl;
  readonly imagesCachePolicy: CloudfrontCachePolicy;
  readonly frontendCachePolicy: CloudfrontCachePolicy;
  readonly imagesHeadersPolicy: CloudfrontResponseHeadersPolicy;
  readonly frontendHeadersPolicy: CloudfrontResponseHeadersPolicy;
  readonly spaFallback: CloudfrontFunction;
  /** `/t/*` only: how CloudFront reaches the function URL, caches, and normalises `Accept`. */
  readonly transform?: {
    readonly originAccessControl: CloudfrontOriginAccessControl;
    readonly cachePolicy: CloudfrontCachePolicy;
    readonly negotiateFormat: CloudfrontFunction;
  };
  /** The origin browsers use: the custom domain's, or the CloudFront name's. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: CdnProps) {
    super(scope, id);
    const { config, processed, frontend, certificate } = props;

    this.originAccessControl = new CloudfrontOriginAccessControl(this, "s3-access", {
      name: resourceName(config, "s3"),
      description: "CloudFront reads the private buckets with SigV4",
      originAccessControlOriginType: "s3",
      signingBehavior: "always",
      signingProtocol: "sigv4",
    });

    this.imagesCachePolicy = new CloudfrontCachePolicy(this, "images-cache", {
      name: resourceName(config, "images"),
      comment: "Edges revalidate variants hourly, so a deleted image is gone within the hour",
      minTtl: 0,
      defaultTtl: IMAGES_EDGE_TTL_SECONDS,
      maxTtl: IMAGES_EDGE_TTL_SECONDS,
      parametersInCacheKeyAndForwardedToOrigin: noParameters(),
    });
    this.frontendCachePolicy = new CloudfrontCachePolicy(this, "frontend-cache", {
      name: resourceName(config, "frontend"),
      comment: "The SPA: hashed assets follow their Cache-Control, the shell is short-lived",
      minTtl: 0,
      defaultTtl: 300,
      maxTtl: ONE_YEAR_IN_SECONDS,
      parametersInCacheKeyAndForwardedToOrigin: noParameters(),
    });

    this.imagesHeadersPolicy = new CloudfrontResponseHeadersPolicy(this, "images-headers", {
      name: resourceName(config, "images"),
      comment: "Security headers for variants",
      securityHeadersConfig: securityHeaders(),
    });
    this.frontendHeadersPolicy = new CloudfrontResponseHeadersPolicy(this, "frontend-headers", {
      name: resourceName(config, "frontend"),
      comment: "Security headers and the content security policy of the SPA",
      securityHeadersConfig: {
        ...securityHeaders(),
        contentSecurityPolicy: {
          contentSecurityPolicy: spaContentSecurityPolicy(props.connectSources),
          override: true,
        },
      },
    });

    this.spaFallback = new CloudfrontFunction(this, "spa-fallback", {
      name: resourceName(config, "spa-fallback"),
      runtime: "cloudfront-js-2.0",
      comment: "Client routes of the SPA get index.html",
      publish: true,
      code: SPA_FALLBACK_FUNCTION,
    });

    const transform = props.transformOrigin ? this.transformParts(config) : undefined;
    this.transform = transform;
    const processedBehaviour = (prefix: string) => ({
      pathPattern: `/${prefix}*`,
      targetOriginId: CDN_ORIGINS.processed,
      viewerProtocolPolicy: "redirect-to-https",
      allowedMethods: ["GET", "HEAD"],
      cachedMethods: ["GET", "HEAD"],
      compress: true,
      cachePolicyId: this.imagesCachePolicy.id,
      responseHeadersPolicyId: this.imagesHeadersPolicy.id,
    });

    this.distribution = new CloudfrontDistribution(this, "distribution", {
      comment: resourceName(config, "cdn"),
      enabled: true,
      isIpv6Enabled: true,
      httpVersion: "http2and3",
      priceClass: "PriceClass_100",
      defaultRootObject: "index.html",
      aliases: certificate ? [certificate.domainName] : undefined,
      origin: [
        {
          originId: CDN_ORIGINS.processed,
          domainName: processed.bucket.bucketRegionalDomainName,
          originAccessControlId: this.originAccessControl.id,
        },
        {
          originId: CDN_ORIGINS.frontend,
          domainName: frontend.bucket.bucketRegionalDomainName,
          originAccessControlId: this.originAccessControl.id,
        },
        ...(transform && props.transformOrigin
          ? [
              {
                originId: CDN_ORIGINS.transform,
                domainName: props.transformOrigin,
                originAccessControlId: transform.originAccessControl.id,
                customOriginConfig: {
                  httpPort: 80,
                  httpsPort: 443,
                  originProtocolPolicy: "https-only",
                  originSslProtocols: ["TLSv1.2"],
                },
              },
            ]
          : []),
      ],
      orderedCacheBehavior: [
        processedBehaviour(IMAGES_PREFIX),
        ...(transform
          ? [
              processedBehaviour(RENDITIONS_PREFIX),
              {
                pathPattern: "/t/*",
                targetOriginId: CDN_ORIGINS.transform,
                viewerProtocolPolicy: "redirect-to-https",
                allowedMethods: ["GET", "HEAD"],
                cachedMethods: ["GET", "HEAD"],
                // Images are compressed already; the function answers problem+json briefly.
                compress: false,
                cachePolicyId: transform.cachePolicy.id,
                responseHeadersPolicyId: this.imagesHeadersPolicy.id,
                functionAssociation: [
                  { eventType: "viewer-request", functionArn: transform.negotiateFormat.arn },
                ],
              },
            ]
          : []),
      ],
      defaultCacheBehavior: {
        targetOriginId: CDN_ORIGINS.frontend,
        viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: ["GET", "HEAD"],
        cachedMethods: ["GET", "HEAD"],
        compress: true,
        cachePolicyId: this.frontendCachePolicy.id,
        responseHeadersPolicyId: this.frontendHeadersPolicy.id,
        functionAssociation: [{ eventType: "viewer-request", functionArn: this.spaFallback.arn }],
      },
      restrictions: { geoRestriction: { restrictionType: "none" } },
      viewerCertificate: certificate
        ? {
            acmCertificateArn: certificate.arn,
            sslSupportMethod: "sni-only",
            minimumProtocolVersion: "TLSv1.2_2021",
          }
        : { cloudfrontDefaultCertificate: true },
    });

    processed.allowService({
      sid: "CloudFrontReadsVariants",
      service: "cloudfront.amazonaws.com",
      actions: ["s3:GetObject"],
      keyPrefix: IMAGES_PREFIX,
      sourceArn: this.distribution.arn,
    });
    if (transform) {
      processed.allowService({
        sid: "CloudFrontReadsRenditions",
        service: "cloudfront.amazonaws.com",
        actions: ["s3:GetObject"],
        keyPrefix: RENDITIONS_PREFIX,
        sourceArn: this.distribution.arn,
      });
    }
    frontend.allowService({
      sid: "CloudFrontReadsTheSpa",
      service: "cloudfront.amazonaws.com",
      actions: ["s3:GetObject"],
      keyPrefix: "",
      sourceArn: this.distribution.arn,
    });
    this.url = `https://${certificate ? certificate.domainName : this.distribution.domainName}`;
  }

  /**
   * What `/t/*` needs: SigV4-signed calls to the function URL (origin access control for
   * Lambda), a cache key of the path, the query string and the negotiated format (never
   * the raw `Accept`), and the viewer-request function that negotiates it.
   */
  private transformParts(config: PipelineConfig): NonNullable<Cdn["transform"]> {
    return {
      originAccessControl: new CloudfrontOriginAccessControl(this, "lambda-access", {
        name: resourceName(config, "transform"),
        description: "CloudFront calls the transform function URL with SigV4",
        originAccessControlOriginType: "lambda",
        signingBehavior: "always",
        signingProtocol: "sigv4",
      }),
      cachePolicy: new CloudfrontCachePolicy(this, "transform-cache", {
        name: resourceName(config, "transform"),
        comment:
          "Transforms: the function's Cache-Control decides; the key holds the negotiated format",
        minTtl: 0,
        defaultTtl: 60,
        maxTtl: ONE_YEAR_IN_SECONDS,
        parametersInCacheKeyAndForwardedToOrigin: {
          cookiesConfig: { cookieBehavior: "none" },
          headersConfig: {
            headerBehavior: "whitelist",
            headers: { items: [NEGOTIATED_FORMAT_HEADER] },
          },
          // The query form's edits and the signed expiry.
          queryStringsConfig: { queryStringBehavior: "all" },
          enableAcceptEncodingBrotli: false,
          enableAcceptEncodingGzip: false,
        },
      }),
      negotiateFormat: new CloudfrontFunction(this, "negotiate-format", {
        name: resourceName(config, "negotiate-format"),
        runtime: "cloudfront-js-2.0",
        comment: "Turns Accept into one header: avif, webp or jpeg",
        publish: true,
        code: NEGOTIATE_FORMAT_VIEWER_FUNCTION,
      }),
    };
  }
}

/** Nothing varies a response: no cookies, headers or query strings reach S3. */
function noParameters() {
  return {
    cookiesConfig: { cookieBehavior: "none" },
    headersConfig: { headerBehavior: "none" },
    queryStringsConfig: { queryStringBehavior: "none" },
    enableAcceptEncodingBrotli: true,
    enableAcceptEncodingGzip: true,
  };
}

function securityHeaders(): CloudfrontResponseHeadersPolicySecurityHeadersConfig {
  return {
    strictTransportSecurity: {
      accessControlMaxAgeSec: TWO_YEARS_IN_SECONDS,
      includeSubdomains: true,
      preload: true,
      override: true,
    },
    contentTypeOptions: { override: true },
    frameOptions: { frameOption: "DENY", override: true },
    referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: true },
  };
}

/** The SPA loads only its own code and styles and talks only to the pipeline's origins. */
export function spaContentSecurityPolicy(connectSources: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${connectSources.join(" ")}`.trim(),
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
