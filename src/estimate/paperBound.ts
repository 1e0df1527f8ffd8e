/**
 * The paper's back-of-envelope decode bound (§2.3.2 of the ISCA paper, system.md §3): per MoE layer every
 * device exchanges its tokens' dispatch (FP8, 1 B/element) and combine (BF16, 2 B/element) for every expert a
 * token visits, over one link; two micro-batches overlap so a layer takes two exchanges; latency and compute are
 * ignored. Every figure here is computed from the stated assumptions, which are inputs, not published outputs.
 */
import { checkPositiveFinite, checkPositiveInt } from '../core/index.js';

export interface PaperBoundInputs {
  /** Bytes per element of the dispatch (FP8 without scales in the paper's arithmetic: 1). */
  dispatchBytesPerElement: number;
  /** Bytes per element of the combine (BF16: 2). */
  combineBytesPerElement: number;
  /** Tokens each device holds (~32 in the paper). */
  tokensPerDevice: number;
  /** Experts each token visits (8 routed + 1 shared = 9). */
  expertsPerToken: number;
  /** Elements per token (the paper's "7K" = 7000; the model's hidden size is 7168). */
  hiddenElements: number;
  /** Per-device bandwidth of the exchange, one direction (50 GB/s IB; 900 GB/s NVL72). */
  linkBytesPerS: number;
  /** Transformer layers per token (61). */
  layers: number;
  /** Micro-batches overlapped per layer (2): each layer costs this many exchanges. */
  microBatches: number;
}

export interface PaperBoundResult {
  inputs: PaperBoundInputs;
  bytesPerExchange: number;
  /** One dispatch + combine exchange of one micro-batch. */
  commS: number;
  /** One layer with the micro-batches overlapped: microBatches × commS. */
  layerS: number;
  /** Time per output token: layers × layerS. */
  tpotS: number;
  tokensPerSPerUser: number;
}

/** The paper's assumptions for the H800/IB case (inputs of the mode, not results). */
export const PAPER_BOUND_IB: PaperBoundInputs = {
  dispatchBytesPerElement: 1,
  combineBytesPerElement: 2,
  tokensPerDevice: 32,
  expertsPerToken: 9,
  hiddenElements: 7000,
  linkBytesPerS: 50e9,
  layers: 61,
  microBatches: 2,
};

/** The same with GB200 NVL72's 900 GB/s one-directional NVLink. */
export const PAPER_BOUND_NVL72: PaperBoundInputs = { ...PAPER_BOUND_IB, linkBytesPerS: 900e9 };

export function paperBoundDecode(inputs: PaperBoundInputs): PaperBoundResult {
  checkPositiveFinite('dispatchBytesPerElement', inputs.dispatchBytesPerElement);
  checkPositiveFinite('combineBytesPerElement', inputs.combineBytesPerElement);
  checkPositiveInt('tokensPerDevice', inputs.tokensPerDevice);
  checkPositiveInt('expertsPerToken', inputs.expertsPerToken);
  checkPositiveInt('hiddenElements', inputs.hiddenElements);
  checkPositiveFinite('linkBytesPerS', inputs.linkBytesPerS);
  checkPositiveInt('layers', inputs.layers);
  checkPositiveInt('microBatches', inputs.microBatches);
  const bytesPerExchange =
    (inputs.dispatchBytesPerElement + inputs.combineBytesPerElement) * inputs.tokensPerDevice * inputs.expertsPerToken * inputs.hiddenElements;
  const commS = bytesPerExchange / inputs.linkBytesPerS;
  const layerS = inputs.microBatches * commS;
  const tpotS = inputs.layers * layerS;
  return { inputs, bytesPerExchange, commS, layerS, tpotS, tokensPerSPerUser: 1 / tpotS };
}
