// Type declarations for window.auroraview, the bridge that AuroraView for C injects into every
// trusted page (auroraview.js, a plain script that exports nothing at run time). The names
// exported here are types; the ES module entry (index.d.ts) re-exports them with its values.
// Reaching this file, by `import ... from "@auroraview/bridge"` or by
// `/// <reference types="@auroraview/bridge" />`, also declares the globals below.

/**
 * Binary data a page sends: an ArrayBuffer, any typed array or a DataView (its viewed bytes).
 * Anywhere in params, details or state it arrives in Python as `bytes`.
 */
export type BinaryValue = ArrayBuffer | ArrayBufferView;

/**
 * A value as native delivers it (call results, events, state, channel messages): JSON, with
 * every Python `bytes`, `bytearray` or `memoryview` as a Uint8Array.
 */
export type NativeValue =
  | null
  | boolean
  | number
  | string
  | Uint8Array
  | NativeValue[]
  | { [key: string]: NativeValue };

/** Error codes of protocol v1; native may add others, so any string is accepted. */
export type AuroraViewErrorCode =
  | "METHOD_NOT_FOUND"
  | "INVALID_PARAMS"
  | "HANDLER_ERROR"
  | "TIMEOUT"
  | "CANCELLED"
  | "BUSY"
  | "PAYLOAD_TOO_LARGE"
  | "BAD_MESSAGE"
  /** Not from native: window.ipc.postMessage threw, so the call never left the page. */
  | "TRANSPORT_ERROR"
  /** Not from native: the module's local bridge, outside AuroraView (README.md). */
  | "NOT_IN_AURORAVIEW"
  | (string & {});

/** How every failed call rejects. */
export interface AuroraViewError extends Error {
  /** The native error class when known (e.g. the Python exception, "ValueError"), else the code. */
  name: string;
  code: AuroraViewErrorCode;
  message: string;
  /** Extra detail from native, e.g. `{ traceback }` for HANDLER_ERROR in debug mode. */
  data: unknown;
}

export interface AuroraViewErrorOptions {
  /** Default "ERROR". */
  code?: AuroraViewErrorCode;
  /** Default: the code. */
  name?: string;
  data?: unknown;
}

export interface AuroraViewErrorConstructor {
  new (message: string, options?: AuroraViewErrorOptions): AuroraViewError;
  readonly prototype: AuroraViewError;
}

export interface CallOptions {
  /** Milliseconds before the call rejects with TIMEOUT. Default 30000; 0 or Infinity: none. */
  timeout?: number;
  /**
   * Aborting it rejects the call with CANCELLED. In Python an async handler gets CancelledError,
   * a sync one sees auroraview.current_call().cancelled, and a call still queued does not run.
   */
  signal?: AbortSignal;
}

export interface StreamOptions {
  /** Items Python may send ahead of page code (its credit): an integer from 1 to 65536; default 1024. */
  window?: number;
  /** Aborting it ends the stream: Python closes the generator, the loop rejects with CANCELLED. */
  signal?: AbortSignal;
}

/** What auroraview.stream returns: an async iterator of a Python generator's items. */
export interface AuroraViewStream<T = any> extends AsyncIterableIterator<T> {
  /** Ends the stream from the page: Python closes the generator; next() rejects with CANCELLED. */
  cancel(): void;
}

/** What auroraview.openStream returns: the page's end of a stream an async Python handler reads. */
export interface AuroraViewWriteStream<T = any> {
  /**
   * Sends value (JSON) to the handler's `async for item in stream`, in order. Resolves at once
   * while the stream has credit, else once the handler has taken items: at most `window` items
   * wait in Python. Rejects with the handler's error once it raised (HANDLER_ERROR), with
   * CANCELLED once it returned early or the stream was aborted.
   */
  write(value: T): Promise<void>;
  /** Ends the stream (after the writes waiting for credit) and resolves with the handler's return value. */
  close<R = any>(): Promise<R>;
  /** Gives up: the handler's task is cancelled (CancelledError); close() and writes reject with CANCELLED. */
  abort(reason?: unknown): void;
}

/**
 * `auroraview.api.a.b(params, options)` is `auroraview.call("api.a.b", params, options)`.
 * Any property name is a method (or a namespace of methods); `then`, `toJSON`, `toString`,
 * `valueOf` and symbols are not, so the proxy can be awaited, stringified and logged safely.
 */
export interface AuroraViewApi {
  [name: string]: AuroraViewApiMethod;
}

export interface AuroraViewApiMethod extends AuroraViewApi {
  <R = any>(params?: unknown, options?: CallOptions): Promise<R>;
}

/**
 * Typed methods of `auroraview.api`: empty here. `python -m auroraview stubs my_tool:api` writes
 * a declaration file that adds a tool's bound methods to it (module augmentation of
 * "@auroraview/bridge/auroraview.js"), typed from their Python hints; with it in the page's
 * project, `auroraview.api.get_data(...)` checks its params and its result. Names it does not
 * declare stay untyped.
 */
export interface AuroraViewTypedApi {}

export type Unsubscribe = () => void;

// ---- upstream AuroraView's page API: invoke, state, channel (python_pkg/auroraview/core/) ----

/** Upstream's codes of a failed command (Python's CommandErrorCode values). */
export type CommandErrorCode =
  | "UNKNOWN"
  | "INTERNAL"
  | "INVALID_DATA"
  | "MISSING_COMMAND"
  | "COMMAND_NOT_FOUND"
  | "INVALID_ARGUMENTS"
  | "MISSING_ARGUMENT"
  | "TYPE_ERROR"
  | "EXECUTION_ERROR"
  | "TIMEOUT"
  | "CANCELLED"
  | "PERMISSION_DENIED"
  | (string & {});

