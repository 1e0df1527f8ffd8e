/** A scenario's `model`: a preset name, or an HF config.json whose text the caller read. */
import { InputError } from '../core/index.js';
import { isModelPreset, MODEL_PRESET_NAMES, modelPreset, parseHfConfig, type ModelArch } from '../model/index.js';
import { FormatError } from '../core/index.js';

export function resolveModel(model: string, configText?: { text: string; fileName: string }, location?: string): ModelArch {
  if (configText) {
    let raw: unknown;
    try {
      raw = JSON.parse(configText.text);
    } catch {
      throw new FormatError('not valid JSON', configText.fileName);
    }
    return parseHfConfig(raw, configText.fileName);
  }
  if (!isModelPreset(model)) throw new InputError('model', model, `a path to a config.json or one of ${MODEL_PRESET_NAMES.join(', ')}`, location);
  return modelPreset(model);
}
