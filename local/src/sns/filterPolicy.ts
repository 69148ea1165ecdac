import { SnsApiError } from "../errors.js";
import type { MessageAttribute } from "./queryProtocol.js";

/**
 * SNS subscription filter policies on message attributes (`FilterPolicyScope`
 * `MessageAttributes`, the default): every key must match (AND), the conditions of a key
 * are alternatives (OR), and `$or` lists alternative policies.
 * See https://docs.aws.amazon.com/sns/latest/dg/sns-subscription-filter-policies.html
 */
export interface FilterPolicy {
  readonly conditions: Readonly<Record<string, readonly Condition[]>>;
  readonly or: readonly FilterPolicy[];
}

type Scalar = string | number | boolean | null;
type Matcher = Scalar | { prefix: string } | { suffix: string } | { "equals-ignore-case": string };
type NumericOperator = "=" | "<" | "<=" | ">" | ">=";
type Condition =
  | Matcher
  | { "anything-but": Matcher | Matcher[] }
  | { numeric: (NumericOperator | number)[] }
  | { exists: boolean };

const NUMERIC_OPERATORS = new Set(["=", "<", "<=", ">", ">="]);

/**
 * Validates a policy as Subscribe and SetSubscriptionAttributes receive it.
 *
 * @throws SnsApiError `InvalidParameter` naming what is wrong
 * @example
 * const policy = parseFilterPolicy('{"eventType":["image.processed"]}');
 * matchesFilterPolicy(policy, { eventType: { type: "String", value: "image.processed" } }); // true
 */
export function parseFilterPolicy(json: string): FilterPolicy {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw invalid("it is not JSON", error);
  }
  return toPolicy(raw);
}

function toPolicy(raw: unknown): FilterPolicy {
  if (!isRecord(raw)) throw invalid("the policy must be a JSON object");
  const conditions: Record<string, Condition[]> = {};
  const or: FilterPolicy[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (key === "$or") {
      if (!Array.isArray(value) || value.length < 2)
        throw invalid("$or needs two policies or more");
      or.push(...value.map(toPolicy));
      continue;
    }
    if (!Array.isArray(value) || value.length === 0) {
      throw invalid(`"${key}" must be a non-empty array of conditions`);
    }
    value.forEach((condition) => {
      validateCondition(key, condition);
    });
    conditions[key] = value as Condition[];
  }
  return { conditions, or };
}

function validateCondition(key: string, condition: unknown): void {
  if (!isRecord(condition)) return;
  const [operator, ...others] = Object.keys(condition);
  const check = operator === undefined ? undefined : OPERAND_CHECKS[operator];
  if (operator === undefined || others.length > 0 || !check) {
    throw invalid(`"${key}" has a condition that is not one known operator`);
  }
  if (!check(condition[operator])) throw invalid(`"${key}" has an invalid ${operator} condition`);
}

const isString = (operand: unknown) => typeof operand === "string";
const OPERAND_CHECKS: Record<string, (operand: unknown) => boolean> = {
  prefix: isString,
  suffix: isString,
  "equals-ignore-case": isString,
  exists: (operand) => typeof operand === "boolean",
  numeric: isNumericRange,
  "anything-but": isAnythingBut,
};

function isNumericRange(operand: unknown): boolean {
  if (!Array.isArray(operand) || (operand.length !== 2 && operand.length !== 4)) return false;
  return operand.every((item, i) =>
    i % 2 === 0 ? NUMERIC_OPERATORS.has(item as string) : typeof item === "number",
  );
}

function isAnythingBut(operand: unknown): boolean {
  const items = Array.isArray(operand) ? operand : [operand];
  return items.every((item) => !isRecord(item) || "prefix" in item || "suffix" in item);
}

/** Whether a message with these attributes reaches a subscription with this policy. */
export function matchesFilterPolicy(
  policy: FilterPolicy,
  attributes: Readonly<Record<string, MessageAttribute>>,
): boolean {
  const own = Object.entries(policy.conditions).every(([key, conditions]) => {
    const values = attributeValues(attributes[key]);
    return conditions.some((condition) => matchesCondition(condition, values));
  });
  return (
    own && (policy.or.length === 0 || policy.or.some((p) => matchesFilterPolicy(p, attributes)))
  );
}

/** The values a condition is tested against; undefined when the attribute is absent. */
function attributeValues(attribute: MessageAttribute | undefined): Scalar[] | undefined {
  if (attribute === undefined) return undefined;
  if (attribute.type.startsWith("Number")) return [Number(attribute.value)];
  if (attribute.type === "String.Array") {
    try {
      const parsed: unknown = JSON.parse(attribute.value);
      return Array.isArray(parsed) ? (parsed as Scalar[]) : undefined;
    } catch {
      return undefined;
    }
  }
  // Binary attributes are not used for filtering.
  return attribute.type.startsWith("String") ? [attribute.value] : undefined;
}

function matchesCondition(condition: Condition, values: Scalar[] | undefined): boolean {
  if (isRecord(condition) && "exists" in condition) {
    return condition.exists === (values !== undefined);
  }
  if (values === undefined) return false;
  return values.some((value) => matchesValue(condition, value));
}

function matchesValue(condition: Condition, value: Scalar): boolean {
  if (!isRecord(condition)) return condition === value;
  if ("anything-but" in condition) {
    const excluded = condition["anything-but"];
    const list = Array.isArray(excluded) ? excluded : [excluded];
    return !list.some((matcher) => matchesValue(matcher, value));
  }
  if ("numeric" in condition) return typeof value === "number" && inRange(condition.numeric, value);
  if (typeof value !== "string") return false;
  if ("prefix" in condition) return value.startsWith(condition.prefix);
  if ("suffix" in condition) return value.endsWith(condition.suffix);
  if ("equals-ignore-case" in condition) {
    return value.toLowerCase() === condition["equals-ignore-case"].toLowerCase();
  }
  return false;
}

function inRange(range: (NumericOperator | number)[], value: number): boolean {
  for (let i = 0; i < range.length; i += 2) {
    const bound = range[i + 1] as number;
    const holds = {
      "=": value === bound,
      "<": value < bound,
      "<=": value <= bound,
      ">": value > bound,
      ">=": value >= bound,
    }[range[i] as NumericOperator];
    if (!holds) return false;
  }
  return true;
}

function invalid(reason: string, cause?: unknown): SnsApiError {
  return new SnsApiError("InvalidParameter", `Invalid parameter: FilterPolicy: ${reason}`, 400, {
    cause,
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
