/**
 * Shipped model configs (data/models/*.json, Hugging Face config.json files as published), by name.
 * JSON imports keep this runnable in a browser Web Worker (no file system).
 */
import { InputError } from '../core/index.js';
import type { ModelArch } from './arch.js';
import { parseHfConfig } from './hfConfig.js';
import deepseekV3 from '../../data/models/deepseek-v3.json' with { type: 'json' };
import deepseekV2 from '../../data/models/deepseek-v2.json' with { type: 'json' };
import deepseekV2Lite from '../../data/models/deepseek-v2-lite.json' with { type: 'json' };
import qwen25_72b from '../../data/models/qwen2.5-72b.json' with { type: 'json' };
import qwen2_7b from '../../data/models/qwen2-7b.json' with { type: 'json' };
import llama31_405b from '../../data/models/llama-3.1-405b.json' with { type: 'json' };
import llama3_8b from '../../data/models/llama-3-8b.json' with { type: 'json' };
import llama2_7b from '../../data/models/llama-2-7b.json' with { type: 'json' };
import mistral7b from '../../data/models/mistral-7b.json' with { type: 'json' };
import mixtral8x7b from '../../data/models/mixtral-8x7b.json' with { type: 'json' };

const PRESETS: Readonly<Record<string, unknown>> = {
  'deepseek-v3': deepseekV3,
  'deepseek-v2': deepseekV2,
  'deepseek-v2-lite': deepseekV2Lite,
  'qwen2.5-72b': qwen25_72b,
  'qwen2-7b': qwen2_7b,
  'llama-3.1-405b': llama31_405b,
  'llama-3-8b': llama3_8b,
  'llama-2-7b': llama2_7b,
  'mistral-7b': mistral7b,
  'mixtral-8x7b': mixtral8x7b,
};

export const MODEL_PRESET_NAMES: readonly string[] = Object.keys(PRESETS);

/** The raw config.json object of a preset (for tests and for tools that want the original fields). */
export function modelPresetConfig(name: string): unknown {
  if (!Object.hasOwn(PRESETS, name)) throw new InputError('model', name, `a config.json file or one of the presets ${MODEL_PRESET_NAMES.join(', ')}`);
  return PRESETS[name];
}

export function isModelPreset(name: string): boolean {
  return Object.hasOwn(PRESETS, name);
}

export function modelPreset(name: string): ModelArch {
  const arch = parseHfConfig(modelPresetConfig(name), `${name}.json`);
  return { ...arch, name };
}
