import Foundation

/// An EventBridge schedule expression: `rate(1 hour)` or `cron(0 8 * * ? *)` (minutes, hours,
/// day of month, month, day of week, year; UTC), checked as EventBridge checks it.
public enum ScheduleExpression: Sendable, Hashable, CustomStringConvertible {
    case rate(Int, RateUnit)
    case cron(CronExpression)

    /// The units of a rate, singular (`rate(1 hour)`) or plural (`rate(2 hours)`).
    public enum RateUnit: String, Sendable, CaseIterable {
        case minute, hour, day

        var seconds: Int {
            switch self {
            case .minute: 60
            case .hour: 3600
            case .day: 86400
            }
        }
    }

    /// Parses an expression; a malformed one throws `ScheduleExpressionError` naming the problem.
    public init(_ text: String) throws {
        if text.hasPrefix("rate("), text.hasSuffix(")") {
            let words = text.dropFirst(5).dropLast().split(separator: " ")
            guard words.count == 2, let value = Int(words[0]), value > 0 else {
                throw ScheduleExpressionError("\(text): a rate is rate(<positive number> <unit>)")
            }
            let unitWord = String(words[1])
            let singular = value == 1
            guard
                let unit = RateUnit.allCases.first(where: { unitWord == (singular ? $0.rawValue : $0.rawValue + "s") })
            else {
                throw ScheduleExpressionError(
                    "\(text): the unit must be \(singular ? "minute, hour or day" : "minutes, hours or days")"
                )
            }
            self = .rate(value, unit)
        } else if text.hasPrefix("cron("), text.hasSuffix(")") {
            self = .cron(try CronExpression(String(text.dropFirst(5).dropLast())))
        } else {
            throw ScheduleExpressionError("\(text): a schedule is rate(...) or cron(...)")
        }
    }

    public var description: String {
        switch self {
        case .rate(let value, let unit): "rate(\(value) \(unit.rawValue)\(value == 1 ? "" : "s"))"
        case .cron(let cron): "cron(\(cron.text))"
        }
    }

    /// The first run strictly after `date`. A rate runs at the multiples of its period (EventBridge
    /// counts from the rule's creation; here from the epoch, so every run lands on the same times).
    public func next(after date: Date) -> Date? {
        switch self {
        case .rate(let value, let unit):
            let period = Double(value * unit.seconds)
            return Date(timeIntervalSince1970: (date.timeIntervalSince1970 / period).rounded(.down) * period + period)
        case .cron(let cron):
            return cron.next(after: date)
        }
    }
}

/// A malformed schedule expression.
public struct ScheduleExpressionError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// The six fields of an EventBridge cron expression as sets of allowed values (nil for `?`).
/// Supported: `*`, values, ranges `a-b`, lists `a,b`, steps `*/n` and `a/n`, month names
/// `JAN`-`DEC` and day names `SUN`-`SAT` (1 = Sunday); not `L`, `W` or `#`.
public struct CronExpression: Sendable, Hashable {
    /// The six fields as written.
    public let text: String
    let minutes: Set<Int>
    let hours: Set<Int>
    let daysOfMonth: Set<Int>?
    let months: Set<Int>
    let daysOfWeek: Set<Int>?
    let years: Set<Int>

    init(_ text: String) throws {
        self.text = text
        let fields = text.split(separator: " ").map(String.init)
        guard fields.count == 6 else {
            throw ScheduleExpressionError(
                "cron(\(text)): six fields are needed: minutes hours day-of-month month day-of-week year"
            )
        }
        minutes = try Self.values(fields[0], 0...59, name: "minutes")
        hours = try Self.values(fields[1], 0...23, name: "hours")
        months = try Self.values(
            fields[3],
            1...12,
            name: "month",
            names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
        )
        years = try Self.values(fields[5], 1970...2199, name: "year")
        switch (fields[2] == "?", fields[4] == "?") {
        case (true, false):
            daysOfMonth = nil
            daysOfWeek = try Self.values(
                fields[4],
                1...7,
                name: "day-of-week",
                names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
            )
        case (false, true):
            daysOfMonth = try Self.values(fields[2], 1...31, name: "day-of-month")
            daysOfWeek = nil
        default:
            throw ScheduleExpressionError("cron(\(text)): exactly one of day-of-month and day-of-week must be ?")
        }
    }

    private static func values(
        _ field: String,
        _ range: ClosedRange<Int>,
        name: String,
        names: [String] = []
    ) throws -> Set<Int> {
        func number(_ word: Substring) throws -> Int {
            if let index = names.firstIndex(of: word.uppercased()) { return range.lowerBound + index }
            guard let value = Int(word), range.contains(value) else {
                throw ScheduleExpressionError(
                    "cron \(name) field '\(field)': '\(word)' is not in \(range.lowerBound)-\(range.upperBound)"
                )
            }
            return value
        }
        var result = Set<Int>()
        for part in field.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            guard (1...2).contains(pieces.count) else {
                throw ScheduleExpressionError("cron \(name) field '\(field)' is malformed")
            }
            var step = 1
            if pieces.count == 2 {
                guard let value = Int(pieces[1]), value > 0 else {
                    throw ScheduleExpressionError("cron \(name) field '\(field)': bad step")
                }
                step = value
            }
            let bounds: ClosedRange<Int>
            if pieces[0] == "*" {
                bounds = range
            } else if let dash = pieces[0].firstIndex(of: "-") {
                let low = try number(pieces[0][..<dash])
                let high = try number(pieces[0][pieces[0].index(after: dash)...])
                guard low <= high else {
                    throw ScheduleExpressionError("cron \(name) field '\(field)': \(low)-\(high) is empty")
                }
                bounds = low...high
            } else {
                let value = try number(pieces[0])
                bounds = value...(pieces.count == 2 ? range.upperBound : value)
            }
            result.formUnion(stride(from: bounds.lowerBound, through: bounds.upperBound, by: step))
        }
        return result
    }

    /// The first matching minute strictly after `date`, within five years.
    func next(after date: Date) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 60).rounded(.down) * 60 + 60)
        let startDay = calendar.startOfDay(for: start)
        let sortedHours = hours.sorted()
        let sortedMinutes = minutes.sorted()
        for offset in 0..<(5 * 366) {
            guard let day = calendar.date(byAdding: .day, value: offset, to: startDay) else { return nil }
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: day)
            guard years.contains(parts.year!), months.contains(parts.month!),
                daysOfMonth?.contains(parts.day!) ?? true, daysOfWeek?.contains(parts.weekday!) ?? true
            else { continue }
            for hour in sortedHours {
                for minute in sortedMinutes {
                    let candidate = day.addingTimeInterval(Double(hour * 3600 + minute * 60))
                    if candidate >= start { return candidate }
                }
            }
        }
        return nil
    }
}
