/** A response's JSON body, typed loosely for assertions. */
// biome-ignore lint/suspicious/noExplicitAny: assertions walk arbitrary JSON
export const jsonOf = (response: Response): Promise<any> => response.json();
