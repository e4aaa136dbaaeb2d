/// RFC 4180 CSV: fields with commas, quotes or line breaks are quoted, and
/// quotes doubled; lines end in CRLF.
///
/// A cell a spreadsheet would run as a formula — starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return — is neutralised with a leading
/// `'`, as OWASP recommends
/// (https://owasp.org/www-community/attacks/CSV_Injection): role names,
/// policy names, Sids and condition values are attacker-chosen text.
public struct CSVWriter: Sendable {
    public private(set) var text = ""

    public init(header: [String]) {
        append(header)
    }

    public mutating func append(_ fields: [String]) {
        text += fields.map(Self.field).joined(separator: ",") + "\r\n"
    }

    public static func field(_ value: String) -> String {
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
