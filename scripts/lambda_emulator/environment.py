"""Execution environments: one bootstrap process each, with a Runtime API of its own, and the
function that keeps them."""
import http.server
import json
import os
import queue
import re
import select
import subprocess
import threading
import time
import uuid

from common import INIT_TIMEOUT, MAX_RESPONSE_PAYLOAD, QuietServer, iso_now, now_ms


class Invocation:
    """One invocation on its way through an environment; `done` is set once it has an outcome."""

    def __init__(self, payload, trace_id, client_context=None):
        self.request_id = str(uuid.uuid4())
        self.payload = payload
        self.trace_id = trace_id
        self.client_context = client_context
        self.deadline_ms = None
        self.done = threading.Event()
        self.result = None              # bytes answered, or the error document
        self.function_error = None      # "Unhandled" when the function failed
        self.timed_out = False
        self.started = None
        self.duration_ms = None

    def finish(self, result, function_error=None):
        if self.done.is_set():
            return False
        self.result, self.function_error = result, function_error
        self.duration_ms = (time.perf_counter() - self.started) * 1000 if self.started else 0
        self.done.set()
        return True

    def fail(self, error_type, message):
        return self.finish(json.dumps({"errorType": error_type, "errorMessage": message}).encode(), "Unhandled")


class LogStream:
    """An environment's log stream, as Lambda names it, kept as a text file: `<time>\\t<message>`."""

    def __init__(self, directory, function):
        self.name = time.strftime("%Y/%m/%d", time.gmtime()) + "/[$LATEST]" + uuid.uuid4().hex
        folder = os.path.join(directory, function)
        os.makedirs(folder, exist_ok=True)
        self.path = os.path.join(folder, self.name.replace("/", "-").replace("[$LATEST]", "LATEST-") + ".log")
        self.lock = threading.Lock()
        self.file = open(self.path, "a", buffering=1)

    def write(self, message):
        with self.lock:
            if not self.file.closed:
                self.file.write(f"{iso_now()}\t{message}\n")

    def tail(self, count=4096):
        with self.lock:
            with open(self.path, "rb") as f:
                f.seek(max(0, os.path.getsize(self.path) - count))
                return f.read()

    def close(self):
        with self.lock:
            self.file.close()


