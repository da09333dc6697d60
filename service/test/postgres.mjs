// A real Postgres server for a test: Debian's `postgresql` package (scripts/setup.sh installs
// it), a new cluster made by initdb in a temporary directory, listening on a loopback port
// only, stopped and removed when the test ends. Postgres refuses to run as root, so as root the
// cluster belongs to the `postgres` user the package creates and its commands run through
// runuser.
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";

const ROOT = "/usr/lib/postgresql";

/** The newest installed server's bin directory. */
export function postgresBin() {
  const versions = existsSync(ROOT) ? readdirSync(ROOT).filter((v) => existsSync(join(ROOT, v, "bin", "initdb"))) : [];
  if (versions.length === 0) throw new Error(`no Postgres server under ${ROOT}: run scripts/setup.sh (it installs Debian's postgresql)`);
  return join(ROOT, versions.sort((a, b) => Number(b) - Number(a))[0], "bin");
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/**
 * Starts a server; resolves { url(database), createDatabase(name), cpuMs(), crash(), restart(),
 * stop() }. Stopped
 * by `t.after` (a node:test context, or anything with an `after(fn)`).
 */
export async function startPostgres(t) {
  const bin = postgresBin();
  const dir = mkdtempSync(join(tmpdir(), "refund-sync-pg-"));
  const data = join(dir, "data");
  const asRoot = userInfo().uid === 0;
  const run = (tool, args) => {
    const [file, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", join(bin, tool), ...args]] : [join(bin, tool), args];
    return execFileSync(file, argv, { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  };
  if (asRoot) {
    chmodSync(dir, 0o755);
    const pgUser = execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim();
    const pgGroup = execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim();
    chownSync(dir, Number(pgUser), Number(pgGroup));
  }
  const port = await freePort();
  run("initdb", ["-D", data, "-U", "refund", "--auth=trust", "--locale=C", "-E", "UTF8", "--no-sync"]);
  // fsync off: this server lives for one test and is never crashed (the workers are).
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
  const start = () => run("pg_ctl", ["-D", data, "-o", options, "-l", join(dir, "server.log"), "-w", "-t", "60", "start"]);
  start();
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  t.after(stop);
  // The server's CPU time so far: the postmaster's own and its children's, the live ones and
  // (cutime, cstime) those it has reaped, i.e. every backend of every connection so far.
  const ticks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }));
  let postmaster = Number(readFileSync(join(data, "postmaster.pid"), "utf8").split("\n")[0]);
  const times = (pid) => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      return { ppid: Number(fields[1]), own: Number(fields[11]) + Number(fields[12]), reaped: Number(fields[13]) + Number(fields[14]) };
    } catch {
      return null;
    }
  };
  const cpuMs = () => {
    let total = 0;
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      const t = times(entry);
      if (t && (Number(entry) === postmaster || t.ppid === postmaster)) total += t.own + (Number(entry) === postmaster ? t.reaped : 0);
    }
    return (total * 1000) / ticks;
  };
  const url = (database) => `postgres://refund@127.0.0.1:${port}/${database}`;
  return {
    url,
    cpuMs,
    /** Stops the server at once, as a crash does (clients see their connections cut). */
    crash: () => run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]),
    /** Starts it again after crash(): it recovers from its WAL. */
    restart() {
      start();
      postmaster = Number(readFileSync(join(data, "postmaster.pid"), "utf8").split("\n")[0]);
    },
    createDatabase(name) {
      run("createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", "refund", name]);
      return url(name);
    },
    stop,
  };
}
