// What an operator sees. Two modes:
//   text (default)  on a terminal: one live line per shop being synced, redrawn in place, on
//                   stderr; otherwise one line per notable event (claimed, retry, failed,
//                   finished). The summary table goes to stdout at the end.
//   json            every event as one JSON line on stdout ({ ts, event, shop, platform, ... }),
//                   the summary as a final { event: "summary", shops: [...], cpuMs } line
//                   (cpuMs: the process's CPU time, user + system).
// Events carry shop names, counts, error codes and messages: never a request, a header, a body
// or a credential.

const pad = (value, width) => String(value).padEnd(width);
const padLeft = (value, width) => String(value).padStart(width);

/** Beijing time (+08:00) of an epoch ms or Date, "yyyy-MM-dd HH:mm:ss", or "-". */
export function beijing(value) {
  if (value === null || value === undefined) return "-";
  const ms = value instanceof Date ? value.getTime() : Number(value);
  if (!Number.isFinite(ms)) return "-";
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ");
}

export function createReporter({ mode = "text", out = process.stdout, err = process.stderr, tty = Boolean(process.stderr.isTTY) } = {}) {
  if (mode === "json") {
    return {
      event(name, fields) {
        out.write(`${JSON.stringify({ ts: new Date().toISOString(), event: name, ...fields })}\n`);
      },
      note(message, fields = {}) {
        out.write(`${JSON.stringify({ ts: new Date().toISOString(), event: "note", message, ...fields })}\n`);
      },
      summary(results, extra = {}) {
        out.write(`${JSON.stringify({ ts: new Date().toISOString(), event: "summary", shops: results, ...extra })}\n`);
      },
    };
  }

  const live = new Map(); // shop → its progress line, while a worker holds it
  const stored = new Map(); // shop → { inserted, updated } in this run
  let drawn = 0;
  const redraw = () => {
    if (!tty) return;
    let text = drawn ? `\x1b[${drawn}A` : "";
    const lines = [...live.values()];
    text += lines.map((l) => `\x1b[2K${l}\n`).join("");
    // Lines of shops that finished since the last draw are cleared.
    for (let i = lines.length; i < drawn; i += 1) text += "\x1b[2K\n";
    if (drawn > lines.length) text += `\x1b[${drawn - lines.length}A`;
    err.write(text);
    drawn = lines.length;
  };
  const say = (line) => {
    if (tty && drawn) {
      err.write(`\x1b[${drawn}A\x1b[0J`);
      drawn = 0;
    }
    err.write(`${line}\n`);
    redraw();
  };

  return {
    event(name, f) {
      const who = `${pad(f.shop, 18)} ${pad(f.platform, 12)}`;
      if (name === "claimed") {
        live.set(f.shop, `${who} ${f.resumed ? "resuming" : "starting"}`);
        if (!tty) say(`${who} ${f.resumed ? "resuming its sync" : "sync started"}`);
        else redraw();
      } else if (name === "page") {
        const p = f.progress;
        const total = stored.get(f.shop) ?? { inserted: 0, updated: 0 };
        total.inserted += f.inserted;
        total.updated += f.updated;
        stored.set(f.shop, total);
        live.set(f.shop, `${who} windows ${p.windowsDone}/${p.windowsDone + p.windowsPending}  new ${padLeft(total.inserted, 6)}  changed ${padLeft(total.updated, 6)}`);
        redraw();
      } else if (name === "retry") {
        say(`${who} retry ${f.attempt} in ${f.delayMs} ms after ${f.error}`);
      } else if (name === "database_error") {
        if (f.shop) live.delete(f.shop);
        say(`${f.shop ? who : pad(f.worker, 31)} database error, ${f.shop ? "the shop resumes once it answers" : `retry ${f.attempt} in ${f.delayMs} ms`}: ${f.error}`);
      } else if (name === "state_discarded") {
        say(`${who} its stored sync state is unreadable (${f.error}): syncing again from the cursor`);
      } else if (name === "rejected") {
        say(`${who} record ${f.id ?? `#${f.index}`} rejected at ${f.path}: ${f.message}`);
      } else if (name === "finished" || name === "failed" || name === "lost" || name === "stopped") {
        live.delete(f.shop);
        const what = { finished: "done", failed: `FAILED ${f.error}`, lost: `lease lost: ${f.error}`, stopped: "stopped (resumes on the next run)" }[name];
        say(`${who} ${what}`);
      }
    },
    note(message) {
      say(message);
    },
    summary(results) {
      if (tty && drawn) {
        err.write(`\x1b[${drawn}A\x1b[0J`);
        drawn = 0;
      }
      out.write(`\n${summaryTable(results)}\n`);
    },
  };
}

/** The end-of-run table: one row per shop this run touched, and a total. */
export function summaryTable(results) {
  const rows = results
    .slice()
    .sort((a, b) => a.shop.localeCompare(b.shop))
    .map((r) => [r.shop, r.platform, r.result, r.inserted, r.updated, r.requests, r.retries, r.rejected, (r.ms / 1000).toFixed(1), r.error ?? ""]);
  const total = results.reduce(
    (t, r) => {
      t[3] += r.inserted;
      t[4] += r.updated;
      t[5] += r.requests;
      t[6] += r.retries;
      t[7] += r.rejected;
      return t;
    },
    ["total", "", `${results.filter((r) => r.result === "failed").length} failed`, 0, 0, 0, 0, 0, "", ""],
  );
  return table(["shop", "platform", "result", "new", "changed", "requests", "retries", "rejected", "seconds", "error"], [...rows, total]);
}

/** A plain text table with aligned columns (numbers right-aligned). */
export function table(head, rows) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const numeric = head.map((_, i) => rows.every((r) => r[i] === "" || typeof r[i] === "number" || /^\d+(\.\d+)?$/.test(String(r[i]))));
  const line = (cells) =>
    cells
      .map((c, i) => (numeric[i] ? padLeft(c, widths[i]) : pad(c, widths[i])))
      .join("  ")
      .trimEnd();
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
