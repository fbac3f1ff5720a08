import AWSClients
import Foundation
import Shared
import Signing
import TestSupport
import Testing

/// Our presigned links against botocore's, made for the same credentials, time, bucket, key,
/// expiry and session token: they must be the same text, byte for byte.
@Suite(
    "Presigned links as botocore makes them",
    .enabled(if: Python.has("botocore"), "python3 with botocore is not installed")
)
struct S3URLPresignerTests {
    struct Case: Codable, CustomStringConvertible {
        var region = "us-east-1"
        var endpoint: String?
        var method = "GET"
        var bucket = "development-testex-files"
        var key = "contracts/CT001ABC/FL0000000001/signed contract.pdf"
        var expires = 900
        var time = 1_795_428_000  // 2026-11-22T10:00:00Z
        var token: String?
        var metadata: [String: String] = [:]
        var headers: [String: String] = [:]

        var description: String {
            "\(method) \(endpoint ?? region) \(bucket)/\(key) token \(token != nil) metadata \(metadata.count) "
                + "headers \(headers.count)"
        }
    }

    static let accessKey = "AKIDEXAMPLE"
    static let secretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

    static let cases: [Case] = [
        Case(),
        Case(method: "PUT"),
        Case(token: "IQoJb3JpZ2luX2VjEPr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDsession+token/with=padding=="),
        Case(region: "eu-west-1", key: "a b/ü+=&?~*'();:@$,!.pdf", expires: 604_800),
        Case(region: "eu-west-1", bucket: "bucket.with.dots", key: "x"),
        Case(endpoint: "http://127.0.0.1:5000", method: "PUT", token: "FwoGZXIvYXdzEBAaD/session"),
        Case(endpoint: "http://localhost:4566", key: "contracts/CT001ABC/FL0000000002/report (final).csv", expires: 1),
        Case(
            endpoint: "http://127.0.0.1:5000",
            method: "PUT",
            token: "temporary",
            metadata: [
                "file-id": "FL0000000003", "content-type": "application/pdf", "uploaded-by": "local admin",
                "uploader-role": "admin",
            ],
            headers: ["If-None-Match": "*"]
        ),
        Case(region: "eu-central-1", method: "PUT", headers: ["If-None-Match": "*"]),
        Case(region: "ap-southeast-2", method: "PUT", metadata: ["file-id": "FL0000000004", "uploaded-by": "ä/ö"]),
    ]

    /// botocore's links for the cases, one per line, with the clock held at each case's time.
    /// Without metadata through `generate_presigned_url`; with metadata through botocore's S3
    /// query signer on the URL with the `x-amz-meta-*` parameters, which botocore keeps before
    /// its own (it would otherwise sign metadata as headers the client must send). A signed
    /// `If-None-Match` is botocore's `IfNoneMatch` parameter, a header of the request.
    static let script = #"""
        import datetime, json, sys, types
        import botocore.auth, botocore.session
        from botocore.awsrequest import AWSRequest
        from botocore.config import Config
        from botocore.credentials import Credentials
        from botocore.utils import percent_encode, percent_encode_sequence

