#!/usr/bin/env python3
"""The five `testex-lambda` bootstraps under the Lambda service emulator, against moto_server:

    scripts/lambda_emulator_test.py --bin .build/debug            the termination end to end (CI)
    scripts/lambda_emulator_test.py --bin .build/release --bench  the same, then its figures as JSON lines

It starts moto_server (scripts/moto_server.py), deploys what the template declares there (the
tables with their streams, the buckets, the email templates and the sample data, by
`testex-local --backend aws init --sample-data`, and the SES configuration set), starts
scripts/lambda_emulator on it, and sends every request as a client of Lambda's Invoke API
(boto3) would. What a flow must leave behind is read from moto, never from the answers.
Prints one line per check (`ok` or `FAILED`) and exits 1 if any failed.
"""
import argparse
import base64
import concurrent.futures
import copy
import hashlib
import hmac
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

import boto3
from botocore.config import Config

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lambda_emulator"))
from invoke_api import SignatureCheck  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing",
               "aws_session_token": "testing-session-token", "region_name": "us-east-1"}
ENV = "development"
API = f"{ENV}-testex-api-gateway"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout=30, what="the condition", interval=0.02):
    """The predicate's first true value, polled every `interval` seconds; `what` (or what it returns,
    when it is a function) names the condition in the error after `timeout` seconds."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what() if callable(what) else what}")


class Stack:
    """moto_server, the deployment on it, and the emulator with the bootstraps."""

    def __init__(self, bin_dir, work, emulator_args=()):
        self.work = work
        self.processes = []
        moto_port = free_port()
        self.moto_url = f"http://127.0.0.1:{moto_port}"
        self.spawn([sys.executable, os.path.join(ROOT, "scripts", "moto_server.py"), "127.0.0.1", str(moto_port)],
                   "moto.log")
        wait_until(lambda: self.reachable(self.moto_url + "/moto-api/"), what="moto_server")
        self.deploy(os.path.join(bin_dir, "testex-local-aws"))
        emulator = self.spawn([sys.executable, os.path.join(ROOT, "scripts", "lambda_emulator"),
                               "--bootstrap", os.path.join(bin_dir, "testex-lambda"), "--moto", self.moto_url,
                               "--work", os.path.join(work, "emulator"), *emulator_args], "emulator.log", pipe=True)
        line = emulator.stdout.readline().decode()
        if not line.startswith("lambda emulator: "):
            raise SystemExit(f"the emulator did not start: {line}{self.log('emulator.log')}")
        self.url = line.split(": ", 1)[1].strip()
        config = Config(read_timeout=120, retries={"max_attempts": 0}, max_pool_connections=32)
        self.lam = boto3.client("lambda", endpoint_url=self.url, config=config, **CREDENTIALS)
        self.ddb = boto3.client("dynamodb", endpoint_url=self.moto_url, **CREDENTIALS)
        self.s3 = boto3.client("s3", endpoint_url=self.moto_url, **CREDENTIALS)

    def spawn(self, argv, log, pipe=False):
        with open(os.path.join(self.work, log), "wb") as output:
            process = subprocess.Popen(argv, stdout=subprocess.PIPE if pipe else output, stderr=output)
        self.processes.append(process)
        return process

    def log(self, name):
        with open(os.path.join(self.work, name), errors="replace") as f:
            return f.read()[-3000:]

    @staticmethod
    def reachable(url):
        try:
            urllib.request.urlopen(url, timeout=1)
            return True
        except OSError:
            return False

    def deploy(self, cli):
        """The template's data resources on moto. `--no-drain`: the sample data's stream records
        stay on the stream for the emulator's poller, as on AWS."""
        env = dict(os.environ, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
                   AWS_SESSION_TOKEN="testing-session-token", AWS_REGION="us-east-1")
        env.pop("TESTEX_NOW", None)
        subprocess.run([cli, "--backend", "aws", "--endpoint", self.moto_url, "--no-drain", "--state",
                        os.path.join(self.work, "state"), "init", "--sample-data"],
                       env=env, check=True, capture_output=True)
        boto3.client("ses", endpoint_url=self.moto_url, **CREDENTIALS).create_configuration_set(
            ConfigurationSet={"Name": f"{ENV}-testex-email"})

    def stop(self):
        for process in reversed(self.processes):
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()

    # What the flows left on moto ------------------------------------------------------------

    def stats(self):
        with urllib.request.urlopen(self.url + "/emulator/stats") as answer:
            return json.load(answer)

    def contract(self, contract_id):
        item = self.ddb.get_item(TableName=f"{ENV}-testex-contracts",
                                 Key={"contract_id": {"S": contract_id}}).get("Item")
        return {k: next(iter(v.values())) for k, v in item.items()} if item else None

    def audit_actions(self, contract_id):
        answer = self.ddb.query(TableName=f"{ENV}-testex-audit-logs", IndexName="contract_id-index",
                                KeyConditionExpression="contract_id = :c",
                                ExpressionAttributeValues={":c": {"S": contract_id}})
        return [item["action"]["S"] for item in answer["Items"]]

    def keys(self, bucket, prefix):
        return [o["Key"] for o in self.s3.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", [])]

    def emails(self, subject):
        with urllib.request.urlopen(self.moto_url + "/moto-api/data.json") as answer:
            ses = json.load(answer).get("ses", {})
        return [m for m in ses.get("Message", []) + ses.get("RawMessage", []) if subject in json.dumps(m)]

    def notifications(self, contract_id):
        items = self.ddb.scan(TableName=f"{ENV}-testex-notifications")["Items"]
        return [i["template"]["S"] for i in items if i.get("contract_id", {}).get("S") == contract_id]

    def logs(self, function):
        stats = self.stats()["functions"][function]
        text = ""
        for environment in stats["environments"]:
            with open(environment["log"], errors="replace") as f:
                text += f.read()
        return text


def event(name, path=None, body=None, headers=None, drop_headers=()):
    """An event of events/api, changed where asked."""
    with open(os.path.join(ROOT, "events", "api", name)) as f:
        document = json.load(f)
    document = copy.deepcopy(document)
    if path:
        document["path"] = path
        document["pathParameters"] = {"proxy": path.lstrip("/")}
        if "requestContext" in document:
            document["requestContext"]["path"] = "/local" + path
    if body is not None:
        document["body"] = json.dumps(body)
    for name in drop_headers:
        document.get("headers", {}).pop(name, None)
        (document.get("multiValueHeaders") or {}).pop(name, None)
    for name, value in (headers or {}).items():
        document.setdefault("headers", {})[name] = value
        if document.get("multiValueHeaders") is not None:
            document["multiValueHeaders"][name] = [value]
    return document


def invoke(stack, function, payload, raw=False):
    """One RequestResponse invoke: (status code, function error, payload as JSON)."""
    data = payload if raw else json.dumps(payload).encode()
    answer = stack.lam.invoke(FunctionName=function, Payload=data)
    return answer["StatusCode"], answer.get("FunctionError"), json.loads(answer["Payload"].read() or b"null")


def api(stack, payload):
    """An API request through ApiGateway: (HTTP status, body as JSON)."""
    status, error, answer = invoke(stack, API, payload)
    assert status == 200 and error is None, f"ApiGateway failed: {status} {error} {answer}"
    return answer["statusCode"], json.loads(answer["body"]) if answer.get("body") else None


# The checks, in order: each leaves the state the next one expects. -------------------------

TERMINATE_SUBJECT = "Termination of contract CT001ABC"


def check_upload_and_terminate(stack):
    status, _ = api(stack, event("upload-file.json"))
    assert status == 201, f"upload answered {status}"
    status, contract = api(stack, event("terminate-contract.json"))
    assert status == 200 and contract["status"] == "TERMINATED", f"terminate answered {status} {contract}"
    stack.terminated_answer = contract


def check_closing_steps_on_moto(stack):
    wait_until(lambda: stack.emails(TERMINATE_SUBJECT) and stack.keys(f"{ENV}-testex-archives", "contracts/CT001ABC/"),
               what="the termination's notice and archive")
    contract = stack.contract("CT001ABC")
    assert contract["status"] == "TERMINATED" and contract["termination_reason"] == "MUTUAL_AGREEMENT", contract
    assert stack.audit_actions("CT001ABC").count("TERMINATE_CONTRACT") == 1, stack.audit_actions("CT001ABC")
    backup = stack.s3.get_object(Bucket=f"{ENV}-testex-backups", Key="contracts/CT001ABC/contract.json")["Body"].read()
    assert b'"status" : "ACTIVE"' in backup or b'"status":"ACTIVE"' in backup, "the backup holds the contract as it was"
    archived = stack.keys(f"{ENV}-testex-archives", "contracts/CT001ABC/")
    assert any(k.endswith("signed contract.pdf") for k in archived), archived
    assert stack.keys(f"{ENV}-testex-files", "contracts/CT001ABC/") == [], "documents left in the files bucket"
    emails = wait_until(lambda: stack.emails(TERMINATE_SUBJECT), what="the notice")
    assert len(emails) == 1, f"{len(emails)} notices"
    assert emails[0]["destinations"]["ToAddresses"] == ["contact@client.com"], emails[0]["destinations"]
    assert "Agreed &lt; 30 days &amp; confirmed" in emails[0]["body"], "the HTML part escapes the values"
    assert wait_until(lambda: "termination-notice" in stack.notifications("CT001ABC"), what="the notification log")


def check_logs(stack):
    for function in stack.stats()["functions"]:
        text = stack.logs(function)
        for line in ("START RequestId:", "END RequestId:", "REPORT RequestId:", "Init Duration:"):
            assert line in text, f"{function} has no '{line}' line"
    # DatabaseManager logs at DEBUG only; the others' JSON lines carry the invocation's request id.
    for function in (API, f"{ENV}-testex-contract-processor", f"{ENV}-testex-notification-service"):
        lines = [json.loads(line.split("\t", 1)[1]) for line in stack.logs(function).splitlines() if "\t{" in line]
        # Embedded Metric Format documents (`_aws`) are metrics, not application log lines.
        lines = [line for line in lines if "_aws" not in line]
        assert lines and all(line["requestId"] and line["level"] in ("INFO", "WARN",
                                                                     "ERROR") for line in lines), function


def check_idempotent_retry(stack):
    status, answer = api(stack, event("terminate-contract.json"))
    assert status == 200 and answer == stack.terminated_answer, "the retry answers the first answer"
    status, error = api(stack, event("terminate-contract.json", body={"reason": "OTHER"}))
    assert status == 422, f"the same key with another request: {status} {error}"
    status, error = api(stack, event("terminate-contract.json", body={"reason": "DUPLICATE"},
                                     drop_headers=["Idempotency-Key"]))
    assert status == 409 and "cannot be terminated" in error["error"]["message"], f"terminating again: {status} {error}"
    time.sleep(3 * 0.25)  # a stream record a second termination would have made had time to be delivered
    assert len(stack.emails(TERMINATE_SUBJECT)) == 1, "no second notice"


def check_eight_racing_terminations(stack):
    racing = event("terminate-contract.json", path="/api/contracts/CT002DEF/terminate", body={"reason": "CONVENIENCE"},
                   drop_headers=["Idempotency-Key"])
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        statuses = sorted(s for s, _ in pool.map(lambda _: api(stack, racing), range(8)))
    assert statuses == [200] + [409] * 7, statuses
    subject = "Termination of contract CT002DEF"
    wait_until(lambda: stack.emails(subject), what="the notice of CT002DEF")
    time.sleep(3 * 0.25)
    assert len(stack.emails(subject)) == 1, f"{len(stack.emails(subject))} notices"
    assert stack.audit_actions("CT002DEF").count("TERMINATE_CONTRACT") == 1


def check_refused_requests(stack):
    for name in sorted(os.listdir(os.path.join(ROOT, "events", "invalid"))):
        with open(os.path.join(ROOT, "events", "invalid", name)) as f:
            status, body = api(stack, json.load(f))
        assert 400 <= status < 500 and set(body["error"]) == {"code", "message"}, f"{name}: {status} {body}"


def check_the_invoke_api(stack):
    status, error, answer = invoke(stack, f"{ENV}-testex-database-manager", {"operation": 5})
    assert (status, error, answer["errorType"]) == (200, "Unhandled", "DomainError.BAD_REQUEST"), answer
    for payload, expected in [(b"x" * (6 * 1024 * 1024 + 1), "RequestTooLargeException"), (b"{not json",
                                                                                           "InvalidRequestContent")]:
        try:
            invoke(stack, API, payload, raw=True)
            raise AssertionError(f"{expected}: accepted")
        except stack.lam.exceptions.ClientError as error:
            assert expected in error.response["Error"]["Code"], error.response
    try:
        stack.lam.invoke(FunctionName=f"{ENV}-testex-no-such-function", Payload=b"{}")
        raise AssertionError("an unknown function was invoked")
    except stack.lam.exceptions.ResourceNotFoundException:
        pass
    queued = stack.lam.invoke(FunctionName=API, InvocationType="Event", Payload=json.dumps(event("get-contract.json")))
    assert queued["StatusCode"] == 202, queued["StatusCode"]
    counts = stack.stats()["counts"]
    assert counts.get("invoke.refused-signature", 0) == 0, "every call between functions is signed"


def presign_problem(url, method, headers):
    """Why S3 would refuse a query-string presigned link (Signature Version 4, as S3 computes it
    from the functions' credentials), or None: moto_server accepts any signature, S3 does not."""
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
    value = {k: v[0] for k, v in query.items()}
    access_key, secret_key, token = CREDENTIALS["aws_access_key_id"], CREDENTIALS["aws_secret_access_key"], \
        CREDENTIALS["aws_session_token"]
    key_id, day, region, service, _ = value.get("X-Amz-Credential", "////").split("/", 4)
    if (key_id, service, value.get("X-Amz-Security-Token")) != (access_key, "s3", token):
        return f"credential {value.get('X-Amz-Credential')} or session token not the function's"
    signed = value["X-Amz-SignedHeaders"].split(";")
    lower = {k.lower(): v for k, v in headers.items()} | {"host": parts.netloc}
    if any(name not in lower for name in signed):
        return f"signed headers {signed} not all sent ({sorted(lower)})"
    encode = SignatureCheck.encode
    pairs = sorted((encode(k, ""), encode(v, "")) for k, v in value.items() if k != "X-Amz-Signature")
    canonical = "\n".join([method, parts.path, "&".join(f"{k}={v}" for k, v in pairs),
                           "".join(f"{n}:{lower[n].strip()}\n" for n in signed), ";".join(signed), "UNSIGNED-PAYLOAD"])
    scope = f"{day}/{region}/s3/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", value["X-Amz-Date"], scope, hashlib.sha256(canonical.encode()).hexdigest()])
    signing_key = ("AWS4" + secret_key).encode()
    for part in (day, region, "s3", "aws4_request"):
        signing_key = hmac.new(signing_key, part.encode(), hashlib.sha256).digest()
    expected = hmac.new(signing_key, to_sign.encode(), hashlib.sha256).hexdigest()
    return None if hmac.compare_digest(expected, value["X-Amz-Signature"]) else "SignatureDoesNotMatch"


