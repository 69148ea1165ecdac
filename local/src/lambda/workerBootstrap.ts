/**
 * The code a function's worker thread runs: it imports the function's bundle once (a
 * warm Lambda sandbox) and runs one invocation per message, with a Lambda-shaped context.
 * Kept as plain CommonJS source because workers started with `eval` take a script.
 *
 * Loggers such as pino write to file descriptors 1 and 2 directly, which a worker shares
 * with the whole process. When the output is captured, those writes go to the worker's
 * own stdout and stderr instead, as Lambda captures a function's output.
 */
export const WORKER_BOOTSTRAP = `
const { parentPort, workerData } = require("node:worker_threads");
const { pathToFileURL } = require("node:url");
if (workerData.captureOutput) {
  const fs = require("node:fs");
  const streams = { 1: process.stdout, 2: process.stderr };
  const toBuffer = (data, encoding) =>
    typeof data === "string" ? Buffer.from(data, encoding) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const { writeSync, write } = fs;
  fs.writeSync = function (fd, data, ...rest) {
    if (!streams[fd]) return writeSync.call(this, fd, data, ...rest);
    const chunk = toBuffer(data, typeof rest[0] === "string" ? rest[0] : rest[1]);
    streams[fd].write(chunk);
    return chunk.length;
  };
  fs.write = function (fd, data, ...rest) {
    if (!streams[fd]) return write.call(this, fd, data, ...rest);
    const callback = rest.at(-1);
    const chunk = toBuffer(data, typeof rest[0] === "string" ? rest[0] : undefined);
    streams[fd].write(chunk, () => callback(null, chunk.length, data));
  };
  require("node:module").syncBuiltinESMExports();
}
const loading = import(pathToFileURL(workerData.entry).href);
parentPort.on("message", async ({ requestId, event, deadline }) => {
  const context = {
    ...workerData.context,
    awsRequestId: requestId,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    const handler = (await loading)[workerData.handler];
    if (typeof handler !== "function") {
      throw new Error(workerData.entry + " exports no function named " + workerData.handler);
    }
    const result = await handler(event, context);
    parentPort.postMessage({ requestId, ok: true, result });
  } catch (error) {
    parentPort.postMessage({
      requestId,
      ok: false,
      error: { name: error?.name ?? "Error", message: String(error?.message ?? error), stack: error?.stack },
    });
  }
});
`;
