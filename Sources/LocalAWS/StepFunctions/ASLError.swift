import Foundation
import Shared
import WireFormat

/// A definition the executor refuses when it is loaded: the state it is about and why.
public enum ASLError: Error, Sendable, Hashable, CustomStringConvertible {
    case definition(state: String?, String)
    case path(String, String)

    public var description: String {
        switch self {
        case .definition(let state?, let why): "state \(state): \(why)"
        case .definition(nil, let why): "the state machine: \(why)"
        case .path(let path, let why): "'\(path)' is not a supported path: \(why)"
        }
    }
}

/// An error a running state raises, by its ASL Error Name (`States.TaskFailed`, a function's
/// `errorType`) with its cause, as Catchers receive it.
public struct StatesError: Error, Sendable, Hashable, CustomStringConvertible {
    public var error: String
    public var cause: String

    public init(_ error: String, _ cause: String) {
        self.error = error
        self.cause = cause
    }

    public var description: String { "\(error): \(cause)" }

    static func parameterPath(_ path: String) -> StatesError {
        StatesError("States.ParameterPathFailure", "the path \(path) selects nothing in the state's input")
    }

    /// The Error Output a Catcher's `ResultPath` places: `{"Error", "Cause"}`.
    var output: JSONValue { ["Error": .string(error), "Cause": .string(cause)] }
}
