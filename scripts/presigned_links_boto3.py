#!/usr/bin/env python3
"""Presigned links of `testex-local serve` with the tools of the trade: an upload link minted by
the API is used with a plain HTTP PUT (as a browser or `requests` would), and boto3 signs a GET
link for the uploaded object with the state's link key, exactly as it signs for S3, which serve
verifies and serves. An altered link is refused with S3's 403 SignatureDoesNotMatch.

    scripts/presigned_links_boto3.py BASE_URL STATE_DIR TOKEN
"""
import json
import sys
import urllib.error
import urllib.request

import boto3
import botocore.config


def call(request):
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def main():
    base, state, token = sys.argv[1:4]
    with open(f"{state}/signing-keys.json") as keys_file:
        keys = json.load(keys_file)
    minted = urllib.request.Request(
        f"{base}/api/contracts/CT001ABC/files/upload-url", method="POST",
        data=json.dumps({"filename": "boto3-check.txt", "content_type": "text/plain"}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    status, body = call(minted)
    assert status == 200, (status, body)
    link = json.loads(body)
    assert link["url"].startswith(base + "/"), link["url"]
    document = b"uploaded through a presigned link\n"
    status, body = call(urllib.request.Request(link["url"], data=document, headers=link["headers"], method="PUT"))
    assert status == 200, (status, body)

    s3 = boto3.client("s3", endpoint_url=base, region_name="us-east-1", aws_access_key_id="TESTEXLOCAL",
                      aws_secret_access_key=keys["link_signing_key"],
                      config=botocore.config.Config(signature_version="s3v4", s3={"addressing_style": "path"}))
    url = s3.generate_presigned_url("get_object", Params={"Bucket": link["bucket"], "Key": link["key"]}, ExpiresIn=300)
    status, body = call(urllib.request.Request(url))
    assert status == 200 and body == document, (status, body)

    status, body = call(urllib.request.Request(url.replace("boto3-check", "boto3-other")))
    assert status == 403 and b"SignatureDoesNotMatch" in body, (status, body)
    print("presigned links: an API upload link took a plain PUT, boto3's GET link was served, altered links were refused")


if __name__ == "__main__":
    main()
