/// <reference types="@webgpu/types" />
/**
 * Records the ops of a step into one command encoder and submits it at `sync()` (or earlier,
 * when the parameter arena fills). Each dispatch's parameters (a few words) and small host data
 * (RoPE angles, token ids) are appended to a host-side arena that is written to the device with
 * one `queue.writeBuffer` just before the encoder is submitted — queue order guarantees every
 * recorded dispatch sees its own bytes, and the arena's device buffer can be reused at once.
 *
 * WebGPU refuses a dispatch that binds one buffer twice when either binding is writable, so a
 * kernel's WGSL names its operands `$0`, `$1`, … and each distinct buffer becomes one binding:
 * an in-place op (out = x) compiles to a pipeline whose "x" and "out" read one binding. Pipelines
 * are cached per (kernel, aliasing pattern).
 *
 * Parameters and host data are bound with dynamic offsets into the arena, so a bind group depends
 * only on the pipeline and its buffers: it is made once and reused by every later step (a step
 * records hundreds of dispatches; making their bind groups anew each time is CPU time per token).
 */
import { WebGpuDeviceError } from "./errors.ts";

/** A kernel: WGSL over operands `$0..$k` (arrays of `types[i]`), parameters P, optional data D. */
export interface KernelSource {
  readonly name: string;
  readonly types: readonly ("f32" | "u32")[];
  /** The shader body: must define `@compute ... fn main(...)`. */
  readonly wgsl: string;
  /** Reads host data `D: array<u32>` (binding 1). */
  readonly data?: boolean;
}

const ARENA_BYTES = 4 << 20;
/** Most host data one dispatch may read (D): RoPE angles of 128 rows × 128 pairs take 128 KiB. */
export const DATA_WINDOW = 256 << 10;
const SLOT = 256; // minUniformBufferOffsetAlignment / minStorageBufferOffsetAlignment
const PARAM_WORDS = 16;

/** Parameters (binding 0) and helpers every kernel shares. */
export const PRELUDE = /* wgsl */ `
@group(0) @binding(0) var<uniform> P: array<vec4u, 4>;
fn pu(i: u32) -> u32 { return P[i >> 2u][i & 3u]; }
fn pf(i: u32) -> f32 { return bitcast<f32>(pu(i)); }
fn group_index(wg: vec3u, nw: vec3u) -> u32 { return wg.x + wg.y * nw.x; }
// f32 -> f16 bits, round to nearest even; NaN -> quiet NaN, overflow -> inf (as tensor/half.ts).
fn f16_bits(x: f32) -> u32 {
  let b = bitcast<u32>(x);
  let sign = (b >> 16u) & 0x8000u;
  let a = b & 0x7fffffffu;
  if (a >= 0x7f800000u) { return sign | 0x7c00u | select(0u, 0x200u, a > 0x7f800000u); }
  if (a >= 0x477ff000u) { return sign | 0x7c00u; }
  if (a < 0x38800000u) {
    if (a < 0x33000000u) { return sign; }
    let m = (a & 0x7fffffu) | 0x800000u;
    let s = 126u - (a >> 23u);
    let rem = m & ((1u << s) - 1u);
    let half = 1u << (s - 1u);
    var r = m >> s;
    if (rem > half || (rem == half && (r & 1u) == 1u)) { r = r + 1u; }
    return sign | r;
  }
  let r = a - 0x38000000u;
  return sign | ((r + 0xfffu + ((r >> 13u) & 1u)) >> 13u);
}
fn f16_to_f32(h: u32) -> f32 { return unpack2x16float(h).x; }
fn round_f16(x: f32) -> f32 { return f16_to_f32(f16_bits(x)); }
`;

interface PendingRead {
  staging: GPUBuffer;
  bytes: number;
  deliver(data: ArrayBuffer): void;
}

export class Recorder {
  private readonly device: GPUDevice;
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private readonly arenaHost = new ArrayBuffer(ARENA_BYTES);
  private readonly arenaU32 = new Uint32Array(this.arenaHost);
  private readonly arenaGpu: GPUBuffer;
  private used = 0;
  private reads: PendingRead[] = [];
  private readonly pipelines = new Map<string, { pipeline: GPUComputePipeline; layout: GPUBindGroupLayout }>();
  private readonly bindGroups = new Map<string, GPUBindGroup>();
  private readonly bufferIds = new WeakMap<GPUBuffer, number>();
  private nextBufferId = 1;
  /** Buffers that live for one submission: never in a cached bind group. */
  private readonly shortLived = new WeakSet<GPUBuffer>();
  private readonly stagingPool = new Map<number, GPUBuffer[]>();
  /** Temporary buffers to destroy once the work using them has been submitted. */
  private retired: GPUBuffer[] = [];
  private failure: Error | null = null;

