/**
 * The edits of a transform as other packages use them (the API's `POST /transform`):
 * the query form's parser and the request's shape. Pure: no sharp, no AWS, no env.
 * The renderer is `@imgpipe/transform/render`, loaded with `import()` where sharp should
 * cost nothing until it is needed.
 */
export { TRANSFORM_ERRORS, TransformError, type TransformErrorCode } from "./errors.js";
export { parseQueryEdits, QUERY_EDIT_PARAMETERS } from "./parse/queryForm.js";
export { type Edits, frozen } from "./parse/transformRequest.js";
