"""Lambda's Invoke API, with every request's signature checked; every other request passed on
to moto."""
import base64
import datetime
import hashlib
import hmac
import http.client
import http.server
import json
import re
import urllib.parse
import uuid

from common import (ACCOUNT, MAX_CLIENT_CONTEXT, MAX_EVENT_PAYLOAD, MAX_SYNC_PAYLOAD, QuietServer,
                    new_trace_id)
from environment import Invocation


class SignatureCheck:
    """Signature Version 4 of a request, computed again from the credentials the functions have."""

    AUTHORIZATION = re.compile(r"AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request, "
                               r"SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$")

    def __init__(self, credentials):
        self.access_key, self.secret_key, self.session_token = credentials

    @staticmethod
    def encode(text, safe):
        return urllib.parse.quote(text, safe=safe + "-_.~")

    def problem(self, method, raw_path, headers, body, service):
        """Why the request's signature is not the one expected, or None when it is."""
        match = self.AUTHORIZATION.match(headers.get("Authorization", ""))
        if not match:
            return "MissingAuthenticationTokenException", "Missing Authentication Token"
        key, day, region, signed_service, signed, signature = match.groups()
        if key != self.access_key or signed_service != service:
            return "UnrecognizedClientException", "The security token included in the request is invalid."
        if self.session_token and headers.get("X-Amz-Security-Token") != self.session_token:
            return "UnrecognizedClientException", "The security token included in the request is invalid."
        stamp = headers.get("X-Amz-Date", "")
        try:
            signed_at = datetime.datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
        except ValueError:
            return "IncompleteSignatureException", "X-Amz-Date is missing or malformed"
        if abs((datetime.datetime.now(datetime.timezone.utc) - signed_at).total_seconds()) > 300:
            return "InvalidSignatureException", "Signature expired"
        path, _, query = raw_path.partition("?")
        pairs = sorted((self.encode(urllib.parse.unquote(k), ""), self.encode(urllib.parse.unquote(v), ""))
                       for k, _, v in (p.partition("=") for p in query.split("&") if p))
        names = signed.split(";")
        canonical_headers = "".join(f"{n}:{' '.join((headers.get(n) or '').split())}\n" for n in names)
        payload = headers.get("X-Amz-Content-Sha256") or hashlib.sha256(body).hexdigest()
        canonical = "\n".join([method, self.encode(path, "/"), "&".join(f"{k}={v}" for k, v in pairs),
                               canonical_headers, signed, payload])
        scope = f"{day}/{region}/{service}/aws4_request"
        to_sign = "\n".join(["AWS4-HMAC-SHA256", stamp, scope, hashlib.sha256(canonical.encode()).hexdigest()])
        signing_key = ("AWS4" + self.secret_key).encode()
        for part in (day, region, service, "aws4_request"):
            signing_key = hmac.new(signing_key, part.encode(), hashlib.sha256).digest()
        if not hmac.compare_digest(hmac.new(signing_key, to_sign.encode(), hashlib.sha256).hexdigest(), signature):
            return "InvalidSignatureException", ("The request signature we calculated does not match the signature you "
                                                 "provided. Check your AWS Secret Access Key and signing method.")
        return None


