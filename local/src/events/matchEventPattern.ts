/**
 * EventBridge event pattern matching, for the subset imgpipe's rules use: exact values
 * and `prefix`. Every field of the pattern must match; arrays are alternatives.
 * See https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
 */
export type EventPattern = { [field: string]: EventPattern | PatternValue[] };
type PatternValue = string | number | boolean | null | { prefix: string };

export function matchesEventPattern(pattern: EventPattern, event: unknown): boolean {
  if (!isRecord(event)) return false;
  return Object.entries(pattern).every(([field, expected]) => {
    const actual = event[field];
    if (Array.isArray(expected)) {
      const values = Array.isArray(actual) ? actual : [actual];
      return values.some((value) => expected.some((rule) => matchesValue(rule, value)));
    }
    return matchesEventPattern(expected, actual);
  });
}

function matchesValue(rule: PatternValue, value: unknown): boolean {
  if (rule !== null && typeof rule === "object") {
    if ("prefix" in rule) return typeof value === "string" && value.startsWith(rule.prefix);
    throw new Error(`Unsupported event pattern operator: ${JSON.stringify(rule)}`);
  }
  return rule === value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
