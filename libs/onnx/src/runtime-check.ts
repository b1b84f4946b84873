import type { InferenceSession } from 'onnxruntime-node';

export type LoadCheck = { ok: true; inputNames: string[]; outputNames: string[] } | { ok: false; reason: string };

export interface LoadCheckOptions {
  /** Threads of the session's intra-op pool; 1 by default, since a load check runs nothing. */
  intraOpNumThreads?: number;
}

/** Creates an ONNX Runtime session for the model and releases it; a model ONNX Runtime refuses gives its reason. */
export async function checkOnnxRuntimeLoads(
  model: Uint8Array | string,
  options: LoadCheckOptions = {},
): Promise<LoadCheck> {
  const sessionOptions: InferenceSession.SessionOptions = {
    intraOpNumThreads: options.intraOpNumThreads ?? 1,
    interOpNumThreads: 1,
    // Errors come back as the rejection; warnings about the model would only clutter the service's stderr.
    logSeverityLevel: 3,
  };
  // Loaded on first use: the native runtime costs ~40 MiB of resident memory a process that never
  // checks a model (or checks one rarely, like the registry) should not carry from its start.
  const { InferenceSession: Session } = await import('onnxruntime-node');
  let session: InferenceSession;
  try {
    session =
      typeof model === 'string'
        ? await Session.create(model, sessionOptions)
        : await Session.create(model, sessionOptions);
  } catch (error) {
    return { ok: false, reason: reasonOf(error) };
  }
  try {
    return { ok: true, inputNames: [...session.inputNames], outputNames: [...session.outputNames] };
  } finally {
    // A failed release leaks native memory but says nothing about the model, so it must not turn ok into a throw.
    await session.release().catch(() => undefined);
  }
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.trim() === '' ? 'ONNX Runtime could not load the model (no reason given)' : message;
}
