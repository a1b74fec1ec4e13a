// y-websocket 3.1 sends on every awareness change it sees — the other people's states too, echoed back to the
// server — and answers an awareness query with every state it holds. The server keeps, per connection, the state
// of the first client id it introduces and drops the rest, so echoes are wasted traffic at best, and an echo sent
// before one's own state could be taken for it. So this provider sends this client's own state, nothing else.
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { messageAwareness, messageQueryAwareness, type WebsocketProvider } from 'y-websocket';

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

/** Replaces the provider's awareness sending; the returned function stops it (call it before `provider.destroy()`). */
export function sendOwnAwarenessOnly(provider: WebsocketProvider): () => void {
  const awareness = provider.awareness;
  const own = awareness.clientID;
  const writeOwn = (encoder: encoding.Encoder) => {
    encoding.writeVarUint(encoder, messageAwareness);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [own]));
  };
  awareness.off('update', provider._awarenessUpdateHandler);
  const onUpdate = ({ added, updated, removed }: AwarenessChange) => {
    if (!added.includes(own) && !updated.includes(own) && !removed.includes(own)) return;
    if (!provider.wsconnected || !provider.ws) return;
    const encoder = encoding.createEncoder();
    writeOwn(encoder);
    provider.ws.send(encoding.toUint8Array(encoder));
  };
  awareness.on('update', onUpdate);
  provider.messageHandlers[messageQueryAwareness] = (encoder) => writeOwn(encoder);
  return () => awareness.off('update', onUpdate);
}
