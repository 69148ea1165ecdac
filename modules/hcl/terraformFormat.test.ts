import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { describe, expect, it } from "vitest";
import { restoreTerraformAttributes } from "./terraformBlock.js";
import { formatTerraformHcl, loneInterpolation } from "./terraformFormat.js";

const terraformOnPath = (process.env.PATH ?? "")
  .split(delimiter)
  .some((dir) => dir !== "" && existsSync(join(dir, "terraform")));

/** cdktf-style HCL: no indentation, lone interpolations quoted, quoted depends_on. */
const CDKTF_HCL = `locals {
pattern = {
name = [
"\${aws_s3_bucket.uploads.bucket}",
]
key = "\${aws_s3_bucket.uploads.id}"
}
}
resource "aws_sqs_queue" "b" {
name = "b"
policy = "\${jsonencode({"a" = 1, "b" = [1,2]})}"
label = "\${var.x}-\${var.y}"
prefix = "x\${var.x}"
depends_on = [
"aws_sqs_queue.a",
]
rule {
arn = "\${aws_sqs_queue.a.arn}"
}
}
resource "aws_acm_certificate" "c" {
provider = "aws.us_east_1"
domain_name = "example.com"
}
resource "aws_cloudfront_function" "f" {
code = <<EOF
function handler(event) {
  return "\${x}";
}
EOF
name = "f"
}
`;

describe("formatTerraformHcl", () => {
  it("unquotes an attribute whose value is one interpolation, as terraform fmt does", async () => {
    const hcl = await formatTerraformHcl(CDKTF_HCL);

    expect(hcl).toContain('  policy = jsonencode({ "a" = 1, "b" = [1, 2] })\n');
    expect(hcl).toContain("    arn = aws_sqs_queue.a.arn\n");
  });

  it("keeps strings that are more than one interpolation", async () => {
    const hcl = await formatTerraformHcl(CDKTF_HCL);

    expect(hcl).toContain('label  = "${var.x}-${var.y}"');
    expect(hcl).toContain('prefix = "x${var.x}"');
  });

  it("keeps interpolations inside lists and object values, which terraform fmt leaves alone", async () => {
    const hcl = await formatTerraformHcl(CDKTF_HCL);

    expect(hcl).toContain('      "${aws_s3_bucket.uploads.bucket}",\n');
    expect(hcl).toContain('    key = "${aws_s3_bucket.uploads.id}"\n');
  });

  it("names depends_on targets bare", async () => {
    const hcl = await formatTerraformHcl(CDKTF_HCL);

    expect(hcl).toContain("  depends_on = [\n    aws_sqs_queue.a,\n  ]");
  });

  it("names an aliased provider bare", async () => {
    const hcl = await formatTerraformHcl(CDKTF_HCL);

    expect(hcl).toContain("  provider    = aws.us_east_1\n");
  });

  it("leaves heredocs as they are", async () => {
    const hcl = await formatTerraformHcl(CDKTF_HCL);

    expect(hcl).toContain('function handler(event) {\n  return "${x}";\n}\nEOF\n');
  });

  it.runIf(terraformOnPath)("writes exactly what terraform fmt writes", async () => {
    const hcl = await formatTerraformHcl(CDKTF_HCL);

    const formatted = execFileSync("terraform", ["fmt", "-"], { input: hcl, encoding: "utf8" });

    expect(hcl).toBe(formatted);
  });
});

describe("loneInterpolation", () => {
  it.each([
    ['"${a.b}"', "a.b"],
    ['"${jsonencode({"k" = "}"})}"', 'jsonencode({"k" = "}"})'],
    ['"${format("%s-${x}", y)}"', 'format("%s-${x}", y)'],
  ])("unwraps %s", (value, expression) => {
    expect(loneInterpolation(value)).toBe(expression);
  });

  it.each(['"plain"', '"${a}-${b}"', '"x${a}"', '"${a}x"', "a.b"])("keeps %s", (value) => {
    expect(loneInterpolation(value)).toBeUndefined();
  });
});

describe("restoreTerraformAttributes", () => {
  it("puts back the terraform block's plain attributes cdktf renders as their index", () => {
    const hcl = 'terraform {\n  backend "s3" {\n  }\n\n  0 = "required_version"\n}\n';

    expect(restoreTerraformAttributes(hcl, { required_version: ">= 1.10" })).toBe(
      'terraform {\n  backend "s3" {\n  }\n\n  required_version = ">= 1.10"\n}\n',
    );
  });
});
