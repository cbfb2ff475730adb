import type { S3Client } from '@aws-sdk/client-s3';

/** How one S3 request attempt ended (a small, fixed set: safe as a metric label). */
export type S3Outcome = 'success' | 'not_found' | 'precondition_failed' | 'error';

/** One S3 request attempt, as seen by an observer. */
export interface S3RequestEvent {
  /** SDK command name, e.g. `GetObjectCommand`. */
  readonly command: string;
  readonly outcome: S3Outcome;
  readonly seconds: number;
}

let nextObserverId = 0;

/**
 * Calls `observer` after every request attempt `client` sends (retries count:
 * the middleware sits after the retry step). Returns a function that detaches it.
 */
export function observeS3Requests(client: S3Client, observer: (event: S3RequestEvent) => void): () => void {
  const name = `s3verlessRequestObserver${++nextObserverId}`;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? 'UnknownCommand';
      const start = process.hrtime.bigint();
      const seconds = () => Number(process.hrtime.bigint() - start) / 1e9;
      try {
        const result = await next(args);
        observer({ command, outcome: 'success', seconds: seconds() });
        return result;
      } catch (error) {
        observer({ command, outcome: outcomeOf(error), seconds: seconds() });
        throw error;
      }
    },
    { step: 'finalizeRequest', priority: 'low', name },
  );
  let attached = true;
  return () => {
    if (!attached) return;
    attached = false;
    client.middlewareStack.remove(name);
  };
}

function outcomeOf(error: unknown): S3Outcome {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (status === 404) return 'not_found';
  if (status === 412) return 'precondition_failed';
  return 'error';
}
