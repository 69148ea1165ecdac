import { format } from "@cdktf/hcl-tools";

/**
 * Formats cdktf's HCL the way `terraform fmt` would, so the synthesized files pass
 * `terraform fmt -check`. hclwrite (shipped with cdktf as WebAssembly) fixes indentation
 * and alignment; two rewrites it leaves to Terraform's own `fmt` happen here:
 *
 * - an attribute whose value is a lone interpolation loses its quotes:
 *   `bucket = "${aws_s3_bucket.a.id}"` becomes `bucket = aws_s3_bucket.a.id`;
 * - `depends_on` lists and `provider` name resources and providers bare, not as quoted
 *   (deprecated) strings.
 *
 * @example
 * await formatTerraformHcl('resource "a" "b" {\nname = "${x.y}"\n}\n');
 * // 'resource "a" "b" {\n  name = x.y\n}\n'
 */
export async function formatTerraformHcl(hcl: string): Promise<string> {
  const first = await format(hcl);
  return format(rewriteForTerraformFmt(first));
}

/** Nesting that a line opens: a block body (attributes) or an expression (list, object, call). */
type Nesting = "body" | "expression";

const BLOCK_HEADER = /^[A-Za-z_][\w-]*(?:\s+(?:"[^"]*"|[A-Za-z_][\w-]*))*\s*\{$/;
const ATTRIBUTE = /^(\s*)([A-Za-z_][\w-]*)(\s*=\s*)(.*)$/;
const HEREDOC_START = /<<-?([A-Za-z_]\w*)\s*$/;

/** The two rewrites, on hclwrite's output (one attribute or block header per line). */
export function rewriteForTerraformFmt(hcl: string): string {
  const stack: Nesting[] = [];
  let heredocEnd: string | undefined;
  let inDependsOn = false;
  const lines = hcl.split("\n").map((line) => {
    if (heredocEnd !== undefined) {
      if (line.trim() === heredocEnd) heredocEnd = undefined;
      return line;
    }
    const trimmed = line.trim();
    let rewritten = line;
    const inBody = stack.length === 0 || stack[stack.length - 1] === "body";
    const attribute = ATTRIBUTE.exec(line);
    if (inBody && attribute) {
      const [, indent, name, assign, value = ""] = attribute;
      const provider =
        name === "provider" ? /^"([a-z][\w-]*(?:\.[\w-]+)?)"$/.exec(value.trim()) : null;
      const expression = provider?.[1] ?? loneInterpolation(value);
      if (expression !== undefined) rewritten = `${indent}${name}${assign}${expression}`;
      inDependsOn = name === "depends_on" && value.trim() === "[";
    } else if (inDependsOn) {
      rewritten = line.replace(/^(\s*)"([\w.-]+)"(,?)\s*$/, "$1$2$3");
    }

    const heredoc = HEREDOC_START.exec(trimmed);
    if (heredoc) {
      heredocEnd = heredoc[1];
    } else if (BLOCK_HEADER.test(trimmed) && inBody && !attribute) {
      stack.push("body");
    } else {
      for (const bracket of bracketsOutsideStrings(trimmed)) {
        if (bracket === "open") stack.push("expression");
        else stack.pop();
      }
    }
    if (inDependsOn && trimmed.startsWith("]")) inDependsOn = false;
    return rewritten;
  });
  return lines.join("\n");
}

/**
 * The expression inside `"${…}"` when the whole string is that one interpolation, as
 * `terraform fmt` unwraps it; undefined otherwise (`"${a}-${b}"`, `"x${a}"`, `"a"`).
 */
export function loneInterpolation(value: string): string | undefined {
  const text = value.trim();
  if (!text.startsWith('"${') || !text.endsWith('}"')) return undefined;
  const end = endOfInterpolation(text, 3);
  return end === text.length - 2 ? text.slice(3, end) : undefined;
}

/** Index of the `}` that closes an interpolation whose expression starts at `start`. */
function endOfInterpolation(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      i = endOfString(text, i + 1);
    } else if (char === "{" || char === "(" || char === "[") {
      depth++;
    } else if (char === "}" || char === ")" || char === "]") {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** Index of the quote that closes a string whose content starts at `start`. */
function endOfString(text: string, start: number): number {
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (char === "\\") {
      i++;
    } else if ((char === "$" || char === "%") && text[i + 1] === "{") {
      i = endOfInterpolation(text, i + 2);
      if (i < 0) return text.length;
    } else if (char === '"') {
      return i;
    }
  }
  return text.length;
}

/** The brackets of a line that open or close nesting, skipping those inside strings. */
function bracketsOutsideStrings(line: string): ("open" | "close")[] {
  const brackets: ("open" | "close")[] = [];
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (char === '"') {
      i = endOfString(line, i + 1);
    } else if (char === "{" || char === "[" || char === "(") {
      brackets.push("open");
    } else if (char === "}" || char === "]" || char === ")") {
      brackets.push("close");
    }
  }
  return brackets;
}
