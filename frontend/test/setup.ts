import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";

// findBy*/waitFor wait 1 s by default: too short for jsdom on a loaded 2-core machine. A
// wrong page still fails, once the wait is over.
configure({ asyncUtilTimeout: 10_000 });

afterEach(cleanup);