        class Frozen(datetime.datetime):
            moment = None
            @classmethod
            def utcnow(cls):
                return cls.moment
        botocore.auth.datetime = types.SimpleNamespace(datetime=Frozen, timedelta=datetime.timedelta)
        # Newer botocore releases read the clock through get_current_datetime instead.
        if hasattr(botocore.auth, "get_current_datetime"):
            botocore.auth.get_current_datetime = lambda *args, **kwargs: Frozen.moment
        key_id, secret = sys.argv[1], sys.argv[2]
        for case in json.load(sys.stdin):
            Frozen.moment = datetime.datetime(1970, 1, 1) + datetime.timedelta(seconds=case["time"])
            endpoint, region, token = case.get("endpoint"), case["region"], case.get("token")
            path_style = endpoint is not None or "." in case["bucket"]
            if not case["metadata"]:
                config = Config(signature_version="s3v4", s3={"addressing_style": "path" if path_style else "virtual",
                                                              "us_east_1_regional_endpoint": "regional"})
                client = botocore.session.get_session().create_client(
                    "s3", region_name=region, endpoint_url=endpoint, aws_access_key_id=key_id,
                    aws_secret_access_key=secret, aws_session_token=token, config=config)
                operation = "get_object" if case["method"] == "GET" else "put_object"
                params = {"Bucket": case["bucket"], "Key": case["key"]}
                if "If-None-Match" in case["headers"]:
                    params["IfNoneMatch"] = case["headers"]["If-None-Match"]
                url = client.generate_presigned_url(operation, Params=params, ExpiresIn=case["expires"])
            else:
                origin = endpoint or ("https://s3.%s.amazonaws.com" % region if path_style
                                      else "https://%s.s3.%s.amazonaws.com" % (case["bucket"], region))
                path = ("/" + case["bucket"] if path_style else "") + "/" + percent_encode(case["key"], safe="/~")
                query = percent_encode_sequence(sorted(("x-amz-meta-" + k, v) for k, v in case["metadata"].items()))
                request = AWSRequest(method=case["method"], url=origin + path + "?" + query, headers=case["headers"])
                botocore.auth.S3SigV4QueryAuth(Credentials(key_id, secret, token), "s3", region,
                                               expires=case["expires"]).add_auth(request)
                url = request.url
            print(url)
        """#

    static func botocoreLinks() throws -> [String] {
        let output = try Python.run(script, input: try JSONEncoder().encode(cases), arguments: [accessKey, secretKey])
        return String(decoding: output, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    static func ourLink(_ test: Case) throws -> String {
        let credentials = AWSCredentials(accessKeyId: accessKey, secretAccessKey: secretKey, sessionToken: test.token)
        let configuration = AWSConfiguration(
            region: test.region,
            credentials: credentials,
            endpoint: try test.endpoint.map(AWSConfiguration.endpoint)
        )
        let request = PresignRequest(
            method: test.method,
            bucket: test.bucket,
            key: test.key,
            date: Date(timeIntervalSince1970: TimeInterval(test.time)),
            expiresIn: test.expires,
            metadata: test.metadata,
            headers: test.headers
        )
        return try S3URLPresigner(configuration: configuration).presign(request).url
    }

    @Test func everyLinkIsTheOneBotocoreMakes() throws {
        let theirs = try Self.botocoreLinks()
        try #require(
            theirs.count == Self.cases.count,
            "botocore made \(theirs.count) links for \(Self.cases.count) cases"
        )
        for (test, expected) in zip(Self.cases, theirs) {
            #expect(try Self.ourLink(test) == expected, "\(test)")
        }
    }

    @Test func aLinkCarriesTheSessionTokenAndItsExpiry() throws {
        var test = Case(token: "session/token")
        test.expires = 60
        let link = try Self.ourLink(test)
        #expect(link.contains("X-Amz-Security-Token=session%2Ftoken&X-Amz-Signature="))
        #expect(link.contains("X-Amz-Expires=60&X-Amz-SignedHeaders=host"))
        let credentials = AWSCredentials(accessKeyId: Self.accessKey, secretAccessKey: Self.secretKey)
        let presigned = try S3URLPresigner(
            configuration: AWSConfiguration(region: "us-east-1", credentials: credentials)
        )
        .presign(
            PresignRequest(
                method: "GET",
                bucket: "b-1",
                key: "k",
                date: Date(timeIntervalSince1970: 1.9),
                expiresIn: 60
            )
        )
        #expect(presigned.expiresAt == "1970-01-01T00:01:01.000Z", "whole seconds, as X-Amz-Date says")
    }

    @Test func linksThatS3CannotHonourAreRefused() throws {
        let presigner = S3URLPresigner(
            configuration: AWSConfiguration(
                region: "us-east-1",
                credentials: AWSCredentials(accessKeyId: "a", secretAccessKey: "b")
            )
        )
        let now = Date()
        for request in [
            PresignRequest(method: "DELETE", bucket: "bucket", key: "k", date: now, expiresIn: 60),
            PresignRequest(method: "GET", bucket: "bucket", key: "k", date: now, expiresIn: 0),
            PresignRequest(
                method: "GET",
                bucket: "bucket",
                key: "k",
                date: now,
                expiresIn: PresignRequest.maximumExpiry + 1
            ),
            PresignRequest(method: "GET", bucket: "Not_A_Bucket", key: "k", date: now, expiresIn: 60),
            PresignRequest(method: "GET", bucket: "bucket", key: "", date: now, expiresIn: 60),
            PresignRequest(method: "GET", bucket: "bucket", key: "nul\u{0}", date: now, expiresIn: 60),
        ] {
            #expect(throws: ObjectStoreError.self, "\(request)") { try presigner.presign(request) }
        }
    }
}
