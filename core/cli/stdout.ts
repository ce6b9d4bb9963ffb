/**
 * Output that reaches the reader. A write to a pipe that is full (64 KiB on Linux) is queued, and `process.exit`
 * drops the queue: `facet labels export | gzip` would keep a fraction of the labels and exit 0. Commands await
 * `writeStdout`, and the entry points exit through `exitWhenFlushed`.
 */

/** Writes `text` to stdout; resolves once the OS has taken all of it, rejects if the reader went away (EPIPE). */
export function writeStdout(text: string, out: NodeJS.WritableStream = process.stdout): Promise<void> {
  return new Promise((resolve, reject) => {
    // On EPIPE both the callback and an 'error' event fire: the listener stays until then, or the event throws.
    const onError = (err: Error) => reject(readerGone(err));
    out.once('error', onError);
    out.write(text, (err) => {
      if (err) return reject(readerGone(err));
      out.removeListener('error', onError);
      resolve();
    });
  });
}

function readerGone(err: Error): Error {
  if ((err as NodeJS.ErrnoException).code !== 'EPIPE') return err;
  return new Error('the reader of the output stopped before the end: what it got is incomplete');
}

/** Exits with `code` once everything queued on stdout and stderr has been written (or the reader is gone). */
export function exitWhenFlushed(code: number): void {
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  for (const stream of [process.stdout, process.stderr]) {
    let called = false;
    const once = () => {
      if (called) return;
      called = true;
      done();
    };
    stream.once('error', once);
    stream.write('', once);
  }
}
