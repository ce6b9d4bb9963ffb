/**
 * A bounded, ordered, concurrent map over an async source: at most `concurrency` calls of `fn` run at once,
 * results come out in source order, and the source is pulled only when there is room. Chained, these make a
 * pipeline whose memory is bounded by the sum of the stages' concurrency (never "all images at once").
 * `fn` should return failures as values; a throw ends the iteration with that error.
 */
export async function* orderedMap<T, R>(
  source: AsyncIterable<T> | Iterable<T>,
  fn: (item: T) => Promise<R>,
  concurrency: number | (() => number),
  signal?: AbortSignal,
): AsyncGenerator<R> {
  // A function is read before each pull: a stage can widen once it knows its workers (e.g. a pool analyzer).
  const limit = typeof concurrency === 'function' ? concurrency : () => concurrency;
  if (!(limit() >= 1)) throw new RangeError(`concurrency must be >= 1, got ${limit()}`);
  const it = (Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]()) as
    AsyncIterator<T> | Iterator<T>;
  const inFlight: Promise<R>[] = [];
  let exhausted = false;
  const fill = async () => {
    while (!exhausted && inFlight.length < Math.max(1, limit()) && !signal?.aborted) {
      const next = await it.next();
      if (next.done) {
        exhausted = true;
        break;
      }
      const p = fn(next.value);
      p.catch(() => undefined); // observed when its turn comes; avoid an unhandled rejection meanwhile
      inFlight.push(p);
    }
  };
  try {
    await fill();
    while (inFlight.length) {
      const r = await inFlight.shift()!;
      await fill();
      yield r;
    }
  } finally {
    if (!exhausted) await it.return?.();
  }
}
