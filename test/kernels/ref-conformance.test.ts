// The conformance suite on the reference itself (a second instance): must agree exactly-ish.
import { runKernelConformance } from "./conformance.ts";
import { createRefKernels } from "../../src/kernels/ref/index.ts";

runKernelConformance("ref", () => createRefKernels());

import { runParamConformance } from "./conformance-params.ts";
runParamConformance("ref", () => createRefKernels());

// The batch-path shapes on the reference itself: its batched and fused matmuls give each token
// and weight the bits it gets alone (the parity every fast backend is held to).
import { runPathConformance } from "./conformance-paths.ts";
runPathConformance("ref", () => createRefKernels());
