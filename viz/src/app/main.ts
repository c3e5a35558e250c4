import { Filters } from "./filters.js";
import { GraphView } from "./graph-view.js";
import { Inspector } from "./inspector.js";
import { openLive, type LiveSource } from "./live-source.js";
import { RunModel } from "./model.js";
import { colorer, flowAt, type ColorBy, type FlowState } from "./paint.js";
import { openStatic, type RunSource } from "./source.js";
import { Timeline, formatTime } from "./timeline.js";

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const body = document.body;

/**
 * The run to open: `run/` (the served run), or a run inside it named by `?run=run/…/`
 * (the sweep page links a seed's kept trace as `?run=run/seeds/17/`).
 */
function runBase(): string {
  const asked = new URLSearchParams(location.search).get("run");
  return asked && /^run\/[\w/-]*\/$/.test(asked) && !asked.includes("..") ? asked : "run/";
}

/** Opens the live socket when the server offers one, else the run directory's index. */
async function open(): Promise<RunSource> {
  const proto = location.protocol === "https:" ? "wss" : "ws";
  // Fetch the static index while the live socket is tried: a static server refuses it.
  const fallback = openStatic(runBase()).then(
    (s) => ({ s }),
    (e: unknown) => ({ e }),
  );
  const live = await openLive(`${proto}://${location.host}/live`);
  if (live) return live;
  const r = await fallback;
  if ("e" in r) throw r.e;
  return r.s;
}

/** Parses `m:ss(.s)` or plain seconds into ms. */
function parseTime(text: string): number | undefined {
  const m = /^\s*(?:(\d+):)?(\d+(?:\.\d+)?)\s*$/.exec(text);
  return m ? (Number(m[1] ?? 0) * 60 + Number(m[2])) * 1000 : undefined;
}

