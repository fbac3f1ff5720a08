// The smallest program that shows the growth: sequential POSTs through one ephemeral URLSession
// with no cache and no cookies (what URLSessionTransport does), and nothing else. It prints the
// resident memory and glibc's bytes in use every 1,000 requests. Built and run by
// scripts/urlsession-leak-repro.sh, outside the project's package.
import CMalloc
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

func residentKB() -> Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
}

let url = URL(string: CommandLine.arguments[1])!
let total = Int(CommandLine.arguments[2]) ?? 10_000
let configuration = URLSessionConfiguration.ephemeral
configuration.urlCache = nil
configuration.httpCookieStorage = nil
configuration.httpShouldSetCookies = false
configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
let session = URLSession(configuration: configuration)

var request = URLRequest(url: url)
request.httpMethod = "POST"
request.httpBody = Data(#"{"TableName":"contracts"}"#.utf8)
for index in 0...total {
    if index % 1000 == 0 {
        print("requests \(index)\trss_kb \(residentKB())\tmalloc_in_use \(cm_in_use())")
    }
    _ = try await session.data(for: request)
}
