import { createContext } from "react";

/**
 * Whether the environment serves on-demand transforms (`config.json`'s `transforms`):
 * pictures then draw from the API's signed, responsive `srcset` instead of the variants.
 */
export const TransformsContext = createContext(false);
