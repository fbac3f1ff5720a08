import Foundation

/// A campaign's CSV, read as RFC 4180 says: comma-separated fields, a field in double quotes
/// may hold commas, line breaks and `""` for a quote; lines end in CRLF or LF; a UTF-8 byte
/// order mark is skipped. The first line is the header: `contract_id` is required, `reason`,
/// `effective_date` and `notes` are optional, in any order. A row that cannot be read (a quote
/// never closed, a quote inside an unquoted field, more or fewer fields than the header) gets
/// its reason, and reading goes on at the next line.
public struct CampaignCSV: Sendable {
    public struct Row: Sendable, Hashable {
        /// The line the row starts on (the header is line 1).
        public var line: Int
        public var values: [String: String]
        /// Why the row could not be read, when it could not.
        public var problem: String?
    }

    public static let columns = ["contract_id", "reason", "effective_date", "notes"]

    public let header: [String]
    public let rows: [Row]

    /// Reads the file; a file with no header, an unknown or repeated column, or no row at all is
    /// refused whole (422), and one over the limits answers 413.
    public init(_ data: Data) throws {
        guard data.count <= CampaignLimits.maximumBytes else {
            throw DomainError.tooLarge(
                "the CSV has \(data.count) bytes; a campaign takes at most \(CampaignLimits.maximumBytes) (5 MB)"
            )
        }
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(data: Data(bytes), encoding: .utf8) else {
            throw DomainError.invalid("the CSV is not UTF-8 text")
        }
        var reader = Reader(Array(text.unicodeScalars))
        guard let first = reader.nextRecord() else {
            throw DomainError.invalid("the CSV is empty: it needs a header line (contract_id,...)")
        }
        if let problem = first.problem { throw DomainError.invalid("the CSV's header line cannot be read: \(problem)") }
        header = try Self.checkHeader(first.fields)
        var rows: [Row] = []
        while let record = reader.nextRecord() {
            if record.fields == [""], record.problem == nil { continue }
            guard rows.count < CampaignLimits.maximumRows else {
                throw DomainError.tooLarge(
                    "the CSV has more than \(CampaignLimits.maximumRows) rows; split it into several campaigns"
                )
            }
            var row = Row(line: record.line, values: [:], problem: record.problem)
            if row.problem == nil, record.fields.count != header.count {
                row.problem = "the row has \(record.fields.count) fields; the header has \(header.count)"
            }
            if row.problem == nil {
                for (name, value) in zip(header, record.fields) where !value.isEmpty { row.values[name] = value }
            }
            rows.append(row)
        }
        guard !rows.isEmpty else { throw DomainError.invalid("the CSV has a header but no rows") }
        self.rows = rows
    }

    private static func checkHeader(_ fields: [String]) throws -> [String] {
        let names = fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard names.contains("contract_id") else {
            throw DomainError.invalid(
                "the CSV's first line must be a header naming contract_id (and optionally "
                    + "reason, effective_date, notes); "
                    + "found '\(fields.joined(separator: ",").prefix(80))'"
            )
        }
        if let unknown = names.first(where: { !columns.contains($0) }) {
            throw DomainError.invalid(
                "the CSV's header has the unknown column '\(unknown.prefix(40))' (known: "
                    + "\(columns.joined(separator: ", ")))"
            )
        }
        guard Set(names).count == names.count else {
            throw DomainError.invalid("the CSV's header names a column twice")
        }
        return names
    }

    /// Splits the text into records, tracking line numbers.
    struct Reader {
        let scalars: [Unicode.Scalar]
        var position = 0
        var line = 1

        init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

        struct Record {
            var line: Int
            var fields: [String]
            var problem: String?
        }

        mutating func nextRecord() -> Record? {
            guard position < scalars.count else { return nil }
            let start = (position, line)
            var fields: [String] = []
            var field = String.UnicodeScalarView()
            var problem: String?
            while position < scalars.count {
                let scalar = scalars[position]
                if scalar == "\"", field.isEmpty {
                    guard let quoted = quotedField() else {
                        // Never closed: this row is unreadable; go on after the line it started on.
                        (position, line) = start
                        skipLine()
                        return Record(
                            line: start.1,
                            fields: [],
                            problem: "a quoted field is never closed (an unbalanced \")"
                        )
                    }
                    field = quoted
                    if position < scalars.count, !["," as Unicode.Scalar, "\r", "\n"].contains(scalars[position]) {
                        problem = problem ?? "text follows a quoted field's closing quote"
                    }
                    continue
                }
                position += 1
                switch scalar {
                case ",":
                    fields.append(String(field))
                    field = String.UnicodeScalarView()
                case "\r" where position < scalars.count && scalars[position] == "\n":
                    continue
                case "\n", "\r":
                    line += 1
                    fields.append(String(field))
                    return Record(line: start.1, fields: fields, problem: problem)
                case "\"":
                    problem = problem ?? "a quote inside an unquoted field (quote the whole field and double the quote)"
                    field.append(scalar)
                default:
                    field.append(scalar)
                }
            }
            fields.append(String(field))
            return Record(line: start.1, fields: fields, problem: problem)
        }

        /// A quoted field from its opening quote; nil when it is never closed.
        private mutating func quotedField() -> String.UnicodeScalarView? {
            var value = String.UnicodeScalarView()
            var index = position + 1
            var lines = 0
            while index < scalars.count {
                let scalar = scalars[index]
                if scalar == "\"" {
                    if index + 1 < scalars.count, scalars[index + 1] == "\"" {
                        value.append("\"")
                        index += 2
                        continue
                    }
                    position = index + 1
                    line += lines
                    return value
                }
                if scalar == "\n" { lines += 1 }
                value.append(scalar)
                index += 1
            }
            return nil
        }

        private mutating func skipLine() {
            while position < scalars.count, scalars[position] != "\n" { position += 1 }
            if position < scalars.count { position += 1 }
            line += 1
        }
    }
}
