import Cryptography
import Shared
import WireFormat

/// Version ids of versioned buckets: a zero-padded per-key sequence number and random hex,
/// e.g. `0000000003-5f1c0a9e2b7d`. Ordering by the text is ordering by age, which keeps the
/// newest version findable from file names alone and stays correct under a fixed clock.
enum VersionID {
    /// The id of the `sequence`-th version of a key.
    static func make(sequence: Int) -> String {
        Digits.padded(sequence, 10) + "-" + SecureRandom.hex(count: 6)
    }

    /// The sequence number in a well-formed id; nil for anything else, so a caller's text is
    /// never used as a file name unless it has exactly this shape.
    static func sequence(of id: String) -> Int? {
        let bytes = Array(id.utf8)
        guard bytes.count == 23, bytes[10] == UInt8(ascii: "-"),
            bytes[0..<10].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            bytes[11...].allSatisfy(\.isLowercaseHexDigit)
        else { return nil }
        return Int(String(decoding: bytes[0..<10], as: UTF8.self))
    }
}
