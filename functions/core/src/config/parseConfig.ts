import * as z from "zod";
import { ConfigError } from "../errors.js";

/**
 * Validates a value against a config schema, or throws one ConfigError that names what
 * was being read and lists every invalid field.
 */
export function parseConfig<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  what: string,
): z.output<S> {
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(`Invalid ${what}:\n${z.prettifyError(result.error)}`, {
      cause: result.error,
    });
  }
  return result.data;
}

/** A zod transform for variables that hold JSON. */
export function parseJson(text: string, ctx: z.RefinementCtx): unknown {
  try {
    return JSON.parse(text);
  } catch {
    ctx.addIssue({ code: "custom", message: "must be JSON" });
    return z.NEVER;
  }
}

/** `LOG_LEVEL` in a function's environment: pino's levels, `info` unless set. */
export const logLevelSchema = z
  .enum(["silent", "fatal", "error", "warn", "info", "debug", "trace"])
  .default("info");