  constructor(device: GPUDevice) {
    this.device = device;
    // DATA_WINDOW past the end, so that a data binding at any arena offset stays inside the buffer.
    this.arenaGpu = device.createBuffer({ size: ARENA_BYTES + DATA_WINDOW, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    device.addEventListener("uncapturederror", (ev) => {
      const e = (ev as GPUUncapturedErrorEvent).error;
      this.failure ??= new WebGpuDeviceError("the WebGPU device reported an error", e.message);
    });
    void device.lost.then((info) => {
      this.failure ??= new WebGpuDeviceError("the WebGPU device was lost", `${info.reason}: ${info.message}`);
    });
  }

  /** Throws the first device error or loss seen so far. */
  check(): void {
    if (this.failure) throw this.failure;
  }

  private enc(): GPUCommandEncoder {
    return (this.encoder ??= this.device.createCommandEncoder());
  }

  private endPass(): void {
    this.pass?.end();
    this.pass = null;
  }

  private reserve(bytes: number): number {
    const size = Math.ceil(bytes / SLOT) * SLOT;
    if (size > ARENA_BYTES) throw new RangeError(`one op's host data (${bytes} bytes) exceeds the ${ARENA_BYTES}-byte arena`);
    if (this.used + size > ARENA_BYTES) this.flush();
    const at = this.used;
    this.used += size;
    return at;
  }

  private pipeline(key: string, k: KernelSource, slots: number[]): { pipeline: GPUComputePipeline; layout: GPUBindGroupLayout } {
    let p = this.pipelines.get(key);
    if (!p) {
      const decl: string[] = [];
      const distinct = Math.max(...slots) + 1;
      for (let s = 0; s < distinct; s++) {
        const type = k.types[slots.indexOf(s)]!;
        decl.push(`@group(0) @binding(${2 + s}) var<storage, read_write> b${s}: array<${type}>;`);
      }
      if (k.data) decl.push("@group(0) @binding(1) var<storage, read> D: array<u32>;");
      const body = k.wgsl.replace(/\$(\d+)/g, (_, i: string) => `b${slots[Number(i)]}`);
      const module = this.device.createShaderModule({ label: k.name, code: PRELUDE + decl.join("\n") + "\n" + body });
      const entries: GPUBindGroupLayoutEntry[] = [
        { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: "uniform", hasDynamicOffset: true, minBindingSize: PARAM_WORDS * 4 } },
      ];
      if (k.data) entries.push({ binding: 1, visibility: GPUShaderStage.COMPUTE, buffer: { type: "read-only-storage", hasDynamicOffset: true } });
      for (let s = 0; s < distinct; s++) entries.push({ binding: 2 + s, visibility: GPUShaderStage.COMPUTE, buffer: { type: "storage" } });
      const layout = this.device.createBindGroupLayout({ label: k.name, entries });
      const pipeline = this.device.createComputePipeline({
        label: k.name,
        layout: this.device.createPipelineLayout({ bindGroupLayouts: [layout] }),
        compute: { module, entryPoint: "main" },
      });
      p = { pipeline, layout };
      this.pipelines.set(key, p);
    }
    return p;
  }

  /**
   * Records one dispatch of `groups` workgroups (laid out over x and y; the kernel recovers the
   * index with group_index). `params` are u32 words (floats as their bits, see `f32bits`).
   */
  dispatch(k: KernelSource, operands: readonly GPUBuffer[], params: readonly number[], groups: number, data?: Uint32Array): void {
    this.check();
    if (groups === 0) return;
    if (params.length > PARAM_WORDS) throw new RangeError(`${k.name}: ${params.length} parameters, at most ${PARAM_WORDS}`);
    const slots: number[] = [];
    const distinct: GPUBuffer[] = [];
    for (const b of operands) {
      let s = distinct.indexOf(b);
      if (s < 0) s = distinct.push(b) - 1;
      slots.push(s);
    }
    const pipelineKey = `${k.name}:${slots.join(",")}`;
    const { pipeline, layout } = this.pipeline(pipelineKey, k, slots);
    if (k.data && (data?.length ?? 0) * 4 > DATA_WINDOW) throw new RangeError(`${k.name}: ${data!.length * 4} bytes of host data, at most ${DATA_WINDOW}`);
    // Room for the parameters and the data together, so a flush cannot fall between them.
    const dataBytes = k.data ? Math.ceil(Math.max(4, (data?.length ?? 0) * 4) / SLOT) * SLOT : 0;
    if (this.used + PARAM_WORDS * 4 + dataBytes > ARENA_BYTES - SLOT) this.flush();
    const paramAt = this.reserve(PARAM_WORDS * 4);
    const dataAt = k.data ? this.reserve(dataBytes) : 0;
    this.arenaU32.fill(0, paramAt / 4, paramAt / 4 + PARAM_WORDS);
    for (let i = 0; i < params.length; i++) this.arenaU32[paramAt / 4 + i] = params[i]! >>> 0;
    if (data) this.arenaU32.set(data, dataAt / 4);
    const bind = this.bindGroup(pipelineKey, layout, k.data === true, distinct);
    const pass = (this.pass ??= this.enc().beginComputePass());
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bind, k.data ? [paramAt, dataAt] : [paramAt]);
    const x = Math.min(groups, 65535);
    pass.dispatchWorkgroups(x, Math.ceil(groups / x));
  }

