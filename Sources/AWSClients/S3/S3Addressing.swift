import Signing

/// How a request names its bucket: path-style (`/<bucket>/<key>`) at a custom endpoint, and for
/// a bucket whose name has a dot (S3's wildcard certificate does not cover its virtual host);
/// virtual-hosted (`<bucket>.s3.<region>.amazonaws.com/<key>`) on AWS otherwise.
struct S3Addressing {
    let client: AWSServiceClient

    /// The request with its path set, and the host to send it to (nil: the endpoint or S3's regional host).
    func route(_ request: AWSRequest, bucket: String, key: String?) -> (request: AWSRequest, host: String?) {
        var request = request
        let objectPath = key.map { "/" + $0 } ?? "/"
        if client.endpoint != nil || bucket.contains(".") {
            request.path = "/\(bucket)" + (key.map { "/" + $0 } ?? "")
            return (request, nil)
        }
        request.path = objectPath
        return (request, "\(bucket).\(AWSService.s3.host(region: client.configuration.region))")
    }
}
