// Awareness (presence, carets) as a client sends it is untrusted JSON that the server keeps and sends on to
// everyone: one state nested 200,000 levels deep once made the server's own re-encoding throw outside any
// handler. So each awareness message is decoded here, bounded (message size, state size, nesting, keys), and
// rebuilt from what presence needs: the person's name and id as the server knows them, a colour that can only
// be a colour, and the fields the document's type declares. Only then does y-protocols see it.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { valueMatches, type ValueSchema } from './schema';
import { MalformedMessage } from './protocol';

export interface AwarenessLimits {
  /** Bytes of one awareness message. */
  maxMessageBytes: number;
  /** Bytes of one state's JSON. */
  maxStateBytes: number;
  /** Nesting of one state's JSON (objects and arrays). */
  maxDepth: number;
  /** States one message may carry. */
  maxStates: number;
}

export const DEFAULT_AWARENESS_LIMITS: AwarenessLimits = {
  maxMessageBytes: 16 * 1024,
  maxStateBytes: 4 * 1024,
  maxDepth: 8,
  maxStates: 8
};

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** null: the client removes its state. */
  state: Record<string, unknown> | null;
}

/** Decodes an awareness update within the limits; throws MalformedMessage otherwise. */
export function decodeAwareness(update: Uint8Array, limits: AwarenessLimits): AwarenessEntry[] {
  if (update.byteLength > limits.maxMessageBytes) throw new MalformedMessage('awareness message too large');
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    if (count > limits.maxStates) throw new MalformedMessage('too many awareness states');
    const entries: AwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const json = decoding.readVarString(decoder);
      if (json.length > limits.maxStateBytes) throw new MalformedMessage('awareness state too large');
      if (nesting(json) > limits.maxDepth) throw new MalformedMessage('awareness state nested too deep');
      const state: unknown = JSON.parse(json);
      if (state !== null && (typeof state !== 'object' || Array.isArray(state))) throw new MalformedMessage('an awareness state is an object');
      entries.push({ clientId, clock, state: state as Record<string, unknown> | null });
    }
    if (decoding.hasContent(decoder)) throw new MalformedMessage('trailing bytes in awareness');
    return entries;
  } catch (error) {
    if (error instanceof MalformedMessage) throw error;
    throw new MalformedMessage(`invalid awareness update: ${(error as Error).message}`);
  }
}

/** How deeply a JSON text nests, counted without parsing it (so without recursion). */
function nesting(json: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) max = Math.max(max, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, JSON.stringify(state));
  }
  return encoding.toUint8Array(encoder);
}

const COLOUR = /^#[0-9a-fA-F]{6}$/;
/** Colours a person gets when theirs is not a plain #rrggbb (never anything a style attribute could run). */
const FALLBACK_COLOURS = ['#b45309', '#0369a1', '#7c3aed', '#047857', '#be123c', '#4d7c0f'];

export function safeColour(value: unknown, userId: string): string {
  if (typeof value === 'string' && COLOUR.test(value)) return value;
  let hash = 0;
  for (let i = 0; i < userId.length; i++) hash = (hash * 31 + userId.charCodeAt(i)) >>> 0;
  return FALLBACK_COLOURS[hash % FALLBACK_COLOURS.length];
}

/**
 * The state others will see: `user` as the server knows the person (a client cannot show itself under another
 * name), and for writers the declared fields that fit their schema. Everything else is dropped.
 */
export function presenceState(
  state: Record<string, unknown>,
  who: { userId: string; name: string; writer: boolean },
  fields: Readonly<Record<string, ValueSchema>>
): Record<string, unknown> {
  const user = state.user && typeof state.user === 'object' ? (state.user as Record<string, unknown>) : {};
  const out: Record<string, unknown> = { user: { id: who.userId, name: who.name, color: safeColour(user.color, who.userId) } };
  if (!who.writer) return out;
  for (const [key, schema] of Object.entries(fields)) {
    if (Object.hasOwn(state, key) && valueMatches(state[key], schema)) out[key] = state[key];
  }
  return out;
}
