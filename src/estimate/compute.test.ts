import { describe, expect, it } from 'vitest';
import { modelPreset, layerTensors } from '../model/index.js';
import { ATTENTION_EFFICIENCY, DEFAULT_CALIBRATION, GEMM_LARGE_EFFICIENCY, HBM_EFFICIENCY, MLA_DECODE_HBM_EFFICIENCY, attentionTime, gemmTime, type Device } from './compute.js';
import { hardwarePreset } from './hardware.js';

const h800 = hardwarePreset('h800');
const dev: Device = { bf16FlopsPerS: h800.bf16FlopsPerS, fp8FlopsPerS: h800.fp8FlopsPerS, hbmBytesPerS: h800.hbmBytesPerS, smFraction: 1, cal: DEFAULT_CALIBRATION };

describe('kernel roofline calibrated to system.md §3 anchors', () => {
  it('named constants are the anchors’ arithmetic', () => {
    expect(GEMM_LARGE_EFFICIENCY * 1979).toBeCloseTo(1454, 9);
    expect(MLA_DECODE_HBM_EFFICIENCY * 3.35e12).toBeCloseTo(3000e9, 0);
    expect(ATTENTION_EFFICIENCY * 989).toBeCloseTo(620, 9);
    expect(HBM_EFFICIENCY).toBe(0.75);
  });

  it('large FP8 GEMMs land in DeepGEMM’s 1358–1550 TFLOP/s', () => {
    for (const [m, n, k] of [[4096, 7168, 16384], [4096, 24576, 1536], [8192, 4096, 7168], [4096, 7168, 2048]]) {
      const t = gemmTime(dev, m, n, k, 'fp8');
      const tflops = t.flops / t.timeS / 1e12;
      expect(tflops).toBeGreaterThanOrEqual(1358);
      expect(tflops).toBeLessThanOrEqual(1550);
    }
  });

  it('every DeepSeek-V3 GEMM shape at M = 64 and 128 lands in DeepGEMM’s 206–645 TFLOP/s band', () => {
    const arch = modelPreset('deepseek-v3');
    const shapes = new Set<string>();
    for (const t of [...layerTensors(arch, 'dense'), ...layerTensors(arch, 'moe')]) if (t.gemm && t.role !== 'router') shapes.add(`${t.rows}x${t.cols}`);
    expect(shapes.size).toBeGreaterThanOrEqual(7);
    for (const m of [64, 128]) {
      for (const s of shapes) {
        const [n, k] = s.split('x').map(Number);
        const t = gemmTime(dev, m, n, k, 'fp8');
        const tflops = t.flops / t.timeS / 1e12;
        expect(t.bound, s).toBe('memory');
        expect(tflops, `${m}×${s}`).toBeGreaterThanOrEqual(206);
        expect(tflops, `${m}×${s}`).toBeLessThanOrEqual(645);
      }
    }
  });

  it('MLA decoding: memory-bound at FlashMLA’s 3000 GB/s, compute-bound at 620 TFLOP/s', () => {
    const mem = attentionTime(dev, 1e9, 3e9, true);
    expect(mem.bound).toBe('memory');
    expect(mem.bytes / mem.timeS).toBeCloseTo(3000e9, -3);
    const cmp = attentionTime(dev, 620e12, 1, true);
    expect(cmp.timeS).toBeCloseTo(1, 9);
  });

  it('SMs held by communication slow compute in proportion; partial 64-row tiles cost a whole tile', () => {
    const full = gemmTime(dev, 4096, 7168, 7168, 'fp8').timeS;
    const less = gemmTime({ ...dev, smFraction: 112 / 132 }, 4096, 7168, 7168, 'fp8').timeS;
    expect(less / full).toBeCloseTo(132 / 112, 12);
    const a = gemmTime({ ...dev, hbmBytesPerS: 1e30 }, 4097, 7168, 7168, 'fp8').timeS;
    const b = gemmTime({ ...dev, hbmBytesPerS: 1e30 }, 4160, 7168, 7168, 'fp8').timeS;
    expect(a).toBeCloseTo(b, 15);
  });
});
