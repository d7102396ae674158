/** Hub errors: each says what failed and what to do next. */
import { MedpsyError } from "../errors.ts";

export class HubUnreachableError extends MedpsyError {
  constructor(endpoint: string, cause: unknown) {
    super("HUB_UNREACHABLE", `cannot reach the model hub at ${endpoint}: ${(cause as Error)?.message ?? cause}`, {
      hint: "check your connection (or MEDPSY_HUB_ENDPOINT / --endpoint), or run with -m and a local .gguf file",
      cause,
    });
  }
}

export class HubNotFoundError extends MedpsyError {
  constructor(what: string, hint = "check the name: `medpsy pull` lists the known models; REPO:FILE names a file exactly") {
    super("HUB_NOT_FOUND", `${what} was not found on the hub`, { hint });
  }
}

export class HubAuthError extends MedpsyError {
  constructor(repo: string, status: number) {
    super("HUB_AUTH", `the hub refused access to ${repo} (HTTP ${status})`, {
      hint: "the repository may be gated or private: accept its terms on the hub and pass --token (or set HF_TOKEN)",
    });
  }
}

export class HubIntegrityError extends MedpsyError {
  constructor(file: string, expected: string, found: string) {
    super("HUB_INTEGRITY", `the downloaded ${file} does not match the hub's checksum; it was deleted`, {
      expected,
      found,
      hint: "run the pull again; if it keeps failing the file on the hub or a proxy in between is corrupt",
    });
  }
}

export class HubDownloadError extends MedpsyError {
  constructor(file: string, attempts: number, cause: unknown) {
    super("HUB_DOWNLOAD", `downloading ${file} failed after ${attempts} attempts: ${(cause as Error)?.message ?? cause}`, {
      hint: "run the same command again: the partial file is kept and the download resumes where it stopped",
      cause,
    });
  }
}

export class DiskSpaceError extends MedpsyError {
  constructor(dir: string, needed: number, free: number) {
    super("DISK_SPACE", `not enough disk space in ${dir} for the download`, {
      expected: `${(needed / 1e9).toFixed(2)} GB free`,
      found: `${(free / 1e9).toFixed(2)} GB`,
      hint: "free some space, or choose another cache with --cache DIR or MEDPSY_CACHE",
    });
  }
}
