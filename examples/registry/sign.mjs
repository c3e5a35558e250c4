// Ed25519 helper for the curl examples in docs/registry.md (run from the repository root).
//   node examples/registry/sign.mjs keygen                 → "<secret hex> <public hex>"
//   node examples/registry/sign.mjs sign <secret> <message> → signature hex
import { ed25519 } from "@noble/curves/ed25519.js";

const hex = (b) => Buffer.from(b).toString("hex");
const [cmd, secret, message] = process.argv.slice(2);
if (cmd === "keygen") {
  const sk = ed25519.utils.randomSecretKey();
  console.log(`${hex(sk)} ${hex(ed25519.getPublicKey(sk))}`);
} else if (cmd === "sign" && secret && message !== undefined) {
  console.log(hex(ed25519.sign(new TextEncoder().encode(message), Buffer.from(secret, "hex"))));
} else {
  console.error("usage: sign.mjs keygen | sign <secret-hex> <message>");
  process.exit(2);
}