class InvokeAPIHandler(http.server.BaseHTTPRequestHandler):
    """Lambda's Invoke API on `/2015-03-31/functions/{name}/invocations`; moto for the rest."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    INVOKE = re.compile(r"/2015-03-31/functions/([^/]+)/invocations(?:\?(.*))?$")

    def log_message(self, *args):
        pass

    def answer(self, status, body=b"", headers=None):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def refuse(self, status, error_type, message):
        body = json.dumps({"Type": "User", "message": message}).encode()
        self.answer(status, body, {"Content-Type": "application/json", "x-amzn-ErrorType": error_type,
                                   "x-amzn-RequestId": str(uuid.uuid4())})

    def body(self):
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def do_GET(self):
        if self.path == "/emulator/stats":
            return self.answer(200, json.dumps(self.server.emulator.stats()).encode(),
                               {"Content-Type": "application/json"})
        self.forward(b"")

    def do_POST(self):
        body = self.body()
        match = self.INVOKE.match(self.path)
        if not match:
            return self.forward(body)
        emulator = self.server.emulator
        problem = emulator.signatures.problem("POST", self.path, self.headers, body, "lambda")
        if problem:
            emulator.count("invoke.refused-signature")
            return self.refuse(403, *problem)
        emulator.count("invoke.signed")
        self.invoke(urllib.parse.unquote(match.group(1)), urllib.parse.parse_qs(match.group(2) or ""), body)

    def do_PUT(self):
        self.forward(self.body())

    def do_DELETE(self):
        self.forward(self.body())

    def do_HEAD(self):
        self.forward(b"")

    def invoke(self, name, query, body):
        emulator = self.server.emulator
        function, qualifier = emulator.function_named(name)
        qualifier = query.get("Qualifier", [qualifier])[0]
        if function is None or qualifier not in (None, "$LATEST"):
            return self.refuse(404, "ResourceNotFoundException",
                               f"Function not found: arn:aws:lambda:{emulator.region}:{ACCOUNT}:function:{name}")
        kind = self.headers.get("X-Amz-Invocation-Type", "RequestResponse")
        if kind not in ("RequestResponse", "Event", "DryRun"):
            return self.refuse(400, "InvalidParameterValueException", f"Unsupported invocation type {kind}")
        if kind == "DryRun":
            return self.answer(204, headers={"x-amzn-RequestId": str(uuid.uuid4())})
        limit, operation = (MAX_EVENT_PAYLOAD, "InvokeAsync") if kind == "Event" else (MAX_SYNC_PAYLOAD,
                                                                                       "InvokeFunction")
        if len(body) > limit:
            return self.refuse(413, "RequestTooLargeException",
                               f"Request must be smaller than {limit} bytes for the {operation} operation")
        try:
            json.loads(body or b"{}")
        except ValueError as error:
            return self.refuse(400, "InvalidRequestContentException",
                               f"Could not parse request body into json: {error}")
        client_context = self.client_context() if kind == "RequestResponse" else None
        if client_context is False:
            return self.refuse(400, "InvalidParameterValueException",
                               "Client context must be valid base64-encoded JSON of at most 3583 bytes")
        invocation = Invocation(body or b"{}", self.headers.get("X-Amzn-Trace-Id") or new_trace_id(), client_context)
        if kind == "Event":
            emulator.enqueue(function, invocation)
            return self.answer(202, headers={"x-amzn-RequestId": invocation.request_id})
        if not emulator.run(function, invocation):
            return self.refuse(429, "TooManyRequestsException", "Rate Exceeded.")
        headers = {"Content-Type": "application/json", "X-Amz-Executed-Version": "$LATEST",
                   "x-amzn-RequestId": invocation.request_id}
        if invocation.function_error:
            headers["X-Amz-Function-Error"] = invocation.function_error
        if self.headers.get("X-Amz-Log-Type") == "Tail":
            headers["X-Amz-Log-Result"] = base64.b64encode(emulator.log_tail(function, invocation)).decode()
        self.answer(200, invocation.result, headers)

    def client_context(self):
        """The client context as the Runtime API passes it (JSON), None without one, False when invalid."""
        header = self.headers.get("X-Amz-Client-Context")
        if not header:
            return None
        try:
            if len(header) > MAX_CLIENT_CONTEXT:
                raise ValueError
            document = json.loads(base64.b64decode(header, validate=True))
            return json.dumps(document, separators=(",", ":"))
        except ValueError:
            return False

    def forward(self, body):
        """Passes the request to moto as it came (its Host included: moto reads the service from
        the signature's scope) and answers what moto answered."""
        emulator = self.server.emulator
        emulator.count_aws_call(self.headers)
        connection = http.client.HTTPConnection(*emulator.moto, timeout=120)
        try:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("connection", "keep-alive")}
            connection.request(self.command, self.path, body=body if body or self.command in ("POST", "PUT") else None,
                               headers=headers)
            response = connection.getresponse()
            data = response.read()
            dropped = ("connection", "keep-alive",
                       "transfer-encoding") + (() if self.command == "HEAD" else ("content-length",))
            self.send_response(response.status)
            for name, value in response.getheaders():
                if name.lower() not in dropped:
                    self.send_header(name, value)
            if self.command != "HEAD":
                self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)
        finally:
            connection.close()


class InvokeAPIServer(QuietServer):
    request_queue_size = 128
