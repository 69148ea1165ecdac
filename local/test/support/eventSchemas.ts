import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

import { IMAGE_EVENT_TYPES, type ImageEventType, imageEventSchemaFile } from "@imgpipe/core";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

/**
 * The committed JSON Schema files of the events, compiled by a JSON Schema validator
 * that knows nothing of zod: what a subscriber in another language would check with.
 */
const require = createRequire(import.meta.url);
const ajv = new Ajv2020({ allErrors: true });
addFormats.default(ajv);
const validators = new Map(
  IMAGE_EVENT_TYPES.map((type) => [
    type,
    ajv.compile(
      JSON.parse(
        readFileSync(
          require.resolve(`@imgpipe/core/schemas/${imageEventSchemaFile(type)}`),
          "utf8",
        ),
      ),
    ),
  ]),
);

/** The schema errors of an event as published; empty when it matches its type's schema. */
export function eventSchemaErrors(event: object): string[] {
  const { type } = event as { type?: unknown };
  const validate = validators.get(type as ImageEventType);
  if (!validate) return [`no JSON Schema for type ${JSON.stringify(type)}`];
  if (validate(event)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
