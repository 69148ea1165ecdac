import {
  IMAGES_PREFIX,
  NEGOTIATE_FORMAT_VIEWER_FUNCTION,
  NEGOTIATED_FORMAT_HEADER,
  RENDITIONS_PREFIX,
} from "@imgpipe/core";
import { describe, expect, it } from "vitest";
import { CDN_ORIGINS, SPA_FALLBACK_FUNCTION, spaContentSecurityPolicy } from "./cdn.js";
import { synthesizePipeline } from "./testing/fixtures.js";
import { blockOf, blocksOfType, policyStatements, reference } from "./testing/terraformJson.js";

interface Behaviour {
  path_pattern?: string;
  target_origin_id: string;
  viewer_protocol_policy: string;
  cache_policy_id: string;
  response_headers_policy_id: string;
  function_association?: { event_type: string; function_arn: string }[];
}

function synthesizeCdn(input: Parameters<typeof synthesizePipeline>[0] = {}) {
  const { stack, tf } = synthesizePipeline(input);
  const distribution = blockOf(tf, stack.cdn.distribution);
  return { stack, tf, distribution };
}

describe("Cdn", () => {
  it("reads both private buckets through origin access control", () => {
    const { stack, tf, distribution } = synthesizeCdn({ features: { transform: false } });

    expect(distribution.origin).toEqual([
      {
        origin_id: CDN_ORIGINS.processed,
        domain_name: reference(stack.storage.processed, "bucket_regional_domain_name"),
        origin_access_control_id: reference(stack.cdn.originAccessControl, "id"),
      },
      {
        origin_id: CDN_ORIGINS.frontend,
        domain_name: reference(stack.storage.frontend, "bucket_regional_domain_name"),
        origin_access_control_id: reference(stack.cdn.originAccessControl, "id"),
      },
    ]);
    expect(blockOf(tf, stack.cdn.originAccessControl)).toMatchObject({
      origin_access_control_origin_type: "s3",
      signing_behavior: "always",
      signing_protocol: "sigv4",
    });
  });

  it("serves /images/* from the processed bucket with its own cache policy", () => {
    const { stack, distribution } = synthesizeCdn({ features: { transform: false } });

    const [images, ...others] = distribution.ordered_cache_behavior as Behaviour[];

    expect(others).toEqual([]);
    expect(images).toMatchObject({
      path_pattern: `/${IMAGES_PREFIX}*`,
      target_origin_id: CDN_ORIGINS.processed,
      viewer_protocol_policy: "redirect-to-https",
      cache_policy_id: reference(stack.cdn.imagesCachePolicy, "id"),
      response_headers_policy_id: reference(stack.cdn.imagesHeadersPolicy, "id"),
    });
  });

  it("serves everything else from the frontend bucket, with the SPA fallback", () => {
    const { stack, distribution } = synthesizeCdn();

    const behaviour = distribution.default_cache_behavior as Behaviour;

    expect(behaviour).toMatchObject({
      target_origin_id: CDN_ORIGINS.frontend,
      viewer_protocol_policy: "redirect-to-https",
      cache_policy_id: reference(stack.cdn.frontendCachePolicy, "id"),
      response_headers_policy_id: reference(stack.cdn.frontendHeadersPolicy, "id"),
      function_association: [
        { event_type: "viewer-request", function_arn: reference(stack.cdn.spaFallback, "arn") },
      ],
    });
    expect(distribution.default_root_object).toBe("index.html");
  });

  it.each([
    ["/gallery/42", "/index.html"],
    ["/", "/index.html"],
    ["/assets/app-3f2a.js", "/assets/app-3f2a.js"],
    ["/favicon.ico", "/favicon.ico"],
  ])("rewrites %s to %s in the SPA fallback function", (uri, expected) => {
    const handler = new Function(`${SPA_FALLBACK_FUNCTION}; return handler;`)() as (event: {
      request: { uri: string };
    }) => { uri: string };

    expect(handler({ request: { uri } }).uri).toBe(expected);
  });

  it("sends HSTS, nosniff and frame denial with every response, and a CSP with the SPA", () => {
    const { stack, tf } = synthesizeCdn();

    const images = blockOf(tf, stack.cdn.imagesHeadersPolicy).security_headers_config;
    const frontend = blockOf(tf, stack.cdn.frontendHeadersPolicy).security_headers_config;

    for (const headers of [images, frontend]) {
      expect(headers).toMatchObject({
        strict_transport_security: {
          access_control_max_age_sec: 63_072_000,
          include_subdomains: true,
          preload: true,
          override: true,
        },
        content_type_options: { override: true },
        frame_options: { frame_option: "DENY", override: true },
      });
    }
    expect(frontend).toMatchObject({
      content_security_policy: {
        override: true,
        content_security_policy: expect.stringContaining("default-src 'self'"),
      },
    });
  });

  it("lets the SPA talk to the uploads bucket, the API hosts and the sign-in (issuer and hosted sign-in) only", () => {
    const { stack, tf } = synthesizeCdn();

    const csp = String(
      (
        blockOf(tf, stack.cdn.frontendHeadersPolicy).security_headers_config as {
          content_security_policy: { content_security_policy: string };
        }
      ).content_security_policy.content_security_policy,
    );

    expect(csp).toContain(
      `connect-src 'self' https://${reference(stack.storage.uploads, "bucket_regional_domain_name")} https://*.execute-api.eu-west-1.amazonaws.com https://cognito-idp.eu-west-1.amazonaws.com https://imgpipe-dev-123456789012.auth.eu-west-1.amazoncognito.com;`,
    );
    // Variants come from the distribution itself; the ThumbHash preview is a data: URL.
    expect(csp).toContain("img-src 'self' data:;");
    expect(spaContentSecurityPolicy([])).toContain("connect-src 'self';");
  });

  it("revalidates variants at the edge hourly, so a deleted image leaves the CDN, and forwards nothing to S3", () => {
    const { stack, tf } = synthesizeCdn();

    expect(blockOf(tf, stack.cdn.imagesCachePolicy)).toMatchObject({
      min_ttl: 0,
      default_ttl: 3600,
      max_ttl: 3600,
      parameters_in_cache_key_and_forwarded_to_origin: {
        cookies_config: { cookie_behavior: "none" },
        headers_config: { header_behavior: "none" },
        query_strings_config: { query_string_behavior: "none" },
      },
    });
  });

  it.each([
    ["processed", "CloudFrontReadsVariants", IMAGES_PREFIX],
    ["frontend", "CloudFrontReadsTheSpa", ""],
  ] as const)(
    "lets exactly this distribution read the %s bucket, in the bucket's one policy",
    (name, sid, prefix) => {
      const { stack, tf } = synthesizeCdn({ features: { transform: false } });
      const bucket = stack.storage[`${name}Bucket`];

      const statements = policyStatements(tf, reference(bucket.policyDocument, "json"));

      expect(statements.map((statement) => statement.sid)).toEqual(["DenyInsecureTransport", sid]);
      expect(statements[1]).toEqual({
        sid,
        principals: [{ type: "Service", identifiers: ["cloudfront.amazonaws.com"] }],
        actions: ["s3:GetObject"],
        resources: [`${reference(bucket.bucket, "arn")}/${prefix}*`],
        condition: [
          {
            test: "StringEquals",
            variable: "AWS:SourceArn",
            values: [reference(stack.cdn.distribution, "arn")],
          },
        ],
      });
    },
  );

  it("uses CloudFront's certificate and name without a custom domain", () => {
    const { distribution } = synthesizeCdn();

    expect(distribution.viewer_certificate).toEqual({ cloudfront_default_certificate: true });
    expect(distribution.aliases).toBeUndefined();
  });

  it("serves the custom domain with its validated certificate, TLS 1.2 or newer", () => {
    const { stack, distribution } = synthesizeCdn({
      domain: { name: "images.example.com", hostedZoneId: "Z0123456789ABC" },
    });

    expect(distribution.aliases).toEqual(["images.example.com"]);
    expect(distribution.viewer_certificate).toEqual({
      acm_certificate_arn: expect.stringMatching(
        /^\$\{aws_acm_certificate_validation\.[\w-]+\.certificate_arn\}$/,
      ),
      ssl_support_method: "sni-only",
      minimum_protocol_version: "TLSv1.2_2021",
    });
    expect(stack.cdn.url).toBe("https://images.example.com");
  });
});

