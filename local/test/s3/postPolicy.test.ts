import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkPostPolicy } from "../../src/s3/postPolicy.js";

const SECRET = "S3RVER";
const secretFor = (id: string) => (id === "S3RVER" ? SECRET : undefined);
const NOW = new Date("2026-12-01T10:00:00Z");
const CREDENTIAL = "S3RVER/20261201/us-east-1/s3/aws4_request";

/** A form signed as S3's SigV4 POST wants: HMAC chain over date, region, service. */
function signedForm(
  conditions: unknown[],
  fields: Record<string, string>,
  expiration = "2026-12-01T10:05:00Z",
) {
  const policy = Buffer.from(JSON.stringify({ expiration, conditions })).toString("base64");
  const key = ["20261201", "us-east-1", "s3", "aws4_request"].reduce<Buffer>(
    (k, part) => createHmac("sha256", k).update(part).digest(),
    Buffer.from(`AWS4${SECRET}`),
  );
  return {
    Policy: policy,
    "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
    "X-Amz-Credential": CREDENTIAL,
    "X-Amz-Date": "20261201T100000Z",
    "X-Amz-Signature": createHmac("sha256", key).update(policy).digest("hex"),
    ...fields,
  };
}

const SIGNING_CONDITIONS = [
  { "X-Amz-Algorithm": "AWS4-HMAC-SHA256" },
  { "X-Amz-Credential": CREDENTIAL },
  { "X-Amz-Date": "20261201T100000Z" },
];
const conditions = [
  { bucket: "uploads" },
  { key: "uploads/alice/1/a.jpg" },
  ["eq", "$Content-Type", "image/jpeg"],
  ["content-length-range", 1, 1000],
  ...SIGNING_CONDITIONS,
];
const fields = { key: "uploads/alice/1/a.jpg", "Content-Type": "image/jpeg" };
const check = (form: Record<string, string>, fileSize = 500, bucket = "uploads", now = NOW) =>
  checkPostPolicy({ bucket, fields: form, fileSize }, secretFor, now);

describe("checkPostPolicy, as S3 checks a presigned POST", () => {
  it("accepts the upload the policy describes", () => {
    expect(check(signedForm(conditions, fields))).toBeUndefined();
  });

  it.each([
    ["another key", { ...fields, key: "uploads/bob/1/a.jpg" }, "AccessDenied"],
    ["another content type", { ...fields, "Content-Type": "text/html" }, "AccessDenied"],
    ["a field no condition covers", { ...fields, acl: "public-read" }, "AccessDenied"],
  ])("refuses %s", (_, changed, code) => {
    expect(check(signedForm(conditions, changed))).toMatchObject({ status: 403, code });
  });

  it("refuses another bucket", () => {
    expect(check(signedForm(conditions, fields), 500, "processed")).toMatchObject({
      code: "AccessDenied",
    });
  });

  it("refuses files outside content-length-range with EntityTooLarge / EntityTooSmall", () => {
    expect(check(signedForm(conditions, fields), 1001)).toMatchObject({
      status: 400,
      code: "EntityTooLarge",
    });
    expect(check(signedForm(conditions, fields), 0)).toMatchObject({
      status: 400,
      code: "EntityTooSmall",
    });
  });

  it("refuses an expired policy", () => {
    const form = signedForm(conditions, fields, "2026-12-01T09:59:59Z");

    expect(check(form)).toMatchObject({
      status: 403,
      message: "Invalid according to Policy: Policy expired.",
    });
  });

  it("refuses a policy changed after signing, and an unknown access key", () => {
    const form = signedForm(conditions, fields);
    const widened = JSON.parse(Buffer.from(form.Policy, "base64").toString());
    widened.conditions[1] = ["starts-with", "$key", "uploads/"];

    expect(
      check({ ...form, Policy: Buffer.from(JSON.stringify(widened)).toString("base64") }),
    ).toMatchObject({
      code: "SignatureDoesNotMatch",
    });
    expect(
      check({ ...form, "X-Amz-Credential": CREDENTIAL.replace("S3RVER", "OTHER") }),
    ).toMatchObject({
      code: "InvalidAccessKeyId",
    });
  });

  it("honours starts-with and ignores x-ignore- fields", () => {
    const prefixed = [
      { bucket: "uploads" },
      ["starts-with", "$key", "uploads/alice/"],
      ...SIGNING_CONDITIONS,
    ];

    expect(
      check(signedForm(prefixed, { key: "uploads/alice/2/b.png", "x-ignore-note": "hi" })),
    ).toBeUndefined();
    expect(check(signedForm(prefixed, { key: "uploads/bob/2/b.png" }))).toMatchObject({
      code: "AccessDenied",
    });
  });
});
