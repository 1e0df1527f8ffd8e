/**
 * Tile shapes for scaling and LogFMT: per tensor, per row, 1×128, 128×128 or any rows×cols tile over a
 * row-major 2-D tensor. A tile must divide the tensor unless `partial` is set (then edge tiles are smaller,
 * ceil(rows/tileRows) × ceil(cols/tileCols) tiles, as in DeepSeek's FP8 checkpoints).
 */
import { InputError } from '../core/index.js';

export interface Shape2D {
  rows: number;
  cols: number;
}

/** `'all'` spans the whole dimension. */
export interface TileSpec {
  rows: number | 'all';
  cols: number | 'all';
}

export interface Tiling {
  shape: Shape2D;
  tileRows: number;
  tileCols: number;
  /** Tiles along rows and along columns. */
  nTileRows: number;
  nTileCols: number;
  /** Total tiles = nTileRows × nTileCols; tile index = tr × nTileCols + tc. */
  count: number;
}

export const TILE_1X128: TileSpec = { rows: 1, cols: 128 };
export const TILE_128X128: TileSpec = { rows: 128, cols: 128 };
export const TILE_TENSOR: TileSpec = { rows: 'all', cols: 'all' };
export const TILE_ROW: TileSpec = { rows: 1, cols: 'all' };

const TILE_ALLOWED = 'tensor, row, or RxC such as 1x128 or 128x128';

/** Parse `tensor`, `row`, `1x128`, `128x128`, `RxC`. */
export function parseTile(text: string, field = '--tile'): TileSpec {
  const t = text.trim().toLowerCase();
  if (t === 'tensor') return TILE_TENSOR;
  if (t === 'row') return TILE_ROW;
  const m = /^(\d+)[x×](\d+)$/.exec(t);
  if (!m) throw new InputError(field, text, TILE_ALLOWED);
  const r = Number(m[1]);
  const c = Number(m[2]);
  if (!(r >= 1 && c >= 1 && Number.isSafeInteger(r) && Number.isSafeInteger(c))) throw new InputError(field, text, TILE_ALLOWED);
  return { rows: r, cols: c };
}

export function tileName(spec: TileSpec): string {
  if (spec.rows === 'all' && spec.cols === 'all') return 'tensor';
  if (spec.rows === 1 && spec.cols === 'all') return 'row';
  return `${spec.rows === 'all' ? 'all' : spec.rows}x${spec.cols === 'all' ? 'all' : spec.cols}`;
}

/** Resolve a tile over a shape; throws InputError when it does not divide the shape (unless partial). */
export function makeTiling(shape: Shape2D, spec: TileSpec, opts: { partial?: boolean; field?: string } = {}): Tiling {
  const { rows, cols } = shape;
  if (!(Number.isSafeInteger(rows) && rows >= 1 && Number.isSafeInteger(cols) && cols >= 1))
    throw new InputError('shape', `${rows}x${cols}`, 'a tensor shape of positive integers');
  const tileRows = spec.rows === 'all' ? rows : spec.rows;
  const tileCols = spec.cols === 'all' ? cols : spec.cols;
  if (!opts.partial && (rows % tileRows !== 0 || cols % tileCols !== 0 || tileRows > rows || tileCols > cols))
    throw new InputError(opts.field ?? '--tile', tileName(spec), `a tile that divides the tensor shape ${rows}x${cols}`);
  const nTileRows = Math.ceil(rows / tileRows);
  const nTileCols = Math.ceil(cols / tileCols);
  return { shape, tileRows, tileCols, nTileRows, nTileCols, count: nTileRows * nTileCols };
}

/** Elements per (full) tile. */
export function tileElements(t: Tiling): number {
  return Math.min(t.tileRows, t.shape.rows) * Math.min(t.tileCols, t.shape.cols);
}

/**
 * Visit every tile as a list of contiguous row segments: fn(tileIndex, offset, length) once per row of the
 * tile. Tiles are visited in index order and each tile's segments consecutively.
 */
export function forEachTileSegment(t: Tiling, fn: (tile: number, offset: number, length: number) => void): void {
  const { rows, cols } = t.shape;
  for (let tr = 0; tr < t.nTileRows; tr++) {
    const r0 = tr * t.tileRows;
    const r1 = Math.min(rows, r0 + t.tileRows);
    for (let tc = 0; tc < t.nTileCols; tc++) {
      const c0 = tc * t.tileCols;
      const len = Math.min(cols, c0 + t.tileCols) - c0;
      const tile = tr * t.nTileCols + tc;
      for (let r = r0; r < r1; r++) fn(tile, r * cols + c0, len);
    }
  }
}

export interface Segments {
  count: number;
  tile: Int32Array;
  offset: Int32Array;
  length: Int32Array;
}

const segCache = new WeakMap<Tiling, Segments>();

/**
 * The same contiguous row segments as forEachTileSegment, as typed arrays (cached per tiling): hot loops
 * iterate them directly, which V8 optimises far better than a callback per segment.
 */
export function tileSegments(t: Tiling): Segments {
  let s = segCache.get(t);
  if (s) return s;
  const n = t.count * Math.min(t.tileRows, t.shape.rows);
  const tile = new Int32Array(n);
  const offset = new Int32Array(n);
  const length = new Int32Array(n);
  let k = 0;
  forEachTileSegment(t, (ti, off, len) => {
    tile[k] = ti;
    offset[k] = off;
    length[k] = len;
    k++;
  });
  s = { count: k, tile, offset, length };
  segCache.set(t, s);
  return s;
}

/** Tile index of every element (row-major), for loops that prefer one flat pass. */
export function tileIndexOf(t: Tiling, row: number, col: number): number {
  return Math.floor(row / t.tileRows) * t.nTileCols + Math.floor(col / t.tileCols);
}
