/** A server on the tiny generated model, in this process, and an official OpenAI client for it. */
import OpenAI from "openai";
import { loadModel, type Model } from "../../src/index.ts";
import { startServer, type RunningServer, type ServerOptions } from "../../src/server/index.ts";
import { testModel } from "../helpers/models.ts";

export interface TestServer {
  server: RunningServer;
  client: OpenAI;
  model: Model;
  path: string;
  close(): Promise<void>;
}

export async function tinyServer(options: Partial<ServerOptions> = {}, model?: Model): Promise<TestServer> {
  const path = await testModel({ shape: "tiny", dtype: "q8_0" });
  const m = model ?? (await loadModel(path, { contextLength: 512, threads: 1 }));
  // The random model's triage second opinion (on by default) is meaningless: off unless a test asks for it.
  const server = await startServer({ model: path, loadedModel: m, port: 0, safety: { secondOpinion: false }, ...options });
  const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: options.apiKey ?? "not-needed", maxRetries: 0, timeout: 60_000 });
  return {
    server,
    client,
    model: m,
    path,
    close: async () => {
      await server.close();
      if (!model) await m.close();
    },
  };
}

export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any; headers: Headers; text: string }> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.status, json, headers: res.headers, text };
}