  private bindGroup(pipelineKey: string, layout: GPUBindGroupLayout, withData: boolean, buffers: GPUBuffer[]): GPUBindGroup {
    const make = () => {
      const entries: GPUBindGroupEntry[] = [{ binding: 0, resource: { buffer: this.arenaGpu, offset: 0, size: PARAM_WORDS * 4 } }];
      if (withData) entries.push({ binding: 1, resource: { buffer: this.arenaGpu, offset: 0, size: DATA_WINDOW } });
      buffers.forEach((buffer, s) => entries.push({ binding: 2 + s, resource: { buffer } }));
      return this.device.createBindGroup({ layout, entries });
    };
    if (buffers.some((b) => this.shortLived.has(b))) return make();
    let key = pipelineKey;
    for (const b of buffers) {
      let id = this.bufferIds.get(b);
      if (id === undefined) this.bufferIds.set(b, (id = this.nextBufferId++));
      key += `|${id}`;
    }
    let bind = this.bindGroups.get(key);
    if (!bind) this.bindGroups.set(key, (bind = make()));
    return bind;
  }

  /** Forgets the cached bind groups that use `buffer` (it is being destroyed). */
  forget(buffer: GPUBuffer): void {
    const id = this.bufferIds.get(buffer);
    if (id === undefined) return;
    for (const key of this.bindGroups.keys()) if (key.split("|").slice(1).includes(String(id))) this.bindGroups.delete(key);
  }

  /** Records a buffer-to-buffer copy (offsets and size multiples of 4; distinct buffers). */
  copy(src: GPUBuffer, srcByte: number, dst: GPUBuffer, dstByte: number, bytes: number): void {
    this.check();
    if (bytes === 0) return;
    this.endPass();
    this.enc().copyBufferToBuffer(src, srcByte, dst, dstByte, bytes);
  }

  /** A temporary storage buffer that lives until the work recorded so far is submitted. */
  temporary(bytes: number): GPUBuffer {
    const b = this.device.createBuffer({ size: Math.max(4, Math.ceil(bytes / 4) * 4), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC });
    this.shortLived.add(b);
    this.retired.push(b);
    return b;
  }

  /** Destroys `b` once the work recorded so far has been submitted. */
  retire(b: GPUBuffer): void {
    this.forget(b);
    this.retired.push(b);
  }

  /** Records a read-back of `bytes` bytes at `srcByte` (multiples of 4); `deliver` runs in sync(). */
  read(src: GPUBuffer, srcByte: number, bytes: number, deliver: (data: ArrayBuffer) => void): void {
    this.check();
    if (bytes === 0) return;
    const pool = this.stagingPool.get(bytes);
    const staging = pool?.pop() ?? this.device.createBuffer({ size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    this.copy(src, srcByte, staging, 0, bytes);
    this.reads.push({ staging, bytes, deliver });
  }

  /** Submits what is recorded (parameters first). */
  flush(): void {
    this.endPass();
    if (this.used > 0) this.device.queue.writeBuffer(this.arenaGpu, 0, this.arenaHost, 0, this.used);
    this.used = 0;
    if (this.encoder) {
      this.device.queue.submit([this.encoder.finish()]);
      this.encoder = null;
    }
    for (const b of this.retired) b.destroy(); // destroyed once the submitted work is done
    this.retired = [];
  }

  async sync(): Promise<void> {
    this.check();
    this.flush();
    const reads = this.reads;
    this.reads = [];
    try {
      if (reads.length === 0) await this.device.queue.onSubmittedWorkDone();
      else {
        await Promise.all(reads.map((r) => r.staging.mapAsync(GPUMapMode.READ)));
        for (const r of reads) {
          r.deliver(r.staging.getMappedRange(0, r.bytes));
          r.staging.unmap();
        }
      }
    } catch (e) {
      this.check();
      throw new WebGpuDeviceError("reading results back from the GPU failed", String(e), e);
    }
    for (const r of reads) {
      const pool = this.stagingPool.get(r.bytes) ?? [];
      if (pool.length < 8) pool.push(r.staging);
      else r.staging.destroy();
      this.stagingPool.set(r.bytes, pool);
    }
    this.check();
  }

  destroy(): void {
    for (const pool of this.stagingPool.values()) for (const b of pool) b.destroy();
    this.stagingPool.clear();
    this.bindGroups.clear();
    this.arenaGpu.destroy();
  }
}

const f32box = new Float32Array(1);
const u32box = new Uint32Array(f32box.buffer);
/** The bits of f32(v), for passing a float through the u32 parameter words. */
export function f32bits(v: number): number {
  f32box[0] = v;
  return u32box[0]!;
}
