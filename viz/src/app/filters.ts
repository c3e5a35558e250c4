import type { VizIndex } from "../../../runtime/trace-index-format.js";

/**
 * Group and protocol checkboxes plus the node-id list for search. Nodes outside the
 * checked groups, or running none of the checked protocols, are dimmed. `sync()` rebuilds
 * the controls when a live run has brought new groups, protocols or nodes.
 */
export class Filters {
  readonly groupsOff = new Set<string>();
  readonly protocolsOff = new Set<number>();
  private shown = "";
  private listed = 0;

  constructor(
    private readonly el: HTMLElement,
    private readonly ids: HTMLElement,
    private readonly index: VizIndex,
    private readonly onChange: () => void,
  ) {
    this.sync();
  }

  /** True when node `n` is filtered out. */
  dim(n: number): boolean {
    const ix = this.index;
    if (this.groupsOff.has(ix.nodes[n]!.group)) return true;
    if (this.protocolsOff.size === 0) return false;
    const mask = ix.nodeProtocols[n] ?? 0;
    return !ix.protocols.some((_, p) => !this.protocolsOff.has(p) && (mask >> p) & 1);
  }

  sync(): void {
    const ix = this.index;
    if (this.listed !== ix.nodes.length) {
      this.ids.innerHTML = ix.nodes.map((n) => `<option value="${n.id}">`).join("");
      this.listed = ix.nodes.length;
    }
    const groups = [...new Set(ix.nodes.map((n) => n.group))];
    const key = `${groups.join(",")}|${ix.protocols.join(",")}`;
    if (key === this.shown) return;
    this.shown = key;
    this.el.replaceChildren("groups:");
    for (const g of groups) this.el.append(this.box(g, this.groupsOff, g));
    this.el.append(" protocols:");
    ix.protocols.forEach((p, i) => this.el.append(this.box(p, this.protocolsOff, i)));
  }

  private box<T>(label: string, off: Set<T>, value: T): HTMLLabelElement {
    const l = document.createElement("label");
    const c = document.createElement("input");
    c.type = "checkbox";
    c.checked = !off.has(value);
    c.onchange = () => {
      if (c.checked) off.delete(value);
      else off.add(value);
      this.onChange();
    };
    l.append(c, label);
    return l;
  }
}
