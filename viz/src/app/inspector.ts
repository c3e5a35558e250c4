import type { LogEntry } from "../../../runtime/event-log.js";
import type { RunModel } from "./model.js";
import type { RunSource } from "./source.js";
import { formatTime } from "./timeline.js";

const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The selected node at the current time: identity, up/down, mode, component, peers,
 * protocols with their observed state and last input, and its last sampled log entries.
 * The log comes from the index's per-window sample (or the live server), fetched on demand.
 */
export class Inspector {
  private token = 0;

  constructor(
    private readonly el: HTMLElement,
    private readonly source: RunSource,
    private readonly model: RunModel,
    private readonly onSelect: (n: number) => void,
  ) {
    el.addEventListener("click", (ev) => {
      const peer = (ev.target as HTMLElement).closest<HTMLElement>("[data-peer]");
      if (peer) this.onSelect(Number(peer.dataset.peer));
    });
  }

  /** Shows node `n` (or a hint when none is selected). */
  async show(n: number): Promise<void> {
    const token = ++this.token;
    const ix = this.source.index;
    const node = ix.nodes[n];
    if (!node) {
      this.el.innerHTML = `<p class="hint">Click a node (or search its id) to inspect it.</p>`;
      return;
    }
    const { model } = this;
    const topo = model.topo;
    const comps = model.components();
    const comp = comps.comp[n]!;
    const up = topo.up[n] === 1;
    const peers = model.peers(n);
    const protocols = ix.protocols.filter((_, p) => (ix.nodeProtocols[n]! >> p) & 1);
    const head = `
      <h2>${esc(node.id)}</h2>
      <dl>
        <dt>status</dt><dd class="${up ? "up" : "down"}">${up ? "up" : "down"}</dd>
        <dt>group</dt><dd>${esc(node.group)}${node.segment ? ` · segment ${esc(node.segment)}` : ""}</dd>
        <dt>mode</dt><dd>${esc(ix.modes[topo.mode[n]!] ?? "unknown")}</dd>
        <dt>component</dt><dd>${comp < 0 ? "—" : `#${comp + 1} of ${comps.count} (${comps.sizes[comp]} nodes)`}</dd>
        ${topo.side[n]! >= 0 ? `<dt>partition side</dt><dd>${topo.side[n]! + 1}</dd>` : ""}
      </dl>
      <h3>peers (${peers.length})</h3>
      <div class="peers">${peers
        .map((p) => {
          const live = topo.linked(n, p);
          return `<a data-peer="${p}" class="${live ? "" : "cut"}" title="${live ? "live link" : "link cut (partition or peer down)"}">${esc(ix.nodes[p]?.id ?? String(p))}</a>`;
        })
        .join(" ")}</div>`;
    this.el.innerHTML = `${head}<h3>actors</h3><p class="hint">loading…</p>`;
    const entries = await this.source.log(n, model.time).catch(() => [] as LogEntry[]);
    if (token !== this.token) return;
    this.el.innerHTML = `${head}<h3>actors</h3>${this.actors(n, protocols, entries)}
      <h3>last log entries ≤ ${formatTime(model.time)}</h3>
      <p class="hint">sampled: each node's last ${this.source.index.log.perNode} entries per ${this.source.index.log.windowMs / 1000} s window</p>
      <ol class="log">${entries
        .slice()
        .reverse()
        .map(
          (e) =>
            `<li><span class="t">${formatTime(e.at)}</span> <b>${esc(e.type)}</b> <code>${esc(typeof e.data === "string" ? e.data : (JSON.stringify(e.data) ?? ""))}</code></li>`,
        )
        .join("")}</ol>`;
  }

  /** What the index knows of an actor that reports no `<actor>.state`: its mode or view. */
  private derived(n: number, actor: string): string | undefined {
    const ix = this.source.index;
    if (actor === "discovery") return `mode ${ix.modes[this.model.topo.mode[n]!] ?? "unknown"}`;
    if (actor === "membership") return `view of ${this.model.peers(n).length}`;
    return undefined;
  }

  /** Per actor: observed state (if the actor reports one) and its latest sampled input. */
  private actors(n: number, protocols: string[], entries: LogEntry[]): string {
    const rows = protocols.map((actor) => {
      const state = this.model.states.get(`${n}:${actor}`) ?? this.derived(n, actor);
      const last = [...entries].reverse().find((e) => e.actor === actor && e.type.endsWith(".in"));
      const input = last ? ((last.data as { type?: string } | null)?.type ?? "") : "";
      return `<tr><td>${esc(actor)}</td><td>${esc(state ?? "—")}</td><td>${last ? `${esc(input)} @ ${formatTime(last.at)}` : ""}</td></tr>`;
    });
    return `<table class="actors"><tr><th>actor</th><th>state</th><th>last input</th></tr>${rows.join("")}</table>`;
  }
}
