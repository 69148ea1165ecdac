import { describe, expect, it } from "vitest";
import { matchesFilterPolicy, parseFilterPolicy } from "../../src/sns/filterPolicy.js";
import type { MessageAttribute } from "../../src/sns/queryProtocol.js";

const string = (value: string): MessageAttribute => ({ type: "String", value });
const number = (value: number): MessageAttribute => ({ type: "Number", value: String(value) });
const matches = (policy: object, attributes: Record<string, MessageAttribute>) =>
  matchesFilterPolicy(parseFilterPolicy(JSON.stringify(policy)), attributes);

describe("SNS filter policies on message attributes", () => {
  const processed = { eventType: string("image.processed"), ownerId: string("alice") };

  it("matches exact values, any of a list, and every key", () => {
    expect(matches({ eventType: ["image.processed"] }, processed)).toBe(true);
    expect(matches({ eventType: ["image.failed", "image.processed"] }, processed)).toBe(true);
    expect(matches({ eventType: ["image.processed"], ownerId: ["bob"] }, processed)).toBe(false);
  });

  it("does not match when the attribute is missing, unless it asks for exists: false", () => {
    expect(matches({ tenant: ["a"] }, processed)).toBe(false);
    expect(matches({ tenant: [{ exists: false }] }, processed)).toBe(true);
    expect(matches({ ownerId: [{ exists: true }] }, processed)).toBe(true);
  });

  it("matches prefixes and suffixes", () => {
    expect(matches({ eventType: [{ prefix: "image." }] }, processed)).toBe(true);
    expect(matches({ eventType: [{ prefix: "video." }] }, processed)).toBe(false);
    expect(matches({ eventType: [{ suffix: ".processed" }] }, processed)).toBe(true);
  });

  it("matches anything-but a value, a list or a prefix", () => {
    expect(matches({ eventType: [{ "anything-but": "image.failed" }] }, processed)).toBe(true);
    expect(matches({ eventType: [{ "anything-but": ["image.processed"] }] }, processed)).toBe(
      false,
    );
    expect(matches({ eventType: [{ "anything-but": { prefix: "image." } }] }, processed)).toBe(
      false,
    );
    expect(matches({ tenant: [{ "anything-but": "x" }] }, processed)).toBe(false);
  });

  it("matches numeric ranges and exact numbers against Number attributes only", () => {
    const large = { bytes: number(2_000_000) };
    expect(matches({ bytes: [{ numeric: [">", 1_000_000] }] }, large)).toBe(true);
    expect(matches({ bytes: [{ numeric: [">=", 0, "<", 1_000_000] }] }, large)).toBe(false);
    expect(matches({ bytes: [2_000_000] }, large)).toBe(true);
    expect(matches({ bytes: ["2000000"] }, large)).toBe(false);
    expect(matches({ bytes: [{ numeric: [">", 1] }] }, { bytes: string("5") })).toBe(false);
  });

  it("matches any element of a String.Array attribute", () => {
    const tags = { tags: { type: "String.Array", value: '["cat","outdoor"]' } };
    expect(matches({ tags: ["outdoor"] }, tags)).toBe(true);
    expect(matches({ tags: ["dog"] }, tags)).toBe(false);
  });

  it("accepts any one of the policies of $or", () => {
    const policy = { $or: [{ ownerId: ["bob"] }, { eventType: ["image.processed"] }] };
    expect(matches(policy, processed)).toBe(true);
    expect(matches(policy, { ownerId: string("carol") })).toBe(false);
  });

  it("refuses a policy SNS would refuse, with InvalidParameter", () => {
    for (const bad of ["not json", "[]", '{"a":"b"}', '{"a":[]}', '{"a":[{"numeric":["~",1]}]}']) {
      expect(() => parseFilterPolicy(bad)).toThrow(
        expect.objectContaining({ code: "InvalidParameter", status: 400 }),
      );
    }
    expect(() => parseFilterPolicy('{"a":[{"wildcard":"x*"}]}')).toThrow(/known operator/);
  });
});
