import { describe, expect, it } from 'vitest';
import { InputError } from '../core/index.js';
import { HARDWARE_PRESETS, hardwarePreset, nvlinkBytesPerSPerDirection } from './hardware.js';

describe('hardware presets (system.md §3, §7)', () => {
  it('ships H800, H100, H200, B200 and GB200 NVL72, each with a source', () => {
    expect([...HARDWARE_PRESETS].sort()).toEqual(['b200', 'gb200-nvl72', 'h100', 'h200', 'h800']);
    for (const n of HARDWARE_PRESETS) expect(hardwarePreset(n).source).toMatch(/system\.md §/);
  });

  it('vendor figures as printed', () => {
    const h800 = hardwarePreset('h800');
    expect([h800.bf16FlopsPerS, h800.fp8FlopsPerS, h800.hbmBytes, h800.hbmBytesPerS, h800.sms]).toEqual([989e12, 1979e12, 80e9, 3.35e12, 132]);
    expect(nvlinkBytesPerSPerDirection(h800)).toBe(200e9);
    expect(h800.nicBytesPerS).toBe(50e9);
    expect(hardwarePreset('h200').hbmBytes).toBe(141e9);
    expect(hardwarePreset('b200').fp8FlopsPerS).toBe(4500e12);
    const nvl = hardwarePreset('gb200-nvl72');
    expect(nvl.scaleUpDomainGpus).toBe(72);
    // The paper's 900 GB/s is one direction of NVL72's 1.8 TB/s.
    expect(nvlinkBytesPerSPerDirection(nvl)).toBe(900e9);
  });

  it('an unknown preset is an InputError listing the presets', () => {
    expect(() => hardwarePreset('tpu-v9')).toThrow(InputError);
    expect(() => hardwarePreset('tpu-v9')).toThrow(/one of h800, h100, h200, b200, gb200-nvl72/);
  });
});
