import { createHmac, timingSafeEqual } from "node:crypto";

/** A presigned POST as S3 receives it: the form fields (names as sent) and the file's size. */
export interface PostForm {
  bucket: string;
  fields: Record<string, string>;
  fileSize: number;
}

/** An S3 error answer: the code and message S3 sends in its XML, and the HTTP status. */
export interface S3Refusal {
  status: number;
  code: string;
  message: string;
}

type Condition = Record<string, unknown> | unknown[];

/** Fields that no condition has to cover (S3: "except x-amz-signature, file, policy, x-ignore-*"). */
const UNCOVERED = new Set(["policy", "x-amz-signature", "file"]);

const deny = (message: string): S3Refusal => ({ status: 403, code: "AccessDenied", message });

/**
 * Checks a presigned POST as S3 does with Signature Version 4: the signature over the
 * base64 policy, its expiry, each condition (exact, `eq`, `starts-with`,
 * `content-length-range`) and that every field is covered by one. Returns the refusal
 * S3 would answer, or undefined when S3 would accept the upload.
 * See https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html
 */
export function checkPostPolicy(
  form: PostForm,
  secretFor: (accessKeyId: string) => string | undefined,
  now: Date,
): S3Refusal | undefined {
  const fields = lowerCased(form.fields);
  const policy = fields.policy;
  if (policy === undefined) {
    return deny(
      "Bucket POST must contain a field named 'policy'. If it is specified, please check the order of the fields.",
    );
  }
  const signatureProblem = checkSignature(fields, policy, secretFor);
  if (signatureProblem) return signatureProblem;
  let document: { expiration?: unknown; conditions?: unknown };
  try {
    document = JSON.parse(Buffer.from(policy, "base64").toString("utf8"));
  } catch {
    return { status: 400, code: "InvalidPolicyDocument", message: "Invalid Policy: Invalid JSON." };
  }
  const expiration = Date.parse(String(document.expiration));
  if (Number.isNaN(expiration)) {
    return {
      status: 400,
      code: "InvalidPolicyDocument",
      message: "Invalid Policy: Invalid 'expiration' value.",
    };
  }
  if (now.getTime() > expiration) return deny("Invalid according to Policy: Policy expired.");
  const conditions = Array.isArray(document.conditions) ? (document.conditions as Condition[]) : [];
  const covered = new Set<string>();
  for (const condition of conditions) {
    const refusal = checkCondition(
      condition,
      { ...fields, bucket: form.bucket },
      form.fileSize,
      covered,
    );
    if (refusal) return refusal;
  }
  const extra = Object.keys(fields).filter(
    (name) => !UNCOVERED.has(name) && !name.startsWith("x-ignore-") && !covered.has(name),
  );
  if (extra.length > 0) {
    return deny(`Invalid according to Policy: Extra input fields: ${extra.join(", ")}`);
  }
  return undefined;
}

function checkSignature(
  fields: Record<string, string>,
  policy: string,
  secretFor: (accessKeyId: string) => string | undefined,
): S3Refusal | undefined {
  const credential = fields["x-amz-credential"] ?? "";
  const signature = fields["x-amz-signature"] ?? "";
  if (fields["x-amz-algorithm"] !== "AWS4-HMAC-SHA256" || !credential || !signature) {
    return {
      status: 400,
      code: "InvalidArgument",
      message:
        "POST requires x-amz-algorithm AWS4-HMAC-SHA256, x-amz-credential and x-amz-signature",
    };
  }
  const [accessKeyId = "", date = "", region = "", service = "", terminator = ""] =
    credential.split("/");
  const secret = secretFor(accessKeyId);
  if (secret === undefined) {
    return {
      status: 403,
      code: "InvalidAccessKeyId",
      message: "The AWS Access Key Id you provided does not exist in our records.",
    };
  }
  if (service !== "s3" || terminator !== "aws4_request") {
    return {
      status: 400,
      code: "InvalidArgument",
      message: "x-amz-credential must be <key>/<date>/<region>/s3/aws4_request",
    };
  }
  const key = [date, region, service, terminator].reduce<Buffer>(
    (k, part) => hmac(k, part),
    Buffer.from(`AWS4${secret}`),
  );
  const expected = hmac(key, policy).toString("hex");
  const given = Buffer.from(signature.toLowerCase());
  if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected))) {
    return {
      status: 403,
      code: "SignatureDoesNotMatch",
      message:
        "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
    };
  }
  return undefined;
}

function checkCondition(
  condition: Condition,
  fields: Record<string, string>,
  fileSize: number,
  covered: Set<string>,
): S3Refusal | undefined {
  const failed = deny(
    `Invalid according to Policy: Policy Condition failed: ${JSON.stringify(condition)}`,
  );
  if (!Array.isArray(condition)) {
    // { "key": "value" }: an exact match.
    for (const [name, value] of Object.entries(condition)) {
      covered.add(name.toLowerCase());
      if (fields[name.toLowerCase()] !== String(value)) return failed;
    }
    return undefined;
  }
  const [operator, subject, value] = condition.map(String);
  if (operator?.toLowerCase() === "content-length-range") {
    const [min, max] = [Number(condition[1]), Number(condition[2])];
    if (fileSize > max) {
      return {
        status: 400,
        code: "EntityTooLarge",
        message: "Your proposed upload exceeds the maximum allowed size",
      };
    }
    if (fileSize < min) {
      return {
        status: 400,
        code: "EntityTooSmall",
        message: "Your proposed upload is smaller than the minimum allowed size",
      };
    }
    return undefined;
  }
  const name = (subject ?? "").replace(/^\$/, "").toLowerCase();
  covered.add(name);
  const actual = fields[name] ?? "";
  if (operator === "eq") return actual === value ? undefined : failed;
  if (operator === "starts-with") return actual.startsWith(value ?? "") ? undefined : failed;
  return {
    status: 400,
    code: "InvalidPolicyDocument",
    message: `Invalid Policy: Invalid condition ${JSON.stringify(condition)}`,
  };
}

function lowerCased(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields).map(([name, value]) => [name.toLowerCase(), value]),
  );
}

function hmac(key: Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data).digest();
}

/** The XML body S3 sends with an error. */
export function s3ErrorXml(refusal: S3Refusal, requestId: string): string {
  const xmlText = (text: string) =>
    text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${refusal.code}</Code><Message>${xmlText(refusal.message)}</Message><RequestId>${requestId}</RequestId><HostId>${requestId}</HostId></Error>`;
}
