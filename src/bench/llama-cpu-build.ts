/**
 * node-llama-cpp ships one ggml CPU build per x86 generation and loads the best this CPU runs
 * (e.g. "sapphirerapids", which multiplies on AMX tiles); their speed and last-bit numerics
 * differ, so reports name the build. It is read from llama.cpp's own debug log line.
 */
export function cpuBuildFromLog(message: string): string | undefined {
  return /loaded CPU backend from .*ggml-cpu-([\w-]+)\./.exec(message)?.[1];
}
