import type { ServerKind, ServerMessageMap } from '@ro-p2p/contract';

/**
 * The fields of `T` by the contract's names, their values not yet checked: what a client may read
 * from JSON it did not write. Reading a field the contract does not define fails to compile.
 */
export type Unchecked<T> = { readonly [F in keyof T]?: unknown };

/** A server message of kind `K` as it arrives (the contract's `ServerMessageMap[K]`, unchecked). */
export type Received<K extends ServerKind> = Unchecked<ServerMessageMap[K]>;
