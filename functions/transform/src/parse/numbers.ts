import { invalidUrl } from "../errors.js";

/** @throws TransformError `invalid_url` */
export function fail(message: string): never {
  throw invalidUrl(message);
}

/** A decimal number within [min, max]; `what` names the edit in the message. */
export function number(text: string, what: string, min: number, max: number): number {
  const value = /^-?\d+(?:\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max)) {
    fail(`${what}: "${text}" is not a number from ${min} to ${max}.`);
  }
  return value;
}

/** A whole number within [min, max]. */
export function integer(text: string, what: string, min: number, max: number): number {
  const value = number(text, what, min, max);
  if (!Number.isInteger(value)) fail(`${what}: "${text}" is not a whole number.`);
  return value;
}

/** The one argument of a filter that takes one. */
export function oneArgument(args: string[], name: string): string {
  if (args.length !== 1) fail(`${name}() takes one argument.`);
  return args[0] ?? "";
}
