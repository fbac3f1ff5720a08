#!/usr/bin/env python3
"""The termination flow the usual way: Python, boto3 and moto's in-process AWS mocks.

Ten AWS calls per flow, as the original system makes them: 7 DynamoDB (get contract, get
client, conditional status update, audit log put, files index query, file record update,
notification log put), 2 S3 (backup put, archive copy) and 1 SES (the notice).

  peer_moto_flow.py --flows N   prints one JSON line: per-flow milliseconds (after setup)
Used by scripts/bench.sh as the reference the Swift figures are compared with.
"""
import argparse
import json
import os
import statistics
import time

os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

import boto3  # noqa: E402
from moto import mock_aws  # noqa: E402

ENV = "development"


def setup(contracts):
    ddb = boto3.client("dynamodb")
    s3 = boto3.client("s3")
    ses = boto3.client("ses")
    ddb.create_table(TableName=f"{ENV}-testex-contracts", BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": "contract_id", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "contract_id", "KeyType": "HASH"}])
    ddb.create_table(TableName=f"{ENV}-testex-clients", BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": "client_id", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "client_id", "KeyType": "HASH"}])
    for name in ("audit-logs", "notifications"):
        key = "log_id" if name == "audit-logs" else "notification_id"
        ddb.create_table(TableName=f"{ENV}-testex-{name}", BillingMode="PAY_PER_REQUEST",
                         AttributeDefinitions=[{"AttributeName": key, "AttributeType": "S"}],
                         KeySchema=[{"AttributeName": key, "KeyType": "HASH"}])
    ddb.create_table(TableName=f"{ENV}-testex-files", BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": "file_id", "AttributeType": "S"},
                                           {"AttributeName": "contract_id", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "file_id", "KeyType": "HASH"}],
                     GlobalSecondaryIndexes=[{"IndexName": "contract_id-index",
                                              "KeySchema": [{"AttributeName": "contract_id", "KeyType": "HASH"}],
                                              "Projection": {"ProjectionType": "ALL"}}])
    for bucket in ("files", "archives", "backups"):
        s3.create_bucket(Bucket=f"{ENV}-testex-{bucket}")
    ses.verify_email_identity(EmailAddress="noreply@testex-dev.com")
    ddb.put_item(TableName=f"{ENV}-testex-clients", Item={
        "client_id": {"S": "CL001XYZ"}, "name": {"S": "Client Company"}, "email": {"S": "contact@client.com"}})
    for i in range(contracts):
        cid = f"CT{i:06d}"
        ddb.put_item(TableName=f"{ENV}-testex-contracts", Item={
            "contract_id": {"S": cid}, "client_id": {"S": "CL001XYZ"}, "status": {"S": "ACTIVE"},
            "version": {"N": "1"}, "value": {"N": "1000"}, "contract_type": {"S": "SERVICE"}})
        key = f"contracts/{cid}/FL{i:010d}/contract.pdf"
        s3.put_object(Bucket=f"{ENV}-testex-files", Key=key, Body=b"%" * 2048)
        ddb.put_item(TableName=f"{ENV}-testex-files", Item={
            "file_id": {"S": f"FL{i:010d}"}, "contract_id": {"S": cid}, "key": {"S": key}, "status": {"S": "ACTIVE"}})
    return ddb, s3, ses


def terminate(ddb, s3, ses, cid, n):
    contract = ddb.get_item(TableName=f"{ENV}-testex-contracts", Key={"contract_id": {"S": cid}})["Item"]
    client = ddb.get_item(TableName=f"{ENV}-testex-clients", Key={"client_id": contract["client_id"]})["Item"]
    ddb.update_item(TableName=f"{ENV}-testex-contracts", Key={"contract_id": {"S": cid}},
                    UpdateExpression="SET #s = :t, version = version + :one, termination_reason = :r",
                    ConditionExpression="version = :v", ExpressionAttributeNames={"#s": "status"},
                    ExpressionAttributeValues={":t": {"S": "TERMINATED"}, ":one": {"N": "1"}, ":v": contract["version"],
                                               ":r": {"S": "MUTUAL_AGREEMENT"}})
    ddb.put_item(TableName=f"{ENV}-testex-audit-logs", Item={
        "log_id": {"S": f"AL{n:012d}"}, "contract_id": {"S": cid}, "action": {"S": "TERMINATE_CONTRACT"}})
    files = ddb.query(TableName=f"{ENV}-testex-files", IndexName="contract_id-index",
                      KeyConditionExpression="contract_id = :c", ExpressionAttributeValues={":c": {"S": cid}})["Items"]
    s3.put_object(Bucket=f"{ENV}-testex-backups", Key=f"contracts/{cid}/contract.json", Body=json.dumps(
        {k: list(v.values())[0] for k, v in contract.items()}).encode())
    for f in files:
        s3.copy_object(Bucket=f"{ENV}-testex-archives", Key=f["key"]["S"],
                       CopySource={"Bucket": f"{ENV}-testex-files", "Key": f["key"]["S"]})
        ddb.update_item(TableName=f"{ENV}-testex-files", Key={"file_id": f["file_id"]},
                        UpdateExpression="SET #s = :a", ExpressionAttributeNames={"#s": "status"},
                        ExpressionAttributeValues={":a": {"S": "ARCHIVED"}})
    message = ses.send_email(Source="noreply@testex-dev.com", Destination={"ToAddresses": [client["email"]["S"]]},
                             Message={"Subject": {"Data": f"Termination of contract {cid}"},
                                      "Body": {"Text": {"Data": "terminated"}, "Html": {"Data": "<p>terminated</p>"}}})
    ddb.put_item(TableName=f"{ENV}-testex-notifications", Item={
        "notification_id": {"S": f"NT{n:012d}"}, "contract_id": {"S": cid}, "message_id": {"S": message["MessageId"]}})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--flows", type=int, default=50)
    args = parser.parse_args()
    with mock_aws():
        ddb, s3, ses = setup(args.flows)
        samples = []
        for i in range(args.flows):
            start = time.perf_counter()
            terminate(ddb, s3, ses, f"CT{i:06d}", i)
            samples.append((time.perf_counter() - start) * 1000)
    print(json.dumps({"flows": args.flows, "median_ms": statistics.median(samples), "min_ms": min(samples),
                      "max_ms": max(samples)}))


if __name__ == "__main__":
    main()
