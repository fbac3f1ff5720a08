#!/usr/bin/env python3
"""Crash test for testex-local's file stand-ins (driven by scripts/crash-test.sh).

Runs a write-heavy workload (clients, contracts, updates, uploads, suspensions, terminations,
deletions) through the testex-local binary on one state directory, SIGKILLs the command at
random instants, and after every kill checks that:

  * every acknowledged write (the command exited 0) is still there, exactly as acknowledged;
    a write whose command was killed is either absent or complete, and once seen it stays;
  * every item, object, metadata file and email on disk parses; object bytes match their
    size and ETag (MD5);
  * no temporary file shows through a read or a listing (db scan, s3 ls, outbox list), and
    the temporary files on disk belong to killed processes only;
  * no half change: every contract has one audit entry per version it went through (its
    creation and each committed change), every file record its UPLOAD_FILE entry, every client
    its CREATE_CLIENT entry and the guard of its email, and every guard a client with that email;
  * each terminated contract whose termination was acknowledged has its audit entry, its
    backup, its archived documents and its notice sent, or its change still waits in the
    contracts stream for the next command to deliver (`testex-local stream mappings`);
  * `doctor` reports only what a kill can leave behind, `doctor --repair` heals it (delivering
    the closing steps of changes a killed command committed), a second `doctor` finds the
    state healthy, and nothing acknowledged was lost by the repair;
  * the next command runs normally: no command that was not killed fails.

The same --seed replays the same operations and kill delays; where a delay lands inside the
program still varies with the machine's load. Standard library only.
"""

import argparse
import base64
import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

TABLES = ["contracts", "clients", "client-emails", "audit-logs", "files", "notifications", "idempotency"]
ENV = "development"
BUCKET = {name: f"{ENV}-testex-{name}" for name in ["files", "archives", "backups", "templates"]}
TEMP = re.compile(r"^\.tmp-(\d+)-\d+$")
MESSAGE_ID = re.compile(r"^[0-9a-f]{16}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-[0-9a-f]{6}$")
TEMPLATE_NOTICE = "termination-notice"
TEMPLATE_STATUS = "status-update"

# What a SIGKILL may leave behind, as `doctor` words it; anything else it reports is a violation.
KILL_LEFTOVERS = [
    "temporary file of an interrupted write",
    "index entry of an item that no longer matches it",
    "data file no metadata names",
    "message without its record",
    "empty directory",
    "document object no file record names",
    "not yet delivered to FileHandler",
    "not yet delivered to NotificationService",
    "the journal holds committed changes the item files lack",
]


class Violation(Exception):
    pass


