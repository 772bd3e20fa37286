// Times every call into the storage port and reports it to Metrics, whichever store sits behind it
// (SQLite or PostgreSQL), so "store latency" means the same thing for both and no store repeats it.
import { secondsSince, type Metrics } from '../ports/metrics.ts';
import type { QuizStore } from './store.ts';

export function timedStore(store: QuizStore, metrics: Metrics): QuizStore {
  // Keyed by the method itself, so a method replaced on the store is wrapped afresh.
  const wrapped = new WeakMap<object, unknown>();
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || prop === 'close' || typeof prop !== 'string') return value;
      let fn = wrapped.get(value);
      if (!fn) {
        const call = value as (...a: unknown[]) => unknown;
        fn = (...args: unknown[]) => {
          const start = process.hrtime.bigint();
          const done = (outcome: 'ok' | 'error') => metrics.storeCall({ operation: prop, outcome }, secondsSince(start));
          let result: unknown;
          try {
            result = call.apply(target, args);
          } catch (err) {
            done('error');
            throw err;
          }
          // Port methods return promises; anything else (a store's own helpers) passes through as it is.
          if (!(result instanceof Promise)) return result;
          return result.then(
            (v) => (done('ok'), v),
            (err: unknown) => {
              done('error');
              throw err;
            },
          );
        };
        wrapped.set(value, fn);
      }
      return fn;
    },
  });
}
