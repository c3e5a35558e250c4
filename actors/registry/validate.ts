import { isHex } from "./signing.js";
import type { ServiceEntry } from "./records.js";

/** A malformed request: the message names the field (`400 {error}`). */
export class BadRequest extends Error {}

const fail = (message: string): never => {
  throw new BadRequest(message);
};

/** The body as an object, or a 400. */
export function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) fail("body: expected a JSON object");
  return body as Record<string, unknown>;
}

/** Node ids: what the seed's clients use (names, libp2p peer ids), nothing that needs escaping in a path. */
const NODE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function nodeId(value: unknown, field = "nodeId"): string {
  if (typeof value !== "string" || !NODE_ID.test(value))
    fail(`${field}: expected 1-128 characters of A-Z a-z 0-9 . _ : -`);
  return value as string;
}

export function hexKey(value: unknown, field: string): string {
  if (!isHex(value, 32)) fail(`${field}: expected a 64-character lowercase hex Ed25519 public key`);
  return value as string;
}

export function hexSignature(value: unknown, field = "signature"): string {
  // Length is checked by the verifier (a wrong length is a bad signature, 401): here only the form.
  if (typeof value !== "string" || value.length === 0 || value.length > 256 || !/^[0-9a-f]+$/.test(value))
    fail(`${field}: expected a lowercase hex signature`);
  return value as string;
}

export function text(value: unknown, field: string, max: number, optional = false): string {
  if (value === undefined && optional) return "";
  if (typeof value !== "string" || value.length > max) fail(`${field}: expected a string of at most ${max} characters`);
  return value as string;
}

export function timestamp(value: unknown, field = "timestamp"): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0)
    fail(`${field}: expected a whole number of milliseconds since 1970`);
  return value as number;
}

export function services(value: unknown, max: number): ServiceEntry[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > max) fail(`services: expected an array of at most ${max} services`);
  return (value as unknown[]).map((s, i) => {
    if (typeof s !== "object" || s === null) fail(`services[${i}]: expected an object`);
    const o = s as Record<string, unknown>;
    const port = o.port;
    if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535)
      fail(`services[${i}].port: expected a port number 1-65535`);
    return {
      type: text(o.type, `services[${i}].type`, 64),
      port: port as number,
      publicKey: text(o.publicKey, `services[${i}].publicKey`, 256, true),
    };
  });
}
