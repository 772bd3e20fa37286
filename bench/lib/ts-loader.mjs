// `node --import ./bench/lib/ts-loader.mjs …`: runs TypeScript through TypeScript's own transpiler,
// unminified and with inline source maps. Only the profiler child uses it: tsx minifies whitespace,
// which puts every function on line 1 and makes V8's line-level profile ticks useless.
import { register } from 'node:module';

register('./ts-loader-hooks.mjs', import.meta.url);
