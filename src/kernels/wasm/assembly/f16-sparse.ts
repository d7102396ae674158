// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// F16 weights without their subnormals in the vector kernels. dot-float.ts widens f16 bits to
// f32 bits without the 2^112 rebias, so an f16 subnormal (|w| < 6.1e-5: ~0.2 % of Gaussian
// weights at a trained layer's scale, std 1/√2048) becomes an f32 subnormal, and every
// multiply-add that meets one costs x86 a microcode assist: with such weights the F16 kernels
// ran at half speed (bench/kernels-prompt.ts measures both kinds of weights). At commit the
// subnormals move to a side table (row starts, then (column, exact f32 value) entries) and
// read as 0 in place; after the dense pass each output adds its row's entries, one exact
// product each, in column order. Every path (decode, 8-row decode, 4-token prompt) takes the
// same steps, so a token's bits do not depend on its batch.
//
// The table's addresses sit F16_TABLE_REF bytes before the weight's first row (../layout.ts; kernels.ts leaves
// them zero when there is no table): u32 row starts (rows + 1), u32 entries.
import { F16_TABLE_REF } from "../layout";
import { lutF16 } from "./f16";
import { f16ActSlot } from "./quant";

/** 2^-112: the activations for F16 weights arrive × 2^112 (quant.ts roundRowF16). */
const UNBIAS: f32 = reinterpret<f32>(0x07800000);

// @ts-ignore: decorator
@inline
function isSubnormal(h: u32): bool {
  return (h & 0x7c00) == 0 && (h & 0x03ff) != 0;
}

/** Lanes of 8 f16 at v that are subnormal (all ones), else 0. */
// @ts-ignore: decorator
@inline
function subnormalLanes(v: v128): v128 {
  return v128.andnot(i16x8.eq(v128.and(v, i16x8.splat(0x7c00)), i16x8.splat(0)), i16x8.eq(v128.and(v, i16x8.splat(0x03ff)), i16x8.splat(0)));
}

/** counts[r] = how many of row r's f16 values are subnormal, rows [r0, r1) of the weight at w. */
export function countSubnormalRows(w: usize, cols: i32, r0: i32, r1: i32, counts: usize): void {
  for (let r = r0; r < r1; r++) {
    const row = w + <usize>r * <usize>cols * 2;
    let c = i32x4.splat(0);
    let i = 0;
    for (; i + 8 <= cols; i += 8) c = i32x4.sub(c, i32x4.extadd_pairwise_i16x8_s(subnormalLanes(v128.load(row + (<usize>i << 1)))));
    let total = i32x4.extract_lane(c, 0) + i32x4.extract_lane(c, 1) + i32x4.extract_lane(c, 2) + i32x4.extract_lane(c, 3);
    for (; i < cols; i++) if (isSubnormal(<u32>load<u16>(row + (<usize>i << 1)))) total++;
    store<i32>(counts + (<usize>r << 2), total);
  }
}

/**
 * Moves the subnormals of rows [r0, r1) of the F16 weight at w to the table — row starts at rs
 * (already their prefix sums: row r's entries begin at es + 8·rs[r]), 8-byte entries at es —
 * and zeroes them in place. Rows are independent, so threads may split them.
 */
export function splitSubnormalRows(w: usize, cols: i32, r0: i32, r1: i32, rs: usize, es: usize): void {
  for (let r = r0; r < r1; r++) {
    let e = load<u32>(rs + (<usize>r << 2));
    const row = w + <usize>r * <usize>cols * 2;
    for (let i = 0; i < cols; i++) {
      // Whole vectors without a subnormal (nearly all) are skipped in one test.
      if ((i & 7) == 0 && i + 8 <= cols && !v128.any_true(subnormalLanes(v128.load(row + (<usize>i << 1))))) {
        i += 7;
        continue;
      }
      const p = row + (<usize>i << 1);
      if (!isSubnormal(<u32>load<u16>(p))) continue;
      store<u32>(es + (<usize>e << 3), i);
      store<f32>(es + (<usize>e << 3), lutF16(p), 4);
      store<u16>(p, 0);
      e++;
    }
  }
}

/** Points the F16 weight at w to its side table (row starts at rs, entries at es). */
export function attachSubnormalTable(w: usize, rs: usize, es: usize): void {
  store<u32>(w - F16_TABLE_REF, <u32>rs);
  store<u32>(w - F16_TABLE_REF + 4, <u32>es);
}

/**
 * y[t][r] += Σ_e (v_e · x_t[c_e]) · 2^-112 for rows [r0, r1) of the F16 weight at w and tokens
 * 0..n−1 (activations xb bytes apart from xq, in quant.ts roundRowF16's order; outputs ys
 * apart from y): the products are exact (an f16 times an f16 × 2^112), one rounding each.
 */
export function addSubnormalF16(w: usize, cols: i32, r0: i32, r1: i32, xq: usize, xb: usize, n: i32, y: usize, ys: usize): void {
  const rs = <usize>load<u32>(w - F16_TABLE_REF);
  if (rs == 0) return;
  const es = <usize>load<u32>(w - F16_TABLE_REF + 4);
  for (let r = r0; r < r1; r++) {
    const e0 = load<u32>(rs + (<usize>r << 2)), e1 = load<u32>(rs + (<usize>r << 2), 4);
    if (e0 == e1) continue;
    for (let t = 0; t < n; t++) {
      const x = xq + <usize>t * xb, o = y + <usize>t * ys + (<usize>r << 2);
      let s = load<f32>(o);
      for (let e = e0; e < e1; e++) {
        const en = es + (<usize>e << 3);
        s += (load<f32>(en, 4) * load<f32>(x + f16ActSlot(<i32>load<u32>(en), cols))) * UNBIAS;
      }
      store<f32>(o, s);
    }
  }
}

/** Puts row r's subnormals back into its dequantized copy at out (getRows). */
export function restoreSubnormalF16(w: usize, r: i32, out: usize): void {
  const rs = <usize>load<u32>(w - F16_TABLE_REF);
  if (rs == 0) return;
  const es = <usize>load<u32>(w - F16_TABLE_REF + 4);
  const e1 = load<u32>(rs + (<usize>r << 2), 4);
  for (let e = load<u32>(rs + (<usize>r << 2)); e < e1; e++) {
    const en = es + (<usize>e << 3);
    store<f32>(out + (<usize>load<u32>(en) << 2), load<f32>(en, 4));
  }
}
