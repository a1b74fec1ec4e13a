// The y-websocket wire protocol: one varuint message type, then a y-protocols payload.
// Pure functions only: no sockets, no documents' lifetimes (DESIGN.md, convention 1).
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as authProtocol from 'y-protocols/auth';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

export const MESSAGE = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;
export const SYNC = {
  step1: syncProtocol.messageYjsSyncStep1,
  step2: syncProtocol.messageYjsSyncStep2,
  update: syncProtocol.messageYjsUpdate
} as const;

export type Incoming =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  | { type: 'sync-update'; update: Uint8Array } // step 2 and update carry the same payload
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' };

export class MalformedMessage extends Error {}

/** Decodes one client message fully, so that a bad one is refused before it touches any document. */
export function decodeMessage(data: Uint8Array): Incoming {
  try {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    let message: Incoming;
    if (type === MESSAGE.sync) {
      const syncType = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (syncType === SYNC.step1) {
        // Read now, so that a broken state vector is a malformed message, not a failure while answering it.
        Y.decodeStateVector(payload);
        message = { type: 'sync-step1', stateVector: payload };
      }
      else if (syncType === SYNC.step2 || syncType === SYNC.update) message = { type: 'sync-update', update: payload };
      else throw new MalformedMessage(`unknown sync message ${syncType}`);
    } else if (type === MESSAGE.awareness) {
      message = { type: 'awareness', update: decoding.readVarUint8Array(decoder) };
    } else if (type === MESSAGE.queryAwareness) {
      message = { type: 'query-awareness' };
    } else {
      throw new MalformedMessage(`unknown message type ${type}`);
    }
    if (decoding.hasContent(decoder)) throw new MalformedMessage('trailing bytes');
    return message;
  } catch (error) {
    if (error instanceof MalformedMessage) throw error;
    throw new MalformedMessage((error as Error).message);
  }
}

/**
 * Throws unless `update` is a well-formed Yjs update. Y.applyUpdate integrates structs before it reads the
 * delete set, so a truncated update could be half-applied; decoding it first keeps the document whole.
 */
/** What Y.decodeUpdate reads from an update: the structs it adds and the delete set. */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

/** Decodes an update, throwing MalformedMessage when Yjs cannot read it; a document's guard reuses the result. */
export function decodeValidUpdate(update: Uint8Array): DecodedUpdate {
  try {
    return Y.decodeUpdate(update);
  } catch (error) {
    throw new MalformedMessage(`invalid update: ${(error as Error).message}`);
  }
}

/** An update that carries nothing (what a read-only client sends back in its sync step 2). */
export function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0;
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE.sync);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

export function encodeSyncStep2(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE.sync);
  syncProtocol.writeSyncStep2(encoder, doc, stateVector);
  return encoding.toUint8Array(encoder);
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE.sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function encodeAwareness(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE.awareness);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function encodeAwarenessStates(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  return encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
}

export function encodePermissionDenied(reason: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE.auth);
  authProtocol.writePermissionDenied(encoder, reason);
  return encoding.toUint8Array(encoder);
}
