/**
 * GPU/node hardware presets (data/hardware/*.json): peak FLOP/s, HBM, SMs, NVLink and NIC bandwidths,
 * each file naming its source. Rates are in bytes per second; NVLink is given bidirectional per GPU as
 * vendors print it, and `nvlinkBytesPerSPerDirection` halves it (the paper's 900 GB/s for NVL72 is one way).
 */
import { z } from 'zod';
import { InputError } from '../core/index.js';
import h800 from '../../data/hardware/h800.json' with { type: 'json' };
import h100 from '../../data/hardware/h100.json' with { type: 'json' };
import h200 from '../../data/hardware/h200.json' with { type: 'json' };
import b200 from '../../data/hardware/b200.json' with { type: 'json' };
import gb200 from '../../data/hardware/gb200-nvl72.json' with { type: 'json' };

const positive = z.number().positive();
const positiveInt = z.number().int().positive();

export const HardwareSchema = z
  .object({
    name: z.string().min(1),
    description: z.string(),
    source: z.string().min(1),
    bf16FlopsPerS: positive,
    fp8FlopsPerS: positive,
    hbmBytes: positive,
    hbmBytesPerS: positive,
    sms: positiveInt,
    gpusPerNode: positiveInt,
    /** GPUs sharing one NVLink domain (8 for HGX nodes, 72 for NVL72). */
    scaleUpDomainGpus: positiveInt,
    nvlinkBytesPerSBidirectional: positive,
    nvlinkAchievableBytesPerS: positive,
    nicBytesPerS: positive,
    nicAchievableBytesPerS: positive,
    nicsPerGpu: positiveInt,
    nic: z.string(),
    notes: z.string().optional(),
  })
  .strict();

export type Hardware = z.infer<typeof HardwareSchema>;

const PRESETS: Record<string, Hardware> = Object.fromEntries(
  [h800, h100, h200, b200, gb200].map((raw) => {
    const hw = HardwareSchema.parse(raw);
    return [hw.name, hw];
  }),
);

export const HARDWARE_PRESETS: readonly string[] = Object.keys(PRESETS);

export function hardwarePreset(name: string, field = 'hardware'): Hardware {
  const hw = PRESETS[name];
  if (!hw) throw new InputError(field, name, `one of ${HARDWARE_PRESETS.join(', ')}`);
  return hw;
}

/** One direction of the per-GPU NVLink bandwidth (vendors print the sum of both directions). */
export function nvlinkBytesPerSPerDirection(hw: Hardware): number {
  return hw.nvlinkBytesPerSBidirectional / 2;
}
