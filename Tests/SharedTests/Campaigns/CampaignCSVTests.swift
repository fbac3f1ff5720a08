import Foundation
import Shared
import Testing

/// A campaign's CSV as RFC 4180 reads it: a row that cannot be read gets its reason and the
/// rest go on; a file with no header or no rows is refused whole, one over the limits is 413.
@Suite("Campaign CSV reading")
struct CampaignCSVTests {
    func read(_ text: String) throws -> CampaignCSV {
        try CampaignCSV(Data(text.utf8))
    }

    @Test func aByteOrderMarkAndCRLFLineEndsAreReadAsPlainLines() throws {
        let csv = try CampaignCSV(
            Data([0xEF, 0xBB, 0xBF]) + Data("contract_id,reason\r\nCT001ABC,PRODUCT_END\r\nCT002DEF,\r\n".utf8)
        )
        #expect(csv.header == ["contract_id", "reason"])
        #expect(
            csv.rows.map(\.values) == [
                ["contract_id": "CT001ABC", "reason": "PRODUCT_END"], ["contract_id": "CT002DEF"],
            ]
        )
        #expect(csv.rows.map(\.line) == [2, 3])
        #expect(csv.rows.allSatisfy { $0.problem == nil })
    }

    @Test func aQuotedFieldHoldsCommasLineBreaksAndDoubledQuotes() throws {
        let csv = try read("contract_id,notes\nCT001ABC,\"one, \"\"two\"\"\nthree\"\nCT002DEF,x\n")
        #expect(csv.rows.first?.values["notes"] == "one, \"two\"\nthree")
        #expect(csv.rows.map(\.line) == [2, 4])
    }

    @Test func anUnreadableRowGetsItsReasonAndTheRestAreRead() throws {
        let csv = try read("contract_id,reason\nCT001ABC,A,EXTRA\nCT002\"DEF,B\nCT003GHI,\"never closed\nCT004JKL,D\n")
        #expect(
            csv.rows.map(\.problem) == [
                "the row has 3 fields; the header has 2",
                "a quote inside an unquoted field (quote the whole field and double the quote)",
                "a quoted field is never closed (an unbalanced \")",
                nil,
            ]
        )
        #expect(csv.rows.last?.values == ["contract_id": "CT004JKL", "reason": "D"])
    }

    @Test(arguments: [
        ("", "the CSV is empty"),
        ("CT001ABC,REASON\n", "must be a header naming contract_id"),
        ("contract_id,colour\nCT001ABC,red\n", "unknown column 'colour'"),
        ("contract_id,contract_id\nCT001ABC,CT001ABC\n", "names a column twice"),
        ("contract_id\n\n", "a header but no rows"),
    ])
    func aFileWithoutAUsableHeaderOrRowsIsRefusedWhole(_ text: String, _ message: String) {
        #expect {
            _ = try read(text)
        } throws: { error in
            (error as? DomainError)?.status == 422 && String(describing: error).contains(message)
        }
    }

    @Test func moreThanTenThousandRowsIsTooLarge() {
        let text = "contract_id\n" + String(repeating: "CT001ABC\n", count: CampaignLimits.maximumRows + 1)
        #expect(throws: DomainError.self) { _ = try read(text) }
        #expect(
            (try? read("contract_id\n" + String(repeating: "CT001ABC\n", count: CampaignLimits.maximumRows)))?.rows
                .count
                == CampaignLimits.maximumRows
        )
        #expect(status(of: text) == 413)
    }

    @Test func moreThanFiveMegabytesIsTooLarge() {
        let text = "contract_id,notes\nCT001ABC," + String(repeating: "x", count: CampaignLimits.maximumBytes) + "\n"
        #expect(status(of: text) == 413)
    }

    func status(of text: String) -> Int? {
        do {
            _ = try read(text)
            return nil
        } catch let error as DomainError {
            return error.status
        } catch {
            return nil
        }
    }
}
