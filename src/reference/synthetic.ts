/** Small synthetic configs (DeepSeek ModelArgs form) for tests, property checks and benchmarks. */
import { parseRefConfig, type RefConfig } from './config.js';

/** The golden tiny-V3 shape with overrides (DeepSeek ModelArgs keys, e.g. `{ dim: 32, n_layers: 2 }`). */
export function syntheticConfig(overrides: Record<string, unknown> = {}): RefConfig {
  return parseRefConfig(
    {
      max_batch_size: 2,
      max_seq_len: 64,
      vocab_size: 64,
      dim: 32,
      inter_dim: 64,
      moe_inter_dim: 16,
      n_layers: 2,
      n_dense_layers: 1,
      n_heads: 2,
      n_routed_experts: 8,
      n_shared_experts: 1,
      n_activated_experts: 2,
      n_expert_groups: 4,
      n_limited_groups: 2,
      score_func: 'sigmoid',
      route_scale: 2.5,
      q_lora_rank: 16,
      kv_lora_rank: 16,
      qk_nope_head_dim: 8,
      qk_rope_head_dim: 4,
      v_head_dim: 8,
      original_seq_len: 32,
      rope_theta: 10000,
      rope_factor: 40,
      beta_fast: 32,
      beta_slow: 1,
      mscale: 1,
      ...overrides,
    },
    'synthetic config',
  );
}
