#!/usr/bin/env python3
"""Driver of scripts/bench.sh: times whole processes, collects testex-bench's in-process
figures, runs the moto peer, prints one table and writes docs/bench-results.json.
Every figure is the median of several runs, with min and max."""
import argparse
import calendar
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOW = "2026-11-22T10:00:00Z"


def figure(name, unit, samples, note=None):
    samples = sorted(samples)
    out = {"name": name, "unit": unit, "median": statistics.median(samples), "min": samples[0], "max": samples[-1],
           "runs": len(samples)}
    if note:
        out["note"] = note
    return out


def timed(argv, env=None, check=True):
    """Milliseconds of one process, and its peak resident memory in MB."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = (time.perf_counter() - start) * 1000
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode()
    proc.stderr.close()
    if check and proc.returncode not in (0,):
        sys.exit(f"bench: {' '.join(argv)} failed ({proc.returncode}): {err}")
    return elapsed, usage.ru_maxrss / 1024


def run(argv, env):
    return subprocess.run(argv, env=env, check=True, capture_output=True, text=True).stdout


def state_env(state):
    env = dict(os.environ, TESTEX_STATE_DIR=state, TESTEX_NOW=NOW, LOG_LEVEL="WARNING")
    return env


def sync_calls(argv, env):
    """fsync, fdatasync and syncfs calls of one process and its children, counted by strace."""
    if not shutil.which("strace"):
        return None
    out = subprocess.run(["strace", "-f", "-c", "-e", "trace=fsync,fdatasync,syncfs,sync,msync"] + argv, env=env,
                         capture_output=True, text=True).stderr
    # The total line: "% time, seconds, usecs/call, calls, [errors,] total".
    total = [line.split() for line in out.splitlines() if line.strip().endswith(" total")]
    return int(total[0][3]) if total and len(total[0]) >= 5 else 0


def long_used_logs(cli, work, requests):
    """`requests` fresh `api` processes 15 minutes apart (TESTEX_NOW), as a state is used for weeks:
    how many log files remain (bounded by the 30-day retention) and what `logs --tail` costs then."""
    state = os.path.join(work, "logs-state")
    env = state_env(state)
    run([cli, "init", "--sample-data"], env)
    start = calendar.timegm(time.strptime(NOW, "%Y-%m-%dT%H:%M:%SZ"))
    for n in range(requests):
        env["TESTEX_NOW"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(start + n * 900))
        run([cli, "api", "GET", "/api/contracts/CT001ABC", "--as", "admin"], env)
    files = sum(len([f for f in names if f.endswith(".log")]) for _, _, names in os.walk(os.path.join(state, "logs")))
    days = requests * 900 / 86400
    tail = [timed([cli, "logs", "ApiGateway", "--tail", "20"], env)[0] for _ in range(10)]
    shutil.rmtree(state, ignore_errors=True)
    return [figure(f"logs.files-after-{requests}-requests", "files", [files], note=f"{days:.0f} days of TESTEX_NOW, 30-day retention"),
            figure(f"logs.tail-20-after-{requests}-requests", "ms", tail)]


def empty_binary(workdir):
    source = os.path.join(workdir, "empty.swift")
    with open(source, "w") as f:
        f.write("// an empty program\n")
    binary = os.path.join(workdir, "empty")
    subprocess.run(["swiftc", "-O", "-static-stdlib", source, "-o", binary], check=True, capture_output=True)
    return binary


def http_samples(port, request, count):
    """Milliseconds of `count` round trips of `request` on one kept-alive connection."""
    connection = socket.create_connection(("127.0.0.1", port))
    connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    pending = b""
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        connection.sendall(request)
        while b"\r\n\r\n" not in pending:
            pending += connection.recv(65536)
        head, _, rest = pending.partition(b"\r\n\r\n")
        length = int(re.search(rb"Content-Length: (\d+)", head).group(1))
        while len(rest) < length:
            rest += connection.recv(65536)
        pending = rest[length:]
        samples.append((time.perf_counter() - start) * 1000)
        status = int(head.split(b" ", 2)[1])
        if status >= 400:
            sys.exit(f"bench: serve answered {status}: {rest[:length]!r}")
    connection.close()
    return samples


def serve_figures(cli, bench, work, runs):
    """The same request through `serve` (HTTP, kept-alive) and invoked in one long-running process."""
    state = os.path.join(work, "serve-state")
    env = dict(os.environ, TESTEX_STATE_DIR=state, LOG_LEVEL="WARNING")
    run([cli, "init", "--sample-data"], env)
    token = run([cli, "token", "--as", "admin"], env).strip()
    body = '{"client_id":"CL001XYZ","contract_type":"SERVICE","start_date":"2026-01-01","end_date":"2027-12-31","value":100}'
    requests = {"get-contract": ("GET", "/api/contracts/CT001ABC", None), "create-contract": ("POST", "/api/contracts", body)}
    serve = subprocess.Popen([cli, "serve", "--port", "0", "--quiet"], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True)
    figures = []
    try:
        port = int(re.search(r"127\.0\.0\.1:(\d+)", serve.stdout.readline()).group(1))
        for name, (method, path, payload) in requests.items():
            words = [cli, "generate-event", "api", method, path, "--header", f"Authorization: Bearer {token}"]
            event = os.path.join(work, f"{name}.json")
            with open(event, "w") as f:
                f.write(run(words + (["--body", payload] if payload else []), env))
            invoked = json.loads(run([bench, "invoke", state, event, str(runs), name], env))
            request = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {token}\r\n"
            if payload:
                request += f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n{payload}"
            else:
                request += "\r\n"
            http_samples(port, request.encode(), 10)
            served = figure(f"serve.http.{name}", "ms", http_samples(port, request.encode(), runs),
                            note="one kept-alive connection; the client is Python")
            overhead = {"name": f"serve.overhead.{name}", "unit": "ms", "median": served["median"] - invoked["median"],
                        "note": "serve.http minus serve.invoke: what HTTP adds to a request (target <= 2 ms)"}
            figures += [served, invoked, overhead]
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=10)
    return figures


def campaign_figures(cli, bench, work, rows=10_000):
    """A campaign of `rows` ACTIVE contracts end to end in one fresh `campaign run`: every row
    terminated, every notice in the outbox, the callback delivered to a receiver on loopback."""
    import http.server
    import threading
    received = []

    class Receiver(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state = os.path.join(work, "campaign-state")
    env = state_env(state)
    try:
        run([cli, "init", "--sample-data"], env)
        run([bench, "populate-active", state, str(rows)], env)
        run([cli, "stream", "list"], env)  # the populated contracts' stream records delivered before the clock starts
        csv = os.path.join(work, "campaign.csv")
        with open(csv, "w") as f:
            f.write("contract_id\n" + "".join(f"CT{index:06d}\n" for index in range(rows)))
        url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
        elapsed, memory = timed([cli, "campaign", "run", csv, "--reason", "PRODUCT_DISCONTINUED", "--callback", url], env)
        campaign = json.loads(run([cli, "api", "GET", "/api/campaigns", "--as", "admin"], env))["items"]
        done = [c for c in campaign if c.get("callback_url") == url]
        terminated = done[0]["counts"]["TERMINATED"] if done else 0
        notices = sum(1 for m in json.loads(run([cli, "outbox", "--output", "json"], env))
                      if m.get("template") == "termination-notice")
        if terminated != rows or notices < rows or not any(r.get("type") == "campaign.completed" for r in received):
            sys.exit(f"bench: campaign: {terminated} of {rows} terminated, {notices} notices, {len(received)} callbacks")
    finally:
        server.shutdown()
        shutil.rmtree(state, ignore_errors=True)
    note = f"{rows} rows, one fresh `campaign run`: terminated, notices in the outbox, callback delivered (targets 30 s, 100 MB)"
    return [figure(f"campaign.{rows}-rows.end-to-end", "s", [elapsed / 1000], note=note),
            figure(f"campaign.{rows}-rows.peak-memory", "MB", [memory], note=note)]


def webhook_figures(cli, bench, work, changes=1_000, subscribers=3):
    """`changes` contract changes with `subscribers` subscriptions to every event, each on its own
    receiver on 127.0.0.1 (real sends): the changes are written through the table store, then one
    command delivers their stream records; every event must reach every receiver, each once, and
    the delivery records hold each (subscription, event) once. Throughput: events delivered per second."""
    import http.server
    import threading
    received = [[] for _ in range(subscribers)]

    def receiver(index):
        class Receiver(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                received[index].append((body["id"], self.headers.get("Testex-Signature", "")))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_):
                pass
        return Receiver

    servers = [http.server.ThreadingHTTPServer(("127.0.0.1", 0), receiver(i)) for i in range(subscribers)]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    state = os.path.join(work, "webhooks-state")
    env = state_env(state)
    try:
        run([cli, "init", "--sample-data"], env)
        for server in servers:
            body = json.dumps({"url": f"http://127.0.0.1:{server.server_address[1]}/events", "events": ["contract.created"]})
            run([cli, "api", "POST", "/api/subscriptions", "--body", body, "--as", "admin"], env)
        run([bench, "populate-active", state, str(changes)], env)
        elapsed, memory = timed([cli, "queue", "drain"], env)
        deliveries = json.loads(run([cli, "webhooks", "list", "--output", "json"], env))
    finally:
        for server in servers:
            server.shutdown()
        shutil.rmtree(state, ignore_errors=True)
    local = [d for d in deliveries if d.get("url", "").startswith("http://127.0.0.1:")]
    pairs = {(d["target_id"], d["event_id"]) for d in local}
    delivered = [d for d in local if d.get("status") == "DELIVERED"]
    for index, got in enumerate(received):
        ids = [event_id for event_id, _ in got]
        if len(ids) != changes or len(set(ids)) != changes or not all(sig.startswith("t=") for _, sig in got):
            sys.exit(f"bench: webhooks: receiver {index} got {len(ids)} requests, {len(set(ids))} distinct, of {changes}")
    if len(local) != changes * subscribers or len(pairs) != len(local) or len(delivered) != len(local):
        sys.exit(f"bench: webhooks: {len(local)} delivery records, {len(pairs)} distinct, {len(delivered)} delivered, "
                 f"of {changes * subscribers}")
    events = changes * subscribers
    note = (f"{changes} contract changes, {subscribers} subscribers on 127.0.0.1, one command delivering the stream: "
            f"{events} events received once each, {events} delivery records, all DELIVERED")
    return [figure(f"webhooks.{changes}-changes.{subscribers}-subscribers.end-to-end", "s", [elapsed / 1000], note=note),
            figure(f"webhooks.{changes}-changes.{subscribers}-subscribers.throughput", "events/s",
                   [events / (elapsed / 1000)], note=note),
            figure(f"webhooks.{changes}-changes.{subscribers}-subscribers.peak-memory", "MB", [memory], note=note)]


def lambda_figures(bin_dir, memory_invocations):
    """The five bootstraps under the Lambda service emulator, against moto_server: the
    termination checks of scripts/lambda_emulator_test.py, then its figures (JSON lines)."""
    driver = os.path.join(ROOT, "scripts", "lambda_emulator_test.py")
    out = subprocess.run([sys.executable, driver, "--bin", bin_dir, "--bench", "--memory-invocations",
                          str(memory_invocations)], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"bench: the Lambda emulator's checks failed:\n{out.stdout}{out.stderr[-3000:]}")
    return [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--logs-only", action="store_true", help="only the long-used log directory figures")
    parser.add_argument("--only", choices=["serve", "campaign", "webhooks", "lambda", "core"],
                        help="run one group (core: start, fresh-process requests, flows and the moto peer); "
                             "its figures replace theirs in docs/bench-results.json")
    args = parser.parse_args()
    cli = os.path.join(args.bin, "testex-local")
    bench = os.path.join(args.bin, "testex-bench")
    runs = 10 if args.quick else 30
    figures = []
    work = tempfile.mkdtemp(prefix="testex-bench-")
    memory_invocations = 2_000 if args.quick else 10_000
    if args.only == "lambda":
        shutil.rmtree(work, ignore_errors=True)
        return report(lambda_figures(args.bin, memory_invocations), args, merge=True)
    if args.only in ("serve", "campaign", "webhooks"):
        try:
            if args.only == "serve":
                figures = serve_figures(cli, bench, work, runs * 10)
            elif args.only == "webhooks":
                figures = webhook_figures(cli, bench, work, changes=int(os.environ.get("BENCH_WEBHOOK_CHANGES", "1000")))
            else:
                figures = campaign_figures(cli, bench, work, rows=int(os.environ.get("BENCH_CAMPAIGN_ROWS", "10000")))
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return report(figures, args, merge=True)
    if args.only == "lambda":
        shutil.rmtree(work, ignore_errors=True)
        return report(lambda_figures(args.bin, memory_invocations), args, merge=True)
    try:
        if args.logs_only:
            figures += long_used_logs(cli, work, 4000)
            for f in figures:
                print(f"{f['name']:<52} {f['median']:>12.3f} {f['min']:>10.3f} {f['max']:>10.3f}  {f['unit']}")
            return
        # Physical references.
        empty = empty_binary(work)
        figures.append(figure("start.empty-static-binary", "ms", [timed([empty])[0] for _ in range(runs)]))
        figures.append(figure("start.testex-local --version", "ms", [timed([cli, "--version"])[0] for _ in range(runs)]))

        # Fresh processes on a sample state.
        state = os.path.join(work, "state")
        env = state_env(state)
        run([cli, "init", "--sample-data"], env)
        get = [timed([cli, "api", "GET", "/api/contracts/CT001ABC", "--as", "admin"], env) for _ in range(runs)]
        figures.append(figure("api.fresh-process.get-contract", "ms", [t for t, _ in get]))
        body = '{"client_id":"CL001XYZ","contract_type":"SERVICE","start_date":"2026-01-01","end_date":"2027-12-31","value":100}'
        create = [timed([cli, "api", "POST", "/api/contracts", "--body", body, "--as", "system"], env) for _ in range(runs)]
        figures.append(figure("api.fresh-process.create-contract", "ms", [t for t, _ in create]))
        ids = []
        document = '{"filename":"contract.pdf","content_type":"application/pdf","content_base64":"JVBERi0xLjQK"}'
        for _ in range(runs):
            contract = json.loads(run([cli, "api", "POST", "/api/contracts", "--body", body, "--as", "system"], env))
            run([cli, "api", "POST", f"/api/contracts/{contract['contract_id']}/files", "--body", document, "--as", "admin"], env)
            ids.append(contract["contract_id"])
        terminate = [timed([cli, "api", "POST", f"/api/contracts/{cid}/terminate", "--body", '{"reason":"MUTUAL_AGREEMENT"}',
                            "--as", "admin"], env) for cid in ids]
        figures.append(figure("api.fresh-process.termination-flow", "ms", [t for t, _ in terminate]))
        # Every sync call of a termination (a contract with one document), its closing steps included;
        # a durable point of the stream checkpoints (every 32 batches) adds a syncfs and its own writes.
        syncs = []
        for _ in range(runs):
            extra = json.loads(run([cli, "api", "POST", "/api/contracts", "--body", body, "--as", "system"], env))["contract_id"]
            run([cli, "api", "POST", f"/api/contracts/{extra}/files", "--body", document, "--as", "admin"], env)
            count = sync_calls([cli, "api", "POST", f"/api/contracts/{extra}/terminate", "--body",
                                '{"reason":"MUTUAL_AGREEMENT"}', "--as", "admin"], env)
            if count is not None:
                syncs.append(count)
        if syncs:
            figures.append(figure("api.fresh-process.termination-sync-calls", "calls", syncs,
                                  note="fsync + fdatasync + syncfs (strace -f -c), closing steps included"))
        figures.append(figure("api.fresh-process.peak-memory", "MB", [m for _, m in get + create + terminate]))

        core = args.only == "core"
        # A state with many contracts: what opening it adds to a command, and memory.
        big = os.path.join(work, "big")
        big_env = state_env(big)
        run([cli, "init", "--sample-data"], big_env)
        size = 1_000 if core else 10_000 if args.quick else 100_000
        run([bench, "populate", big, str(size)], big_env)
        big_get = [timed([cli, "api", "GET", "/api/contracts/CT001ABC", "--as", "admin"], big_env) for _ in range(runs)]
        figures.append(figure(f"api.fresh-process.get-contract-{size}-contracts", "ms", [t for t, _ in big_get]))
        figures.append(figure(f"api.fresh-process.peak-memory-{size}-contracts", "MB", [m for _, m in big_get]))
        shutil.rmtree(big, ignore_errors=True)

        # A log directory after weeks of use.
        if not core:
            figures += long_used_logs(cli, work, 1000 if args.quick else 4000)

        # In-process figures.
        sizes = "1000,10000" if args.quick else "1000,10000,100000"
        groups = ["fsync", "flow"] if core else ["fsync", "flow", "mail", "objects", "tables", sizes]
        for line in run([bench] + groups, os.environ).splitlines():
            figures.append(json.loads(line))

        # The peer: Python + boto3 + moto, in process and as a fresh process.
        peer = os.path.join(ROOT, "scripts", "peer_moto_flow.py")
        result = json.loads(run([sys.executable, peer, "--flows", "50"], os.environ))
        figures.append({"name": "peer.moto.in-process-flow", "unit": "ms", "median": result["median_ms"], "min": result["min_ms"],
                        "max": result["max_ms"], "runs": result["flows"]})
        figures.append(figure("peer.moto.fresh-process-flow", "ms",
                              [timed([sys.executable, peer, "--flows", "1"])[0] for _ in range(5)]))
        # A request through serve against the same request invoked in one long-running process.
        if not core:
            figures += serve_figures(cli, bench, work, runs * 10)
            # The deployed bootstraps under the Lambda service emulator.
            figures += lambda_figures(args.bin, memory_invocations)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    by_name = {f["name"]: f for f in figures}
    ratios = []
    def ratio(name, a, b, note):
        if a in by_name and b in by_name:
            ratios.append({"name": name, "unit": "x", "median": by_name[a]["median"] / by_name[b]["median"], "note": note})
    ratio("ratio.peer-fresh/termination-flow", "peer.moto.fresh-process-flow", "api.fresh-process.termination-flow",
          "how many times faster a fresh testex-local terminates than a fresh Python + moto process")
    ratio("ratio.peer-in-process/durable-flow", "peer.moto.in-process-flow", "flow.durable.latency", "in memory (moto) vs durable (testex)")
    ratio("ratio.termination-flow/empty-binary", "api.fresh-process.termination-flow", "start.empty-static-binary", "flow cost in empty-binary starts")
    ratio("ratio.termination-flow/fsync-write", "api.fresh-process.termination-flow", "fsync-write", "flow cost in fsync'd writes")
    ratio("ratio.get-100k/get-1k", "dynamodb.100000.get", "dynamodb.1000.get", "target <= 2")
    ratio("ratio.query-100k/query-1k", "dynamodb.100000.query-client", "dynamodb.1000.query-client", "target <= 2")
    figures += ratios
    report(figures, args, merge=args.only == "core")


def report(figures, args, merge):
    """Prints the table and writes docs/bench-results.json (with `merge`, over the figures it has)."""
    print(f"{'figure':<52} {'median':>12} {'min':>10} {'max':>10}  unit")
    for f in figures:
        line = f"{f['name']:<52} {f['median']:>12.3f} "
        line += f"{f.get('min', float('nan')):>10.3f} {f.get('max', float('nan')):>10.3f}  {f['unit']}"
        print(line)
    meta = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "machine": f"{platform.machine()} {os.cpu_count()} cores, "
            f"{platform.platform()}", "quick": args.quick}
    measured = f"{meta['date']}, {meta['machine']}"
    path = os.path.join(ROOT, "docs", "bench-results.json")
    if merge and os.path.exists(path):
        with open(path) as f:
            previous = json.load(f)
        names = {f["name"] for f in figures}
        figures = [f for f in previous["figures"] if f["name"] not in names] + figures
        meta = dict(previous["meta"], **{f"{args.only}_date": meta["date"], f"{args.only}_machine": meta["machine"]})
    os.makedirs(os.path.join(ROOT, "docs"), exist_ok=True)
    with open(path, "w") as f:
        json.dump({"meta": meta, "figures": figures}, f, indent=2, sort_keys=True)
        f.write("\n")
    print(f"\nwrote docs/bench-results.json (measured {measured})")


if __name__ == "__main__":
    main()
