// Types of the ES module entry (index.js). Every value is the injected bridge's own member
// (see AuroraViewBridge in auroraview.d.ts), plus what the module adds for pages that run
// outside AuroraView.
import type {
  AuroraViewBridge,
  AuroraViewError as AuroraViewErrorInstance,
  AuroraViewErrorConstructor,
} from "./auroraview.js";

export type {
  AuroraViewApi,
  AuroraViewApiMethod,
  AuroraViewBridge,
  AuroraViewChannel,
  AuroraViewErrorCode,
  AuroraViewErrorConstructor,
  AuroraViewErrorOptions,
  AuroraViewReadyEvent,
  AuroraViewTypedApi,
  AuroraViewState,
  BinaryValue,
  AuroraViewStream,
  CallOptions,
  CommandErrorCode,
  InvokeError,
  NativeValue,
  StateChangeHandler,
  StateChangeSource,
  StreamOptions,
  Unsubscribe,
} from "./auroraview.js";

/** window.auroraview: the bridge the native side injected, or the local one outside AuroraView. */
export declare const auroraview: AuroraViewBridge;

/** The bridge's error class: `err instanceof AuroraViewError` holds for every failed call. */
export declare const AuroraViewError: AuroraViewErrorConstructor;
export type AuroraViewError = AuroraViewErrorInstance;

export declare const api: AuroraViewBridge["api"];
export declare const call: AuroraViewBridge["call"];
export declare const off: AuroraViewBridge["off"];
export declare const on: AuroraViewBridge["on"];
export declare const once: AuroraViewBridge["once"];
export declare const send_event: AuroraViewBridge["send_event"];
export declare const stream: AuroraViewBridge["stream"];
export declare const openStream: AuroraViewBridge["openStream"];
export declare const trigger: AuroraViewBridge["trigger"];
export declare const version: AuroraViewBridge["version"];
export declare const whenReady: AuroraViewBridge["whenReady"];
export declare const isReady: AuroraViewBridge["isReady"];
export declare const invoke: AuroraViewBridge["invoke"];
export declare const invokeCommand: AuroraViewBridge["invokeCommand"];
export declare const state: AuroraViewBridge["state"];
export declare const channel: AuroraViewBridge["channel"];
export declare const getBoundMethods: AuroraViewBridge["getBoundMethods"];
export declare const isMethodBound: AuroraViewBridge["isMethodBound"];

/** False when the page runs outside AuroraView and the module installed the local bridge. */
export declare const inAuroraView: boolean;

/** A stand-in for a Python call handler: gets the call's params, returns (or resolves to) its result. */
export type StandInCall = (params: any) => unknown;
/** A stand-in for a Python event handler: gets the detail of `send_event(event, detail)`. */
export type StandInEvent = (detail: any) => void | Promise<void>;
/** A stand-in for a Python command: gets invoke's args, returns (or resolves to) its result; a thrown
 * error's `code` and `details` (if any) are the invoke's, as a CommandError's. */
export type StandInCommand = (args: any) => unknown;

export interface StandInHandlers {
  /** By full method name: `auroraview.api.get_scene()` is "api.get_scene". */
  calls?: Record<string, StandInCall>;
  events?: Record<string, StandInEvent>;
  /** By command name: `auroraview.invoke("greet", args)` is "greet". */
  commands?: Record<string, StandInCommand>;
}

export interface StandIn {
  /** Pushes an event to the page's `on` handlers, as Python's `view.emit(event, data)` does. */
  emit(event: string, data?: unknown): void;
}

/**
 * Outside AuroraView: registers local handlers that answer the page's calls and invokes and
 * receive its events (a later registration of a name replaces the earlier one; the calls' names
 * are then what getBoundMethods() gives), and returns a handle to push events. Inside
 * AuroraView: does nothing and returns null.
 */
export declare function standIn(handlers?: StandInHandlers): StandIn | null;