def http(method, url, headers=None, data=None):
    """A plain HTTP request, as a browser or curl would send it: (status, body)."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers or {}, method=method),
                                    timeout=30) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def use_upload_link(stack, url, headers, data, bucket, key):
    """A link's one upload, then its refused second use; the object holds the first upload's bytes."""
    assert presign_problem(url, "PUT", headers) is None, presign_problem(url, "PUT", headers)
    altered = url.replace("X-Amz-Expires=", "X-Amz-Expires=9")
    assert presign_problem(altered, "PUT", headers) == "SignatureDoesNotMatch", "an altered link would be refused"
    assert "if-none-match" in urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["X-Amz-SignedHeaders"][0]
    status, body = http("PUT", url, headers, data)
    assert status == 200, f"the upload answered {status} {body[:300]}"
    status, body = http("PUT", url, headers, b"a second upload")
    assert status == 412 and b"PreconditionFailed" in body, f"the second use answered {status} {body[:300]}"
    stored = stack.s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    assert stored == data, f"{key} holds {stored[:80]}"


def check_presigned_links(stack):
    """A document's download link, its upload link and a campaign CSV's upload link, as the
    ApiGateway bootstrap answers them (FileHandler presigns the first two), used with plain HTTP
    as a client would: at S3's endpoint the functions were given (the emulator, which passes S3
    requests to moto as they came), each signature computed again as S3 would."""
    body = {"client_id": "CL001XYZ", "contract_type": "SERVICE", "start_date": "2026-01-01", "end_date": "2027-12-31",
            "value": 100}
    status, contract = api(stack, event("create-contract.json", body=body))
    assert status == 201, f"create answered {status} {contract}"
    files = f"/api/contracts/{contract['contract_id']}/files"
    upload = event("upload-file.json", path=files)
    status, record = api(stack, upload)
    assert status == 201, f"upload answered {status} {record}"
    download = event("download-file.json", path=f"{files}/{record['file_id']}")
    download["queryStringParameters"] = {"presign": "true"}
    download["multiValueQueryStringParameters"] = {"presign": ["true"]}
    status, link = api(stack, download)
    assert status == 200 and link["method"] == "GET", f"the download link: {status} {link}"
    assert presign_problem(link["url"], "GET", {}) is None, presign_problem(link["url"], "GET", {})
    status, data = http("GET", link["url"])
    assert status == 200 and data == base64.b64decode(json.loads(upload["body"])["content_base64"]), status

    minted = event("upload-file.json", path=f"{files}/upload-url",
                   body={"filename": "minutes.pdf", "content_type": "application/pdf"})
    status, link = api(stack, minted)
    assert status == 200 and link["method"] == "PUT", f"the upload link: {status} {link}"
    use_upload_link(stack, link["url"], link["headers"], b"%PDF-1.4 minutes\n", link["bucket"], link["key"])

    status, csv_link = api(stack, event("upload-file.json", path="/api/campaigns/upload-url", body={}))
    assert status == 200, f"the campaign upload link: {status} {csv_link}"
    use_upload_link(stack, csv_link["link"]["url"], csv_link["headers"], b"contract_id\nCT004JKL\n",
                    f"{ENV}-testex-files", csv_link["csv_key"])


CHECKS = [check_upload_and_terminate, check_closing_steps_on_moto, check_logs, check_idempotent_retry,
          check_eight_racing_terminations, check_refused_requests, check_the_invoke_api, check_presigned_links]


def run_checks(stack):
    failures = 0
    for check in CHECKS:
        name = check.__name__.removeprefix("check_").replace("_", " ")
        started = time.perf_counter()
        try:
            check(stack)
            print(f"ok      {name} ({time.perf_counter() - started:.1f} s)", flush=True)
        except Exception as error:  # every check runs; each failure is reported
            failures += 1
            print(f"FAILED  {name}: {type(error).__name__}: {error}", flush=True)
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", required=True, help="the build directory with testex-lambda and testex-local-aws")
    parser.add_argument("--bench", action="store_true",
                        help="after the checks, measure and print the figures as JSON lines")
    parser.add_argument("--memory-invocations", type=int, default=10_000,
                        help="with --bench: invocations of the RSS figure")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (logs, state) and say where")
    args = parser.parse_args()
    # A SIGTERM ends the run through the `finally` below, which stops moto, the emulator and the bootstraps.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("lambda emulator checks: terminated"))
    work = tempfile.mkdtemp(prefix="testex-lambda-emulator-")
    stack = Stack(os.path.abspath(args.bin), work)
    failures = None
    try:
        failures = run_checks(stack)
        if args.bench and not failures:
            import lambda_emulator_bench
            for figure in lambda_emulator_bench.figures(stack, args.memory_invocations):
                print(json.dumps(figure), flush=True)
    finally:
        stack.stop()
        if failures != 0:
            print(f"the emulator's output:\n{stack.log('emulator.log')}", file=sys.stderr)
        if args.keep:
            print(f"work directory: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(f"lambda emulator: {len(CHECKS) - failures} of {len(CHECKS)} checks passed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
