/**
 * What loading tells its caller: progress in bytes of the model's files (ending exactly at their
 * size, whatever part of them is metadata), and a warning when an option cannot be honoured as
 * given (a context longer than the model was trained for is shortened, and says so).
 */
import type { ModelSource } from "../model/source.ts";
import type { LoadOptions } from "./types.ts";

export function withLoadReports(options: LoadOptions, source: Pick<ModelSource, "fileSize" | "config">): LoadOptions {
  const warn = options.onWarning ?? ((message: string) => console.warn(`medpsy: ${message}`));
  const trained = source.config.trainedContext;
  if (options.contextLength !== undefined && options.contextLength > trained) {
    warn(`contextLength ${options.contextLength} is longer than the ${trained} tokens this model was trained for; using ${trained}`);
  }
  const report = options.onProgress;
  if (!report) return options;
  const fileSize = source.fileSize;
  // The weights are most of the file; the rest (header, metadata, unused tensors) was read when
  // the file was opened, so it counts as loaded from the start.
  return {
    ...options,
    onProgress: (loaded, total) => {
      const bytes = Math.min(fileSize, Math.max(0, fileSize - total) + loaded);
      report(bytes, fileSize, { fraction: fileSize > 0 ? bytes / fileSize : 1, done: loaded >= total });
    },
  };
}
