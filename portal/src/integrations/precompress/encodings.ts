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

// Brotli 6, not 11. Measured on the 240-version benchmark site (a quarter of
// its 829 text files, 5.1 MB; bench/README.md, "Portal build"): quality 11
// took about 60 times as long as 6 for outputs 12 % smaller (12.6 % of the
// original against 14.3 %), and the build spent most of its time there.
// Qualities 5 to 8 come out within 1 % of one another; 7 and 8 took more than
// twice as long as 6, and 4 was 8 % larger.
const BROTLI_QUALITY = 6;
// gzip only serves clients without brotli: zlib's default level (6); 9 came
// out 0.7 % smaller, for several times the time.
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
