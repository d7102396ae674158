/** Package version (kept in step with package.json by test/package.test.ts). */
export const version = "0.1.0";