class Command:
    """One testex-local process."""

    def __init__(self, binary, state, words, stdin=None):
        self.words = words
        env = dict(os.environ)
        env["TESTEX_STATE_DIR"] = state
        env.pop("TESTEX_NOW", None)
        self.process = subprocess.Popen([binary] + words, env=env, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.stdin = stdin
        self.started = time.monotonic()

    def finish(self, timeout):
        try:
            out, err = self.process.communicate(input=self.stdin, timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()
            raise Violation(f"`{' '.join(self.words[:3])}` did not finish within {timeout}s (a lock left held?)")
        self.duration = time.monotonic() - self.started
        self.code = self.process.returncode
        self.out = out.decode("utf-8", "replace")
        self.err = err.decode("utf-8", "replace")
        return self


class Model:
    """What was acknowledged, and what a killed command may have done."""

    def __init__(self):
        self.clients = {}        # client_id -> {"email"}
        self.contracts = {}      # contract_id -> {"client_id", "version", "value", "status"}
        self.files = {}          # file_id -> {"contract_id", "md5", "size"}
        self.deleted_files = set()
        self.deleted_contracts = set()
        self.actions = {}        # (contract_id, action) -> acknowledged count (audit entries expected)
        self.status_notices = {}  # contract_id -> acknowledged suspend/reactivate count
        self.acked_terminations = set()
        self.interrupted_terminations = set()
        self.killed_pids = set()
        self.claimed_keys = set()
        self.campaigns = {}      # campaign_id -> its rows' contract ids, once its execution ended

    def ack_action(self, contract_id, action):
        self.actions[(contract_id, action)] = self.actions.get((contract_id, action), 0) + 1


class CrashTest:
    def __init__(self, args):
        self.args = args
        self.binary = os.path.abspath(args.binary)
        self.random = random.Random(args.seed)
        self.scratch = tempfile.mkdtemp(prefix="testex-crash-")
        self.state = os.path.join(self.scratch, "state")
        self.model = Model()
        self.durations = {}
        self.kills = 0
        self.kills_by_op = {}
        self.operations = 0
        self.repairs = 0
        self.leftovers = {}
        self.duplicate_notices = 0
        self.claimed_retries = 0
        self.reads = 0
        self.queue_known = None
        self.serial = 0

    # MARK: running commands

    def run(self, *words, stdin=None, expect=(0,)):
        command = Command(self.binary, self.state, list(words), stdin).finish(self.args.timeout)
        if expect is not None and command.code not in expect:
            raise Violation(f"`testex-local {' '.join(words)[:120]}` exited {command.code}: {command.err.strip()[:400]} {command.out.strip()[:400]}")
        return command

    def api(self, method, path, body=None, headers=(), expect=(0,)):
        words = ["api", method, path, "--as", "admin"]
        if body is not None:
            words += ["--body", json.dumps(body)]
        for header in headers:
            words += ["--header", header]
        return self.run(*words, expect=expect)

    def attempt(self, op, words, tolerate=None):
        """Runs one workload command, killing it at a random instant with probability --kill-rate.
        Returns the finished command, or None when it was killed. A command that fails is a
        violation unless `tolerate` accepts its answer (it then returns the command as is)."""
        kill = self.random.random() < self.args.kill_rate
        typical = self.durations.get(op, 0.15)
        delay = self.random.uniform(0, typical * 1.15)
        reader = self.start_reader() if self.random.random() < self.args.reader_rate else None
        command = Command(self.binary, self.state, words)
        try:
            return self.finish_attempt(op, words, command, kill, delay, tolerate)
        finally:
            if reader:
                self.check_reader(*reader)

    def finish_attempt(self, op, words, command, kill, delay, tolerate):
        if kill:
            time.sleep(max(0.0, delay - (time.monotonic() - command.started)))
            if command.process.poll() is None:
                command.process.send_signal(signal.SIGKILL)
                command.process.communicate()
                if command.process.returncode == -signal.SIGKILL:
                    self.kills += 1
                    self.kills_by_op[op] = self.kills_by_op.get(op, 0) + 1
                    self.model.killed_pids.add(command.process.pid)
                    return None
        command.finish(self.args.timeout)
        if command.code != 0 and tolerate and tolerate(command):
            return command
        if command.code != 0:
            raise Violation(f"{op} `{' '.join(words)[:160]}` exited {command.code} without being killed: {command.err.strip()[:300]} {command.out.strip()[:600]}")
        self.durations[op] = 0.8 * self.durations.get(op, command.duration) + 0.2 * command.duration
        return command

    READERS = [
        ["db", "scan", "contracts"],
        ["db", "scan", "files"],
        ["s3", "ls", "--recursive", f"s3://{BUCKET['files']}"],
        ["s3", "ls", "--recursive", f"s3://{BUCKET['archives']}"],
        ["outbox", "list"],
        ["api", "GET", "/api/contracts?status=ACTIVE&limit=100", "--as", "admin"],
        ["api", "GET", "/api/contracts?status=TERMINATED&limit=100", "--as", "admin"],
    ]

    def start_reader(self):
        """A reader running while the write is under way (and maybe killed)."""
        words = self.random.choice(self.READERS)
        return words, Command(self.binary, self.state, words)

    def check_reader(self, words, reader):
        """It must answer normally: whole items, no temporary file, nothing half-written."""
        reader.finish(self.args.timeout)
        what = "concurrent `" + " ".join(words) + "`"
        if reader.code != 0:
            raise Violation(f"{what} exited {reader.code}: {reader.err.strip()[:300]}")
        self.no_temporary_names(reader.out, what)
        if words[0] in ("db", "api"):
            try:
                json.loads(reader.out)
            except ValueError as error:
                raise Violation(f"{what} printed something that is not JSON: {error}")
        self.reads += 1

    def next_id(self, prefix):
        self.serial += 1
        body = f"{self.random.randrange(36 ** 3):03X}{self.serial:03d}"[-6:]
        return prefix + body.rjust(6, "0").upper()

    # MARK: the workload

    def step(self):
        m = self.model
        live = [c for c, v in m.contracts.items() if v["status"] in ("ACTIVE", "SUSPENDED")]
        active = [c for c in live if m.contracts[c]["status"] == "ACTIVE"]
        suspended = [c for c in live if m.contracts[c]["status"] == "SUSPENDED"]
        files = [f for f, v in m.files.items() if m.contracts.get(v["contract_id"], {}).get("status") in ("ACTIVE", "SUSPENDED")]
        choices = [("create_client", 1 if m.clients else 100)]
        if m.clients:
            choices += [("create_contract", 6 if len(live) < 12 else 1)]
        if live:
            choices += [("update", 5), ("upload", 5), ("terminate", 4), ("campaign", 2)]
        if active:
            choices += [("suspend", 1)]
        if suspended:
            choices += [("reactivate", 1)]
        if files:
            choices += [("delete_file", 1)]
        if len(live) > 6:
            choices += [("delete_contract", 1)]
        total = sum(weight for _, weight in choices)
        pick = self.random.uniform(0, total)
        for op, weight in choices:
            pick -= weight
            if pick <= 0:
                break
        self.operations += 1
        return getattr(self, "op_" + op)(live, active, suspended, files), op

    def op_create_client(self, *_):
        client_id = self.next_id("CL")
        body = {"client_id": client_id, "name": f"Client {client_id}", "email": f"{client_id.lower()}@example.com"}
        command = self.attempt("create_client", ["api", "POST", "/api/clients", "--as", "admin", "--body", json.dumps(body)])
        pending = {"kind": "create_client", "client_id": client_id, "email": body["email"]}
        if command:
            self.model.clients[client_id] = {"email": body["email"]}
        return pending if command is None else None

    def op_create_contract(self, *_):
        client_id = self.random.choice(sorted(self.model.clients))
        value = self.random.randrange(100, 100000)
        body = {"client_id": client_id, "contract_type": "SERVICE", "start_date": "2026-01-01", "end_date": "2030-12-31", "value": value}
        explicit = self.random.random() < 0.5
        if explicit:
            body["contract_id"] = self.next_id("CT")
        command = self.attempt("create_contract", ["api", "POST", "/api/contracts", "--as", "admin", "--body", json.dumps(body)])
        if command is None:
            return {"kind": "create_contract", "contract_id": body.get("contract_id"), "client_id": client_id, "value": value}
        contract = json.loads(command.out)
        self.model.contracts[contract["contract_id"]] = {"client_id": client_id, "version": 1, "value": value, "status": "ACTIVE"}
        self.model.ack_action(contract["contract_id"], "CREATE_CONTRACT")

    def op_update(self, live, *_):
        contract_id = self.random.choice(sorted(live))
        known = self.model.contracts[contract_id]
        value = self.random.randrange(100, 100000)
        body = {"value": value, "expected_version": known["version"]}
        command = self.attempt("update", ["api", "PUT", f"/api/contracts/{contract_id}", "--as", "admin", "--body", json.dumps(body)])
        if command is None:
            return {"kind": "update", "contract_id": contract_id, "value": value}
        known.update(version=known["version"] + 1, value=value)
        self.model.ack_action(contract_id, "UPDATE_CONTRACT")

    def op_upload(self, live, *_):
        contract_id = self.random.choice(sorted(live))
        data = self.random.randbytes(self.random.choice([1, 100, 4000, 60000, 300000]))
        body = {"filename": f"doc-{self.serial}.pdf", "content_type": "application/pdf", "content_base64": base64.b64encode(data).decode()}
        self.serial += 1
        path = os.path.join(self.scratch, f"upload-{self.serial}.json")
        with open(path, "w") as handle:
            json.dump(body, handle)
        try:
            command = self.attempt("upload", ["api", "POST", f"/api/contracts/{contract_id}/files", "--as", "admin", "--body", "@" + path])
        finally:
            os.unlink(path)
        md5 = hashlib.md5(data).hexdigest()
        if command is None:
            return {"kind": "upload", "contract_id": contract_id, "md5": md5, "size": len(data)}
        record = json.loads(command.out)
        self.model.files[record["file_id"]] = {"contract_id": contract_id, "md5": md5, "size": len(data)}

    def op_suspend(self, live, active, *_):
        return self.change_status(self.random.choice(sorted(active)), "suspend", "SUSPENDED", "SUSPEND_CONTRACT")

    def op_reactivate(self, live, active, suspended, *_):
        return self.change_status(self.random.choice(sorted(suspended)), "reactivate", "ACTIVE", "REACTIVATE_CONTRACT")

    def change_status(self, contract_id, verb, status, action):
        command = self.attempt(verb, ["api", "POST", f"/api/contracts/{contract_id}/{verb}", "--as", "admin", "--body", '{"reason":"crash test"}'])
        if command is None:
            return {"kind": "status", "contract_id": contract_id, "status": status}
        known = self.model.contracts[contract_id]
        known.update(version=known["version"] + 1, status=status)
        self.model.ack_action(contract_id, action)
        self.model.status_notices[contract_id] = self.model.status_notices.get(contract_id, 0) + 1

    def op_terminate(self, live, *_):
        contract_id = self.random.choice(sorted(live))
        words = ["api", "POST", f"/api/contracts/{contract_id}/terminate", "--as", "admin", "--body", '{"reason":"MUTUAL_AGREEMENT"}']
        key = f"crash-{contract_id}" if self.random.random() < 0.5 else None
        if key:
            words += ["--header", f"Idempotency-Key: {key}"]
        command = self.attempt("terminate", words)
        if command is None:
            self.model.interrupted_terminations.add(contract_id)
            if key:
                self.model.claimed_keys.add(key)
            return {"kind": "status", "contract_id": contract_id, "status": "TERMINATED"}
        known = self.model.contracts[contract_id]
        known.update(version=known["version"] + 1, status="TERMINATED")
        self.model.ack_action(contract_id, "TERMINATE_CONTRACT")
        self.model.acked_terminations.add(contract_id)

    def op_delete_file(self, live, active, suspended, files):
        file_id = self.random.choice(sorted(files))
        contract_id = self.model.files[file_id]["contract_id"]
        command = self.attempt("delete_file", ["api", "DELETE", f"/api/contracts/{contract_id}/files/{file_id}", "--as", "admin"])
        if command is None:
            return {"kind": "delete_file", "file_id": file_id}
        del self.model.files[file_id]
        self.model.deleted_files.add(file_id)

    def op_campaign(self, live, *_):
        """`campaign run` of a CSV naming a few live contracts (and one already terminated, and
        one unknown, when there are): killed or not, the execution is then resumed (`queue
        drain`) until it ends, and each row must have been terminated at most once, with its
        audit entry, and the campaign's counts must match its rows."""
        contract_ids = self.random.sample(sorted(live), min(len(live), self.random.randint(2, 4)))
        terminated = sorted(c for c, v in self.model.contracts.items() if v["status"] == "TERMINATED")
        extra = ([self.random.choice(terminated)] if terminated else []) + ["CTNOSUCH"]
        path = os.path.join(self.scratch, f"campaign-{self.operations}.csv")
        with open(path, "w") as csv:
            csv.write("contract_id\n" + "".join(f"{c}\n" for c in contract_ids + extra))
        command = self.attempt("campaign", ["campaign", "run", path, "--reason", "PRODUCT_DISCONTINUED"])
        if command is None:
            for contract_id in contract_ids:
                self.model.interrupted_terminations.add(contract_id)
        return {"kind": "campaign", "contract_ids": contract_ids} if command is None else self.settle_campaigns()

    def settle_campaigns(self):
        """Resumes every campaign not yet seen ended, then takes its terminated rows into the model."""
        for _ in range(20):
            listed = json.loads(self.api("GET", "/api/campaigns?limit=100").out)["items"]
            running = [c for c in listed if c["campaign_id"] not in self.model.campaigns and c["status"] == "RUNNING"]
            if not running:
                break
            self.run("queue", "drain")
        else:
            raise Violation(f"campaigns still RUNNING after 20 drains: {[c['campaign_id'] for c in running]}")
        for campaign in listed:
            if campaign["campaign_id"] not in self.model.campaigns and campaign["campaign_id"] != "CP0001SA":
                self.settle_campaign(campaign)
        return None

    def settle_campaign(self, campaign):
        campaign_id = campaign["campaign_id"]
        if campaign["status"] != "COMPLETED":
            raise Violation(f"campaign {campaign_id} ended {campaign['status']}, not COMPLETED: {campaign}")
        rows = json.loads(self.api("GET", f"/api/campaigns/{campaign_id}/rows?limit=100").out)["items"]
        tally = {}
        for row in rows:
            tally[row["status"]] = tally.get(row["status"], 0) + 1
        counts = {status: n for status, n in campaign["counts"].items() if n}
        if tally != counts or len(rows) != campaign["total_rows"]:
            raise Violation(f"campaign {campaign_id} counts {campaign['counts']} do not match its rows {tally}")
        for row in rows:
            known = self.model.contracts.get(row["contract_id"])
            if row["status"] == "TERMINATED":
                if known is None or known["status"] == "TERMINATED":
                    raise Violation(f"campaign {campaign_id} terminated {row['contract_id']}, which was not live: {known}")
                known.update(version=known["version"] + 1, status="TERMINATED")
                self.model.ack_action(row["contract_id"], "TERMINATE_CONTRACT")
                self.model.acked_terminations.add(row["contract_id"])
            elif row["status"] not in ("SKIPPED", "FAILED") or not row.get("why"):
                raise Violation(f"campaign {campaign_id} row {row} is neither terminated nor explained")
        self.model.campaigns[campaign_id] = [row["contract_id"] for row in rows]

    def op_delete_contract(self, live, *_):
        contract_id = self.random.choice(sorted(c for c in live if not any(f["contract_id"] == c for f in self.model.files.values())) or [None])
        if contract_id is None:
            return None
        command = self.attempt("delete_contract", ["api", "DELETE", f"/api/contracts/{contract_id}", "--as", "admin"])
        if command is None:
            return {"kind": "delete_contract", "contract_id": contract_id}
        del self.model.contracts[contract_id]
        self.model.deleted_contracts.add(contract_id)
        self.model.ack_action(contract_id, "DELETE_CONTRACT")

    # MARK: reading the state through testex-local

    def read(self):
        """Everything a reader sees, through the commands a person would use."""
        seen = {}
        for table in TABLES:
            command = self.run("db", "scan", table)
            self.no_temporary_names(command.out, f"db scan {table}")
            try:
                seen[table] = json.loads(command.out)
            except ValueError as error:
                raise Violation(f"db scan {table} printed something that is not JSON: {error}")
        seen["objects"] = {}
        for name, bucket in BUCKET.items():
            command = self.run("s3", "ls", "--recursive", f"s3://{bucket}")
            self.no_temporary_names(command.out, f"s3 ls {bucket}")
            keys = {}
            for line in command.out.splitlines():
                match = re.match(r"^(\S+)\s+(\d+)\s(.+)$", line)
                if not match:
                    raise Violation(f"s3 ls s3://{bucket} printed an unreadable line: {line!r}")
                keys[match.group(3)] = int(match.group(2))
            seen["objects"][name] = keys
        command = self.run("outbox", "list")
        self.no_temporary_names(command.out, "outbox list")
        seen["outbox"] = []
        for line in command.out.splitlines():
            parts = line.split("  ")
            if len(parts) < 6 or not MESSAGE_ID.match(parts[1]):
                raise Violation(f"outbox list printed an unreadable line: {line!r}")
            seen["outbox"].append({"message_id": parts[1], "template": parts[3], "subject": "  ".join(parts[5:])})
        return seen

    @staticmethod
    def no_temporary_names(text, what):
        if ".tmp-" in text:
            raise Violation(f"{what} shows a temporary file: {text[text.index('.tmp-') - 80:text.index('.tmp-') + 40]!r}")

    def queued(self, contract_id):
        """Whether the contracts stream still holds changes its consumer has not been given (a
        killed command's), which the next command that runs functions delivers."""
        command = self.run("stream", "mappings", expect=None)
        match = re.search(r"waiting (\d+)", command.out)
        return command.code == 0 and match is not None and int(match.group(1)) > 0

    # MARK: the files on disk

    def inspect_disk(self, repaired):
        """Every file parses and agrees with what it describes; only killed processes left temporary files."""
        for directory, _, names in os.walk(self.state):
            relative = os.path.relpath(directory, self.state)
            if relative.startswith("quarantine"):
                # A kill between SES's message and its record leaves the message alone; doctor keeps
                # it in quarantine (it may be the only copy of what was sent) rather than delete it.
                unexpected = [n for n in names if not (relative == os.path.join("quarantine", "ses", "outbox")
                                                       and n.endswith(".eml"))]
                if unexpected:
                    raise Violation(f"something was quarantined: {os.path.join(relative, unexpected[0])}")
                continue
            for name in names:
                path = os.path.join(directory, name)
                match = TEMP.match(name)
                if match:
                    if repaired:
                        raise Violation(f"{path} survived doctor --repair")
                    if int(match.group(1)) not in self.model.killed_pids:
                        raise Violation(f"{path} was left by process {match.group(1)}, which was not killed")
                    continue
                if relative.startswith("logs") or name == ".lock":
                    continue
                if name.endswith(".json"):
                    try:
                        with open(path, "rb") as handle:
                            document = json.load(handle)
                    except ValueError as error:
                        raise Violation(f"{path} is not valid JSON: {error}")
                    if name.endswith(".object.json"):
                        self.check_object(directory, name, document)
                    elif relative.endswith("ses/outbox"):
                        self.check_email(directory, name, document)
                elif name.endswith(".eml") and repaired and not os.path.exists(path[:-4] + ".json"):
                    raise Violation(f"{path} has no record after doctor --repair")

    def check_object(self, directory, name, record):
        if record.get("delete_marker"):
            return
        if record.get("version_id"):
            data_path = os.path.join(directory, record["version_id"] + ".object")
        else:
            data_path = os.path.join(directory, record.get("data_file") or "?")
        try:
            with open(data_path, "rb") as handle:
                data = handle.read()
        except OSError:
            raise Violation(f"{os.path.join(directory, name)} names {data_path}, which is missing")
        if len(data) != record["size"] or f'"{hashlib.md5(data).hexdigest()}"' != record["etag"]:
            raise Violation(f"{data_path} does not match its metadata (size {len(data)} vs {record['size']})")

    def check_email(self, directory, name, record):
        eml = os.path.join(directory, name[:-5] + ".eml")
        try:
            with open(eml, "rb") as handle:
                message = handle.read()
        except OSError:
            raise Violation(f"outbox record {name} has no .eml")
        if b"\r\n\r\n" not in message or f"<{record['message_id']}@email.amazonses.com>".encode() not in message:
            raise Violation(f"{eml} is not a whole message")

    # MARK: invariants

    def check(self, pending, repaired):
        if pending and pending["kind"] == "campaign":
            # The killed run's execution resumes and ends before anything is compared.
            pending = self.settle_campaigns()
        self.inspect_disk(repaired)
        seen = self.read()
        self.adopt(pending, seen)
        self.check_acknowledged(seen, repaired)
        return seen

    def adopt(self, pending, seen):
        """A killed write is absent or whole; once visible it is part of what must survive."""
        m = self.model
        contracts = {c["contract_id"]: c for c in seen["contracts"]}
        files = {f["file_id"]: f for f in seen["files"]}
        clients = {c["client_id"]: c for c in seen["clients"]}
        new_contracts = set(contracts) - set(m.contracts) - m.deleted_contracts
        new_files = set(files) - set(m.files) - m.deleted_files
        new_clients = set(clients) - set(m.clients)
        kind = pending["kind"] if pending else None
        if new_contracts and not (kind == "create_contract" and len(new_contracts) == 1):
            raise Violation(f"contracts appeared that no command wrote: {sorted(new_contracts)}")
        if new_files and not (kind == "upload" and len(new_files) == 1):
            raise Violation(f"file records appeared that no command wrote: {sorted(new_files)}")
        if new_clients and not (kind == "create_client" and new_clients == {pending["client_id"]}):
            raise Violation(f"clients appeared that no command wrote: {sorted(new_clients)}")
        if not pending:
            return
        if kind == "create_client" and new_clients:
            m.clients[pending["client_id"]] = {"email": pending["email"]}
        elif kind == "create_contract" and new_contracts:
            contract = contracts[new_contracts.pop()]
            if pending["contract_id"] not in (None, contract["contract_id"]) or contract["value"] != pending["value"]:
                raise Violation(f"a killed create left {contract}, not what it was asked to write")
            m.contracts[contract["contract_id"]] = {"client_id": contract["client_id"], "version": 1, "value": pending["value"], "status": "ACTIVE"}
        elif kind == "upload" and new_files:
            record = files[new_files.pop()]
            if record["contract_id"] != pending["contract_id"] or record["size"] != pending["size"] or record["etag"] != f'"{pending["md5"]}"':
                raise Violation(f"a killed upload left {record}, not what it was asked to write")
            m.files[record["file_id"]] = {"contract_id": pending["contract_id"], "md5": pending["md5"], "size": pending["size"]}
        elif kind in ("update", "status"):
            known = m.contracts[pending["contract_id"]]
            contract = contracts.get(pending["contract_id"])
            if contract and contract["version"] == known["version"] + 1:
                if kind == "update":
                    if contract["value"] != pending["value"]:
                        raise Violation(f"{contract['contract_id']} version {contract['version']} has value {contract['value']}, the killed update wrote {pending['value']}")
                    known.update(version=contract["version"], value=pending["value"])
                else:
                    if contract["status"] != pending["status"]:
                        raise Violation(f"{contract['contract_id']} version {contract['version']} is {contract['status']}, the killed command wrote {pending['status']}")
                    known.update(version=contract["version"], status=pending["status"])
        elif kind == "delete_file" and pending["file_id"] not in files:
            m.files.pop(pending["file_id"], None)
            m.deleted_files.add(pending["file_id"])
        elif kind == "delete_contract" and pending["contract_id"] not in contracts:
            m.contracts.pop(pending["contract_id"], None)
            m.deleted_contracts.add(pending["contract_id"])

    def check_acknowledged(self, seen, repaired):
        m = self.model
        contracts = {c["contract_id"]: c for c in seen["contracts"]}
        for contract_id, known in m.contracts.items():
            contract = contracts.get(contract_id)
            if contract is None:
                raise Violation(f"acknowledged contract {contract_id} is gone")
            for field in ("version", "value", "status", "client_id"):
                if contract[field] != known[field]:
                    raise Violation(f"{contract_id}: {field} is {contract[field]!r}, acknowledged {known[field]!r}")
        for contract_id in m.deleted_contracts:
            if contract_id in contracts:
                raise Violation(f"deleted contract {contract_id} is back")
        clients = {c["client_id"] for c in seen["clients"]}
        for client_id in m.clients:
            if client_id not in clients:
                raise Violation(f"acknowledged client {client_id} is gone")

        records = {f["file_id"]: f for f in seen["files"]}
        referenced = {}
        for file_id, known in m.files.items():
            record = records.get(file_id)
            if record is None:
                raise Violation(f"acknowledged file {file_id} is gone")
            bucket = [name for name, full in BUCKET.items() if full == record["bucket"]]
            if record["etag"] != f'"{known["md5"]}"' or record["size"] != known["size"] or not bucket:
                raise Violation(f"file {file_id} changed: {record}")
            if seen["objects"][bucket[0]].get(record["key"]) != known["size"]:
                raise Violation(f"the bytes of acknowledged file {file_id} are not listed at s3://{record['bucket']}/{record['key']}")
            referenced[(bucket[0], record["key"])] = known
            status = m.contracts.get(known["contract_id"], {}).get("status")
            if status == "TERMINATED" and known["contract_id"] in m.acked_terminations and record["status"] != "ARCHIVED":
                raise Violation(f"file {file_id} of terminated contract {known['contract_id']} is not archived")
        for file_id in m.deleted_files:
            if file_id in records:
                raise Violation(f"deleted file {file_id} is back")
        if referenced:
            (bucket, key), known = self.random.choice(sorted(referenced.items()))
            # `s3 cat` writes the raw bytes; compare digests of what came out.
            raw = subprocess.run([self.binary, "s3", "cat", f"s3://{BUCKET[bucket]}/{key}"], env=dict(os.environ, TESTEX_STATE_DIR=self.state),
                                 capture_output=True, timeout=self.args.timeout).stdout
            if hashlib.md5(raw).hexdigest() != known["md5"]:
                raise Violation(f"s3 cat s3://{BUCKET[bucket]}/{key} gives other bytes than were uploaded")
        if repaired:
            for (bucket, key) in ((b, k) for b in ("files", "archives") for k in seen["objects"][b]):
                if (bucket, key) not in referenced and key.split("/")[2] not in records:
                    raise Violation(f"s3://{BUCKET[bucket]}/{key} is named by no file record after doctor --repair")

        audit = {}
        for entry in seen["audit-logs"]:
            key = (entry.get("contract_id"), entry["action"])
            audit[key] = audit.get(key, 0) + 1
        for key, count in m.actions.items():
            if audit.get(key, 0) < count:
                raise Violation(f"{key[0]}: {count} acknowledged {key[1]} but {audit.get(key, 0)} audit entries")
        self.check_whole_changes(seen, contracts)

        sent = {e["message_id"] for e in seen["outbox"]}
        notices = {}
        for log in seen["notifications"]:
            if log.get("status") == "SENT" and log.get("message_id") not in sent:
                raise Violation(f"notification {log['notification_id']} names message {log.get('message_id')}, which is not in the outbox")
            key = (log.get("contract_id"), log["template"])
            notices[key] = notices.get(key, 0) + 1
        for contract_id, count in m.status_notices.items():
            if notices.get((contract_id, TEMPLATE_STATUS), 0) < count:
                raise Violation(f"{contract_id}: {count} acknowledged status changes, {notices.get((contract_id, TEMPLATE_STATUS), 0)} notices")
        emails = {}
        for email in seen["outbox"]:
            match = re.match(r"^Termination of contract (CT[0-9A-Z]{6})$", email["subject"])
            if match and email["template"] == TEMPLATE_NOTICE:
                emails[match.group(1)] = emails.get(match.group(1), 0) + 1
        backups = seen["objects"]["backups"]
        for contract_id, contract in contracts.items():
            if contract["status"] != "TERMINATED":
                continue
            must_be_complete = repaired or contract_id in m.acked_terminations
            if not must_be_complete:
                continue
            interrupted = contract_id in m.interrupted_terminations
            problems = []
            if audit.get((contract_id, "TERMINATE_CONTRACT"), 0) != 1:
                problems.append(f"{audit.get((contract_id, 'TERMINATE_CONTRACT'), 0)} termination audit entries")
            if f"contracts/{contract_id}/contract.json" not in backups:
                problems.append("no backup")
            count = notices.get((contract_id, TEMPLATE_NOTICE), 0)
            if count == 0 or emails.get(contract_id, 0) == 0:
                if not self.queued(contract_id):
                    problems.append(f"{count} notice logs, {emails.get(contract_id, 0)} notice emails")
            elif emails.get(contract_id, 0) > 1 or count > 1:
                if not interrupted:
                    problems.append(f"{emails.get(contract_id, 0)} notice emails for one termination")
            for record in seen["files"]:
                if record["contract_id"] == contract_id and record["status"] != "ARCHIVED":
                    problems.append(f"document {record['file_id']} not archived")
            if problems:
                raise Violation(f"terminated contract {contract_id}: {', '.join(problems)}")

    def check_whole_changes(self, seen, contracts):
        """Each change was committed with its audit entry (and a client with its email guard), or not at all."""
        entries = {}
        for entry in seen["audit-logs"]:
            if entry.get("entity_type") == "contract":
                entries[entry["entity_id"]] = entries.get(entry["entity_id"], 0) + 1
        for contract_id, contract in contracts.items():
            if entries.get(contract_id, 0) != contract["version"]:
                raise Violation(f"{contract_id} is at version {contract['version']} with {entries.get(contract_id, 0)} audit entries: a half change")
        for contract_id in set(entries) - set(contracts):
            deletions = [e for e in seen["audit-logs"] if e["entity_id"] == contract_id and e["action"] == "DELETE_CONTRACT"]
            if len(deletions) != 1:
                raise Violation(f"{contract_id} is gone with {len(deletions)} DELETE_CONTRACT entries: a half change")
        uploads = {e["entity_id"] for e in seen["audit-logs"] if e["action"] == "UPLOAD_FILE"}
        for record in seen["files"]:
            if record["file_id"] not in uploads:
                raise Violation(f"file {record['file_id']} has no UPLOAD_FILE audit entry: a half change")
        created = {e["entity_id"] for e in seen["audit-logs"] if e["action"] == "CREATE_CLIENT"}
        guards = {g["email"]: g["client_id"] for g in seen["client-emails"]}
        for client in seen["clients"]:
            if client["client_id"] not in created:
                raise Violation(f"client {client['client_id']} has no CREATE_CLIENT audit entry: a half change")
            if guards.get(client["email"].lower()) != client["client_id"]:
                raise Violation(f"client {client['client_id']} is without the guard of its email {client['email']}")
        emails = {c["email"].lower(): c["client_id"] for c in seen["clients"]}
        for email, client_id in guards.items():
            if emails.get(email) != client_id:
                raise Violation(f"the guard of {email} names {client_id}, which has no such email")

    def count_duplicates(self, seen):
        emails = {}
        for email in seen["outbox"]:
            if email["template"] == TEMPLATE_NOTICE:
                emails[email["subject"]] = emails.get(email["subject"], 0) + 1
        return sum(count - 1 for count in emails.values() if count > 1)

    # MARK: doctor

    def doctor(self):
        """`doctor` may only report what a kill leaves behind; `--repair` heals it all."""
        check = self.run("doctor", expect=(0, 1))
        problems = [line for line in check.out.splitlines() if not line.startswith(("note:", "healthy:")) and not re.match(r"^\d+ problems?; ", line)]
        for line in problems:
            reason = next((phrase for phrase in KILL_LEFTOVERS if phrase in line), None)
            if reason is None:
                raise Violation(f"doctor reports something a kill cannot explain: {line}")
            self.leftovers[reason] = self.leftovers.get(reason, 0) + 1
        if (check.code == 0) != (not problems):
            raise Violation(f"doctor exited {check.code} after printing:\n{check.out}")
        repair = self.run("doctor", "--repair", expect=(0, 1))
        if repair.code != 0:
            raise Violation(f"doctor --repair left problems:\n{repair.out}")
        again = self.run("doctor", expect=(0, 1))
        if again.code != 0:
            raise Violation(f"doctor still finds problems after --repair:\n{again.out}\n(repair said:\n{repair.out})")
        self.repairs += 1

    # MARK: the run

    def main(self):
        started = time.monotonic()
        print(f"crash test: seed {self.args.seed}, {self.args.kills} kills, state {self.state}", flush=True)
        violation = None
        try:
            self.initialize()
            while self.kills < self.args.kills:
                before = self.kills
                pending, op = self.step()
                if self.kills == before:
                    continue
                seen = self.check(pending, repaired=False)
                if self.random.random() < self.args.repair_rate:
                    self.doctor()
                    seen = self.check(None, repaired=True)
                    self.model.killed_pids.clear()
                if self.kills % 25 == 0:
                    print(f"  {self.kills} kills, {self.operations} operations, {self.repairs} repairs, "
                          f"{len(seen['contracts'])} contracts, {len(seen['outbox'])} emails, {time.monotonic() - started:.0f}s", flush=True)
            self.doctor()
            seen = self.check(None, repaired=True)
            self.duplicate_notices = self.count_duplicates(seen)
        except Violation as error:
            violation = error
        duration = time.monotonic() - started
        self.report(violation, duration)
        if violation is None and not self.args.keep:
            shutil.rmtree(self.scratch, ignore_errors=True)
        return 1 if violation else 0

    def initialize(self):
        """`init` and `reset` are killed too, now and then: an interrupted one must simply run again."""
        for words in (["init", "--sample-data"], ["reset"]):
            for _ in range(3):
                command = Command(self.binary, self.state, words)
                time.sleep(self.random.uniform(0, 0.3))
                if command.process.poll() is None:
                    command.process.send_signal(signal.SIGKILL)
                command.process.communicate()
                if command.process.returncode == -signal.SIGKILL:
                    self.model.killed_pids.add(command.process.pid)
                    self.kills += 1
                    self.kills_by_op[words[0]] = self.kills_by_op.get(words[0], 0) + 1
            self.run(*words)

    def report(self, violation, duration):
        print(f"kills survived: {self.kills} ({', '.join(f'{op} {n}' for op, n in sorted(self.kills_by_op.items()))})")
        print(f"operations: {self.operations}, concurrent reads checked: {self.reads}, doctor repairs: {self.repairs}, duration: {duration:.1f}s")
        if self.leftovers:
            print("left by kills and repaired: " + ", ".join(f"{reason} x{n}" for reason, n in sorted(self.leftovers.items())))
        rows = sum(len(rows) for rows in self.model.campaigns.values())
        print(f"campaigns ended and checked: {len(self.model.campaigns)} ({rows} rows); "
              f"`campaign run` killed {self.kills_by_op.get('campaign', 0)} times, its execution resumed each time")
        print(f"termination notices sent twice (kill between send and log): {self.duplicate_notices}")
        if violation:
            print(f"VIOLATION after {self.kills} kills (seed {self.args.seed}): {violation}")
            print(f"replay: scripts/crash-test.sh --seed {self.args.seed} --kills {self.args.kills}")
            print(f"state kept in {self.state}")
        else:
            print("invariant violations: 0")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", required=True, help="the testex-local executable")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--kills", type=int, default=200, help="stop after this many processes were killed")
    parser.add_argument("--kill-rate", type=float, default=0.6, help="share of commands that get a kill scheduled")
    parser.add_argument("--reader-rate", type=float, default=0.5, help="share of commands with a reader running beside them")
    parser.add_argument("--repair-rate", type=float, default=0.5, help="share of kills followed by doctor --repair")
    parser.add_argument("--timeout", type=float, default=60, help="seconds any one command may take")
    parser.add_argument("--keep", action="store_true", help="keep the state directory")
    sys.exit(CrashTest(parser.parse_args()).main())


if __name__ == "__main__":
    main()
