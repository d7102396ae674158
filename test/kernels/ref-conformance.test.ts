// The conformance suite on the reference itself (a second instance): must agree exactly-ish.
import { runKernelConformance } from "./conformance.ts";
import { createRefKernels } from "../../src/kernels/ref/index.ts";

runKernelConformance("ref", () => createRefKernels());

import { runParamConformance } from "./conformance-params.ts";
runParamConformance("ref", () => createRefKernels());