/** How a failed invoke rejects: an AuroraViewError named "CommandError" for a command's failure. */
export interface InvokeError extends AuroraViewError {
  /** The command's code, or the bridge's (TIMEOUT, CANCELLED, BAD_MESSAGE, ...). */
  code: CommandErrorCode | AuroraViewErrorCode;
  /** The CommandError's details (also `data`); `{}` when there are none. */
  details: Record<string, any>;
}

export type StateChangeSource = "python" | "javascript";
export type StateChangeHandler = (key: string, value: any, source: StateChangeSource) => void;

/** The methods of auroraview.state; its other properties are the shared keys. */
export interface AuroraViewState {
  /** Runs handler(key, value, source) on every change from either side; value undefined: removed. */
  onChange(handler: StateChangeHandler): Unsubscribe;
  offChange(handler: StateChangeHandler): void;
  /** A copy of the state as a plain object. */
  toJSON(): Record<string, any>;
  keys(): string[];
}

/** The page's end of a Python Channel: auroraview.channel(id). */
export interface AuroraViewChannel {
  readonly id: string;
  /** Gets each message in order; the messages that came before any handler first. */
  onMessage<T = any>(handler: (data: T) => void): Unsubscribe;
  /** Runs handler once the channel closes (at once if it has). */
  onClose(handler: () => void): Unsubscribe;
  readonly isClosed: boolean;
}

export interface AuroraViewReadyEvent extends CustomEvent<{ version: string }> {
  readonly type: "auroraviewready";
}

export interface AuroraViewBridge {
  /** Bridge version, "0.1.0". */
  readonly version: string;
  readonly AuroraViewError: AuroraViewErrorConstructor;

  /**
   * Calls a native (Python) method. `params` is sent as JSON: an object becomes keyword
   * arguments, an array positional arguments, undefined no arguments. Binary values in it
   * (BinaryValue) reach Python as bytes; Python's bytes in the result arrive as Uint8Array. Rejects with
   * AuroraViewError (BAD_MESSAGE at once if params cannot be serialised, nest more than 512
   * levels deep or hold a lone UTF-16 surrogate; PAYLOAD_TOO_LARGE at once if the message is
   * longer than the transport takes, window.ipc.maxLength).
   */
  call<R = any>(method: string, params?: unknown, options?: CallOptions): Promise<R>;

  /**
   * Fire-and-forget event to native; binary values in `detail` reach Python as bytes. Throws TypeError if `detail` cannot be serialised or holds a
   * lone UTF-16 surrogate, RangeError if it nests more than 512 levels deep.
   */
  send_event(event: string, detail?: unknown): void;

  /**
   * Subscribes to events pushed by native (and to local `trigger`s). Native's data is a
   * NativeValue: Python's bytes arrive as Uint8Array.
   */
  on<T = any>(event: string, handler: (data: T) => void): Unsubscribe;
  /** Like `on`, for the next event only. */
  once<T = any>(event: string, handler: (data: T) => void): Unsubscribe;
  /** Removes `handler`, or every handler of `event` when `handler` is omitted. */
  off(event: string, handler?: (data: any) => void): void;
  /** Delivers to local `on` handlers only; nothing is sent to native. */
  trigger(event: string, data?: unknown): void;

  readonly api: AuroraViewTypedApi & AuroraViewApi;

  /** Resolves with the bridge once it is installed. */
  whenReady(): Promise<AuroraViewBridge>;

  /** Number of calls waiting for an answer (for debugging). */
  readonly pending: number;

  // ---- upstream AuroraView's page API ----

  /** True: the bridge is installed before any page script runs. */
  isReady(): boolean;
  /**
   * Runs the Python command `command` (view.command) with `args` (an object: keyword arguments;
   * an array: positional ones) and resolves with its return value. Rejects with an InvokeError.
   */
  invoke<R = any>(command: string, args?: unknown, options?: CallOptions): Promise<R>;
  /** The same function as invoke (upstream's name for Python commands). */
  invokeCommand<R = any>(command: string, args?: unknown, options?: CallOptions): Promise<R>;
  /** The page's side of view.state: set, read and delete keys; changes reach Python. */
  readonly state: AuroraViewState & Record<string, unknown>;
  /** The page's end of the Python Channel named id (made on first use). */
  channel(id: string): AuroraViewChannel;
  /**
   * Reads the generator or async generator bound as `method` (params as for call):
   * `for await (const item of auroraview.stream("api.tail", params))`. Leaving the loop early
   * (break, return, throw) or aborting options.signal closes the generator in Python.
   */
  stream<T = any>(method: string, params?: unknown, options?: StreamOptions): AuroraViewStream<T>;
  /**
   * Opens a stream to the async handler bound as `method` (params as for call), which reads it
   * through its keyword-only `stream` parameter: `async for item in stream`. options.window is
   * the credit (items waiting in Python), options.signal aborts it.
   */
  openStream<T = any>(method: string, params?: unknown, options?: StreamOptions): AuroraViewWriteStream<T>;
  /** The methods Python has bound (view.get_bound_methods()), as Python last sent them. */
  getBoundMethods(): string[];
  isMethodBound(method: string): boolean;
}

declare global {
  interface Window {
    readonly auroraview: AuroraViewBridge;
  }
  const auroraview: AuroraViewBridge;

  interface WindowEventMap {
    auroraviewready: AuroraViewReadyEvent;
  }
}