class RuntimeAPIHandler(http.server.BaseHTTPRequestHandler):
    """The Runtime API of one environment (`self.server.environment`), HTTP/1.1 and kept alive."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # else a small answer's last segment waits out the peer's delayed ACK

    def log_message(self, *args):
        pass

    def answer(self, status, document=None, headers=None, body=None):
        data = body if body is not None else json.dumps(document or {}).encode()
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def read_body(self):
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def do_GET(self):
        environment = self.server.environment
        if self.path != "/2018-06-01/runtime/invocation/next":
            return self.answer(404, {"errorMessage": "unknown path", "errorType": "InvalidRequest"})
        invocation = environment.next_invocation()
        if invocation is None:
            self.close_connection = True  # the environment is being shut down: its process is killed
            return
        headers = {"Lambda-Runtime-Aws-Request-Id": invocation.request_id,
                   "Lambda-Runtime-Deadline-Ms": str(invocation.deadline_ms),
                   "Lambda-Runtime-Invoked-Function-Arn": environment.function.config.arn(environment.region),
                   "Lambda-Runtime-Trace-Id": invocation.trace_id}
        if invocation.client_context:
            headers["Lambda-Runtime-Client-Context"] = invocation.client_context
        self.answer(200, headers=headers, body=invocation.payload)

    def do_POST(self):
        environment = self.server.environment
        body = self.read_body()
        match = re.fullmatch(r"/2018-06-01/runtime/(?:invocation/([^/]+)/(response|error)|(init/error))", self.path)
        if not match:
            return self.answer(404, {"errorMessage": "unknown path", "errorType": "InvalidRequest"})
        request_id, kind, init = match.groups()
        if init:
            environment.init_failed(body, self.headers.get("Lambda-Runtime-Function-Error-Type"))
            return self.answer(202, {"status": "OK"})
        invocation = environment.current
        if invocation is None or invocation.request_id != request_id:
            return self.answer(400, {"errorMessage": "Invalid request ID", "errorType": "InvalidRequestID"})
        if kind == "response" and len(body) > MAX_RESPONSE_PAYLOAD:
            limit = f"maximum allowed payload size ({MAX_RESPONSE_PAYLOAD} bytes)."
            invocation.fail("Function.ResponseSizeTooLarge", f"Response payload size exceeded {limit}")
            return self.answer(413, {"errorMessage": f"Exceeded {limit}", "errorType": "RequestEntityTooLarge"})
        finished = invocation.finish(body) if kind == "response" else invocation.finish(
            environment.error_document(body, self.headers.get("Lambda-Runtime-Function-Error-Type")), "Unhandled")
        if not finished:
            return self.answer(400, {"errorMessage": "the invocation already has its answer",
                                     "errorType": "InvalidStateTransition"})
        self.answer(202, {"status": "OK"})


class RuntimeAPIServer(QuietServer):
    pass


class Environment:
    """One execution environment of a function: its bootstrap process and its Runtime API."""

    def __init__(self, function, emulator):
        self.function = function
        self.region = emulator.region
        self.handoff = queue.Queue()
        self.current = None
        self.ready = threading.Event()
        self.dead = threading.Event()
        self.init_error = None
        self.invocations = 0
        self.log = LogStream(emulator.log_directory, function.config.name)
        self.pumping = threading.Lock()
        self.server = RuntimeAPIServer(("127.0.0.1", 0), RuntimeAPIHandler)
        self.server.environment = self
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.spawned = time.perf_counter()
        self.init_ms = None
        self.process = subprocess.Popen([emulator.bootstrap], env=self.variables(emulator),
                                        cwd=os.path.dirname(emulator.bootstrap), stdin=subprocess.DEVNULL,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        threading.Thread(target=self.pump_output, daemon=True).start()

    def variables(self, emulator):
        """What Lambda sets in a `provided.al2023` environment, then the template's variables."""
        config = self.function.config
        variables = {
            "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "en_US.UTF-8", "TZ": ":UTC",
            "_HANDLER": config.handler, "AWS_REGION": self.region, "AWS_DEFAULT_REGION": self.region,
            "AWS_LAMBDA_FUNCTION_NAME": config.name, "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(config.memory), "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
            "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{config.name}", "AWS_LAMBDA_LOG_STREAM_NAME": self.log.name,
            "AWS_LAMBDA_RUNTIME_API": f"127.0.0.1:{self.server.server_address[1]}",
            "LAMBDA_TASK_ROOT": os.path.dirname(emulator.bootstrap), "LAMBDA_RUNTIME_DIR": "/var/runtime",
            "AWS_ACCESS_KEY_ID": emulator.credentials[0], "AWS_SECRET_ACCESS_KEY": emulator.credentials[1],
            "AWS_SESSION_TOKEN": emulator.credentials[2], "AWS_ENDPOINT_URL": emulator.url,
        }
        if config.tracing:
            variables.update({"AWS_XRAY_DAEMON_ADDRESS": "127.0.0.1:2000", "AWS_XRAY_CONTEXT_MISSING": "LOG_ERROR"})
        if os.environ.get("LD_LIBRARY_PATH"):
            variables["LD_LIBRARY_PATH"] = os.environ["LD_LIBRARY_PATH"]
        variables.update(config.variables)
        return variables

    def pump_output(self):
        """The process's output, line by line, into its log stream. Whole reads, no buffer in
        between: once the pipe is empty and no chunk is being written, the stream has it all."""
        descriptor, pending, chunk = self.process.stdout.fileno(), b"", b"-"
        while chunk:
            select.select([descriptor], [], [])
            with self.pumping:  # from the read to the write: see drain_output
                chunk = os.read(descriptor, 65536)
                *lines, pending = (pending + chunk).split(b"\n")
                for line in lines:
                    self.log.write(line.decode("utf-8", "replace"))
        if pending:
            self.log.write(pending.decode("utf-8", "replace"))
        code = self.process.wait()
        self.dead.set()
        self.ready.set()
        invocation = self.current
        if invocation is not None and not invocation.done.is_set():
            invocation.fail("Runtime.ExitError",
                            f"RequestId: {invocation.request_id} Error: Runtime exited with error: exit status {code}")
        self.handoff.put(None)

    def drain_output(self, limit=0.1):
        """Waits (a little) for what the process wrote to be in its log stream before the END line."""
        deadline = time.time() + limit
        while time.time() < deadline and not self.dead.is_set():
            with self.pumping:
                readable, _, _ = select.select([self.process.stdout], [], [], 0)
                if not readable:
                    return
            time.sleep(0.001)

    def next_invocation(self):
        """Blocks until an invocation is handed to this environment (None when it shuts down)."""
        if self.init_ms is None:
            self.init_ms = (time.perf_counter() - self.spawned) * 1000
            self.ready.set()
        self.current = None
        invocation = self.handoff.get()
        self.current = invocation
        return invocation

    def init_failed(self, body, error_type):
        self.init_error = self.error_document(body, error_type or "Runtime.InitError")
        self.ready.set()

    @staticmethod
    def error_document(body, error_type):
        try:
            document = json.loads(body)
            if not isinstance(document, dict):
                raise ValueError
        except ValueError:
            document = {"errorMessage": body.decode("utf-8", "replace")}
        document.setdefault("errorType", error_type or "Unhandled")
        return json.dumps(document).encode()

    def run(self, invocation):
        """Runs one invocation here; the environment is stopped if it did not end well."""
        first = self.invocations == 0
        if not self.start_phase_ok(invocation):
            self.log.write(f"INIT_REPORT Init Duration: {(time.perf_counter() - self.spawned) * 1000:.2f} ms\t"
                           "Phase: init\tStatus: error")
            return self.stop()
        self.invocations += 1
        timeout = self.function.timeout
        invocation.deadline_ms = now_ms() + int(timeout * 1000)
        invocation.started = time.perf_counter()
        self.log.write(f"START RequestId: {invocation.request_id} Version: $LATEST")
        self.handoff.put(invocation)
        if not invocation.done.wait(timeout):
            message = f"Task timed out after {timeout:.2f} seconds"
            invocation.timed_out = invocation.fail("Sandbox.Timedout",
                                                   f"RequestId: {invocation.request_id} Error: {message}")
            if invocation.timed_out:
                self.log.write(f"{invocation.request_id} {message}")
        self.report(invocation, first)
        if invocation.timed_out or self.dead.is_set():
            self.stop()

    def start_phase_ok(self, invocation):
        """Whether the environment finished its init phase: else the invocation has failed."""
        if self.invocations == 0 and not self.ready.wait(INIT_TIMEOUT):
            invocation.fail("Runtime.InitTimeout", f"the init phase did not finish in {INIT_TIMEOUT} s")
        elif self.init_error is not None:
            invocation.finish(self.init_error, "Unhandled")
        elif self.dead.is_set():
            invocation.fail("Runtime.ExitError", "Runtime exited before it asked for an invocation")
        return not invocation.done.is_set()

    def report(self, invocation, first):
        self.drain_output()
        duration = invocation.duration_ms or 0
        line = (f"REPORT RequestId: {invocation.request_id}\tDuration: {duration:.2f} ms\tBilled Duration: "
                f"{max(1, int(duration + 0.999))} ms\tMemory Size: {self.function.config.memory} MB\t"
                f"Max Memory Used: {self.memory_kb('VmHWM') // 1024} MB")
        if first and self.init_ms is not None:
            line += f"\tInit Duration: {self.init_ms:.2f} ms"
        if invocation.timed_out:
            line += "\tStatus: timeout"
        self.log.write(f"END RequestId: {invocation.request_id}")
        self.log.write(line)

    def memory_kb(self, field):
        try:
            with open(f"/proc/{self.process.pid}/status") as f:
                for line in f:
                    if line.startswith(field + ":"):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.dead.set()
        self.handoff.put(None)
        self.server.shutdown()
        self.server.server_close()
        self.log.close()

    @property
    def alive(self):
        return not self.dead.is_set() and self.process.poll() is None


