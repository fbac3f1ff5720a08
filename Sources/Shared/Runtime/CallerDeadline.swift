import Foundation
import WireFormat

/// How a synchronous invoke carries its caller's deadline to the callee. In process, the local Lambda
/// passes it along; through Lambda's Invoke API it travels in the client context, which Lambda
/// passes to the function for synchronous invokes only: the request's `X-Amz-Client-Context`
/// (base64 of `{"custom":{"caller_deadline_ms":"<Unix ms>"}}`) reaches the runtime as the
/// `Lambda-Runtime-Client-Context` header, the same JSON decoded.
public enum CallerDeadline {
    /// The key under the client context's `custom` map.
    public static let customKey = "caller_deadline_ms"

    /// The value of `X-Amz-Client-Context` that carries `deadline`.
    public static func clientContext(_ deadline: Date) -> String {
        let milliseconds = Int64((deadline.timeIntervalSince1970 * 1000).rounded(.down))
        let document: JSONValue = ["custom": [customKey: .string(String(milliseconds))]]
        return ((try? JSON.encode(document)) ?? Data()).base64EncodedString()
    }

    /// The deadline a client context carries, if any: the header's JSON, or its base64 as the
    /// Invoke API takes it. Anything else (another caller's context, garbage) carries none.
    public static func deadline(fromClientContext header: String?) -> Date? {
        guard let header, !header.isEmpty else { return nil }
        let text = header.trimmingCharacters(in: .whitespaces)
        let data = text.hasPrefix("{") ? Data(text.utf8) : Data(base64Encoded: text)
        guard let data, case .object(let document)? = try? JSON.decode(JSONValue.self, from: data),
            case .object(let custom)? = document["custom"], let value = custom[customKey]?.stringValue,
            let milliseconds = Int64(value), milliseconds > 0
        else { return nil }
        return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// The deadline a callee works to: its own, or its caller's when that comes first.
    public static func effective(own: Date, caller: Date?) -> Date {
        guard let caller else { return own }
        return min(own, caller)
    }
}