describe("Cdn's /t/* behaviour (features.transform)", () => {
  /** The CDN with transforms on (the default), and the parts of both. */
  function synthesizeTransform() {
    const { stack, tf, distribution } = synthesizeCdn();
    const { transform: parts } = stack.cdn;
    const { transform } = stack;
    if (!parts || !transform) throw new Error("transforms are on by default");
    return { stack, tf, distribution, parts, transform };
  }

  it("calls the transform function URL with origin access control for Lambda, HTTPS only", () => {
    const { tf, distribution, parts, transform } = synthesizeTransform();

    const origin = (distribution.origin as { origin_id: string }[]).find(
      (o) => o.origin_id === CDN_ORIGINS.transform,
    );

    expect(origin).toMatchObject({
      origin_access_control_id: reference(parts.originAccessControl, "id"),
      custom_origin_config: {
        origin_protocol_policy: "https-only",
        origin_ssl_protocols: ["TLSv1.2"],
      },
    });
    expect(String((origin as { domain_name?: string }).domain_name)).toContain(
      // Inside the expression that strips https:// and the trailing slash.
      reference(transform.url, "function_url").slice(2, -1),
    );
    expect(blockOf(tf, parts.originAccessControl)).toMatchObject({
      origin_access_control_origin_type: "lambda",
      signing_behavior: "always",
      signing_protocol: "sigv4",
    });
    expect(blockOf(tf, transform.url)).toMatchObject({ authorization_type: "AWS_IAM" });
  });

  it("routes /t/* to the function with the negotiated format, never the raw Accept, in the cache key", () => {
    const { tf, distribution, parts } = synthesizeTransform();

    const behaviour = (distribution.ordered_cache_behavior as Behaviour[]).find(
      (b) => b.path_pattern === "/t/*",
    );

    expect(behaviour).toMatchObject({
      target_origin_id: CDN_ORIGINS.transform,
      viewer_protocol_policy: "redirect-to-https",
      cache_policy_id: reference(parts.cachePolicy, "id"),
      function_association: [
        {
          event_type: "viewer-request",
          function_arn: reference(parts.negotiateFormat, "arn"),
        },
      ],
    });
    expect(blockOf(tf, parts.cachePolicy)).toMatchObject({
      min_ttl: 0,
      max_ttl: 31_536_000,
      parameters_in_cache_key_and_forwarded_to_origin: {
        cookies_config: { cookie_behavior: "none" },
        headers_config: {
          header_behavior: "whitelist",
          headers: { items: [NEGOTIATED_FORMAT_HEADER] },
        },
        query_strings_config: { query_string_behavior: "all" },
      },
    });
    expect(blockOf(tf, parts.negotiateFormat)).toMatchObject({
      runtime: "cloudfront-js-2.0",
      code: NEGOTIATE_FORMAT_VIEWER_FUNCTION,
    });
  });

  it("serves stored renditions from the processed bucket, which only this distribution reads", () => {
    const { stack, tf, distribution } = synthesizeCdn();

    const renditions = (distribution.ordered_cache_behavior as Behaviour[]).find(
      (b) => b.path_pattern === `/${RENDITIONS_PREFIX}*`,
    );
    const statements = policyStatements(
      tf,
      reference(stack.storage.processedBucket.policyDocument, "json"),
    );

    expect(renditions?.target_origin_id).toBe(CDN_ORIGINS.processed);
    expect(statements.find((s) => s.sid === "CloudFrontReadsRenditions")).toMatchObject({
      actions: ["s3:GetObject"],
      resources: [`${reference(stack.storage.processed, "arn")}/${RENDITIONS_PREFIX}*`],
    });
  });

  it("lets only this distribution invoke the function", () => {
    const { stack, tf, transform } = synthesizeTransform();

    const permissions = blocksOfType(tf, "aws_lambda_permission").filter(
      (p) => p.function_name === reference(transform.function.fn, "function_name"),
    );

    expect(permissions.map((p) => [p.action, p.principal, p.source_arn])).toEqual([
      [
        "lambda:InvokeFunctionUrl",
        "cloudfront.amazonaws.com",
        reference(stack.cdn.distribution, "arn"),
      ],
      [
        "lambda:InvokeFunction",
        "cloudfront.amazonaws.com",
        reference(stack.cdn.distribution, "arn"),
      ],
    ]);
  });
});
