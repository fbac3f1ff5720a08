"""The figures of the bootstraps under the Lambda service emulator (scripts/lambda_emulator_test.py
--bench, called by scripts/bench.sh): cold start to the first `/next`, a warm GET through
ApiGateway, a termination until its answer and until its closing steps are done, what one
termination costs in invocations and AWS calls, and resident memory over many invocations."""
import time

from bench import figure
from lambda_emulator_test import API, ENV, api, event, wait_until


def cold_starts(stack):
    """Every environment started so far: from its process's start to its first `/next`."""
    samples = [e["init_ms"] for f in stack.stats()["functions"].values() for e in f["environments"] if e["init_ms"]]
    return figure("lambda.cold-start.first-next", "ms", samples,
                  note="process start to the first GET /next, every environment")


def warm_get(stack, runs):
    request = event("get-contract.json")
    for _ in range(20):
        api(stack, request)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        status, _ = api(stack, request)
        samples.append((time.perf_counter() - started) * 1000)
        assert status == 200, status
    return figure("lambda.warm.get-contract", "ms", samples,
                  note="boto3 invoke of ApiGateway, which invokes DatabaseManager, which reads DynamoDB on moto")


def contract_with_document(stack):
    body = {"client_id": "CL001XYZ", "contract_type": "SERVICE", "start_date": "2026-01-01", "end_date": "2027-12-31",
            "value": 100}
    status, contract = api(stack, event("create-contract.json", body=body))
    assert status == 201, status
    path = f"/api/contracts/{contract['contract_id']}/files"
    status, _ = api(stack, event("upload-file.json", path=path))
    assert status == 201, status
    return contract["contract_id"]


def closing_batch(stack, contract_id, since):
    """The stream batch that delivered the contract's termination, once it succeeded."""
    for batch in stack.stats()["stream_batches"]:
        if batch["ok"] and batch["started"] >= since and {"contract_id": {"S": contract_id}} in batch["keys"]:
            return batch
    return None


def terminations(stack, runs):
    answers, closings, invocations, calls = [], [], [], []
    for _ in range(runs):
        contract_id = contract_with_document(stack)
        time.sleep(0.6)  # the creation's stream batch is delivered before the clock starts
        before = stack.stats()["counts"]
        started_wall, started = time.time(), time.perf_counter()
        request = event("terminate-contract.json", path=f"/api/contracts/{contract_id}/terminate",
                        drop_headers=["Idempotency-Key"])
        status, _ = api(stack, request)
        answers.append((time.perf_counter() - started) * 1000)
        assert status == 200, status
        batch = wait_until(lambda: closing_batch(stack, contract_id, started_wall), interval=0.01,
                           what=lambda: f"the closing steps of {contract_id}: {stack.stats()['stream_batches'][-2:]} "
                                        f"{stack.stats()['counts']} {stack.stats()['last_poll_error']}")
        closings.append((batch["finished"] - started_wall) * 1000)
        after = stack.stats()["counts"]
        invocations.append(after.get("invocations", 0) - before.get("invocations", 0))
        calls.append(sum(v - before.get(k, 0) for k, v in after.items() if k.startswith("aws.")))
    poll = "the stream is polled four times a second, as Lambda's poller does"
    return [figure("lambda.termination.answer", "ms", answers, note="the API's answer to the terminate request"),
            figure("lambda.termination.closing-steps-done", "ms", closings,
                   note=f"until backup, archive and notice are done; {poll}"),
            figure("lambda.termination.invocations", "invocations", invocations,
                   note="every function invocation of one termination, its closing steps included"),
            figure("lambda.termination.aws-calls", "calls", calls,
                   note="DynamoDB, S3 and SES calls the functions made")]


def memory(stack, invocations):
    """Resident memory of the environments that served `invocations` sequential GETs after 1,000
    to warm them: ApiGateway's and DatabaseManager's (each GET is one invocation of each)."""
    request = event("get-contract.json")
    for _ in range(1000):
        api(stack, request)
    before = environments(stack)
    for _ in range(invocations):
        api(stack, request)
    after = environments(stack)
    figures = []
    for function in (API, f"{ENV}-testex-database-manager"):
        served = [(pid, rss) for pid, (count, rss) in after[function].items()
                  if count - before[function].get(pid, (0, 0))[0] >= invocations * 0.9]
        assert served, f"no environment of {function} served the invocations"
        pid, rss = served[0]
        growth = (rss - before[function][pid][1]) / 1024
        short = function.removeprefix(f"{ENV}-testex-")
        figures.append(figure(f"lambda.memory.{short}.rss-growth-{invocations}", "MB", [growth],
                              note=f"VmRSS after {invocations} more invocations, after 1,000 (target < 1 MB)"))
        figures.append(figure(f"lambda.memory.{short}.rss", "MB", [rss / 1024]))
    return figures


def environments(stack):
    functions = stack.stats()["functions"]
    return {name: {e["pid"]: (e["invocations"], e["rss_kb"]) for e in f["environments"] if e["alive"]}
            for name, f in functions.items()}


def figures(stack, memory_invocations):
    out = [warm_get(stack, 300)]
    out += terminations(stack, 10)
    out.append(cold_starts(stack))
    if memory_invocations:
        out += memory(stack, memory_invocations)
    return out
