// The llama.cpp CPU build named in bench reports and parity failures, read from its load log.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpuBuildFromLog } from "../../src/bench/llama-cpu-build.ts";

test("the CPU build is read from llama.cpp's load line, and nothing from other lines", () => {
  assert.equal(cpuBuildFromLog("load_backend: loaded CPU backend from /x/bins/linux-x64/libggml-cpu-sapphirerapids.so"), "sapphirerapids");
  assert.equal(cpuBuildFromLog("load_backend: loaded CPU backend from C:\\b\\win-x64\\ggml-cpu-haswell.dll"), "haswell");
  assert.equal(cpuBuildFromLog("llama_model_loader: loaded meta data with 30 key-value pairs"), undefined);
  assert.equal(cpuBuildFromLog("load_backend: loaded CPU backend from /x/libggml-cpu.so"), undefined);
});
