"""Lambda's poller of a DynamoDB event source mapping."""
import base64
import datetime
import json
import sys
import time
import uuid

from common import iso_now, new_trace_id
from environment import Invocation


class StreamPoller:
    """Lambda's poller of one DynamoDB event source mapping: batches of the table's stream records,
    in order per shard, to the function; a failed batch is retried (split in two first when the
    mapping bisects) until its retries are spent, then its on-failure record is kept."""

    def __init__(self, emulator, function, mapping):
        import boto3  # only the poller needs it; the rest of the emulator is the standard library
        options = dict(endpoint_url=emulator.moto_url, region_name=emulator.region,
                       aws_access_key_id=emulator.credentials[0], aws_secret_access_key=emulator.credentials[1],
                       aws_session_token=emulator.credentials[2])
        self.tables = boto3.client("dynamodb", **options)
        self.streams = boto3.client("dynamodbstreams", **options)
        self.emulator, self.function, self.mapping = emulator, function, mapping
        self.iterators = {}
        self.checkpoints = {}
        self.finished_shards = set()

    def run(self):
        while not self.emulator.stopping.is_set():
            try:
                self.poll()
            except Exception as error:  # a stream not there yet, moto busy: the next round starts again
                self.iterators.clear()
                self.emulator.count("stream.poll-errors")
                if repr(error) != self.emulator.last_poll_error:
                    print(f"lambda emulator: polling {self.mapping['table']}: {error!r}", file=sys.stderr, flush=True)
                self.emulator.last_poll_error = repr(error)
            self.emulator.stopping.wait(self.emulator.stream_interval)

    def poll(self):
        arn = self.tables.describe_table(TableName=self.mapping["table"])["Table"].get("LatestStreamArn")
        if not arn:
            return
        for shard in self.shards(arn):
            shard_id = shard["ShardId"]
            if shard_id in self.finished_shards:
                continue
            answer = self.streams.get_records(ShardIterator=self.iterator(arn, shard_id),
                                              Limit=self.mapping["batch_size"])
            if answer.get("NextShardIterator"):
                self.iterators[shard_id] = answer["NextShardIterator"]
            else:
                self.finished_shards.add(shard_id)
            if answer["Records"]:
                self.deliver([dict(lambda_shape(r), eventSourceARN=arn) for r in answer["Records"]], shard_id, arn)
                self.checkpoints[shard_id] = answer["Records"][-1]["dynamodb"]["SequenceNumber"]

    def iterator(self, arn, shard_id):
        """The shard's next iterator, or a new one after the last record delivered (the mapping's
        starting position on a shard never read)."""
        if shard_id in self.iterators:
            return self.iterators[shard_id]
        position = {"ShardIteratorType": self.mapping["starting_position"]}
        if shard_id in self.checkpoints:
            position = {"ShardIteratorType": "AFTER_SEQUENCE_NUMBER", "SequenceNumber": self.checkpoints[shard_id]}
        return self.streams.get_shard_iterator(StreamArn=arn, ShardId=shard_id, **position)["ShardIterator"]

    def shards(self, arn):
        shards, start = [], None
        while True:
            request = {"StreamArn": arn, **({"ExclusiveStartShardId": start} if start else {})}
            description = self.streams.describe_stream(**request)["StreamDescription"]
            shards += description.get("Shards", [])
            start = description.get("LastEvaluatedShardId")
            if not start:
                return shards

    def deliver(self, records, shard_id, arn, attempt=0):
        while True:
            if self.invoke(records):
                return
            if self.mapping["bisect"] and len(records) > 1:
                half = len(records) // 2
                self.deliver(records[:half], shard_id, arn, attempt + 1)
                self.deliver(records[half:], shard_id, arn, attempt + 1)
                return
            attempt += 1
            if 0 <= self.mapping["retries"] < attempt:
                return self.on_failure(records, shard_id, arn, attempt)
            self.emulator.stopping.wait(min(1.0, 0.1 * 2 ** attempt))

    def invoke(self, records):
        invocation = Invocation(json.dumps({"Records": records}).encode(), new_trace_id())
        started = time.time()
        ran = self.emulator.run(self.function, invocation)
        ok = ran and not invocation.function_error
        with self.emulator.lock:
            self.emulator.stream_batches.append({
                "mapping": self.mapping["name"], "records": len(records), "ok": ok, "started": started,
                "finished": time.time(),
                "keys": [r["dynamodb"].get("Keys") for r in records], "events": [r["eventName"] for r in records]})
        return ok

    def on_failure(self, records, shard_id, arn, attempts):
        sequences = [r["dynamodb"]["SequenceNumber"] for r in records]
        self.emulator.dead_letter({
            "requestContext": {"requestId": str(uuid.uuid4()),
                               "functionArn": self.function.config.arn(self.emulator.region),
                               "condition": "RetryAttemptsExhausted", "approximateInvokeCount": attempts},
            "responseContext": {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"},
            "version": "1.0", "timestamp": iso_now(),
            "DDBStreamBatchInfo": {"shardId": shard_id, "startSequenceNumber": sequences[0],
                                   "endSequenceNumber": sequences[-1], "batchSize": len(records), "streamArn": arn}})


def lambda_shape(value):
    """A record as boto3 parsed it, back in the JSON shape GetRecords answered (and Lambda delivers)."""
    if isinstance(value, dict):
        return {k: lambda_shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [lambda_shape(v) for v in value]
    if isinstance(value, datetime.datetime):
        return int(value.timestamp())
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode()
    return value
