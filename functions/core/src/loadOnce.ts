/**
 * Defers `load` to the first call and gives every later call the same promise, so a
 * function's cold start does not pay for what only its requests need (the AWS SDK
 * clients, in their own bundle chunk). A failed load is forgotten: the next call tries
 * again rather than failing every request of the sandbox.
 *
 * @example
 * const stores = loadOnce(() => import("./stores.js").then((m) => m.createStores(settings)));
 * export async function handler(event) {
 *   const { storage } = await stores();
 * }
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}
