import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  IMAGE_EVENT_TYPES,
  imageEventJsonSchema,
  imageEventSchemaFile,
} from "../src/events/eventSchemas.js";

/** Writes the JSON Schema of every event type into `schemas/`; a test keeps them in sync. */
const folder = join(import.meta.dirname, "..", "schemas");
for (const type of IMAGE_EVENT_TYPES) {
  const file = join(folder, imageEventSchemaFile(type));
  writeFileSync(file, `${JSON.stringify(imageEventJsonSchema(type), null, 2)}\n`);
  console.log(`wrote ${file}`);
}
