"""What the emulator's parts share: AWS's limits and formats, and its HTTP server."""
import datetime
import http.server
import os
import sys
import time
import uuid


ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ACCOUNT = "123456789012"
MAX_SYNC_PAYLOAD = 6 * 1024 * 1024          # Invoke, RequestResponse: 6,291,456 bytes
MAX_RESPONSE_PAYLOAD = 6_291_556            # the Runtime API's limit, as its error message says
MAX_EVENT_PAYLOAD = 1024 * 1024             # Invoke, Event
MAX_CLIENT_CONTEXT = 3583                   # base64 bytes of X-Amz-Client-Context
INIT_TIMEOUT = 10                           # seconds Lambda gives an environment's init phase
STREAM_POLL_INTERVAL = 0.25                 # Lambda polls a DynamoDB stream's shards four times a second


def now_ms():
    return int(time.time() * 1000)


def iso_now():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def new_trace_id():
    return f"Root=1-{int(time.time()):08x}-{uuid.uuid4().hex[:24]};Parent={uuid.uuid4().hex[:16]};Sampled=0"


class QuietServer(http.server.ThreadingHTTPServer):
    """A threaded HTTP server that says nothing when a client goes away mid-answer."""

    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)
