/**
 * A reader that goes away (`pricing history | head -1`) is not a failure: the output it no
 * longer wants is dropped, the command ends with its own exit code, and no stack trace is
 * printed. CLI layer: the only place that listens to the process's output streams.
 */

/** The part of a process's output stream this needs. */
interface OutputStream {
  on(event: "error", listener: (e: NodeJS.ErrnoException) => void): unknown;
}

/** Errors that mean the reading end of the stream is gone. */
const GONE = new Set(["EPIPE", "ERR_STREAM_DESTROYED", "ERR_STREAM_WRITE_AFTER_END"]);

/**
 * Swallows a closed reader's errors on `stream` (any other error is rethrown, as Node would
 * report it). Resolves on the first such error: stdout's tells a long-running command
 * (`pricing watch`) to stop, as Ctrl-C would (see `CliIo.outputGone`).
 */
export function quietWhenReaderGoes(stream: OutputStream): Promise<void> {
  return new Promise((resolve) => {
    stream.on("error", (e) => {
      if (!GONE.has(e.code ?? "")) throw e;
      resolve();
    });
  });
}
