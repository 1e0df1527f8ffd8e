import { describe, expect, it } from 'vitest';
import { AnalyticComm } from './comm.js';
import { hardwarePreset } from './hardware.js';
import { NetsimComm } from './netComm.js';
import { linkRatesOf } from './provider.js';
import { loadScenario } from './scenario.js';

const yaml = `name: t
kind: infer
model: deepseek-v3
hardware: h800
cluster: { fabric: mpft, gpus: 32, planes: 8 }
inference: { phase: decode, gpus: 32, attentionDp: 32, ep: 32, redundantExperts: 32, tokensPerGpu: 32, contextTokens: 4096 }
`;

describe('netsim provider vs closed form', () => {
  const { scenario } = loadScenario(yaml, 't.yaml');
  const rates = linkRatesOf(scenario);
  const net = new NetsimComm(scenario, hardwarePreset('h800'), rates);
  const cf = new AnalyticComm(rates);
  const req = { gpus: 32, ep: 32, gpusPerNode: 8, tokensPerGpu: 32, expertsPerToken: 8, expertSlots: 288, nodeLimit: 0, dedupPerNode: false, bytesPerToken: 7392 } as const;

  it('per-expert decode all-to-all at 32 GPUs: the simulator and the closed form agree within 15%', () => {
    for (const direction of ['dispatch', 'combine'] as const) {
      const a = net.epExchange({ ...req, direction });
      const b = cf.epExchange({ ...req, direction });
      expect(a.source).toBe('netsim');
      expect(Math.abs(a.timeS - b.timeS) / b.timeS).toBeLessThan(0.15);
      expect(Math.abs(a.scaleOutBytesPerGpu - b.scaleOutBytesPerGpu) / b.scaleOutBytesPerGpu).toBeLessThan(0.1);
    }
    // Both directions came from one simulateEp call (two simulations).
    expect(net.simulations).toBe(2);
  });

  it('larger per-expert exchanges fall back to the closed form and say so', () => {
    const r = net.epExchange({ ...req, gpus: 320, ep: 320, direction: 'dispatch' });
    expect(r.source).toMatch(/^closed-form/);
  });
});
