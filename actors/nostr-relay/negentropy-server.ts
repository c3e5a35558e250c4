import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { nip77 } from "nostr-tools";

const { Negentropy } = nip77;
type Buf = ReturnType<InstanceType<typeof Negentropy>["encodeBound"]>;
type Item = { timestamp: number; id: Uint8Array };

const SKIP = 0;
const FINGERPRINT = 1;
const ID_LIST = 2;
const VERSION = 0x61;

function varint(n: number): Uint8Array {
  if (n === 0) return new Uint8Array([0]);
  const o: number[] = [];
  for (; n !== 0; n >>>= 7) o.push(n & 127);
  o.reverse();
  for (let i = 0; i < o.length - 1; i++) o[i]! |= 128;
  return new Uint8Array(o);
}

function readVarint(buf: Buf): number {
  let res = 0;
  for (;;) {
    if (buf.length === 0) throw new Error("negentropy message ends prematurely");
    const byte = buf.shift();
    res = (res << 7) | (byte & 127);
    if ((byte & 128) === 0) return res;
  }
}

function take(buf: Buf, n: number): Uint8Array {
  if (buf.length < n) throw new Error("negentropy message ends prematurely");
  return buf.shiftN(n);
}

const equal = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The responder side of negentropy (NIP-77), which a relay runs. nostr-tools' Negentropy
 * is written for the initiator: answering an IdList it only reports differences to
 * callbacks and sends nothing back, so an initiator with a small set never learns what
 * the relay has. This answers an IdList with the relay's own ids for that range, as the
 * reference implementation (hoytech/negentropy) does; everything else is nostr-tools'.
 */
export class NegentropyServer extends Negentropy {
  /** Answers one initiator message; always returns a message (at least the version byte). */
  respond(queryHex: string): string {
    const Wrapped = this.encodeBound(this._bound(0)).constructor as new (b?: Uint8Array) => Buf;
    const query = new Wrapped(hexToBytes(queryHex));
    this.lastTimestampIn = this.lastTimestampOut = 0;
    const full = new Wrapped();
    full.extend(new Uint8Array([VERSION]));
    const version = take(query, 1)[0]!;
    if (version !== VERSION) throw new Error(`unsupported negentropy protocol version 0x${version.toString(16)}`);
    const size = this.storage.size();
    let prevBound: Item = this._bound(0);
    let prevIndex = 0;
    let skip = false;
    while (query.length !== 0) {
      const o = new Wrapped();
      const doSkip = (): void => {
        if (!skip) return;
        skip = false;
        o.extend(this.encodeBound(prevBound));
        o.extend(varint(SKIP));
      };
      const currBound = this.decodeBound(query);
      const mode = readVarint(query);
      const lower = prevIndex;
      let upper = this.storage.findLowerBound(prevIndex, size, currBound);
      if (mode === SKIP) {
        skip = true;
      } else if (mode === FINGERPRINT) {
        const theirs = take(query, 16);
        if (!equal(theirs, this.storage.fingerprint(lower, upper))) {
          doSkip();
          this.splitRange(lower, upper, currBound, o);
        } else skip = true;
      } else if (mode === ID_LIST) {
        const n = readVarint(query);
        take(query, n * 32);
        doSkip();
        const ids: Uint8Array[] = [];
        let endBound: Item = currBound;
        this.storage.iterate(lower, upper, (item, index) => {
          if (this.exceededFrameSizeLimit(full.length + ids.length * 32)) {
            endBound = item;
            upper = index; // the rest of the range is left for the next round
            return false;
          }
          ids.push(item.id);
          return true;
        });
        o.extend(this.encodeBound(endBound));
        o.extend(varint(ID_LIST));
        o.extend(varint(ids.length));
        for (const id of ids) o.extend(id);
      } else {
        throw new Error("unexpected negentropy mode");
      }
      if (this.exceededFrameSizeLimit(full.length + o.length)) {
        full.extend(this.encodeBound(this._bound(Number.MAX_VALUE)));
        full.extend(varint(FINGERPRINT));
        full.extend(this.storage.fingerprint(upper, size));
        break;
      }
      full.extend(o);
      prevIndex = upper;
      prevBound = currBound;
    }
    return bytesToHex(full.unwrap());
  }
}
