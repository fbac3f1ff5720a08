"""The service: the deployed functions, Event invokes with their retries, the stream pollers,
and what it counted."""
import json
import os
import queue
import threading
import time
import urllib.parse

from common import ACCOUNT
from environment import Function, Invocation
from invoke_api import InvokeAPIHandler, InvokeAPIServer, SignatureCheck
from streams import StreamPoller
from template import Template


class Emulator:
    def __init__(self, args):
        self.region = args.region
        self.bootstrap = os.path.abspath(args.bootstrap)
        self.credentials = (args.access_key, args.secret_key, args.session_token)
        self.signatures = SignatureCheck(self.credentials)
        moto = urllib.parse.urlparse(args.moto)
        self.moto_url = args.moto.rstrip("/")
        self.moto = (moto.hostname, moto.port or 80)
        self.concurrency = args.concurrency
        self.timeout_scale = args.timeout_scale
        self.async_retry_delay = args.async_retry_delay
        self.stream_interval = args.stream_poll_interval
        self.work = os.path.abspath(args.work)
        self.log_directory = os.path.join(self.work, "logs")
        os.makedirs(self.log_directory, exist_ok=True)
        self.server = InvokeAPIServer(("127.0.0.1", args.port), InvokeAPIHandler)
        self.server.emulator = self
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        template = Template(args.template, self.region, overrides=parameter_overrides(args.parameter))
        self.functions = {config.name: Function(config, self) for config in template.functions()}
        self.lock = threading.Lock()
        self.counts = {}
        self.stream_batches = []
        self.last_poll_error = None
        self.stopping = threading.Event()
        self.events = queue.Queue()

    def start(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        threading.Thread(target=self.event_worker, daemon=True).start()
        for function in self.functions.values():
            for mapping in function.config.streams:
                poller = StreamPoller(self, function, mapping)
                threading.Thread(target=poller.run, daemon=True).start()

    def stop(self):
        self.stopping.set()
        self.server.shutdown()
        for function in self.functions.values():
            function.stop()

    def function_named(self, name):
        """The function a name, ARN or partial ARN names, and the qualifier it carries."""
        parts = name.split(":")
        if name.startswith("arn:"):
            if len(parts) < 7 or parts[2] != "lambda" or parts[3] != self.region or parts[4] != ACCOUNT:
                return None, None
            parts = parts[6:]
        elif len(parts) >= 3 and parts[1] == "function":
            parts = parts[2:]
        return self.functions.get(parts[0]), (parts[1] if len(parts) > 1 else None)

    def count(self, name, amount=1):
        with self.lock:
            self.counts[name] = self.counts.get(name, 0) + amount

    def count_aws_call(self, headers):
        match = SignatureCheck.AUTHORIZATION.match(headers.get("Authorization", ""))
        self.count("aws." + (match.group(4) if match else "unsigned"))

    def run(self, function, invocation):
        """A synchronous invoke; False when the function is at its concurrency limit."""
        if not function.invoke(invocation):
            self.count("invoke.throttled")
            return False
        self.count("invocations")
        self.count(f"invocations.{function.config.name}")
        return True

    def enqueue(self, function, invocation):
        self.count("invoke.event")
        self.events.put((function, invocation, 0, time.time()))

    def event_worker(self):
        """Lambda's queue of Event invokes: up to the function's retries, then the dead-letter file."""
        while not self.stopping.is_set():
            function, invocation, attempt, due = self.events.get()
            if due > time.time():
                threading.Timer(due - time.time(), self.events.put, [(function, invocation, attempt, due)]).start()
                continue
            attempt_invocation = Invocation(invocation.payload, invocation.trace_id)
            attempt_invocation.request_id = invocation.request_id
            threading.Thread(target=self.run_event, args=(function, attempt_invocation, attempt), daemon=True).start()

    def run_event(self, function, invocation, attempt):
        ran = self.run(function, invocation)
        if ran and not invocation.function_error:
            return
        if attempt < function.config.async_retries:
            self.count("invoke.event-retry")
            self.events.put((function, invocation, attempt + 1, time.time() + self.async_retry_delay * (attempt + 1)))
            return
        self.dead_letter({"requestContext": {"requestId": invocation.request_id,
                                             "functionArn": function.config.arn(self.region),
                                             "condition": "RetriesExhausted", "approximateInvokeCount": attempt + 1},
                          "requestPayload": json.loads(invocation.payload),
                          "responsePayload": json.loads(invocation.result) if invocation.result else None})

    def dead_letter(self, record):
        self.count("dead-letters")
        with self.lock, open(os.path.join(self.work, "dead-letters.jsonl"), "a") as f:
            f.write(json.dumps(record, sort_keys=True) + "\n")

    def log_tail(self, function, invocation):
        for environment in function.environments:
            with open(environment.log.path, "rb") as f:
                if invocation.request_id.encode() in f.read():
                    return environment.log.tail()
        return b""

    def stats(self):
        with self.lock:
            counts = dict(self.counts)
            batches = list(self.stream_batches)
        return {"counts": counts, "stream_batches": batches, "last_poll_error": self.last_poll_error,
                "functions": {name: function.stats() for name, function in self.functions.items()}}


# The template's parameters without a default, as a development stack would name them.
DEFAULT_OVERRIDES = {"AllowedOrigin": "https://app.testex.com", "SenderDomain": "testex-dev.com"}


def parameter_overrides(assignments):
    """`NAME=VALUE` assignments over the development defaults."""
    overrides = dict(DEFAULT_OVERRIDES)
    for assignment in assignments:
        name, sep, value = assignment.partition("=")
        if not sep or not name:
            raise SystemExit(f"lambda emulator: --parameter {assignment!r} is not NAME=VALUE")
        overrides[name] = value
    return overrides