class Function:
    """A deployed function: its configuration and its execution environments."""

    def __init__(self, config, emulator):
        self.config = config
        self.emulator = emulator
        self.timeout = config.timeout * emulator.timeout_scale
        self.lock = threading.Lock()
        self.idle = []
        self.busy = 0
        self.environments = []
        self.invocations = 0
        self.cold_starts = 0

    def environment(self):
        """An idle environment, or a new one; None when the function is at its concurrency limit."""
        with self.lock:
            while self.idle:
                environment = self.idle.pop()
                if environment.alive:
                    self.busy += 1
                    return environment
            if self.busy >= self.emulator.concurrency:
                return None
            self.busy += 1
            self.cold_starts += 1
        environment = Environment(self, self.emulator)
        with self.lock:
            self.environments.append(environment)
        return environment

    def invoke(self, invocation):
        """Runs the invocation to its outcome; False when throttled (nothing ran)."""
        environment = self.environment()
        if environment is None:
            return False
        with self.lock:
            self.invocations += 1
        try:
            environment.run(invocation)
        finally:
            with self.lock:
                self.busy -= 1
                if environment.alive:
                    self.idle.append(environment)
        return True

    def stats(self):
        with self.lock:
            environments = list(self.environments)
        return {"invocations": self.invocations, "cold_starts": self.cold_starts,
                "environments": [{"pid": e.process.pid, "alive": e.alive, "invocations": e.invocations,
                                  "init_ms": e.init_ms, "rss_kb": e.memory_kb("VmRSS"), "hwm_kb": e.memory_kb("VmHWM"),
                                  "log": e.log.path} for e in environments]}

    def stop(self):
        with self.lock:
            environments = list(self.environments)
        for environment in environments:
            environment.stop()
