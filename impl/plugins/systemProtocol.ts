/** Messages between {@link openRemoteSystem} and its system process (plain data, advanced serialization). */
import type { Action, Scope } from '../../model/types.ts';
import type { Jar, WireCredential } from '../driver/system.ts';
import type { WireKeys } from '../infra/keysWire.ts';
import type { PluginModule } from './pluginModule.ts';

/** What the system process opens. */
export interface OpenRequest {
  readonly plugin: Required<PluginModule>;
  readonly target: 'impl' | 'sockets' | 'redis';
  readonly scope: Scope;
  readonly seed: number;
}

/** What the parent asks of the system process. */
export type SystemCall =
  | { readonly kind: 'open'; readonly open: OpenRequest }
  | { readonly kind: 'act'; readonly action: Action; readonly forged?: WireCredential }
  | { readonly kind: 'probe'; readonly node: number; readonly credential: WireCredential }
  | { readonly kind: 'storeKeys' }
  | { readonly kind: 'close' };

/** A call on the wire; `id` pairs it with its answer. */
export type SystemRequest = SystemCall & { readonly id: number };

/** What the parent reads synchronously between requests, sent after every change. */
export interface SystemState {
  /** The system's clock, unix seconds. */
  readonly now: number;
  readonly jars: readonly Jar[];
  readonly liveNodes: number[];
  readonly localSessionCounts: number[] | null;
}

/** The answer to a call: its value, or the error it threw. */
export type SystemReply =
  | { readonly ok: true; readonly value?: unknown; readonly keys?: WireKeys; readonly state?: SystemState }
  | { readonly ok: false; readonly name: string; readonly message: string; readonly code?: string; readonly stack?: string };

/** A reply on the wire, with its call's `id`. */
export type SystemAnswer = SystemReply & { readonly id: number };
