/** Everything the request handlers share: backend, slots, policy, metrics, CORS, notices seen. */
import type { IncomingMessage } from "node:http";
import type { SafetyPolicy } from "../safety/policy.ts";
import { disclaimerText } from "../safety/referral.ts";
import type { Usage } from "../sdk/types.ts";
import type { Backend } from "./backend.ts";
import { Metrics } from "./metrics.ts";
import { SlotPool } from "./slots.ts";

/** Notice texts remembered for stripping from echoed answers; bounded. */
const MAX_NOTICES = 1000;

export class ServerState {
  readonly backend: Backend;
  readonly slots: SlotPool<unknown>;
  readonly metrics = new Metrics();
  readonly policy: SafetyPolicy | undefined;
  readonly fingerprint: string;
  /** Names a request's `model` may use: the listed one first. */
  readonly modelNames: readonly string[];
  private readonly cors: string | undefined;
  private readonly notices = new Set<string>();

  constructor(o: { backend: Backend; parallel: number; queue: number; policy: SafetyPolicy | undefined; cors?: string; fingerprint: string; modelAliases?: readonly string[] }) {
    this.backend = o.backend;
    this.modelNames = [...new Set([o.backend.modelName, ...(o.backend.modelAliases ?? []), ...(o.modelAliases ?? [])])];
    this.slots = new SlotPool<unknown>(o.backend.createSlotStates(o.parallel) as unknown[], o.queue);
    this.policy = o.policy;
    this.cors = o.cors;
    this.fingerprint = o.fingerprint;
    if (o.policy && o.policy.disclaimer !== "off") this.notices.add(disclaimerText(o.policy));
  }

  corsHeaders(req: IncomingMessage): Record<string, string> {
    if (!this.cors) return {};
    const origin = req.headers.origin;
    if (this.cors !== "*" && origin !== this.cors) return {};
    return { "access-control-allow-origin": this.cors === "*" ? "*" : this.cors, vary: "origin" };
  }

  knownNotices(): string[] {
    return [...this.notices];
  }

  rememberNotice(text: string): void {
    if (this.notices.has(text)) return;
    if (this.notices.size >= MAX_NOTICES) this.notices.delete(this.notices.values().next().value!);
    this.notices.add(text);
  }

  recordUsage(u: Usage, seconds: number, cachedPromptTokens: number): void {
    const generated = u.reasoningTokens + u.contentTokens;
    this.metrics.promptTokens += u.promptTokens;
    this.metrics.reusedPromptTokens += cachedPromptTokens;
    this.metrics.completionTokens += generated;
    this.metrics.reasoningTokens += u.reasoningTokens;
    if (seconds > 0 && generated > 0) this.metrics.tokensPerSecond = generated / seconds;
  }
}
