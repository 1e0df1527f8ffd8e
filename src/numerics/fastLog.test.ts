import { describe, expect, it } from 'vitest';
import { lnFloat32Bits } from './fastLog.js';

describe('lnFloat32Bits', () => {
  it('is within 1e-13 of Math.log for every normal float32 exponent and 2^16 mantissa patterns each', () => {
    const f = new Float32Array(1);
    const u = new Uint32Array(f.buffer);
    let worst = 0;
    for (let e = 1; e < 255; e++)
      for (let m = 0; m < 1 << 23; m += 128 + (m & 7)) {
        u[0] = (e << 23) | m;
        const err = Math.abs(lnFloat32Bits(u[0]) - Math.log(f[0]));
        if (err > worst) worst = err;
      }
    expect(worst).toBeLessThan(1e-13);
  });
});