async function main(): Promise<void> {
  const started = performance.now();
  const source = await open();
  const ix = source.index;
  const model = new RunModel(ix);
  const graph = new GraphView($<HTMLCanvasElement>("graph"), ix, model);
  let selected = -1;
  let found = -1;
  let colorBy: ColorBy = "component";
  let message = -1;
  let rows: ArrayLike<number> = [];
  let flow: FlowState | undefined;
  let playing = false;
  let follow = source.live;

  const inspector = new Inspector($("inspector"), source, model, (n) => select(n));
  const timeline = new Timeline($("timeline"), ix, (t) => {
    follow = false;
    seek(t);
  });

  const filters = new Filters($("filters"), $("node-ids"), ix, () => refresh());
  const dim = (n: number): boolean => filters.dim(n);

  /** Recomputes colours, the flow and the exposed data attributes for the model's time. */
  function refresh(): void {
    const t = model.time;
    const msg = ix.messages[message];
    flow = msg ? flowAt(rows, msg.origin, msg.at, t) : undefined;
    const paint = colorer(ix, model, colorBy, flow);
    graph.paint = { fill: paint.fill, dim, flow: flow?.edges ?? [], selected, found };
    graph.update();
    timeline.setTime(t);
    const comps = model.components();
    let edges = 0;
    model.topo.forEachEdge((_a, _b, _v, live) => void (live && edges++));
    const up = model.topo.up.reduce((s, u) => s + u, 0);
    Object.assign(body.dataset, {
      time: String(Math.round(t)),
      end: String(ix.end),
      nodes: String(ix.nodes.length),
      up: String(up),
      edges: String(edges),
      components: String(comps.count),
      clusters: String(model.clusters()),
      largest: String(comps.largest),
      partitioned: model.partition >= 0 ? "1" : "0",
      selected: ix.nodes[selected]?.id ?? "",
      message: msg?.id ?? "",
      msgReached: String(flow?.reached.size ?? 0),
    });
    const timeInput = $<HTMLInputElement>("time");
    if (document.activeElement !== timeInput) timeInput.value = formatTime(t);
    const clusters = model.clusters();
    $("stats").textContent =
      `${formatTime(t)} · ${up}/${ix.nodes.length} up · ${edges} links · ` +
      `${clusters} cluster${clusters === 1 ? "" : "s"} (${comps.count} component${comps.count === 1 ? "" : "s"})` +
      (model.partition >= 0 ? " · PARTITIONED" : "") +
      (flow ? ` · ${msg!.id}: ${flow.reached.size} nodes` : "");
    $("legend").innerHTML =
      paint.legend.map(([c, l]) => `<span style="background:${c}"></span>${l}`).join("") +
      `<br><i class="edge"></i>link <i class="edge cut"></i>cut by partition / peer down <i class="edge relayed"></i>relayed` +
      (flow ? ` <i class="edge flow"></i>message hop` : "");
  }

  let inspectTimer = 0;
  function seek(t: number): void {
    model.seek(t);
    refresh();
    // The inspector fetches log samples: refresh it at most a few times a second.
    if (selected >= 0 && !inspectTimer)
      inspectTimer = window.setTimeout(() => {
        inspectTimer = 0;
        void inspector.show(selected);
      }, 250);
  }

  function select(n: number): void {
    selected = n;
    refresh();
    void inspector.show(n);
  }

  async function pickMessage(m: number): Promise<void> {
    message = m;
    rows = m >= 0 ? await source.flows(m) : [];
    refresh();
  }

  // Controls.
  $<HTMLSelectElement>("color-by").onchange = (ev) => {
    colorBy = (ev.target as HTMLSelectElement).value as ColorBy;
    refresh();
  };
  const msgSelect = $<HTMLSelectElement>("message");
  const fillMessages = (): void => {
    const have = msgSelect.options.length - 1;
    ix.messages.slice(have).forEach((m, i) => {
      const what = m.kind === "lookup" ? `DHT ${m.id}` : `gossip ${m.id}`;
      const o = new Option(`${what} · ${ix.nodes[m.origin]?.id} @ ${formatTime(m.at)} → ${m.n}`, String(have + i));
      msgSelect.add(o);
    });
  };
  msgSelect.onchange = () => void pickMessage(Number(msgSelect.value));
  $("spread").onclick = async () => {
    const m = ix.messages[Number(msgSelect.value)] ?? ix.messages[0];
    if (!m) return;
    msgSelect.value = String(ix.messages.indexOf(m));
    await pickMessage(ix.messages.indexOf(m));
    colorBy = "message";
    $<HTMLSelectElement>("color-by").value = "message";
    // Spread the message over ~8 s of wall time, whatever its real duration.
    speed = Math.max(0.02, (m.last - m.at + 200) / 8000);
    follow = false;
    seek(m.at);
    setPlaying(true);
  };
  const search = $<HTMLInputElement>("search");
  const onSearch = (ev: Event): void => {
    if (ev instanceof KeyboardEvent && ev.key !== "Enter") return;
    const q = search.value.trim();
    const n = ix.nodes.findIndex((x) => x.id === q);
    found = n >= 0 ? n : ix.nodes.findIndex((x) => q !== "" && x.id.includes(q));
    if (found >= 0) select(found);
    else refresh();
  };
  search.addEventListener("change", onSearch);
  search.addEventListener("keydown", onSearch);
  $("graph").addEventListener("click", (ev) => {
    const r = (ev.target as HTMLElement).getBoundingClientRect();
    select(graph.pick(ev.clientX - r.left, ev.clientY - r.top));
  });
  const timeInput = $<HTMLInputElement>("time");
  timeInput.onkeydown = (ev) => {
    const t = ev.key === "Enter" ? parseTime(timeInput.value) : undefined;
    if (t === undefined) return;
    follow = false;
    seek(t);
    timeInput.blur();
  };

  // Playback: simulated time advances by wall time × speed.
  let speed = Number($<HTMLSelectElement>("speed").value);
  $<HTMLSelectElement>("speed").onchange = (ev) => (speed = Number((ev.target as HTMLSelectElement).value));
  let last = 0;
  const setPlaying = (on: boolean): void => {
    playing = on;
    $("play").textContent = on ? "❚❚" : "▶";
    body.dataset.playing = on ? "1" : "0";
  };
  $("play").onclick = () => {
    if (!playing && model.time >= ix.end) seek(0);
    setPlaying(!playing);
  };
  const frame = (now: number): void => {
    const dt = last ? now - last : 0;
    last = now;
    if (playing) {
      const t = model.time + dt * speed;
      seek(Math.min(t, ix.end));
      if (t >= ix.end && !source.live) setPlaying(false);
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  // Space plays/pauses; arrows step one second (ten with shift), outside text fields.
  window.addEventListener("keydown", (ev) => {
    if (ev.target instanceof HTMLInputElement || ev.target instanceof HTMLSelectElement) return;
    if (ev.key === " ") $("play").click();
    else if (ev.key === "ArrowRight" || ev.key === "ArrowLeft") {
      follow = false;
      seek(model.time + (ev.key === "ArrowRight" ? 1 : -1) * (ev.shiftKey ? 10_000 : 1000));
    } else return;
    ev.preventDefault();
  });
  graph.onSettle = (settled) => (body.dataset.settled = settled ? "1" : "0");

  const info = (): void => {
    $("run-info").textContent =
      `${ix.scenario || "run"} · seed ${String(ix.seed)} · ${ix.nodes.length} nodes · ${ix.messages.length} messages · ${formatTime(ix.end)}`;
  };
  if (source.live) {
    $("live-badge").hidden = false;
    (source as LiveSource).onUpdate(() => {
      info();
      fillMessages();
      filters.sync();
      timeline.render();
      if (follow) seek(ix.end);
      else timeline.setTime(model.time);
    });
  }
  info();
  fillMessages();
  window.addEventListener("resize", () => {
    timeline.render();
    timeline.setTime(model.time);
    graph.request();
  });
  timeline.render();
  const initial = new URLSearchParams(location.search).get("t");
  model.seek(initial !== null ? (parseTime(initial) ?? 0) : source.live ? ix.end : 0);
  refresh();
  // A few synchronous layout steps so the first frame already shows the shape.
  graph.settle(ix.nodes.length > 3000 ? 3 : ix.nodes.length > 500 ? 8 : 40);
  graph.request();
  void inspector.show(-1);
  body.dataset.mode = source.live ? "live" : "static";
  body.dataset.loadMs = String(Math.round(performance.now() - started));
  body.dataset.ready = "1";
}

main().catch((err: unknown) => {
  body.dataset.error = String(err);
  document.body.innerHTML = `<pre style="padding:20px;color:#b00">${String(err)}</pre>`;
});
