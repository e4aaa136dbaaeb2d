/// RFC 4180 CSV: fields with commas, quotes or line breaks are quoted, and
/// quotes doubled; lines end in CRLF.
///
/// A cell a spreadsheet would run as a formula — starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return — is neutralised with a leading
/// `'`, as OWASP recommends
/// (https://owasp.org/www-community/attacks/CSV_Injection): role names,
/// policy names, Sids and condition values are attacker-chosen text.
///
/// Rows are written as UTF-8 bytes, and a cell made of parts (a path, a list
/// of grants) is written part by part: a `who-can-reach` answer can have
/// tens of thousands of rows, and building each cell's `String` cost more
/// than finding the answer.
public struct CSVWriter: Sendable {
    private var bytes: [UInt8] = []
    private var cellsInRow = 0

    /// The CSV text so far.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    public init(header: [String]) {
        append(header)
    }

    private init() {}

    public mutating func append(_ fields: [String]) {
        for field in fields { appendCell(field) }
        endRow()
    }

    public static func field(_ value: String) -> String {
        var writer = CSVWriter()
        writer.appendCell(value)
        return writer.text
    }

    // MARK: - Cell by cell

    /// Appends one cell to the current row.
    mutating func appendCell(_ value: String) {
        appendCell(joining: CollectionOfOne(value), separator: "")
    }

    /// Appends one cell whose text is `parts` joined by `separator`, as
    /// `parts.joined(separator:)` would give it. `parts` is read twice.
    mutating func appendCell<Parts: Collection<String>>(joining parts: Parts, separator: String) {
        if cellsInRow > 0 { bytes.append(UInt8(ascii: ",")) }
        cellsInRow += 1
        var survey = Survey()
        Self.forEachPiece(of: parts, separator: separator) { survey.add($0) }
        // Anything but ASCII goes the slow way, scalar by scalar.
        guard survey.flags & Survey.nonASCII == 0 else {
            bytes.append(contentsOf: Self.scalarField(parts.joined(separator: separator)).utf8)
            return
        }
        // The characters that matter are all ASCII, and in ASCII text
        // bytes, scalars and `Character`s (for `hasPrefix`) coincide: the
        // cell is the one ``scalarField(_:)`` would write.
        guard survey.needsQuotes else {
            Self.forEachPiece(of: parts, separator: separator) { bytes.append(contentsOf: $0) }
            return
        }
        bytes.append(UInt8(ascii: "\""))
        if survey.startsFormula { bytes.append(UInt8(ascii: "'")) }
        Self.forEachPiece(of: parts, separator: separator) { piece in
            guard survey.quotes > 0 else {
                bytes.append(contentsOf: piece)
                return
            }
            var start = 0
            for index in piece.indices where piece[index] == UInt8(ascii: "\"") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: piece[start...index]))
                bytes.append(UInt8(ascii: "\""))
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: piece[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Ends the current row.
    mutating func endRow() {
        bytes.append(UInt8(ascii: "\r"))
        bytes.append(UInt8(ascii: "\n"))
        cellsInRow = 0
    }

    /// Calls `body` with the UTF-8 of each part and separator in turn.
    private static func forEachPiece<Parts: Collection<String>>(
        of parts: Parts,
        separator: String,
        _ body: (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        var separator = separator
        for (index, part) in parts.enumerated() {
            if index > 0 { separator.withUTF8(body) }
            var part = part
            part.withUTF8(body)
        }
    }

    /// What decides how a cell is written, gathered over its bytes.
    private struct Survey {
        static let nonASCII: UInt8 = 4
        /// Per byte: 0 for plain ASCII, 1 for a comma or line break (quote
        /// the cell), 2 for a quote (quote the cell and double it), 4 beyond ASCII.
        static let byteClass: [UInt8] = (0...255).map { (byte: Int) -> UInt8 in
            switch byte {
            case 0x80...: nonASCII
            case Int(UInt8(ascii: ",")), Int(UInt8(ascii: "\n")), Int(UInt8(ascii: "\r")): 1
            case Int(UInt8(ascii: "\"")): 2
            default: 0
            }
        }

        var first: UInt8?
        var last: UInt8?
        /// The byte classes, or-ed together.
        var flags: UInt8 = 0
        var quotes = 0

        mutating func add(_ utf8: UnsafeBufferPointer<UInt8>) {
            guard let head = utf8.first, let tail = utf8.last else { return }
            if first == nil { first = head }
            last = tail
            Self.byteClass.withUnsafeBufferPointer { classes in
                // Branch-free: or the flags together and count the quotes.
                for byte in utf8 {
                    let flag = classes[Int(byte)]
                    flags |= flag
                    quotes &+= Int(flag >> 1)
                }
            }
        }

        var startsFormula: Bool {
            guard let first else { return false }
            return first == UInt8(ascii: "=") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
                || first == UInt8(ascii: "@") || first == UInt8(ascii: "\t") || first == UInt8(ascii: "\r")
        }

        var needsQuotes: Bool {
            guard let first, let last else { return false }
            return flags != 0 || startsFormula || first == UInt8(ascii: "'") || Self.isWhitespace(first)
                || Self.isWhitespace(last)
        }

        /// Unicode's White_Space among ASCII: tab, line feed, vertical tab, form feed, carriage return, space.
        private static func isWhitespace(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: " ") || (0x09...0x0D).contains(byte)
        }
    }

    /// The cell for any text, scalar by scalar.
    static func scalarField(_ value: String) -> String {
        var cell = value
        if let first = cell.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            cell = "'" + cell
        }
        // Robustness: look at Unicode scalars, not Characters. "\r\n" is one
        // Character (equal to neither "\r" nor "\n"), and a quote followed by
        // a combining mark is one Character too; compared as Characters, the
        // first went unquoted and the second undoubled, so a value could end
        // its field early and start new cells in a spreadsheet. Leading or
        // trailing spaces are quoted too, since lenient readers trim them.
        let needsQuotes =
            cell.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" } || cell.hasPrefix("'")
            || cell.unicodeScalars.first.map(\.properties.isWhitespace) == true
            || cell.unicodeScalars.last.map(\.properties.isWhitespace) == true
        guard needsQuotes else { return cell }
        var quoted = "\""
        for scalar in cell.unicodeScalars {
            if scalar == "\"" { quoted.unicodeScalars.append("\"") }
            quoted.unicodeScalars.append(scalar)
        }
        return quoted + "\""
    }
}
