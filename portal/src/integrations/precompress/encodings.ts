// The encodings the build writes beside each text file, and how hard each
// one tries. The server (sirv) sends `.br` to clients that accept brotli and
// `.gz` to the others.
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

export interface Encoding {
  /** Part of every cache key, with `level`: a change of either never reuses old outputs. */
  name: 'brotli' | 'gzip';
  level: number;
  /** Appended to the original's name. */
  suffix: '.br' | '.gz';
  /** Runs on libuv's threadpool (zlib's async API), so several run at once. */
  compress(content: Buffer): Promise<Buffer>;
}

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

// Brotli 6, not 11: measured on the 240-version benchmark site (bench/README.md,
// "Portal build"), quality 11 took about 40 times as long for outputs about 12 %
// smaller, and the build spent most of its time there. Qualities 5 to 7 come
// out within 1 % of one another in size; 6 was the fastest of them.
const BROTLI_QUALITY = 6;
// gzip only serves clients without brotli: zlib's default level (6); 9 came
// out 0.3 % smaller on the same site, for more time.
const GZIP_LEVEL = 6;

export const ENCODINGS: readonly Encoding[] = [
  {
    name: 'brotli',
    level: BROTLI_QUALITY,
    suffix: '.br',
    compress: (content) =>
      brotliAsync(content, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
        },
      }),
  },
  { name: 'gzip', level: GZIP_LEVEL, suffix: '.gz', compress: (content) => gzipAsync(content, { level: GZIP_LEVEL }) },
];
