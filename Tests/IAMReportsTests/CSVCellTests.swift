import Testing

@testable import IAMReports

/// The writer handles ASCII cells byte by byte and joins list cells as it
/// writes them; both must give exactly the text of the scalar-by-scalar
/// rules applied to the joined value.
@Suite struct CSVCellTests {
    static let alphabet = [
        "a", "Z", "7", " ", ",", "\"", "\n", "\r\n", "\r", "\t", "\u{0B}", "\u{0C}", "=", "+", "-", "@", "'", ";",
        ":", "/", "é", "\u{301}", "\u{85}", "\u{A0}", "\u{2028}", "漢", "🙂",
    ]

    static func randomText(_ random: inout SplitMix64, maxLength: Int = 8) -> String {
        (0..<Int.random(in: 0...maxLength, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            .joined()
    }

    @Test func fieldsAreTheScalarRulesOutput() {
        var random = SplitMix64(seed: 0xC5F_0001)
        for _ in 0..<5_000 {
            let value = Self.randomText(&random)
            #expect(CSVWriter.field(value) == CSVWriter.scalarField(value), "\(value.debugDescription)")
        }
        for value in ["", "'", "''", " ", "=", "-1", "a ", " a", "a\u{0B}", "x\"\u{301}", "'\u{301}x", "\r\n"] {
            #expect(CSVWriter.field(value) == CSVWriter.scalarField(value), "\(value.debugDescription)")
        }
    }

    @Test func joinedCellsAreTheJoinedValuesCell() {
        var random = SplitMix64(seed: 0xC5F_0002)
        for _ in 0..<3_000 {
            let parts = (0..<Int.random(in: 0...4, using: &random)).map { _ in Self.randomText(&random, maxLength: 4) }
            let separator = ["; ", " -> ", " ", ","].randomElement(using: &random)!
            var joined = CSVWriter(header: ["a", "b"])
            joined.appendCell("first")
            joined.appendCell(joining: parts, separator: separator)
            joined.endRow()
            var whole = CSVWriter(header: ["a", "b"])
            whole.append(["first", parts.joined(separator: separator)])
            #expect(joined.text == whole.text, "\(parts.map(\.debugDescription)) \(separator.debugDescription)")
        }
    }
}
